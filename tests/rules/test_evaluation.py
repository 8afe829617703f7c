"""Each shipped pack's rules hit the cases they target, and only those."""

from datetime import UTC, datetime

import polars as pl
import pytest

from smartcustoms.rules import RESULT_SCHEMA, evaluate, load_pack, resolve_pack


def _hits(frame: pl.DataFrame, *packs: str) -> list[list[str]]:
    return evaluate(frame, [resolve_pack(p) for p in packs])["rule_hits"].to_list()


def test_plants_need_a_phytosanitary_certificate(make_frame):
    oranges = {"hs_code": "080510", "description": "Fresh oranges"}
    assert _hits(make_frame([oranges]), "licences_certificates") == [["LC-PHYTO"]]
    covered = make_frame([oranges], documents=["phytosanitary_certificate"])
    assert _hits(covered, "licences_certificates") == [[]]
    assert _hits(make_frame([oranges], type="export"), "licences_certificates") == [[]]


def test_animals_need_a_veterinary_certificate_and_live_ones_an_inspection(make_frame):
    items = [{"hs_code": "020130", "description": "Beef"}, {"hs_code": "010121"}]
    assert _hits(make_frame(items), "licences_certificates") == [
        ["LC-VET"],
        ["LC-VET", "LC-LIVE-ANIMALS"],
    ]


def test_restricted_goods_without_a_licence_are_held(make_frame):
    items = [
        {"hs_code": "930200", "description": "Pistols"},
        {"hs_code": "290377", "description": "CFC refrigerant"},
        {"hs_code": "293941", "description": "Ephedrine"},
        {"hs_code": "050710", "description": "Ivory"},
    ]
    result = evaluate(make_frame(items), [resolve_pack("prohibited_restricted")])
    assert result["rule_hits"].to_list() == [
        ["PR-ARMS-LICENCE"],
        ["PR-ODS-LICENCE"],
        ["PR-PRECURSOR-LICENCE", "PR-LICENSED-GOODS"],
        ["PR-CITES-PERMIT"],
    ]
    assert result["rule_hold"].all()
    assert set(result["rule_mandatory_channel"]) == {"red"}
    assert result["rule_required_documents"].to_list() == [["import_licence"]] * 4


def test_licensed_arms_get_a_documentary_check(make_frame):
    frame = make_frame([{"hs_code": "930200"}], documents=["import_licence"])
    result = evaluate(frame, [resolve_pack("prohibited_restricted")]).row(0, named=True)
    assert result["rule_hits"] == ["PR-ARMS-CHECK"]
    assert (result["rule_channel"], result["rule_hold"], result["rule_action"]) == (
        "yellow",
        False,
        "yellow",
    )


def test_embargoed_origins_and_routes_and_watched_parties(make_frame):
    kp = make_frame([{"origin_country": "KP"}])
    assert _hits(kp, "sanctions_embargo") == [["SE-EMBARGO-ORIGIN"]]
    routed = make_frame(transport={"mode": "sea", "departure_country": "SY"})
    assert _hits(routed, "sanctions_embargo") == [["SE-EMBARGO-ROUTE"]]
    watched = make_frame(importer={"id": "IMP-WATCH-002", "country": "CN"})
    assert _hits(watched, "sanctions_embargo") == [["SE-WATCH-PARTY"]]
    assert _hits(make_frame(), "sanctions_embargo") == [[]]


def test_anti_dumping_by_hs6_and_origin(make_frame):
    items = [
        {"hs_code": "721911", "origin_country": "JP"},
        {"hs_code": "721911", "origin_country": "MY"},
        {"hs_code": "721911", "origin_country": "DE"},
        {"hs_code": "090121", "origin_country": "JP"},
    ]
    assert _hits(make_frame(items), "anti_dumping") == [
        ["AD-MEASURE"],
        ["AD-CIRCUMVENTION"],
        [],
        [],
    ]


def test_valuation_floors_catch_undervalued_items(make_frame):
    # frozen pork cuts (020329) have an example reference value of 6.84 USD/kg
    items = [
        {"hs_code": "020329", "value": v, "net_mass_kg": 1000}
        for v in ("1500.00", "3000.00", "15000.00")
    ]
    assert _hits(make_frame(items), "valuation_floors") == [
        ["VF-BELOW-FLOOR", "VF-FAR-BELOW-FLOOR"],
        ["VF-BELOW-FLOOR"],
        [],
    ]
    assert _hits(make_frame(items[:1], currency="EUR"), "valuation_floors") == [[]]


