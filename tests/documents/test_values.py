from datetime import date
from decimal import Decimal

import pytest

from smartcustoms.documents import values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15,000.00", "15000.00"),
        ("USD 15,000.00", "15000.00"),
        ("USD15,000.00", "15000.00"),
        ("l,2O0.50", "1200.50"),
        ("1 200.5 kg", "1200.5"),
        ("12,5", "12.5"),
    ],
)
def test_numbers_survive_ocr_confusions(text, expected):
    assert values.parse_number(text) == Decimal(expected)


def test_no_number_in_words():
    assert values.parse_number("Signature and stamp") is None


@pytest.mark.parametrize(
    "text",
    ["2026-11-01", "2026年11月01日", "2026 年 11 月 1 日", "01.11.2026", "01 Nov 2026",
     "01Nov2026", "Nov 01, 2026", "0l.11.2O26"],
)  # fmt: skip
def test_dates_in_every_printed_form(text):
    assert values.parse_date(text) == date(2026, 11, 1)


def test_impossible_date_is_none():
    assert values.parse_date("2026-13-45") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0901.21", "090121"), ("HS: 09O1.2l", "090121"), ("8471.30.00", "84713000"), ("12", None)],
)
def test_hs_codes(text, expected):
    assert values.parse_hs(text) == expected


def test_quantity_and_unit_with_and_without_space():
    assert values.parse_quantity("1,200 KGM") == (Decimal("1200"), "KGM")
    assert values.parse_quantity("17699.4KGM") == (Decimal("17699.4"), "KGM")
    assert values.parse_quantity("46 PCE") == (Decimal("46"), "PCE")


def test_countries_in_english_chinese_and_misread():
    assert values.parse_country("Brazil") == "BR"
    assert values.parse_country("巴西") == "BR"
    assert values.parse_country("中国台湾") == "TW"
    assert values.parse_country("Brazl") == "BR"
    assert values.parse_country("Signature") is None


def test_full_width_forms_normalise():
    assert values.normalise("Invoice　No．：ＩＮＶ－１２３") == "Invoice No.:INV-123"
    assert values.comparable("Co., Ltd") == values.comparable("co ltd")
