from smartcustoms.config import Settings, get_settings
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.risk.from_settings import screener_from_settings
from smartcustoms.rules.channel import Channel


def test_clean_coffee_goes_green_without_reasons(example):
    outcome = screener_from_settings(get_settings())(parse_declaration(example))
    assert outcome.channel is Channel.GREEN and outcome.reasons == [] and not outcome.hold


def test_plants_without_certificate_are_checked_with_the_legal_basis(example):
    example["goods_items"][0].update(hs_code="060110", description="Tulip bulbs, dormant")
    outcome = screener_from_settings(
        Settings(home=get_settings().home, rule_packs=["licences_certificates"])
    )(parse_declaration(example))
    assert outcome.channel is Channel.YELLOW
    assert [r["rule"] for r in outcome.reasons] == ["LC-PHYTO"]
    assert "phytosanitary" in outcome.reasons[0]["explanation"]
    assert outcome.reasons[0]["pack"].startswith("licences_certificates@")


def test_embargoed_origin_is_held_and_inspected(example):
    example["goods_items"][0]["origin_country"] = "KP"
    outcome = screener_from_settings(get_settings())(parse_declaration(example))
    assert outcome.channel is Channel.RED and outcome.hold
    assert outcome.risk_score > 0
    assert any(r["rule"].startswith("SE-") for r in outcome.reasons)