def test_a_hit_explains_itself_with_fields_and_legal_basis(make_frame):
    frame = make_frame([{"hs_code": "080510", "origin_country": "ES"}])
    result = evaluate(frame, [resolve_pack("licences_certificates")]).row(0, named=True)
    [explanation] = result["rule_explanations"]
    assert explanation.startswith("LC-PHYTO: HS 080510 (Roasted coffee beans")
    assert "from ES needs a phytosanitary certificate" in explanation
    assert explanation.endswith(
        "[Example Plant Health Regulation, art. 72 (illustrative; cf. IPPC)]"
    )
    assert result["rule_packs"] == ["licences_certificates@2026.2"]
    assert result["rule_score"] == pytest.approx(0.5)


def test_an_item_no_rule_hits_is_green(make_frame):
    result = evaluate(
        make_frame(), [resolve_pack(p) for p in ("anti_dumping", "sanctions_embargo")]
    )
    assert {k: result.schema[k] for k in RESULT_SCHEMA} == RESULT_SCHEMA
    row = result.row(0, named=True)
    assert (row["rule_hits"], row["rule_score"], row["rule_channel"], row["rule_action"]) == (
        [],
        0.0,
        "green",
        "none",
    )


def test_documents_are_found_whatever_the_json_spacing(make_frame):
    frame = make_frame([{"hs_code": "080510"}]).with_columns(
        documents=pl.lit('[{"type" : "phytosanitary_certificate", "number": "P-1"}]')
    )
    assert _hits(frame, "licences_certificates") == [[]]


EFFECTIVE = """
pack: dated
version: "1"
title: Dated rules
rules:
  - id: D1
    title: Coffee before the measure
    legal_basis: Example
    effective_from: 2020-01-01
    effective_to: 2026-06-30
    when: {compare: {field: unit_value, op: gt, value: 1}}
    weight: 0.2
    explanation: "{unit_value} per unit"
  - id: D1
    title: Coffee after the measure
    legal_basis: Example
    effective_from: 2026-07-01
    when: {compare: {field: lodged_at, op: ge, value: 2026-07-01}}
    action: {channel: red}
    explanation: "lodged {lodged_at}"
"""


def test_effective_dates_apply_to_each_declarations_lodgement(make_frame, write_pack):
    pack = load_pack(write_pack(EFFECTIVE))
    frame = pl.concat(
        [make_frame(lodged_at="2026-03-01T00:00:00Z"), make_frame(lodged_at="2026-11-20T08:00:00Z")]
    )
    result = evaluate(frame, [pack])
    assert result["rule_explanations"].to_list() == [
        ["D1: 12.5 per unit [Example]"],
        ["D1: lodged 2026-11-20 08:00 UTC [Example]"],
    ]
    assert result["rule_channel"].to_list() == ["green", "red"]


def test_at_stands_in_for_a_missing_lodgement_time(make_frame, write_pack):
    pack = load_pack(write_pack(EFFECTIVE))
    frame = make_frame().with_columns(lodged_at=pl.lit(None, pl.Datetime("us", "UTC")))
    early = evaluate(frame, [pack], at=datetime(2026, 1, 1, tzinfo=UTC))
    assert evaluate(frame, [pack], at=datetime(2026, 8, 1, tzinfo=UTC))["rule_channel"][0] == "red"
    assert early["rule_channel"][0] == "green"


def test_rule_ids_must_be_unique_across_packs_run_together(write_pack, make_frame):
    first = load_pack(write_pack(EFFECTIVE, "a.yaml"))
    second = load_pack(write_pack(EFFECTIVE.replace("pack: dated", "pack: other"), "b.yaml"))
    with pytest.raises(ValueError, match="rule id 'D1' is in both dated@1 and other@1"):
        evaluate(make_frame(), [first, second])


def test_an_empty_batch_gets_the_result_columns(make_frame):
    result = evaluate(make_frame().clear(), [resolve_pack("anti_dumping")])
    assert result.is_empty() and set(RESULT_SCHEMA) <= set(result.columns)


def test_evaluating_twice_replaces_the_earlier_results(make_frame):
    packs = [resolve_pack("licences_certificates")]
    once = evaluate(make_frame([{"hs_code": "080510"}]), packs)
    assert evaluate(once, packs).equals(once)
