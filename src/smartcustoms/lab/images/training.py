"""Image models trained on generated data: scan models on generated scans (every commodity,
some concealing, and a clean calibration set drawn apart), the organism gallery seeded with
generated specimens."""

from collections.abc import Iterator

import numpy as np

from smartcustoms.images.commodities import NAMES
from smartcustoms.images.gallery import Gallery
from smartcustoms.images.scan_models import LabelledScan, ScanModels
from smartcustoms.lab.images.gallery_seed import seed_gallery
from smartcustoms.lab.images.synthetic_scans import CONCEALMENTS, generate_scan, scan_rng
from smartcustoms.models.registry import ModelRegistry


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


def train_scan_models(*, per_commodity: int = 80, seed: int = 0) -> ScanModels:
    """Every scan model fitted on generated scans."""
    return ScanModels().fit(
        generated_scans("train", seed, per_commodity, concealed_share=0.3),
        generated_scans("calibrate", seed, per_commodity, concealed_share=0.0),
    )


def train_image_models(
    registry: ModelRegistry, *, per_commodity: int = 80, per_species: int = 40
) -> dict:
    """The scan models and a seeded organism gallery saved in ``registry``, where the image
    service reads them; returns the figures of both."""
    scans = train_scan_models(per_commodity=per_commodity)
    registry.save(scans)
    gallery = seed_gallery(registry.folder(Gallery), per_species=per_species)
    return {
        **scans.metrics(),
        **scans.training_summary(),
        "gallery_specimens": gallery["specimens"],
        "species": gallery["species"],
    }
