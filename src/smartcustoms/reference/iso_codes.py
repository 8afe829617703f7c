"""ISO 3166-1 alpha-2 countries and ISO 4217 currencies, from pycountry."""

from functools import cache

import pycountry


@cache
def country_codes() -> frozenset[str]:
    """Alpha-2 codes of every ISO 3166-1 country."""
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def currency_codes() -> frozenset[str]:
    """Alpha-3 codes of every ISO 4217 currency."""
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def is_country(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code written in capitals, such as 'BR'."""
    return code in country_codes()


def is_currency(code: str) -> bool:
    """True for an ISO 4217 code written in capitals, such as 'USD'."""
    return code in currency_codes()


def country_name(code: str) -> str:
    """The ISO short name of a country; raises KeyError for an unknown code."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise KeyError(code)
    return country.name


def currency_name(code: str) -> str:
    """The ISO name of a currency; raises KeyError for an unknown code."""
    currency = pycountry.currencies.get(alpha_3=code)
    if currency is None:
        raise KeyError(code)
    return currency.name
