"""The trading population: importers, customs brokers (declarants) and foreign sellers.

Activity is heavy-tailed (a few importers lodge most declarations), each importer trades a
handful of related products with a few regular suppliers, and every entity carries a hidden
compliance propensity. A small share of importers are fraudsters: new firms that appear during
the period, trade in duty-sensitive goods and cheat during a window of months before they stop.
"""

from dataclasses import dataclass

import numpy as np
import polars as pl

from smartcustoms.lab.trade import routes
from smartcustoms.lab.trade.descriptions import BRANDS
from smartcustoms.lab.trade.products import Catalogue
from smartcustoms.lab.trade.sampling import pick

PRODUCTS_PER_IMPORTER = 12
SUPPLIERS_PER_IMPORTER = 4
SUPPLIER_CHOICE = np.array([0.55, 0.25, 0.12, 0.08])
FRAUDSTER_SHARE = 0.04
ESTABLISHED_SHARE = 0.7
"""Share of importers already trading when the period starts; the rest appear during it."""

_CITIES = ("Shanghai", "Shenzhen", "Ningbo", "Guangzhou", "Tianjin", "Qingdao", "Xiamen",
           "Beijing", "Suzhou", "Hangzhou", "Dalian", "Chengdu", "Wuhan", "Zhengzhou")  # fmt: skip
_NAME_WORDS = ("Hengda", "Jinlong", "Huaxin", "Tianyu", "Ruifeng", "Dongfang", "Xinhai",
               "Baosheng", "Kaiyuan", "Longteng", "Yuanhang", "Zhongda", "Fuxing", "Meida",
               "Hongyun", "Jiahe", "Shengtai", "Anda", "Lianfa", "Wanli")  # fmt: skip
_TRADES = ("Trading", "Import & Export", "International Trade", "Industrial", "Supply Chain",
           "Foods", "Electronics", "Chemical", "Textile", "Machinery")  # fmt: skip
_LEGAL_FORMS = {"DE": "GmbH", "AT": "GmbH", "CH": "AG", "FR": "SAS", "IT": "S.p.A.",
                "ES": "S.L.", "NL": "B.V.", "GB": "Ltd", "US": "Inc.", "CA": "Inc.",
                "JP": "Co., Ltd.", "KR": "Co., Ltd.", "TW": "Co., Ltd.", "MY": "Sdn. Bhd.",
                "SG": "Pte. Ltd.", "VN": "JSC", "TH": "Co., Ltd.", "ID": "PT", "BR": "Ltda.",
                "AU": "Pty Ltd", "NZ": "Ltd", "IN": "Pvt. Ltd.", "RU": "LLC", "DK": "A/S",
                "PL": "Sp. z o.o.", "MX": "S.A. de C.V."}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Importers:
    """Importers sorted by the time they start trading (a fraction of the period, 0 = start)."""

    ids: pl.Series
    names: pl.Series
    appears: np.ndarray
    cumulative_activity: np.ndarray
    """Running sum of activity weights in appearance order, to draw among active importers."""
    propensity: np.ndarray
    fraud_window: np.ndarray
    """[importer, 2]: period fractions between which a fraudster cheats (empty for others)."""
    products: np.ndarray
    """[importer, PRODUCTS_PER_IMPORTER] product numbers, most traded first."""
    suppliers: np.ndarray
    """[importer, SUPPLIERS_PER_IMPORTER] seller numbers, most used first."""
    broker: np.ndarray
    self_declares: np.ndarray
    claims_preference: np.ndarray


@dataclass(frozen=True, slots=True)
class Brokers:
    """Customs brokers who lodge on behalf of importers."""

    ids: pl.Series
    names: pl.Series
    propensity: np.ndarray
    writes_chinese: np.ndarray


@dataclass(frozen=True, slots=True)
class Sellers:
    """Foreign sellers (exporters) with their country and brand."""

    ids: pl.Series
    names: pl.Series
    country: np.ndarray
    brand: np.ndarray
    propensity: np.ndarray


@dataclass(frozen=True, slots=True)
class Population:
    """Everyone who trades in one run."""

    importers: Importers
    brokers: Brokers
    sellers: Sellers


