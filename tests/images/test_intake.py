import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from smartcustoms.images.intake import ImageRejectedError, read_image, read_image_file, store_image


def encode(array: np.ndarray, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array).save(out, format=fmt, **options)
    return out.getvalue()


def test_sixteen_bit_png_and_tiff_keep_their_depth():
    ramp = np.linspace(0, 65535, 64 * 32).reshape(32, 64).astype(np.uint16)
    for fmt in ("PNG", "TIFF"):
        image = read_image(encode(ramp, fmt))
        assert (image.format, image.bit_depth) == (fmt, 16)
        assert image.pixels.shape == (32, 64)
        assert image.pixels.max() == pytest.approx(1.0)
        assert image.pixels[0, 1] == pytest.approx(ramp[0, 1] / 65535)


def test_colour_jpeg_is_read_and_hashed():
    photo = np.random.default_rng(0).integers(0, 255, (20, 30, 3), dtype=np.uint8)
    content = encode(photo, "JPEG")
    image = read_image(content)
    assert image.format == "JPEG" and image.pixels.shape == (20, 30, 3)
    assert image.greyscale.shape == (20, 30)
    assert image.sha256 == read_image(content).sha256 != read_image(encode(photo, "PNG")).sha256


def test_non_image_bytes_with_an_image_name_are_rejected(tmp_path):
    fake = tmp_path / "scan.png"
    fake.write_bytes(b"%PDF-1.7 not really a scan")
    with pytest.raises(ImageRejectedError, match="not a PNG, JPEG or TIFF"):
        read_image_file(fake)
    with pytest.raises(ImageRejectedError, match="empty"):
        read_image(b"")


def test_truncated_and_corrupt_images_are_rejected():
    content = encode(np.random.default_rng(1).integers(0, 255, (64, 64), dtype=np.uint8), "PNG")
    with pytest.raises(ImageRejectedError, match="corrupt or truncated"):
        read_image(content[: len(content) // 2])
    with pytest.raises(ImageRejectedError, match="corrupt or truncated"):
        read_image(content[:16] + bytes(200))
    jpeg = encode(np.zeros((64, 64, 3), np.uint8), "JPEG")
    with pytest.raises(ImageRejectedError, match="corrupt or truncated"):
        read_image(jpeg[:40])


def test_wrong_bit_depth_is_rejected():
    bilevel = Image.new("1", (32, 32))
    out = io.BytesIO()
    bilevel.save(out, format="PNG")
    with pytest.raises(ImageRejectedError, match="1-bit"):
        read_image(out.getvalue())
    floats = np.ones((16, 16), np.float32)
    with pytest.raises(ImageRejectedError, match="32-bit floating point"):
        read_image(encode(floats, "TIFF"))


def _with_size(png: bytes, width: int, height: int) -> bytes:
    """The same PNG with its header claiming other dimensions (and a valid checksum)."""
    header = png[16:29]
    header = struct.pack(">II", width, height) + header[8:]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return png[:16] + header + crc + png[33:]


def test_decompression_bomb_is_refused_before_decoding():
    png = encode(np.zeros((8, 8), np.uint8), "PNG")
    bomb = _with_size(png, 200_000, 200_000)
    with pytest.raises(ImageRejectedError, match="too many pixels"):
        read_image(bomb)
    with pytest.raises(ImageRejectedError, match="pixels is over the limit"):
        read_image(_with_size(png, 7_000, 7_000))
    with pytest.raises(ImageRejectedError, match="pixels is over the limit"):
        read_image(png, max_pixels=50)
    with pytest.raises(ImageRejectedError, match="bytes is over"):
        read_image(png, max_bytes=10)


def test_store_keeps_one_copy_per_content(tmp_path):
    content = encode(np.zeros((4, 4), np.uint8), "PNG")
    digest = read_image(content).sha256
    first = store_image(content, tmp_path, digest, ".png")
    assert store_image(content, tmp_path, digest, ".png") == first
    assert first.read_bytes() == content and first.name.startswith(digest)
