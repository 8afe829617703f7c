"""Synthetic specimen photographs of quarantine pests: a macro view (whole specimen on a light
tray) and a micro view (surface texture under the microscope) per specimen, seeded."""

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

MACRO_SIZE, MICRO_SIZE = 96, 64


@dataclass(frozen=True)
class Species:
    name: str
    kind: str
    colour: tuple[int, int, int]
    aspect: float
    segments: int
    legs: int
    antenna: float
    spots: int
    spot_colour: tuple[int, int, int]
    wings: bool
    texture: str


SPECIES = (
    Species(
        "Trogoderma granarium",
        "insect",
        (120, 70, 35),
        1.7,
        2,
        6,
        0.2,
        3,
        (165, 115, 60),
        False,
        "hairs",
    ),
    Species(
        "Anoplophora glabripennis",
        "insect",
        (25, 25, 32),
        2.6,
        3,
        6,
        1.4,
        10,
        (230, 230, 230),
        False,
        "punctures",
    ),
    Species(
        "Bactrocera dorsalis",
        "insect",
        (170, 120, 40),
        2.0,
        3,
        6,
        0.25,
        0,
        (0, 0, 0),
        True,
        "reticulate",
    ),
    Species(
        "Sitophilus granarius",
        "insect",
        (70, 40, 25),
        2.8,
        3,
        6,
        0.3,
        0,
        (0, 0, 0),
        False,
        "punctures",
    ),
    Species(
        "Ambrosia artemisiifolia",
        "seed",
        (110, 95, 70),
        1.4,
        1,
        0,
        0.0,
        0,
        (0, 0, 0),
        False,
        "striations",
    ),
    Species(
        "Cuscuta campestris",
        "seed",
        (140, 120, 90),
        1.1,
        1,
        0,
        0.0,
        0,
        (0, 0, 0),
        False,
        "granular",
    ),
    Species(
        "Tetranychus urticae",
        "mite",
        (190, 190, 90),
        1.3,
        1,
        8,
        0.0,
        2,
        (60, 60, 30),
        False,
        "hairs",
    ),
    Species(
        "Varroa destructor", "mite", (140, 50, 30), 1.5, 1, 8, 0.0, 0, (0, 0, 0), False, "smooth"
    ),
)
SPECIES_NAMES = tuple(s.name for s in SPECIES)


def specimen_rng(seed: int, index: int, purpose: str = "generate") -> np.random.Generator:
    """One specimen's random stream; gallery and test specimens never share one."""
    return np.random.default_rng([{"generate": 0, "gallery": 1}[purpose], seed, index, 7])


def _jitter(colour: tuple[int, int, int], rng: np.random.Generator, spread: float) -> tuple:
    return tuple(int(np.clip(c * rng.uniform(1 - spread, 1 + spread), 0, 255)) for c in colour)


