"""Image intake: content-sniffed, size-limited decoding of scans and photos, with their SHA-256."""

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from smartcustoms.errors import SmartCustomsError

MAX_IMAGE_BYTES = 64 * 1024 * 1024
"""Largest file accepted; a 16-bit 4,000 x 8,000 scan is well under this."""

MAX_IMAGE_PIXELS = 40_000_000
"""Largest width x height decoded; checked from the header before any pixel is decompressed, so a
small file that claims gigapixels (a decompression bomb) costs nothing."""

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_BIT_DEPTHS = {"L": 8, "LA": 8, "P": 8, "RGB": 8, "RGBA": 8, "CMYK": 8, "YCbCr": 8}
_SIXTEEN_BIT = ("I;16", "I;16L", "I;16B", "I;16N")


class ImageRejectedError(SmartCustomsError):
    """An image cannot be analysed: not an image, an unsupported kind, too large, or damaged."""


@dataclass(frozen=True)
class IntakeImage:
    """A decoded, validated image: pixels scaled to [0, 1], plus what it was and its hash."""

    pixels: np.ndarray
    """float32, (height, width) for greyscale or (height, width, 3) for colour."""
    format: str
    bit_depth: int
    sha256: str

    @property
    def greyscale(self) -> np.ndarray:
        """The image as one channel (luma for colour photos), as scans are analysed."""
        if self.pixels.ndim == 2:
            return self.pixels
        return (self.pixels @ np.array([0.299, 0.587, 0.114], dtype=np.float32)).astype(np.float32)

    @property
    def rgb(self) -> np.ndarray:
        """The image as three channels, as specimen photos are analysed."""
        if self.pixels.ndim == 3:
            return self.pixels
        return np.repeat(self.pixels[:, :, None], 3, axis=2)


def sniff_format(content: bytes) -> str | None:
    """PNG, JPEG or TIFF from the first bytes; file names and declared types are not trusted."""
    for signature, name in _SIGNATURES:
        if content.startswith(signature):
            return name
    return None


def read_image(
    content: bytes,
    *,
    name: str = "image",
    max_bytes: int = MAX_IMAGE_BYTES,
    max_pixels: int = MAX_IMAGE_PIXELS,
) -> IntakeImage:
    """Decodes ``content`` or raises :class:`ImageRejectedError` with a message naming ``name``."""
    if not content:
        raise ImageRejectedError(f"{name}: the file is empty")
    if len(content) > max_bytes:
        raise ImageRejectedError(f"{name}: {len(content):,} bytes is over the {max_bytes:,} limit")
    kind = sniff_format(content)
    if kind is None:
        raise ImageRejectedError(
            f"{name}: not a PNG, JPEG or TIFF image (content starts with {content[:8]!r})"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content), formats=[kind])
            width, height = image.size
            if width < 1 or height < 1 or width * height > max_pixels:
                raise ImageRejectedError(
                    f"{name}: {width:,} x {height:,} pixels is over the limit of "
                    f"{max_pixels:,} pixels; send a smaller image"
                )
            image.load()
            pixels, depth = _pixels(image, name)
    except ImageRejectedError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejectedError(f"{name}: too many pixels to decode safely ({exc})") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageRejectedError(
            f"{name}: the {kind} image is corrupt or truncated and cannot be decoded ({exc})"
        ) from exc
    return IntakeImage(pixels, kind, depth, hashlib.sha256(content).hexdigest())


def _pixels(image: Image.Image, name: str) -> tuple[np.ndarray, int]:
    """Pixels in [0, 1]; 8- and 16-bit greyscale and 8-bit colour only."""
    mode = image.mode
    if mode in _SIXTEEN_BIT:
        return np.asarray(image, dtype=np.float32) / 65535.0, 16
    if mode == "I":  # Pillow opens 16-bit PNGs as 32-bit integers
        values = np.asarray(image)
        if values.min() < 0 or values.max() > 65535:
            raise ImageRejectedError(f"{name}: 32-bit integer pixels; send 8- or 16-bit images")
        return values.astype(np.float32) / 65535.0, 16
    if mode not in _BIT_DEPTHS:
        raise ImageRejectedError(
            f"{name}: pixel mode {mode!r} ({_describe(mode)}) is not supported; "
            "send 8- or 16-bit greyscale or 8-bit colour"
        )
    if mode == "L":
        return np.asarray(image, dtype=np.float32) / 255.0, 8
    return np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0, 8


def _describe(mode: str) -> str:
    return {"1": "1-bit black and white", "F": "32-bit floating point"}.get(mode, "other depth")


def read_image_file(path: Path, **limits: int) -> IntakeImage:
    """Reads and decodes a file, checking its size before reading it whole."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImageRejectedError(f"{path}: cannot read the file ({exc.strerror})") from exc
    limit = limits.get("max_bytes", MAX_IMAGE_BYTES)
    if size > limit:
        raise ImageRejectedError(f"{path}: {size:,} bytes is over the {limit:,} limit")
    return read_image(path.read_bytes(), name=str(path), **limits)


def store_image(content: bytes, folder: Path, sha256: str, suffix: str) -> Path:
    """Keeps the bytes under their hash (content-addressed, so a resent scan is stored once)."""
    path = folder / sha256[:2] / f"{sha256}{suffix}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return path