def population_size(declarations: int) -> tuple[int, int, int]:
    """(importers, brokers, sellers) for a run of ``declarations``: enough that the heavy tail
    shows, few enough that regular importers lodge many times."""
    importers = int(np.clip(declarations // 12, 40, 200_000))
    brokers = int(np.clip(importers // 25, 8, 5_000))
    sellers = int(np.clip(declarations // 6, 60, 400_000))
    return importers, brokers, sellers


def _ids(prefix: str, count: int, width: int) -> pl.Series:
    numbers = pl.Series(np.arange(1, count + 1)).cast(pl.String).str.zfill(width)
    return (prefix + numbers).rename("id")


def _chinese_firm_names(rng: np.random.Generator, size: int, trade: pl.Series) -> pl.Series:
    return (
        pick(rng, _CITIES, size) + " " + pick(rng, _NAME_WORDS, size) + " " + trade
    ) + " Co., Ltd"


def build_population(
    rng: np.random.Generator, catalogue: Catalogue, declarations: int
) -> Population:
    """Draws the importers, brokers and sellers of one run."""
    n_importers, n_brokers, n_sellers = population_size(declarations)
    sellers = _sellers(rng, n_sellers)
    brokers = Brokers(
        ids=_ids("BRK-", n_brokers, 4),
        names=_chinese_firm_names(
            rng, n_brokers, pl.Series(["Customs Brokerage"] * n_brokers, dtype=pl.String)
        ),
        propensity=rng.beta(0.8, 10.0, n_brokers),
        writes_chinese=rng.random(n_brokers) < 0.25,
    )
    return Population(_importers(rng, catalogue, n_importers, brokers, sellers), brokers, sellers)


def _company_names(brand: np.ndarray, country: pl.Series, trade: str = "") -> pl.Series:
    forms = country.replace_strict(_LEGAL_FORMS, default="Ltd")
    return pl.Series(BRANDS, dtype=pl.String).gather(brand) + trade + " " + forms


def front_companies(
    sellers: Sellers, seller: np.ndarray, hub: pl.Series
) -> tuple[pl.Series, pl.Series]:
    """(ids, names) of the trading companies in ``hub`` countries that relabelled goods are
    invoiced through: one per seller and hub, named after the seller's brand, so the invoice
    and the certificate of origin agree with the false origin."""
    numbers = pl.Series(seller).cast(pl.String).str.zfill(6)
    ids = "EXP-" + hub + "-R" + numbers
    return ids.rename("id"), _company_names(sellers.brand[seller], hub, " Trading")


def _sellers(rng: np.random.Generator, size: int) -> Sellers:
    country = rng.choice(len(routes.COUNTRIES), size, p=routes.supplier_weights())
    brand = rng.integers(0, len(BRANDS), size)
    countries = pl.Series(routes.COUNTRIES, dtype=pl.String).gather(country)
    names = _company_names(brand, countries)
    return Sellers(
        ids=("EXP-" + countries + "-" + _ids("", size, 6)).rename("id"),
        names=names,
        country=country,
        brand=brand,
        propensity=rng.beta(0.6, 12.0, size),
    )


def _related_products(
    rng: np.random.Generator, catalogue: Catalogue, first: np.ndarray
) -> np.ndarray:
    """Each row starts at a product and adds others, mostly from the same chapter (an importer
    of steel coils also buys steel sheet), some from anywhere."""
    size = len(first)
    chapter_start = np.searchsorted(catalogue.chapter, catalogue.chapter[first], side="left")
    chapter_end = np.searchsorted(catalogue.chapter, catalogue.chapter[first], side="right")
    width = PRODUCTS_PER_IMPORTER - 1
    same_chapter = chapter_start[:, None] + (
        rng.random((size, width)) * (chapter_end - chapter_start)[:, None]
    ).astype(np.int64)
    anywhere = rng.choice(catalogue.size, (size, width), p=catalogue.popularity)
    related = np.where(rng.random((size, width)) < 0.65, same_chapter, anywhere)
    return np.column_stack([first, related])


def _importers(
    rng: np.random.Generator,
    catalogue: Catalogue,
    size: int,
    brokers: Brokers,
    sellers: Sellers,
) -> Importers:
    fraudster = rng.random(size) < FRAUDSTER_SHARE
    window_start = rng.uniform(-0.2, 0.9, size)
    window = np.column_stack([window_start, window_start + rng.uniform(0.15, 0.5, size)])
    window = np.where(fraudster[:, None], window, 0.0)
    appears = np.where(rng.random(size) < ESTABLISHED_SHARE, 0.0, rng.random(size))
    appears = np.where(fraudster, np.clip(window[:, 0], 0.0, None), appears)
    order = np.argsort(appears, kind="stable")

    appeal = catalogue.popularity * catalogue.fraud_appeal**2
    first = np.where(
        fraudster,
        rng.choice(catalogue.size, size, p=appeal / appeal.sum()),
        rng.choice(catalogue.size, size, p=catalogue.popularity),
    )
    propensity = np.where(fraudster, rng.beta(4.0, 3.0, size), rng.beta(0.5, 14.0, size))
    activity = rng.lognormal(0.0, 1.4, size)
    trade = pick(rng, _TRADES, size)
    seller_weights = rng.pareto(1.5, len(sellers.country)) + 0.1
    suppliers = rng.choice(
        len(sellers.country),
        (size, SUPPLIERS_PER_IMPORTER),
        p=seller_weights / seller_weights.sum(),
    )
    broker_weights = rng.pareto(1.2, len(brokers.propensity)) + 0.05
    broker = rng.choice(len(brokers.propensity), size, p=broker_weights / broker_weights.sum())
    return Importers(
        ids=_ids("IMP-", size, 6),  # numbered in appearance order: a higher id is a newer firm
        names=_chinese_firm_names(rng, size, trade).gather(order),
        appears=appears[order],
        cumulative_activity=np.cumsum(activity[order]),
        propensity=propensity[order],
        fraud_window=window[order],
        products=_related_products(rng, catalogue, first)[order],
        suppliers=suppliers[order],
        broker=broker[order],
        self_declares=(rng.random(size) < 0.12)[order],
        claims_preference=(rng.random(size) < 0.85)[order],
    )
