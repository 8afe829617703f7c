from decimal import Decimal

import polars as pl
import pytest

from smartcustoms.reference.tariff import ANY_ORIGIN, Tariff, TariffLine, default_tariff


@pytest.fixture
def tariff() -> Tariff:
    return Tariff(
        [
            TariffLine("09", ANY_ORIGIN, Decimal("15")),
            TariffLine("0901", ANY_ORIGIN, Decimal("8")),
            TariffLine("0901", "BR", Decimal("6")),
            TariffLine("0901", "VN", Decimal("0"), preferential=True),
        ]
    )


def test_longest_prefix_and_origin_specific_lines_win(tariff):
    assert tariff.rate("090121", "CO") == Decimal("8")
    assert tariff.rate("090121", "BR") == Decimal("6")
    assert tariff.rate("091011", "BR") == Decimal("15")


def test_preferential_rate_applies_only_when_claimed(tariff):
    assert tariff.rate("090121", "VN") == Decimal("8")
    assert tariff.rate("090121", "VN", preferential=True) == Decimal("0")
    assert tariff.rate("090121", "CO", preferential=True) == Decimal("8")


def test_uncovered_code_is_an_error(tariff):
    with pytest.raises(KeyError, match="8517"):
        tariff.rate("851713", "CN")


def test_vectorised_rates_match_the_scalar_lookup(tariff):
    hs = pl.Series(["090121", "090121", "091011", "090121"])
    origins = pl.Series(["BR", "VN", "BR", "VN"])
    claimed = pl.Series([False, True, False, False])
    rates = tariff.rates(hs, origins, claimed).to_list()
    expected = [
        float(tariff.rate(h, o, preferential=p))
        for h, o, p in zip(hs, origins, claimed, strict=True)
    ]
    assert rates == expected == [6.0, 0.0, 15.0, 8.0]


def test_schedule_loads_from_csv(tmp_path):
    path = tmp_path / "tariff.csv"
    path.write_text("hs_prefix,origin,rate_percent,preferential\n85,*,3,0\n8517.13,CN,12.5,0\n")
    loaded = Tariff.from_csv(path)
    assert loaded.rate("851713", "CN") == Decimal("12.5")
    assert loaded.rate("851762", "CN") == Decimal("3")


def test_bad_schedule_line_names_its_line(tmp_path):
    path = tmp_path / "tariff.csv"
    path.write_text("hs_prefix,origin,rate_percent\n85,*,three\n")
    with pytest.raises(ValueError, match=r"tariff.csv:2"):
        Tariff.from_csv(path)


def test_default_schedule_covers_every_chapter_and_prefers_partners():
    from smartcustoms.reference import hs

    tariff = default_tariff()
    for chapter in hs.chapters():
        assert tariff.rate(chapter.code + "0000", "US") >= 0
    assert tariff.rate("620342", "VN", preferential=True) < tariff.rate("620342", "VN")
