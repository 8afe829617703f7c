"""Loads rule packs: YAML to checked rules and reference lists, every problem as ``file:line``.

Loading is the gate: a pack that loads compiles and runs. All problems found are reported
together (an analyst fixes a file in one pass), each pointing at the line that holds it.
"""

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from smartcustoms.errors import ReadError, SmartCustomsError
from smartcustoms.rules.references import Reference, ReferenceFileError, load_reference
from smartcustoms.rules.schema import PackHeader, Rule
from smartcustoms.rules.yaml_source import Location, YamlSource, read_yaml

_RULES = TypeAdapter(list[Rule])


class PackError(SmartCustomsError):
    """A pack failed to load; ``problems`` holds every error, each with file and line."""

    def __init__(self, problems: list[ReadError]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True, eq=False, slots=True)
class RulePack:
    """A loaded pack: header, rules in file order, and its reference lists."""

    name: str
    version: str
    title: str
    description: str
    example: bool
    path: Path
    rules: tuple[Rule, ...]
    references: dict[str, Reference] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """``name@version``, as recorded beside every hit."""
        return f"{self.name}@{self.version}"


def _message(error: dict[str, Any]) -> str:
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        return f"unknown field {error['loc'][-1]!r}"
    if error["type"] == "missing":
        return f"missing field {error['loc'][-1]!r}"
    return message.removeprefix("Value error, ")


def _problems(source: YamlSource, exc: ValidationError, prefix: Location = ()) -> list[ReadError]:
    return [source.problem((*prefix, *e["loc"]), _message(e)) for e in exc.errors()]


def _references(source: YamlSource, header: PackHeader) -> tuple[dict[str, Reference], list]:
    loaded, problems = {}, []
    for name, spec in header.references.items():
        try:
            loaded[name] = load_reference(
                name, source.path.parent / spec.file, tuple(spec.key), spec.value
            )
        except ReferenceFileError as exc:
            problems.append(source.problem(("references", name, "file"), str(exc)))
    return loaded, problems


def _overlaps(source: YamlSource, rules: list[Rule]) -> list[ReadError]:
    problems = []
    for index, rule in enumerate(rules):
        for earlier_index, earlier in enumerate(rules[:index]):
            if earlier.id == rule.id and earlier.in_force_overlaps(rule):
                line = source.line_of(("rules", earlier_index))
                problems.append(
                    source.problem(
                        ("rules", index, "effective_from"),
                        f"rule {rule.id!r} is in force on the same days as its version at "
                        f"line {line}; end one with effective_to before the other starts",
                    )
                )
    return problems


def load_pack(path: Path) -> RulePack:
    """Reads, checks and returns the pack at ``path``; raises PackError listing every problem."""
    try:
        source = read_yaml(path)
    except ReadError as exc:
        raise PackError([exc]) from exc
    if not isinstance(source.data, dict):
        raise PackError([source.problem((), "a pack file is a mapping with pack, version, rules")])
    try:
        header = PackHeader.model_validate(source.data)
    except ValidationError as exc:
        raise PackError(_problems(source, exc)) from exc
    references, problems = _references(source, header)
    rules: list[Rule] = []
    try:
        rules = _RULES.validate_python(header.rules, context={"references": references})
    except ValidationError as exc:
        problems += _problems(source, exc, ("rules",))
    problems += _overlaps(source, rules)
    if problems:
        raise PackError(sorted(problems, key=lambda p: int(p.position or 0)))
    return RulePack(
        name=header.pack,
        version=header.version,
        title=header.title,
        description=header.description,
        example=header.example,
        path=path,
        rules=tuple(rules),
        references=references,
    )


def shipped_pack_paths() -> dict[str, Path]:
    """Example packs shipped with the package, by pack file name (without ``.yaml``)."""
    folder = Path(str(resources.files("smartcustoms.rules") / "packs"))
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


@cache
def _shipped(path: Path) -> RulePack:
    return load_pack(path)


def resolve_pack(name_or_path: str) -> RulePack:
    """A shipped pack by name, or a pack file by path; shipped packs are loaded once."""
    shipped = shipped_pack_paths()
    if name_or_path in shipped:
        return _shipped(shipped[name_or_path])
    path = Path(name_or_path)
    if not path.exists():
        known = ", ".join(shipped) or "none"
        raise PackError(
            [ReadError(name_or_path, "", f"no such pack file or shipped pack (shipped: {known})")]
        )
    return load_pack(path)


def shipped_packs() -> list[RulePack]:
    """Every shipped example pack, loaded."""
    return [_shipped(path) for path in shipped_pack_paths().values()]
