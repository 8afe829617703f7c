"""What paper, scanners and phone cameras do to a clean page: the variants of the test documents.

- ``clean``: the rendered page as a PNG.
- ``scanned``: grey, slightly rotated, blurred, speckled and JPEG-compressed.
- ``photographed``: uneven light and a colour cast, a mild perspective, blur, noise and JPEG.
"""

import io

import numpy as np
from PIL import Image, ImageFilter

VARIANTS: tuple[str, ...] = ("clean", "scanned", "photographed")


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def _noise(image: Image.Image, rng: np.random.Generator, sigma: float) -> Image.Image:
    pixels = np.asarray(image, dtype=np.float32)
    noisy = pixels + rng.normal(0.0, sigma, pixels.shape)
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), mode=image.mode)


def scanned(page: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A flatbed scan: up to 2 degrees of rotation, blur, speckle, JPEG at quality 40-75."""
    grey = page.convert("L")
    turned = grey.rotate(
        float(rng.uniform(-2.0, 2.0)),
        resample=Image.Resampling.BICUBIC,
        expand=True,
        fillcolor=int(rng.integers(225, 255)),
    )
    blurred = turned.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.4, 1.1))))
    speckled = _noise(blurred, rng, float(rng.uniform(6, 18)))
    return _jpeg(speckled, int(rng.integers(40, 75)))


def _perspective_coefficients(
    source: list[tuple[float, float]], target: list[tuple[float, float]]
) -> list[float]:
    """Coefficients for Image.transform(PERSPECTIVE) mapping target corners to source corners."""
    matrix = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        matrix.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        matrix.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    rhs = np.array(source, dtype=np.float64).reshape(8)
    return list(np.linalg.solve(np.array(matrix, dtype=np.float64), rhs))


def photographed(page: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A phone photo on a desk: the page off-square in a darker frame, light falling off across
    it, the soft shadow of the phone over one side, a warm cast, blur and noise."""
    width, height = page.size
    border = int(0.04 * width)
    canvas_size = (width + 2 * border, height + 2 * border)
    jitter = 0.04 * width
    corners = [(0, 0), (width, 0), (width, height), (0, height)]
    moved = [
        (
            x + border + float(rng.uniform(-jitter, jitter)),
            y + border + float(rng.uniform(-jitter, jitter)),
        )
        for x, y in corners
    ]
    desk = tuple(int(c) for c in rng.integers(60, 120, 3))
    warped = page.convert("RGB").transform(
        canvas_size,
        Image.Transform.PERSPECTIVE,
        _perspective_coefficients(corners, moved),
        resample=Image.Resampling.BICUBIC,
        fillcolor=desk,
    )
    ys, xs = np.mgrid[0 : canvas_size[1], 0 : canvas_size[0]].astype(np.float32)
    light_x, light_y = rng.uniform(0, canvas_size[0]), rng.uniform(0, canvas_size[1])
    distance = np.hypot(xs - light_x, ys - light_y) / np.hypot(*canvas_size)
    falloff = 1.0 - float(rng.uniform(0.35, 0.6)) * distance
    edge = float(rng.uniform(0.15, 0.45)) * canvas_size[0]
    shadow = 1.0 - float(rng.uniform(0.2, 0.4)) / (1.0 + np.exp((xs - edge) / 40.0))
    falloff = falloff * (shadow if rng.random() < 0.5 else shadow[:, ::-1])
    cast = np.array([1.0, float(rng.uniform(0.93, 0.98)), float(rng.uniform(0.82, 0.92))])
    lit = np.asarray(warped, dtype=np.float32) * falloff[..., None] * cast
    image = Image.fromarray(np.clip(lit, 0, 255).astype(np.uint8))
    image = image.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.6, 1.4))))
    return _jpeg(_noise(image, rng, float(rng.uniform(4, 10))), int(rng.integers(60, 85)))


def degrade(page: Image.Image, variant: str, rng: np.random.Generator) -> Image.Image:
    """The page as the named variant would capture it."""
    if variant == "clean":
        return page
    if variant == "scanned":
        return scanned(page, rng)
    if variant == "photographed":
        return photographed(page, rng)
    raise ValueError(f"unknown variant {variant!r}; choose one of {', '.join(VARIANTS)}")