def macro_view(species: Species, rng: np.random.Generator) -> np.ndarray:
    """The whole specimen on a light tray, at a random angle, size and lighting; uint8 RGB."""
    size = MACRO_SIZE * 2
    tray = _jitter((232, 228, 220), rng, 0.03)
    image = Image.new("RGB", (size, size), tray)
    draw = ImageDraw.Draw(image)
    centre = size / 2
    length = size * rng.uniform(0.4, 0.5) / max(1.0, species.aspect / 2)
    width = length / species.aspect
    body = _jitter(species.colour, rng, 0.08)
    if species.wings:
        for side in (-1, 1):
            wing = (
                centre - length * 0.1,
                centre + side * width * 0.2 - width * 0.9,
                centre + length * 0.7,
                centre + side * width * 0.2 + width * 0.9,
            )
            draw.ellipse(wing, fill=_jitter((200, 200, 205), rng, 0.03))
    for k in range(species.legs):
        side = 1 if k % 2 else -1
        x = centre - length * 0.3 + length * 0.6 * (k // 2) / max(species.legs // 2 - 1, 1)
        reach = width * rng.uniform(1.0, 1.3)
        draw.line((x, centre, x + rng.uniform(-8, 8), centre + side * reach), fill=body, width=3)
    if species.antenna:
        for side in (-1, 1):
            tip = (
                centre - length / 2 - length * species.antenna * 0.5,
                centre + side * length * species.antenna * 0.4,
            )
            draw.line((centre - length / 2, centre, *tip), fill=body, width=2)
    left = centre - length / 2
    for s in range(species.segments):
        part = length / species.segments
        grow = 1.0 if s == species.segments - 1 else 0.75
        draw.ellipse(
            (
                left + s * part - 1,
                centre - width * grow / 2,
                left + (s + 1) * part + 1,
                centre + width * grow / 2,
            ),
            fill=body,
        )
    if species.kind == "seed" and species.texture == "striations":
        for a in np.linspace(-0.6, 0.6, 5):  # the crown of spines of a ragweed achene
            draw.line((left, centre, left - width * 0.4, centre + a * width), fill=body, width=3)
    for _ in range(species.spots):
        r = width * rng.uniform(0.07, 0.12)
        x = rng.uniform(left + length * 0.35, left + length * 0.95)
        y = centre + rng.uniform(-0.3, 0.3) * width
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_jitter(species.spot_colour, rng, 0.05))
    image = image.rotate(rng.uniform(0, 360), resample=Image.BILINEAR, fillcolor=tray)
    image = image.resize((MACRO_SIZE, MACRO_SIZE), Image.LANCZOS)
    return _photograph(np.asarray(image, np.float32), rng)


def micro_view(species: Species, rng: np.random.Generator) -> np.ndarray:
    """The specimen's surface under the microscope, filling the frame; uint8 RGB."""
    n = MICRO_SIZE
    yy, xx = np.mgrid[0:n, 0:n].astype(np.float32)
    angle = rng.uniform(0, np.pi)
    texture = species.texture
    if texture == "striations":
        period = rng.uniform(5, 7)
        pattern = np.sin((xx * np.cos(angle) + yy * np.sin(angle)) * 2 * np.pi / period)
    elif texture == "punctures":
        period = rng.uniform(7, 9)
        pattern = (np.cos(xx * 2 * np.pi / period) * np.cos(yy * 2 * np.pi / period) > 0.7) * -2.0
    elif texture == "hairs":
        hairs = Image.new("F", (n, n), 0.0)
        draw = ImageDraw.Draw(hairs)
        for _ in range(60):
            x, y, a = rng.uniform(0, n), rng.uniform(0, n), angle + rng.normal(0, 0.3)
            draw.line((x, y, x + 8 * np.cos(a), y + 8 * np.sin(a)), fill=1.5, width=1)
        pattern = np.asarray(hairs)
    elif texture == "reticulate":
        points = rng.uniform(0, n, (40, 2))
        distances = np.sort(np.hypot(xx[..., None] - points[:, 0], yy[..., None] - points[:, 1]))
        pattern = (distances[..., 1] - distances[..., 0] < 1.5) * -1.5
    elif texture == "granular":
        pattern = ndimage.gaussian_filter(rng.standard_normal((n, n)), 1.5) * 4
    else:
        pattern = np.sin(xx / n * np.pi * rng.uniform(0.5, 1.5)) * 0.5
    base = np.array(_jitter(species.colour, rng, 0.08), np.float32)
    pixels = base[None, None, :] * (1 + 0.18 * pattern[..., None])
    return _photograph(pixels, rng)


def _photograph(pixels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Uneven light and sensor noise, as on a real stereo microscope camera."""
    n = pixels.shape[0]
    light = 1 + rng.uniform(-0.08, 0.08) * np.linspace(-1, 1, n)[None, :, None]
    noisy = pixels * light * rng.uniform(0.92, 1.05) + rng.normal(0, 4, pixels.shape)
    return noisy.clip(0, 255).astype(np.uint8)


def specimen_views(species: Species, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The macro and micro view of one specimen."""
    return macro_view(species, rng), micro_view(species, rng)
