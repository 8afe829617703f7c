"""Entry points for the CLI and the API: where the image models live, and checking or
identifying images given as bytes. Models are trained by ``smartcustoms images train`` (the
demo runs it), never on first use."""

from pathlib import Path

from smartcustoms.declarations.schema import Declaration
from smartcustoms.images.consistency import ScanCheck, check_scan, marked_png
from smartcustoms.images.gallery import Gallery, Identification
from smartcustoms.images.intake import read_image, store_image
from smartcustoms.images.scan_models import ScanModels
from smartcustoms.models.registry import ModelRegistry


def scan_models(home: Path) -> ScanModels:
    """The scan models of the registry under ``home``."""
    return ModelRegistry.for_home(home).load(ScanModels)


def gallery(home: Path) -> Gallery:
    """The organism gallery of the registry under ``home``."""
    return ModelRegistry.for_home(home).load(Gallery)


def check(
    *, content: bytes, name: str, declaration: Declaration, home: Path, keep: bool
) -> tuple[ScanCheck, str, bytes]:
    """Checks one scan file: the outcome, the file's SHA-256 and the marked PNG. The image is
    validated before any model is loaded; with ``keep`` the scan and its marked copy are stored
    under their hash."""
    image = read_image(content, name=name)
    outcome = check_scan(image.greyscale, declaration, scan_models(home))
    marked = marked_png(image.greyscale, outcome)
    if keep:
        store = marked_store(home)
        store_image(content, store, image.sha256, f".{image.format.lower()}")
        store_image(marked, store, image.sha256, ".marked.png")
    return outcome, image.sha256, marked


def identify(*, photos: list[tuple[str, bytes]], home: Path, top: int = 5) -> Identification:
    """Identifies one specimen from its photos (macro and/or micro view, any order)."""
    views = [read_image(content, name=name).rgb for name, content in photos]
    return gallery(home).identify(views, top=top)


def marked_store(home: Path) -> Path:
    """Where checked scans and their marked copies are kept, by SHA-256."""
    return home / "images" / "store"
