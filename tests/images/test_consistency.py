import io

import numpy as np
from PIL import Image

from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.images.consistency import check_scan, marked_png
from smartcustoms.lab.images.datasets import declaration_for
from smartcustoms.lab.images.synthetic_scans import generate_scan, scan_rng


def transmission(scan) -> np.ndarray:
    return scan.pixels.astype(np.float32) / 65535


def declared(commodity: str, mass: float):
    return parse_declaration(declaration_for(commodity, mass, 1))


def test_honest_declarations_of_clean_scans_are_consistent(scan_models):
    verdicts = []
    for index, commodity in enumerate(("textiles", "machinery", "liquids", "furniture")):
        scan = generate_scan(scan_rng(21, index), commodity)
        outcome = check_scan(transmission(scan), declared(commodity, scan.net_mass_kg), scan_models)
        assert outcome.estimated_commodity == commodity
        verdicts.append(outcome.verdict)
    assert verdicts.count("consistent") >= 3


def test_textiles_declared_for_a_machinery_scan_is_a_finding(scan_models):
    scan = generate_scan(scan_rng(22, 0), "machinery")
    outcome = check_scan(transmission(scan), declared("textiles", scan.net_mass_kg), scan_models)
    mismatch = [f for f in outcome.findings if f.code == "commodity_mismatch"]
    assert mismatch and outcome.verdict == "alert"
    assert mismatch[0].message.startswith("declared textiles (ch. 50-63), scan shows dense")


def test_underdeclared_mass_is_a_finding(scan_models):
    scan = generate_scan(scan_rng(23, 0), "liquids")
    outcome = check_scan(
        transmission(scan), declared("liquids", scan.net_mass_kg * 0.4), scan_models
    )
    assert "mass_mismatch" in {f.code for f in outcome.findings}
    assert abs(outcome.estimated_mass_kg / scan.net_mass_kg - 1) < 0.3


def test_hidden_block_is_boxed_where_it_is(scan_models):
    scan = generate_scan(scan_rng(24, 0), "textiles", "dense_block")
    ((_, truth),) = scan.concealments
    outcome = check_scan(transmission(scan), declared("textiles", scan.net_mass_kg), scan_models)
    regions = [f for f in outcome.findings if f.code == "anomalous_region"]
    assert regions and any(f.region.overlaps(truth) for f in regions)
    assert "very dense object" in regions[0].message
    marked = np.asarray(Image.open(io.BytesIO(marked_png(transmission(scan), outcome))))
    box = outcome.regions[0].box
    edge = marked[box.top, box.left : box.right]
    assert (edge[:, 0] > 200).all() and (edge[:, 1] < 60).all()


def test_goods_without_a_scan_profile_are_not_compared(scan_models):
    scan = generate_scan(scan_rng(25, 0), "fruit_vegetables")
    document = declaration_for("fruit_vegetables", scan.net_mass_kg, 1)
    document["goods_items"][0]["hs_code"] = "090121"
    outcome = check_scan(transmission(scan), parse_declaration(document), scan_models)
    codes = {f.code for f in outcome.findings}
    assert "no_profile" in codes and "commodity_mismatch" not in codes


def test_an_image_without_a_container_asks_for_a_rescan(scan_models):
    noise = np.random.default_rng(0).uniform(0.9, 1.0, (100, 300)).astype(np.float32)
    outcome = check_scan(noise, declared("textiles", 1000), scan_models)
    assert outcome.verdict == "rescan"
