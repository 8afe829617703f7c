"""The import rules of the package, checked on the source (every import, lazy ones included).

* The doors (``cli``, ``api``, ``web``, ``server``, ``__main__``) and the ``lab`` stand on the
  product; no product package imports them.
* Only the command line imports the lab.
* The API and the web pages use the domain through its public names only.
* Product packages import only the layers below them (:data:`LAYERS`).
* Only the doors and the lab read the settings (``get_settings`` or ``Settings()``, which read
  the environment); everything below takes the values it needs as parameters.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "smartcustoms"

DOORS = frozenset({"cli", "api", "web", "server", "__main__"})
LAB = "lab"
SHARED = frozenset({"config", "errors", "__init__"})
"""Importable by every part: the settings type, the error types, the package itself."""

LAYERS: dict[str, frozenset[str]] = {
    "reference": frozenset(),
    "declarations": frozenset({"reference"}),
    "rules": frozenset({"reference", "declarations"}),
    "models": frozenset({"reference", "declarations"}),
    "risk": frozenset({"rules", "models", "declarations", "reference"}),
    "documents": frozenset({"reference", "declarations", "models"}),
    "images": frozenset({"reference", "declarations", "models"}),
    "clearance": frozenset(
        {"risk", "documents", "images", "declarations", "reference", "rules", "models"}
    ),
    "logistics": frozenset({"clearance"}),
    "monitor": frozenset({"clearance", "logistics"}),
    "scale": frozenset({"risk"}),
}
"""Each product package and the packages it is built on; it may import those and, through
them, everything they may import (``logistics`` stands on ``clearance`` and so on all below)."""


def _below(package: str) -> frozenset[str]:
    seen: set[str] = set()
    pending = list(LAYERS[package])
    while pending:
        lower = pending.pop()
        if lower not in seen:
            seen.add(lower)
            pending.extend(LAYERS[lower])
    return frozenset(seen)


ALLOWED = {package: _below(package) | SHARED | {package} for package in LAYERS}


@dataclass(frozen=True)
class Import:
    """One imported module (and name, for ``from m import name``) at a line of a file."""

    where: str
    part: str
    """The importing part: top-level package or module under smartcustoms (``risk``, ``server``)."""
    module: str
    """The absolute module imported (or the one a name is imported from)."""
    name: str | None = None

    @property
    def target(self) -> str:
        """The imported part: ``risk`` for ``smartcustoms.risk.outcome``."""
        parts = self.module.split(".")
        if len(parts) == 1:  # from smartcustoms import x
            return self.name if self.name and _is_part(self.name) else "__init__"
        return parts[1] if _is_part(parts[1]) else "__init__"


def _is_part(name: str) -> bool:
    return (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file()


def part_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _absolute(path: Path, node: ast.ImportFrom) -> str:
    """The absolute module of ``from <module> import ...``, relative forms resolved."""
    if not node.level:
        return node.module or ""
    package = list(path.relative_to(SRC).parts[:-1])  # a module's or an __init__'s package
    package = package[: len(package) - (node.level - 1)]
    return ".".join(package + ([node.module] if node.module else []))


def imports_of(path: Path, source: str) -> list[Import]:
    """Every import of our own package in ``source`` (the text of ``path``)."""
    part = part_of(path)
    found = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        where = f"{path.relative_to(SRC.parent)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            found += [Import(where, part, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(path, node)
            found += [Import(where, part, module, alias.name) for alias in node.names]
    return [i for i in found if i.module == "smartcustoms" or i.module.startswith("smartcustoms.")]


def _sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted(PACKAGE.rglob("*.py"))}


SOURCES = _sources()
IMPORTS = [i for path, source in SOURCES.items() for i in imports_of(path, source)]


def upward_imports(imports: list[Import]) -> list[str]:
    """Imports of a product package that reach above it (or beside it) in :data:`LAYERS`."""
    return [
        f"{i.where}: {i.part} imports {i.module} ({i.target} is not below {i.part})"
        for i in imports
        if i.part in LAYERS and i.target not in ALLOWED[i.part]
    ]


def door_imports(imports: list[Import]) -> list[str]:
    return [
        f"{i.where}: product package {i.part} imports {i.module}"
        for i in imports
        if i.part not in DOORS | {LAB} and i.target in DOORS | {LAB}
    ]


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_imports(imports: list[Import]) -> list[str]:
    """Imports by the API or the web pages of a domain module's private module or name."""
    return [
        f"{i.where}: {i.part} imports {i.module}{'.' + i.name if i.name else ''}"
        for i in imports
        if i.part in ("api", "web")
        and i.target not in DOORS | {LAB}
        and (
            any(_private(p) for p in i.module.split("."))
            or (i.name is not None and _private(i.name))
        )
    ]


def settings_reads(path: Path, source: str) -> list[str]:
    """Calls (and imports) of ``get_settings`` and constructions of ``Settings`` in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        where = f"{path.relative_to(SRC.parent)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom) and any(a.name == "get_settings" for a in node.names):
            found.append(f"{where}: imports get_settings")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in ("get_settings", "Settings"):
                found.append(f"{where}: calls {name}()")
    return found


def test_the_source_is_there_and_every_part_is_placed():
    assert len(SOURCES) > 100 and len(IMPORTS) > 500
    parts = {part_of(path) for path in SOURCES}
    unplaced = parts - DOORS - {LAB} - SHARED - set(LAYERS)
    assert not unplaced, f"put these in LAYERS (or DOORS): {sorted(unplaced)}"


def test_product_packages_do_not_import_the_doors_or_the_lab():
    assert door_imports(IMPORTS) == []


def test_only_the_command_line_imports_the_lab():
    outside = [
        f"{i.where}: {i.part} imports {i.module}"
        for i in IMPORTS
        if i.target == LAB and i.part not in ("cli", LAB)
    ]
    assert outside == []


def test_api_and_web_use_only_public_names_of_the_domain():
    assert private_imports(IMPORTS) == []


def test_product_packages_import_only_the_layers_below():
    assert upward_imports(IMPORTS) == []


def test_only_doors_and_lab_read_the_settings():
    reads = [
        read
        for path, source in SOURCES.items()
        if part_of(path) not in DOORS | {LAB, "config"}
        for read in settings_reads(path, source)
    ]
    assert reads == []


@pytest.mark.parametrize(
    ("relative", "source", "check"),
    [
        ("declarations/new.py", "from smartcustoms.risk.outcome import ScreeningOutcome", "up"),
        ("rules/new.py", "def f():\n    import smartcustoms.clearance.service\n", "up"),
        ("documents/new.py", "from smartcustoms import rules", "up"),
        ("risk/new.py", "from ..clearance import service", "up"),
        ("monitor/new.py", "from smartcustoms.lab.replay import Replay", "door"),
        ("clearance/new.py", "from smartcustoms.api.deps import SessionDep", "door"),
        ("web/new.py", "from smartcustoms.clearance.service import _lodge", "private"),
        ("api/new.py", "from smartcustoms.documents._layout import rows", "private"),
    ],
)
def test_the_checks_catch_a_broken_rule(relative, source, check):
    path = PACKAGE / relative
    found = imports_of(path, source)
    checks = {"up": upward_imports, "door": door_imports, "private": private_imports}
    assert checks[check](found), f"{relative}: {source!r} was not caught"


def test_the_checks_catch_settings_read_below_the_doors():
    source = "from smartcustoms.config import get_settings\nlimit = get_settings().batch_size\n"
    assert len(settings_reads(PACKAGE / "declarations" / "new.py", source)) == 2
