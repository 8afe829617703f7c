"""Image models trained on generated data: scan models on generated scans (every commodity,
some concealing, and a clean calibration set drawn apart), the organism gallery seeded with
generated specimens."""

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from smartcustoms.images.commodities import NAMES
from smartcustoms.images.scan_models import LabelledScan, fit_scan_models
from smartcustoms.lab.images.gallery_seed import seed_gallery
from smartcustoms.lab.images.synthetic_scans import CONCEALMENTS, generate_scan, scan_rng


def generated_scans(
    purpose: str, seed: int, per_commodity: int, concealed_share: float
) -> Iterator[LabelledScan]:
    """``per_commodity`` generated scans of every commodity, a share of them concealing."""
    for c, name in enumerate(NAMES):
        for i in range(per_commodity):
            rng = scan_rng(seed, c * 100_000 + i, purpose)
            hidden = CONCEALMENTS[i % 3] if rng.random() < concealed_share else None
            scan = generate_scan(rng, name, hidden)
            pixels = scan.pixels.astype(np.float32) / 65535
            yield LabelledScan(name, hidden, pixels, scan.net_mass_kg)


def train_scan_models(folder: Path, *, per_commodity: int = 80, seed: int = 0) -> dict:
    """Trains every scan model into ``folder`` on generated scans; returns the figures."""
    return fit_scan_models(
        folder,
        generated_scans("train", seed, per_commodity, concealed_share=0.3),
        generated_scans("calibrate", seed, per_commodity, concealed_share=0.0),
    )


def train_image_models(images_home: Path) -> dict:
    """The scan models and a seeded organism gallery under ``images_home``, as the image
    service reads them; returns both sets of figures."""
    scans = train_scan_models(images_home / "scan_models")
    gallery = seed_gallery(images_home / "organisms")
    return {**scans, "gallery_specimens": gallery["specimens"], "species": gallery["species"]}
