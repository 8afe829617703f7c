"""Reference codes: HS2022 nomenclature, ISO countries and currencies, the tariff."""
