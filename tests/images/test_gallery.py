import numpy as np
import pytest

from smartcustoms.errors import NotFoundError
from smartcustoms.images.gallery import Gallery
from smartcustoms.lab.images.specimens import SPECIES, specimen_rng, specimen_views


def photos(species_index: int, index: int) -> list[np.ndarray]:
    views = specimen_views(SPECIES[species_index], specimen_rng(40, index))
    return [v.astype(np.float32) / 255 for v in views]


def test_fresh_specimens_are_identified_with_evidence(home_with_models):
    gallery = Gallery(home_with_models / "models" / "organism_gallery")
    hits = 0
    for index in range(16):
        answer = gallery.identify(photos(index % 8, index), top=5)
        assert answer.views == ["macro", "micro"]
        probabilities = [p for _, p in answer.species]
        assert probabilities == sorted(probabilities, reverse=True) and len(probabilities) == 5
        assert len(answer.nearest) == 3 and answer.nearest[0]["similarity"] > 0.5
        hits += answer.species[0][0] == SPECIES[index % 8].name
    assert hits >= 13


def test_confirm_and_correct_grow_the_persisted_gallery(home_with_models):
    folder = home_with_models / "models" / "organism_gallery"
    gallery = Gallery(folder)
    size = len(gallery.entries)
    micro_only = gallery.identify(photos(2, 1)[1:])
    assert micro_only.views == ["micro"]
    gallery.confirm(micro_only.specimen_id, SPECIES[2].name, by="inspector-7")
    reopened = Gallery(folder)
    assert len(reopened.entries) == size + 1
    assert reopened.entries[-1]["source"] == "confirmed by inspector-7"
    corrected = reopened.identify(photos(3, 2))
    reopened.confirm(corrected.specimen_id, "Sitophilus zeamais")
    assert "Sitophilus zeamais" in Gallery(folder).classifier.labels
    with pytest.raises(NotFoundError):
        reopened.confirm(corrected.specimen_id, "Sitophilus zeamais")
