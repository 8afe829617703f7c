"""A starting organism gallery of generated reference specimens (a real gallery grows from a
laboratory's confirmed specimens with :meth:`smartcustoms.images.gallery.Gallery.confirm`)."""

from pathlib import Path

import numpy as np

from smartcustoms.images.gallery import build
from smartcustoms.images.specimen_features import specimen_descriptor
from smartcustoms.lab.images.specimens import SPECIES, specimen_rng, specimen_views


def seed_gallery(folder: Path, *, per_species: int = 40, seed: int = 0) -> dict:
    """Builds the gallery in ``folder`` from ``per_species`` generated specimens a species."""
    descriptors, entries = [], []
    for k, species in enumerate(SPECIES):
        for i in range(per_species):
            views = specimen_views(species, specimen_rng(seed, k * 10_000 + i, "gallery"))
            descriptor, _ = specimen_descriptor([v.astype(np.float32) / 255 for v in views])
            descriptors.append(descriptor)
            entries.append({"id": f"ref-{k}-{i}", "species": species.name, "source": "reference"})
    return build(folder, np.stack(descriptors), entries)
