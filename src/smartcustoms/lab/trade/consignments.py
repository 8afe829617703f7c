"""Consignments as they really are, before anyone lies about them: who trades with whom, how
the goods travel, and what each goods item truly is, weighs and costs."""

from dataclasses import dataclass

import numpy as np

from smartcustoms.lab.trade import routes
from smartcustoms.lab.trade.entities import SUPPLIER_CHOICE
from smartcustoms.lab.trade.products import UNITS
from smartcustoms.lab.trade.world import World
from smartcustoms.reference.tariff import PREFERENTIAL_PARTNERS

PARTNER = np.isin(routes.COUNTRIES, PREFERENTIAL_PARTNERS)
"""Per country in :data:`routes.COUNTRIES`: does an FTA give it a preferential rate?"""
_VIA = np.array([routes.COUNTRY_INDEX[c] for c in routes.LEGITIMATE_VIA])
_KGM, _LTR = UNITS.index("KGM"), UNITS.index("LTR")
HEAVY_PACKING_SHARE = 0.03
"""Goods crated or palletised so heavily that gross mass is far above net, honestly."""


@dataclass(frozen=True, slots=True)
class Consignments:
    """One batch: per-declaration arrays (length = declarations) and per-item arrays."""

    period_time: np.ndarray
    """When each declaration is lodged, as a fraction of the period (sorted)."""
    lodged_us: np.ndarray
    importer: np.ndarray
    seller: np.ndarray
    seller_country: np.ndarray
    broker: np.ndarray
    self_declares: np.ndarray
    mode: np.ndarray
    """Index into routes.TRANSPORT_MODES."""
    departure: np.ndarray
    currency: np.ndarray

    declaration: np.ndarray
    """Per item: its declaration's position in the batch."""
    sequence: np.ndarray
    product: np.ndarray
    origin: np.ndarray
    unit: np.ndarray
    counted: np.ndarray
    """Goods counted in pieces, pairs or heads (quantities are whole numbers)."""
    quantity: np.ndarray
    net_mass: np.ndarray
    gross_mass: np.ndarray
    value_cents: np.ndarray
    """Item value in the declaration currency, in hundredths."""
    preference: np.ndarray

    @property
    def declarations(self) -> int:
        return len(self.period_time)

    @property
    def items(self) -> int:
        return len(self.declaration)


def _transport_mode(rng: np.random.Generator, seller_country: np.ndarray) -> np.ndarray:
    """Index into TRANSPORT_MODES per declaration: land routes only from neighbours and rail
    partners, air and post for a share of everything, sea for the rest."""
    countries = np.array(routes.COUNTRIES)[seller_country]
    size = len(countries)
    shares = np.column_stack(  # air, road, rail, post
        [
            np.full(size, 0.14),
            np.where(np.isin(countries, list(routes.LAND_NEIGHBOURS)), 0.45, 0.0),
            np.where(np.isin(countries, list(routes.RAIL_PARTNERS)), 0.12, 0.0),
            np.full(size, 0.02),
        ]
    )
    passed = (rng.random(size)[:, None] >= np.cumsum(shares, axis=1)).sum(axis=1)
    modes = [routes.TRANSPORT_MODES.index(m) for m in ("air", "road", "rail", "post", "sea")]
    return np.array(modes, dtype=np.int8)[passed]


def _items_per_declaration(rng: np.random.Generator, size: int) -> np.ndarray:
    """Mostly one to a few items; one declaration in twenty is a large mixed consignment."""
    large = rng.random(size) < 0.06
    counts = np.where(large, rng.geometric(0.06, size), rng.geometric(0.38, size))
    return np.clip(counts, 1, 200)


