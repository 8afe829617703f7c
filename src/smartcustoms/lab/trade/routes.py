"""The trading world around the importing country (China, whose FTA partners the default tariff
lists): supplier countries and their weight in trade, price levels, currencies, transport modes,
offices of lodgement and transshipment hubs.

Everything here is a fixed, ordered tuple so that index arrays drawn by the generator mean the
same thing on every run.
"""

from dataclasses import dataclass

import numpy as np

IMPORTING_COUNTRY = "CN"


@dataclass(frozen=True, slots=True)
class Supplier:
    """A supplier country: its share of trade, price level (log factor) and invoice currency."""

    country: str
    weight: float
    price_level: float
    currency: str


SUPPLIERS: tuple[Supplier, ...] = (
    Supplier("KR", 9.0, 0.10, "USD"), Supplier("JP", 8.0, 0.25, "JPY"),
    Supplier("US", 8.0, 0.30, "USD"), Supplier("TW", 7.0, 0.15, "USD"),
    Supplier("AU", 6.0, 0.10, "AUD"), Supplier("DE", 5.5, 0.35, "EUR"),
    Supplier("BR", 5.0, -0.10, "USD"), Supplier("VN", 4.5, -0.30, "USD"),
    Supplier("MY", 4.0, -0.15, "USD"), Supplier("RU", 4.0, -0.20, "USD"),
    Supplier("TH", 3.0, -0.20, "USD"), Supplier("ID", 3.0, -0.25, "USD"),
    Supplier("SA", 2.5, -0.10, "USD"), Supplier("FR", 2.5, 0.35, "EUR"),
    Supplier("IT", 2.0, 0.35, "EUR"), Supplier("CH", 2.0, 0.50, "CHF"),
    Supplier("IN", 2.0, -0.35, "USD"), Supplier("SG", 2.0, 0.10, "SGD"),
    Supplier("CA", 2.0, 0.20, "CAD"), Supplier("GB", 1.8, 0.30, "GBP"),
    Supplier("NL", 1.5, 0.30, "EUR"), Supplier("ES", 1.2, 0.20, "EUR"),
    Supplier("CL", 1.5, -0.05, "USD"), Supplier("NZ", 1.0, 0.15, "NZD"),
    Supplier("PH", 1.0, -0.25, "USD"), Supplier("MX", 1.0, -0.10, "USD"),
    Supplier("ZA", 0.8, -0.10, "USD"), Supplier("PE", 0.8, -0.10, "USD"),
    Supplier("KZ", 0.8, -0.20, "USD"), Supplier("MN", 0.6, -0.30, "USD"),
    Supplier("DK", 0.6, 0.35, "EUR"), Supplier("PL", 0.6, 0.05, "EUR"),
    Supplier("TR", 0.6, -0.10, "USD"), Supplier("KH", 0.5, -0.40, "USD"),
    Supplier("PK", 0.5, -0.40, "USD"), Supplier("AE", 0.5, 0.05, "USD"),
    Supplier("HK", 0.5, 0.10, "HKD"), Supplier("NG", 0.3, -0.30, "USD"),
    Supplier("AR", 0.4, -0.10, "USD"), Supplier("GE", 0.2, -0.30, "USD"),
    Supplier("CR", 0.2, -0.10, "USD"), Supplier("MM", 0.3, -0.40, "USD"),
    Supplier("LA", 0.2, -0.40, "USD"),
)  # fmt: skip
COUNTRIES: tuple[str, ...] = tuple(s.country for s in SUPPLIERS)
COUNTRY_INDEX: dict[str, int] = {c: i for i, c in enumerate(COUNTRIES)}

USD_RATES: dict[str, float] = {
    "USD": 1.0, "EUR": 0.92, "JPY": 150.0, "AUD": 1.52, "CHF": 0.88, "SGD": 1.34,
    "CAD": 1.36, "GBP": 0.79, "NZD": 1.65, "HKD": 7.8, "CNY": 7.2,
}  # fmt: skip
"""Units of each currency per US dollar: fixed, illustrative rates (a synthetic world needs no
market feed, and fixed rates keep the output reproducible)."""
CURRENCIES: tuple[str, ...] = tuple(USD_RATES)

TRANSPORT_MODES = ("sea", "air", "road", "rail", "post")
OFFICES: dict[str, tuple[str, ...]] = {
    "sea": ("CNSHA", "CNNGB", "CNSZX", "CNTAO", "CNTSN", "CNXMN"),
    "air": ("CNPVG", "CNPEK", "CNCAN", "CNCTU"),
    "road": ("CNPXG", "CNERL", "CNKHG"),
    "rail": ("CNCGO", "CNMZH", "CNXIY"),
    "post": ("CNBJS", "CNSHP"),
}
"""UN/LOCODE-style offices of lodgement per transport mode (illustrative codes)."""
OFFICE_WEIGHTS: dict[str, tuple[float, ...]] = {
    "sea": (0.30, 0.22, 0.18, 0.12, 0.10, 0.08),
    "air": (0.45, 0.25, 0.20, 0.10),
    "road": (0.50, 0.25, 0.25),
    "rail": (0.50, 0.30, 0.20),
    "post": (0.60, 0.40),
}
MASS_SCALE = {"sea": 1.0, "air": 0.08, "road": 0.6, "rail": 0.8, "post": 0.003}
"""Consignment size by mode relative to a sea shipment: air and post carry small lots."""

LAND_NEIGHBOURS = frozenset({"VN", "MN", "KZ", "RU", "LA", "MM", "PK"})
RAIL_PARTNERS = frozenset({"DE", "PL", "RU", "KZ", "NL", "IT", "ES", "FR", "GB"})

TRANSSHIPMENT_HUBS: tuple[str, ...] = ("MY", "VN", "TH", "SG", "KH")
"""Where goods under anti-dumping measures are relabelled; all are FTA partners, so the false
origin also earns a preference."""
LEGITIMATE_VIA: tuple[str, ...] = ("SG", "HK", "KR", "MY")
"""Hubs that carry honest cargo too, so that departure != origin alone proves nothing."""

INCOTERMS = ("FOB", "CIF", "CFR", "EXW", "FCA", "DAP", "CIP", "DDP")
INCOTERM_WEIGHTS = (0.34, 0.28, 0.12, 0.08, 0.08, 0.05, 0.03, 0.02)


def supplier_weights() -> np.ndarray:
    """Trade shares of :data:`SUPPLIERS` as probabilities."""
    weights = np.array([s.weight for s in SUPPLIERS])
    return weights / weights.sum()


def price_levels() -> np.ndarray:
    """Log price factor per supplier country, in :data:`COUNTRIES` order."""
    return np.array([s.price_level for s in SUPPLIERS])


def local_currency_index() -> np.ndarray:
    """Index into :data:`CURRENCIES` of each supplier country's invoicing currency."""
    return np.array([CURRENCIES.index(s.currency) for s in SUPPLIERS])


def usd_rates() -> np.ndarray:
    """Units per US dollar in :data:`CURRENCIES` order."""
    return np.array(list(USD_RATES.values()))
