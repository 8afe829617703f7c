import numpy as np
import pytest

from smartcustoms.images.commodities import NAMES, chapter_span, commodity_of_chapter
from smartcustoms.images.scan_features import attenuation_of
from smartcustoms.lab.images.synthetic_scans import CONCEALMENTS, generate_scan, scan_rng


def test_same_seed_same_scan_and_purposes_never_share_streams():
    first = generate_scan(scan_rng(5, 2), "machinery", "dense_block")
    again = generate_scan(scan_rng(5, 2), "machinery", "dense_block")
    assert np.array_equal(first.pixels, again.pixels)
    assert first.concealments == again.concealments
    training = generate_scan(scan_rng(5, 2, "train"), "machinery", "dense_block")
    assert first.pixels.shape != training.pixels.shape or not np.array_equal(
        first.pixels, training.pixels
    )


@pytest.mark.parametrize("concealment", CONCEALMENTS)
def test_concealment_box_holds_denser_matter(concealment):
    for index, commodity in enumerate(NAMES):
        rng = scan_rng(11, index)
        hidden = generate_scan(rng, commodity, concealment)
        ((kind, box),) = hidden.concealments
        assert kind == concealment
        height, width = hidden.pixels.shape
        assert 0 <= box.left < box.right <= width and 0 <= box.top < box.bottom <= height
        a = attenuation_of(hidden.pixels.astype(np.float32) / 65535)
        assert a[box.top : box.bottom, box.left : box.right].mean() > 1.0
        assert hidden.net_mass_kg > 0 and 0 < hidden.fill_ratio <= 1


def test_chapters_map_to_scan_profiles():
    assert commodity_of_chapter(62) == "textiles"
    assert commodity_of_chapter(84) == "machinery"
    assert commodity_of_chapter(9) is None
    assert chapter_span("textiles") == "ch. 50-63"