def draw_consignments(
    rng: np.random.Generator, world: World, period_time: np.ndarray
) -> Consignments:
    """Draws the declarations lodged at ``period_time`` and their goods, truthfully."""
    catalogue, importers = world.catalogue, world.population.importers
    size = len(period_time)

    # among importers already trading, pick by activity
    active = np.maximum(np.searchsorted(importers.appears, period_time, side="right"), 1)
    draw = rng.random(size) * importers.cumulative_activity[active - 1]
    importer = np.minimum(
        np.searchsorted(importers.cumulative_activity, draw, side="right"), active - 1
    )
    supplier_slot = rng.choice(len(SUPPLIER_CHOICE), size, p=SUPPLIER_CHOICE)
    seller = importers.suppliers[importer, supplier_slot]
    seller_country = world.population.sellers.country[seller]
    broker = np.where(
        rng.random(size) < 0.85,
        importers.broker[importer],
        rng.integers(0, len(world.population.brokers.propensity), size),
    )
    mode = _transport_mode(rng, seller_country)
    departure = np.where(
        (mode == routes.TRANSPORT_MODES.index("sea")) & (rng.random(size) < 0.06),
        _VIA[rng.integers(0, len(_VIA), size)],
        seller_country,
    )
    currency_draw = rng.random(size)
    currency = np.select(
        [currency_draw < 0.65, currency_draw < 0.9],
        [routes.CURRENCIES.index("USD"), routes.local_currency_index()[seller_country]],
        routes.CURRENCIES.index("CNY"),
    )
    counts = _items_per_declaration(rng, size)

    declaration = np.repeat(np.arange(size), counts)
    n_items = len(declaration)
    sequence = np.arange(n_items) - np.repeat(np.cumsum(counts) - counts, counts) + 1
    slot = np.minimum(rng.geometric(0.35, n_items) - 1, importers.products.shape[1] - 1)
    product = importers.products[importer[declaration], slot]
    origin = np.where(
        rng.random(n_items) < 0.88,
        seller_country[declaration],
        rng.choice(len(routes.COUNTRIES), n_items, p=routes.supplier_weights()),
    )
    unit = catalogue.unit[product]
    counted = (unit != _KGM) & (unit != _LTR)
    mass_scale = np.array([routes.MASS_SCALE[m] for m in routes.TRANSPORT_MODES])
    quantity = (
        catalogue.median_quantity[product]
        * mass_scale[mode[declaration]]
        * rng.lognormal(0.0, 0.8, n_items)
    )
    quantity = np.round(np.where(counted, np.maximum(1, np.rint(quantity)), quantity), 1)
    quantity = np.maximum(quantity, 0.1)
    per_unit = catalogue.kg_per_unit[product] * rng.lognormal(0.0, 0.05, n_items)
    net_mass = np.where(unit == _KGM, quantity, np.maximum(0.01, np.round(quantity * per_unit, 2)))
    packing = catalogue.packaging_ratio[product] * rng.uniform(0.6, 1.4, n_items)
    packing = np.where(
        rng.random(n_items) < HEAVY_PACKING_SHARE, rng.uniform(0.2, 0.6, n_items), packing
    )
    log_unit_value = (
        catalogue.log_unit_value[product]
        + routes.price_levels()[origin]
        + catalogue.origin_offset[product, origin]
        + catalogue.value_sigma[product] * rng.standard_normal(n_items)
    )
    per_usd = routes.usd_rates()[currency[declaration]]
    return Consignments(
        period_time=period_time,
        lodged_us=world.period_start_us + (period_time * world.period_us).astype(np.int64),
        importer=importer,
        seller=seller,
        seller_country=seller_country,
        broker=broker,
        self_declares=importers.self_declares[importer],
        mode=mode,
        departure=departure,
        currency=currency,
        declaration=declaration,
        sequence=sequence,
        product=product,
        origin=origin,
        unit=unit,
        counted=counted,
        quantity=quantity,
        net_mass=net_mass,
        gross_mass=np.round(net_mass * (1 + packing), 2),
        value_cents=np.maximum(100, np.rint(quantity * np.exp(log_unit_value) * per_usd * 100)),
        preference=PARTNER[origin] & importers.claims_preference[importer[declaration]],
    )
