"""Hand-crafted descriptors of specimen photos: shape and colour from the macro view, surface
texture from the micro view; the learned embedder (PCA in the model slot) sits on top."""

import numpy as np
from scipy import ndimage

SPECIMEN_FEATURES_VERSION = "specimen_features/1"
MACRO_FEATURES, MICRO_FEATURES = 19, 21


def is_macro(rgb: np.ndarray) -> bool:
    """A macro view shows the specimen on a plain light grey tray, so its border is flat, bright
    and colourless; a micro view is coloured surface texture to the edges."""
    border = np.concatenate(
        [
            rgb[:4].reshape(-1, 3),
            rgb[-4:].reshape(-1, 3),
            rgb[:, :4].reshape(-1, 3),
            rgb[:, -4:].reshape(-1, 3),
        ]
    )
    tray = (border.mean(axis=1) > 0.7) & (np.ptp(border, axis=1) < 0.15)
    return bool(tray.mean() > 0.6)  # legs and antennae may reach the edge


def macro_features(rgb: np.ndarray) -> np.ndarray:
    """Shape (area, elongation, solidity, thin parts such as legs) and colour of the specimen."""
    tray = np.median(np.concatenate([rgb[:3].reshape(-1, 3), rgb[-3:].reshape(-1, 3)]), axis=0)
    mask = np.abs(rgb - tray).sum(axis=2) > 0.15
    mask = ndimage.binary_opening(mask)
    if mask.sum() < 10:
        return np.zeros(MACRO_FEATURES, np.float32)
    core = ndimage.binary_opening(mask, iterations=3)
    core = core if core.sum() >= 10 else mask
    ys, xs = np.nonzero(core)
    eigen = np.sort(np.linalg.eigvalsh(np.cov(np.stack([xs, ys]))))[::-1]
    filled = ndimage.binary_fill_holes(core)
    body = rgb[core]
    brightness = body.mean(axis=1)
    level = np.median(brightness)
    return np.array(
        [
            mask.mean(),
            core.mean(),
            (mask.sum() - core.sum()) / mask.sum(),  # legs, antennae, spines
            np.sqrt(eigen[0] / max(eigen[1], 1e-6)),
            core.sum() / max(filled.sum(), 1),
            _boundary(core) / np.sqrt(core.sum()),
            *body.mean(axis=0),
            *body.std(axis=0),
            (brightness > level + 0.2).mean(),  # pale spots
            (brightness < level - 0.2).mean(),  # dark spots
            *(np.median(rgb[mask & ~core], axis=0) if (mask & ~core).any() else body.mean(axis=0)),
            brightness.std(),
            np.log1p(len(np.unique(ndimage.label(mask & ~core)[0])) - 1),
        ],
        np.float32,
    )


def _boundary(mask: np.ndarray) -> float:
    return float((mask & ~ndimage.binary_erosion(mask)).sum())


def micro_features(rgb: np.ndarray) -> np.ndarray:
    """Surface texture: local binary patterns, orientation coherence, spectrum bands, colour."""
    grey = rgb.mean(axis=2)
    centre = grey[1:-1, 1:-1]
    shifts = [(0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1), (-1, 0), (-1, 1)]
    bits = np.stack(
        [
            grey[1 + dy : grey.shape[0] - 1 + dy, 1 + dx : grey.shape[1] - 1 + dx] >= centre + 0.01
            for dy, dx in shifts
        ]
    )
    ones = bits.sum(axis=0)
    transitions = (bits != np.roll(bits, 1, axis=0)).sum(axis=0)
    codes = np.where(transitions <= 2, ones, 9)  # rotation-invariant uniform patterns
    lbp = np.bincount(codes.ravel(), minlength=10)[:10] / codes.size
    gy, gx = ndimage.sobel(grey, 0), ndimage.sobel(grey, 1)
    jxx, jyy, jxy = (ndimage.gaussian_filter(v, 2) for v in (gx * gx, gy * gy, gx * gy))
    coherence = np.sqrt((jxx - jyy) ** 2 + 4 * jxy**2) / (jxx + jyy + 1e-6)
    spectrum = np.abs(np.fft.fftshift(np.fft.fft2(grey - grey.mean()))) ** 2
    yy, xx = np.indices(spectrum.shape)
    radius = np.hypot(yy - spectrum.shape[0] / 2, xx - spectrum.shape[1] / 2)
    bands = np.array(
        [
            spectrum[(radius >= lo) & (radius < hi)].sum()
            for lo, hi in ((1, 4), (4, 8), (8, 14), (14, 32))
        ]
    )
    bands = bands / (bands.sum() + 1e-9)
    return np.concatenate(
        [
            lbp,
            [float(coherence.mean()), float(grey.std())],
            bands,
            rgb.reshape(-1, 3).mean(axis=0),
            [float(np.abs(gx).mean() + np.abs(gy).mean()), float(grey.max() - grey.min())],
        ]
    ).astype(np.float32)


def specimen_descriptor(views: list[np.ndarray]) -> tuple[np.ndarray, list[str]]:
    """One descriptor for a specimen from its photos (any order); a missing view is NaN, filled
    from the gallery by the embedder. Returns the descriptor and the view found in each photo."""
    macro = np.full(MACRO_FEATURES, np.nan, np.float32)
    micro = np.full(MICRO_FEATURES, np.nan, np.float32)
    kinds = []
    for rgb in views:
        if is_macro(rgb):
            macro, kind = macro_features(rgb), "macro"
        else:
            micro, kind = micro_features(rgb), "micro"
        kinds.append(kind)
    return np.concatenate([macro, micro]), kinds
