import pytest

from smartcustoms.reference import iso_codes


def test_countries_are_iso_alpha2_in_capitals():
    assert iso_codes.is_country("BR")
    assert not iso_codes.is_country("br")
    assert not iso_codes.is_country("ZZ")
    assert iso_codes.country_name("BR") == "Brazil"
    with pytest.raises(KeyError):
        iso_codes.country_name("XX")


def test_currencies_are_iso_4217():
    assert iso_codes.is_currency("USD") and iso_codes.is_currency("CNY")
    assert not iso_codes.is_currency("US$")
    assert iso_codes.currency_name("EUR") == "Euro"
