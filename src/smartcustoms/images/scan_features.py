"""Features of a cargo scan: where the container is, what density and texture its load has, and
the same measures per patch for locating what does not belong."""

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from smartcustoms.images.findings import Box

SCAN_FEATURES_VERSION = "scan_features/1"
PATCH = 16
STRIDE = 8
DENSE = 3.6
"""Attenuation above which nothing in the declared-goods profiles reaches: metal blocks, lead."""
_HISTOGRAM_EDGES = np.array([0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0, 2.5, 3.2, 4.0, 10.0])


class NoContainerError(ValueError):
    """The image shows no container-shaped region to analyse."""


@dataclass(frozen=True)
class ScanFeatures:
    """What the consistency and anomaly checks need from one scan, computed once."""

    interior: Box
    vector: np.ndarray
    """Scan-level features (density histogram, texture, fill) for the commodity classifier."""
    cargo_attenuation: float
    """Attenuation summed over the load, the container's own walls taken off: tracks mass."""
    interior_length: int
    patches: np.ndarray
    """(n, PATCH_FEATURES) patch features."""
    patch_boxes: list[Box]


def attenuation_of(transmission: np.ndarray) -> np.ndarray:
    """Line-integral attenuation from transmission in [0, 1]; dense goods give large values."""
    return -np.log(np.clip(transmission, 1e-4, 1.0)).astype(np.float32)


def find_interior(attenuation: np.ndarray) -> Box:
    """The container's inside: the side walls attenuate every ray through it, air does not."""
    walls = attenuation > 0.15
    rows = np.flatnonzero(walls.mean(axis=1) > 0.5)
    cols = np.flatnonzero(walls.mean(axis=0) > 0.5)
    if len(rows) < 2 * PATCH or len(cols) < 2 * PATCH:
        raise NoContainerError("no container found: the image has no wide attenuating region")
    # the chassis below is a separate band: keep the longest run of rows
    runs = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    rows = max(runs, key=len)
    runs = np.split(cols, np.flatnonzero(np.diff(cols) > 1) + 1)
    cols = max(runs, key=len)
    top, bottom, left, right = rows[0] + 3, rows[-1] - 2, cols[0] + 3, cols[-1] - 2
    if bottom - top < PATCH or right - left < PATCH:
        raise NoContainerError("no container found: the attenuating region is too small")
    return Box(int(left), int(top), int(right), int(bottom))


def scan_features(transmission: np.ndarray) -> ScanFeatures:
    """All features of a transmission image (greyscale in [0, 1])."""
    attenuation = attenuation_of(transmission)
    interior = find_interior(attenuation)
    inside = attenuation[interior.top : interior.bottom, interior.left : interior.right]
    wall = float(np.percentile(inside, 3))
    cargo = np.clip(inside - wall, 0, None)
    loaded = cargo > 0.12
    columns_loaded = loaded.mean(axis=0) > 0.2
    rows_loaded = loaded.mean(axis=1) > 0.2
    load = cargo[loaded] if loaded.any() else np.zeros(1, np.float32)
    histogram = np.histogram(load, _HISTOGRAM_EDGES)[0] / max(load.size, 1)
    gy, gx = ndimage.sobel(cargo, 0), ndimage.sobel(cargo, 1)
    laplace = np.abs(ndimage.laplace(cargo))
    fine = cargo - ndimage.gaussian_filter(cargo, 1.5)
    coarse = ndimage.gaussian_filter(cargo, 1.5) - ndimage.gaussian_filter(cargo, 4)

    def on_load(values: np.ndarray) -> float:
        return float(values[loaded].mean()) if loaded.any() else 0.0

    mean_load = float(load.mean()) + 1e-3
    vector = np.concatenate(
        [
            histogram,
            [
                mean_load,
                float(load.std()) / mean_load,
                float(np.percentile(load, 95)),
                on_load(np.abs(gx)) / mean_load,
                on_load(np.abs(gy)) / mean_load,
                on_load(laplace) / mean_load,
                on_load(np.abs(fine)) / mean_load,
                on_load(np.abs(coarse)) / mean_load,
                float(columns_loaded.mean()),
                float(rows_loaded.mean()),
                float((cargo > DENSE).mean()),
            ],
        ]
    ).astype(np.float32)
    patches, boxes = patch_features(cargo, interior)
    return ScanFeatures(
        interior, vector, float(cargo[loaded].sum()), inside.shape[1], patches, boxes
    )


def patch_features(cargo: np.ndarray, interior: Box) -> tuple[np.ndarray, list[Box]]:
    """Per overlapping patch: density level and spread, densest part, edges, fine texture, the
    load of its columns and vertical position, from box filters over the whole load at once."""
    size = (PATCH, PATCH)
    mean = ndimage.uniform_filter(cargo, size)
    square = ndimage.uniform_filter(cargo * cargo, size)
    std = np.sqrt(np.clip(square - mean * mean, 0, None))
    peak = ndimage.maximum_filter(cargo, size)
    dense = ndimage.uniform_filter((cargo > DENSE).astype(np.float32), size)
    gradient = ndimage.uniform_filter(
        np.hypot(ndimage.sobel(cargo, 0), ndimage.sobel(cargo, 1)), size
    )
    fine = ndimage.uniform_filter(np.abs(cargo - ndimage.gaussian_filter(cargo, 1.0)), size)
    column_level = ndimage.uniform_filter1d(cargo.mean(axis=0), PATCH)
    # goods settle on the floor and leave air under the roof; a wall spans floor to roof
    column_floor = ndimage.uniform_filter1d(cargo.min(axis=0), PATCH)
    height, width = cargo.shape
    ys = np.arange(PATCH // 2, height - PATCH // 2 + 1, STRIDE)
    xs = np.arange(PATCH // 2, width - PATCH // 2 + 1, STRIDE)
    grid_y, grid_x = np.meshgrid(ys, xs, indexing="ij")
    cy, cx = grid_y.ravel(), grid_x.ravel()
    features = np.stack(
        [
            mean[cy, cx],
            std[cy, cx],
            peak[cy, cx],
            dense[cy, cx],
            gradient[cy, cx],
            fine[cy, cx],
            column_level[cx],
            column_floor[cx],
            cy / height,
        ],
        axis=1,
    ).astype(np.float32)
    half = PATCH // 2
    boxes = [
        Box(
            int(interior.left + x - half),
            int(interior.top + y - half),
            int(interior.left + x + half),
            int(interior.top + y + half),
        )
        for y, x in zip(cy, cx, strict=True)
    ]
    return features, boxes
