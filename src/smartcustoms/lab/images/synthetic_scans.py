"""Synthetic X-ray container scans per commodity, with optional concealments and their true boxes.

Pixels are transmission (bright = air, dark = dense), 16-bit, as portal scanners deliver them; a
scan's attenuation is the sum of container walls, the cargo and anything hidden in it. One pixel
is about 3.2 cm, so a 40 ft container is about 380 pixels long.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage

from smartcustoms.images.commodities import NAMES
from smartcustoms.images.findings import Box

CONCEALMENTS = ("dense_block", "false_wall", "hidden_compartment")
INTERIOR_HEIGHT = 80
_KG_PER_ATTENUATION_PIXEL = {
    "textiles": 0.6,
    "machinery": 0.55,
    "electronics": 0.6,
    "fruit_vegetables": 0.6,
    "liquids": 0.45,
    "furniture": 0.7,
}
PURPOSES = {"generate": 0, "train": 1, "calibrate": 2}
"""Each purpose draws from its own random streams, so generated test data never repeats
training scans whatever seed is chosen."""


@dataclass
class SyntheticScan:
    """A scan with its truth: what is loaded, how much, and where anything is hidden."""

    pixels: np.ndarray
    """uint16 transmission image."""
    commodity: str
    fill_ratio: float
    net_mass_kg: float
    concealments: list[tuple[str, Box]] = field(default_factory=list)


def scan_rng(seed: int, index: int, purpose: str = "generate") -> np.random.Generator:
    """The random stream of one scan: reproducible, independent of every other scan."""
    return np.random.default_rng([PURPOSES[purpose], seed, index])


def generate_scan(
    rng: np.random.Generator, commodity: str, concealment: str | None = None
) -> SyntheticScan:
    """One container scan of ``commodity``, with ``concealment`` hidden in the load if given."""
    if commodity not in NAMES:
        raise ValueError(f"unknown commodity {commodity!r}; one of {', '.join(NAMES)}")
    if concealment is not None and concealment not in CONCEALMENTS:
        raise ValueError(f"unknown concealment {concealment!r}; one of {', '.join(CONCEALMENTS)}")
    length = 380 if rng.random() < 0.7 else 190
    top, left = int(rng.integers(10, 18)), int(rng.integers(10, 22))
    height, width = top + INTERIOR_HEIGHT + 4 + 24, left + length + 4 + int(rng.integers(10, 22))
    attenuation = np.zeros((height, width), np.float32)
    y0, x0 = top + 2, left + 2  # interior origin, inside roof and end wall
    _container(attenuation, top, left, length, rng)

    fill = float(rng.uniform(0.55, 0.98)) if rng.random() < 0.85 else float(rng.uniform(0.25, 0.55))
    cargo_w = max(int(length * fill), 30)
    cargo_h = int(INTERIOR_HEIGHT * rng.uniform(0.6, 0.95))
    cargo = _TEXTURES[commodity](rng, cargo_h, cargo_w)
    kg = _KG_PER_ATTENUATION_PIXEL[commodity] * rng.uniform(0.95, 1.05)
    mass = float(cargo.sum() * kg)
    cy0 = y0 + INTERIOR_HEIGHT - cargo_h
    attenuation[cy0 : cy0 + cargo_h, x0 : x0 + cargo_w] += cargo

    hidden = []
    if concealment is not None:
        box = _CONCEAL[concealment](rng, attenuation, (x0, cy0, x0 + cargo_w, cy0 + cargo_h))
        hidden.append((concealment, box))
    return SyntheticScan(_detect(attenuation, rng), commodity, cargo_w / length, mass, hidden)


def _container(a: np.ndarray, top: int, left: int, length: int, rng: np.random.Generator) -> None:
    """Both side walls everywhere, roof and floor beams, end walls, chassis and wheels below."""
    bottom, right = top + INTERIOR_HEIGHT + 4, left + length + 4
    a[top:bottom, left:right] += rng.uniform(0.25, 0.35)
    a[top : top + 2, left:right] += 1.2
    a[bottom - 2 : bottom, left:right] += 1.4
    a[top:bottom, left : left + 2] += 1.0
    a[top:bottom, right - 2 : right] += 1.0
    corrugation = 0.04 * np.sin(np.arange(right - left) * 2 * np.pi / rng.uniform(8, 12))
    a[top:bottom, left:right] += corrugation.astype(np.float32)
    a[bottom + 1 : bottom + 5, left:right] += 1.5
    yy, xx = np.mgrid[0 : a.shape[0], 0 : a.shape[1]]
    for wheel_x in (right - 40, right - 24, left + 30):
        a[(yy - (bottom + 13)) ** 2 + (xx - wheel_x) ** 2 < 64] += 2.5


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, int], sigma) -> np.ndarray:
    noise = ndimage.gaussian_filter(rng.standard_normal(shape).astype(np.float32), sigma)
    return noise / (noise.std() + 1e-6)


def _units(rng: np.random.Generator, h: int, w: int, unit_w: tuple[int, int]) -> np.ndarray:
    """1 inside cartons or bales, 0 in the thin gaps between them."""
    mask = np.ones((h, w), np.float32)
    x = int(rng.integers(*unit_w))
    while x < w:
        mask[:, x] = 0.15
        x += int(rng.integers(*unit_w))
    layers = int(rng.integers(2, 4))
    for k in range(1, layers):
        mask[int(h * k / layers), :] = 0.15
    return mask


def _textiles(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    fibres = _smooth_noise(rng, (h, w), (0.6, 4.0))
    base = rng.uniform(0.45, 0.8)
    return (base * (1 + 0.15 * fibres) * _units(rng, h, w, (18, 32))).clip(0)


def _machinery(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    a = np.full((h, w), 0.25, np.float32) + 0.05 * _smooth_noise(rng, (h, w), 2)
    yy, xx = np.mgrid[0:h, 0:w]
    for _ in range(max(3, w // 14)):
        ph, pw = int(rng.integers(8, min(40, h))), int(rng.integers(8, 40))
        py, px = int(rng.integers(0, h - ph + 1)), int(rng.integers(0, max(w - pw, 1)))
        density = rng.uniform(1.0, 2.4)
        if rng.random() < 0.5:
            a[py : py + ph, px : px + pw] += density
            if ph > 14 and pw > 14:
                a[py + 4 : py + ph - 4, px + 4 : px + pw - 4] -= density * 0.6
        else:
            radius = min(ph, pw) / 2
            a[(yy - py - radius) ** 2 + (xx - px - radius) ** 2 < radius**2] += density
    return np.minimum(a, 2.9)  # parts stand side by side: no ray crosses more than one


def _blobs(rng: np.random.Generator, h: int, w: int, per_pixel: float, sigma: float) -> np.ndarray:
    points = np.zeros((h, w), np.float32)
    count = int(h * w * per_pixel)
    points[rng.integers(0, h, count), rng.integers(0, w, count)] = 1.0
    blobs = ndimage.gaussian_filter(points, sigma)
    return blobs / (blobs.mean() + 1e-6)


def _fruit_vegetables(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    base = rng.uniform(0.9, 1.3)
    granular = 0.75 + 0.25 * _blobs(rng, h, w, 0.03, rng.uniform(1.8, 2.6))
    return base * granular * _units(rng, h, w, (22, 34))


def _electronics(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    a = (
        rng.uniform(0.3, 0.5)
        * (1 + 0.1 * _smooth_noise(rng, (h, w), 2))
        * _units(rng, h, w, (20, 30))
    )
    step_y, step_x = int(rng.integers(10, 15)), int(rng.integers(12, 18))
    for y in range(3, h - 8, step_y):
        for x in range(3, w - 10, step_x):
            a[y : y + 6, x : x + 9] += rng.uniform(0.8, 1.5)
            if rng.random() < 0.3:
                a[y + 1 : y + 3, x + 1 : x + 4] += 0.8
    return a


def _liquids(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    a = np.full((h, w), rng.uniform(1.7, 2.3), np.float32) + 0.02 * _smooth_noise(rng, (h, w), 6)
    if rng.random() < 0.5:  # IBC totes: a cage line every tank
        step = int(rng.integers(30, 40))
        a[:, ::step] += 0.35
        a[:: step // 2, :] += 0.2
    else:  # flexitank: a dome, thinner at the ends
        profile = np.sin(np.linspace(0.15, np.pi - 0.15, w)) ** 0.3
        a *= profile[None, :].astype(np.float32)
    return a


def _furniture(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    a = np.zeros((h, w), np.float32)
    grain = 1 + 0.2 * np.sin(np.arange(w) / rng.uniform(1.5, 3.0))[None, :]
    grain = grain + 0.1 * _smooth_noise(rng, (h, w), (0.5, 6))
    for _ in range(max(4, w // 12)):
        ph, pw = int(rng.integers(6, h)), int(rng.integers(10, 60))
        py, px = int(rng.integers(0, h - ph + 1)), int(rng.integers(0, max(w - pw, 1)))
        a[py : py + ph, px : px + pw] = rng.uniform(0.5, 1.0)
    a = a * grain
    fittings = rng.random((h, w)) < 0.002
    return a + 1.2 * ndimage.binary_dilation(fittings).astype(np.float32)


_TEXTURES: dict[str, Callable[[np.random.Generator, int, int], np.ndarray]] = {
    "textiles": _textiles,
    "machinery": _machinery,
    "electronics": _electronics,
    "fruit_vegetables": _fruit_vegetables,
    "liquids": _liquids,
    "furniture": _furniture,
}

Region = tuple[int, int, int, int]


def _dense_block(rng: np.random.Generator, a: np.ndarray, cargo: Region) -> Box:
    """A heavy block (metal, lead-lined package) inside the load."""
    left, top, right, bottom = cargo
    bh, bw = int(rng.integers(10, 24)), int(rng.integers(10, 28))
    y = int(rng.integers(top, max(bottom - bh, top + 1)))
    x = int(rng.integers(left, max(right - bw, left + 1)))
    a[y : y + bh, x : x + bw] += rng.uniform(3.5, 5.0) * (1 + 0.05 * rng.standard_normal((bh, bw)))
    return Box(x, y, x + bw, y + bh)


def _false_wall(rng: np.random.Generator, a: np.ndarray, cargo: Region) -> Box:
    """A double wall: a dense band across the whole height, behind the doors or the front wall."""
    left, _, right, bottom = cargo
    interior_top = bottom - INTERIOR_HEIGHT
    bw = int(rng.integers(6, 13))
    x = left if rng.random() < 0.5 else right - bw
    a[interior_top:bottom, x : x + bw] += rng.uniform(1.6, 2.8)
    return Box(x, interior_top, x + bw, bottom)


def _hidden_compartment(rng: np.random.Generator, a: np.ndarray, cargo: Region) -> Box:
    """A walled box in the load filled with tightly packed packets."""
    left, top, right, bottom = cargo
    bh = min(int(rng.integers(24, 40)), bottom - top)
    bw = min(int(rng.integers(28, 56)), right - left)
    y = int(rng.integers(top, bottom - bh + 1))
    x = int(rng.integers(left, right - bw + 1))
    packets = rng.uniform(1.6, 2.2) * (0.7 + 0.3 * _blobs(rng, bh, bw, 0.05, 1.5))
    a[y : y + bh, x : x + bw] = 0.3 + packets
    a[y : y + bh, x : x + bw][[0, 1, -2, -1], :] += 1.5
    a[y : y + bh, x : x + bw][:, [0, 1, -2, -1]] += 1.5
    return Box(x, y, x + bw, y + bh)


_CONCEAL: dict[str, Callable[[np.random.Generator, np.ndarray, Region], Box]] = {
    "dense_block": _dense_block,
    "false_wall": _false_wall,
    "hidden_compartment": _hidden_compartment,
}


def _detect(attenuation: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """What the detector delivers: blurred, gain-varied, noisy 16-bit transmission."""
    blurred = ndimage.gaussian_filter(attenuation, rng.uniform(0.5, 0.9))
    transmission = np.exp(-blurred) * rng.uniform(0.9, 0.98)
    transmission *= 1 + 0.01 * rng.standard_normal((attenuation.shape[0], 1)).astype(np.float32)
    sigma = rng.uniform(0.006, 0.012) * np.sqrt(transmission) + 0.0008
    noisy = transmission + sigma * rng.standard_normal(attenuation.shape).astype(np.float32)
    return (noisy.clip(0, 1) * 65535).round().astype(np.uint16)
