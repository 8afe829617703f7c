"""Fraud injection: turns true consignments into what the declarations say, and records what an
inspection would find (kind of fraud, true values, the duty it would recover).

Each kind changes the declared fields the way that fraud does in practice:
- undervaluation: the invoice value is cut to 20-60 % of the true value;
- misclassification: a lower-duty subheading is declared, the description still tells the truth;
- origin misdeclaration: goods under anti-dumping duty from a covered origin are declared as
  from a transshipment hub (which also earns the hub's FTA preference), departing from there;
- quantity misstatement: quantity, net mass and value are cut together (unit value looks
  normal), while the gross mass, weighed by the carrier, stays true;
- restricted goods without licence: the licence or certificate the goods need is not attached;
- concealment: prohibited goods ride hidden in the load, adding gross mass (critical).
"""

from dataclasses import dataclass

import numpy as np
import polars as pl

from smartcustoms.lab.trade import measures, routes
from smartcustoms.lab.trade.consignments import PARTNER, Consignments
from smartcustoms.lab.trade.fraud import FRAUD_TYPES, FraudType, choose_types, item_probability
from smartcustoms.lab.trade.products import DOCUMENT_TYPES
from smartcustoms.lab.trade.world import World

COUNTRIES = pl.Series(routes.COUNTRIES, dtype=pl.String)
_HUBS = np.array([routes.COUNTRY_INDEX[c] for c in routes.TRANSSHIPMENT_HUBS])
_BULK_MODES = [routes.TRANSPORT_MODES.index(m) for m in ("sea", "road", "rail")]
HIDEABLE_SHARE = 0.25
"""Share of full loads whose packing would let goods be hidden inside."""


@dataclass(frozen=True, slots=True)
class Declared:
    """The declared side of a batch (after fraud) and the labels behind it."""

    kind: np.ndarray
    """Index into FRAUD_TYPES per item; -1 for a clean item."""
    product: np.ndarray
    origin: np.ndarray
    quantity: np.ndarray
    net_mass: np.ndarray
    gross_mass: np.ndarray
    value_cents: np.ndarray
    preference: np.ndarray
    departure: np.ndarray
    via_hub: np.ndarray
    """Per declaration: goods relabelled through a hub, invoiced by a front company there."""
    exporter_country: np.ndarray
    missing_documents: np.ndarray
    """[declaration, document type]: a document the goods need that the trader left out."""
    true_origin: np.ndarray
    duty_at_risk: np.ndarray
    critical: np.ndarray
    concealed_goods: pl.Series


def is_kind(kind: np.ndarray, fraud_type: FraudType) -> np.ndarray:
    """Per item: does it carry this kind of fraud?"""
    return kind == FRAUD_TYPES.index(fraud_type)


def _open_kinds(
    rng: np.random.Generator, world: World, goods: Consignments, honest_rate: np.ndarray
) -> np.ndarray:
    """[item, kind]: which kinds of fraud the goods allow (and are worth the risk)."""
    catalogue, product = world.catalogue, goods.product
    dutiable = honest_rate > 0  # hiding value or quantity only pays where duty is due
    withheld = catalogue.withheld_document[product]
    # a document can go missing unnoticed only where a single item of the consignment needs it;
    # otherwise its absence would take clean items down with it
    needing = np.column_stack(
        [
            np.bincount(goods.declaration, weights=column, minlength=goods.declarations)
            for column in catalogue.required_documents[product].T
        ]
    )
    alone = needing[goods.declaration, np.maximum(withheld, 0)] == 1
    # smugglers hide goods in full loads that are rarely opened, not in parcels
    hideable = np.isin(goods.mode[goods.declaration], _BULK_MODES)
    hideable &= rng.random(goods.items) < HIDEABLE_SHARE
    return np.column_stack(
        [
            dutiable,
            dutiable & (catalogue.decoy[product] >= 0),
            catalogue.anti_dumping_rate[product].max(axis=1) > 0,
            dutiable,
            (withheld >= 0) & alone,
            hideable,
        ]
    )


def _fraud_score(world: World, goods: Consignments) -> np.ndarray:
    """Relative chance of fraud per item: the importer (more so inside a fraudster's window),
    broker, seller, route and product, with the product's trend over the period."""
    people, catalogue = world.population, world.catalogue
    importer = goods.importer[goods.declaration]
    window = people.importers.fraud_window[importer]
    at = goods.period_time[goods.declaration]
    in_window = (window[:, 0] <= at) & (at < window[:, 1])
    return (
        people.importers.propensity[importer] * np.where(in_window, 3.0, 1.0)
        * (0.5 + 5 * people.brokers.propensity[goods.broker[goods.declaration]])
        * (0.5 + 5 * people.sellers.propensity[goods.seller[goods.declaration]])
        * world.drift.route_risk[goods.origin]
        * catalogue.fraud_appeal[goods.product]
        * np.exp(world.drift.product_trend[goods.product] * (at - 0.5) * 2)
    )  # fmt: skip


def inject_fraud(rng: np.random.Generator, world: World, goods: Consignments) -> Declared:
    """Decides which items carry fraud and of which kind, and writes the declared values."""
    catalogue, n_items, product = world.catalogue, goods.items, goods.product
    honest_rate = world.duty_rates(product, goods.origin, goods.preference)
    allowed = _open_kinds(rng, world, goods, honest_rate)
    score = _fraud_score(world, goods) * allowed.any(axis=1)  # rate is met where fraud can be
    fraudulent = rng.random(n_items) < item_probability(score, world.params.fraud_rate)
    kind = choose_types(
        rng, world.drift, goods.period_time[goods.declaration], allowed & fraudulent[:, None]
    )

    declared_product = np.where(
        is_kind(kind, FraudType.MISCLASSIFICATION), catalogue.decoy[product], product
    )
    value = np.where(
        is_kind(kind, FraudType.UNDERVALUATION),
        np.maximum(100, np.rint(goods.value_cents * rng.uniform(0.2, 0.6, n_items))),
        goods.value_cents,
    )
    shrink = np.where(
        is_kind(kind, FraudType.QUANTITY_MISSTATEMENT), rng.uniform(0.4, 0.75, n_items), 1
    )
    shrunk = shrink < 1
    quantity = np.where(
        goods.counted,
        np.maximum(1, np.rint(goods.quantity * shrink)),
        np.maximum(0.1, np.round(goods.quantity * shrink, 1)),
    )
    net_mass = np.where(
        shrunk, np.maximum(0.01, np.round(goods.net_mass * shrink, 2)), goods.net_mass
    )
    value = np.where(shrunk, np.maximum(100, np.rint(value * shrink)), value)
    concealed = is_kind(kind, FraudType.CONCEALMENT)
    hidden_mass = np.where(concealed, goods.net_mass * rng.uniform(0.3, 0.9, n_items), 0.0)
    concealed_goods = pl.Series([name for _, name in measures.CONCEALED_GOODS], dtype=pl.String)
    concealed_goods = concealed_goods.gather(
        rng.integers(0, len(measures.CONCEALED_GOODS), n_items)
    )

    # transshipment: the true origin is one the measure covers; the declared origin is the hub
    relabelled = is_kind(kind, FraudType.ORIGIN_MISDECLARATION)
    covered = catalogue.anti_dumping_rate[product] > 0
    true_origin = np.where(
        relabelled, np.argmax(covered * rng.random(covered.shape), axis=1), goods.origin
    )
    hub = _HUBS[rng.integers(0, len(_HUBS), goods.declarations)]
    origin = np.where(relabelled, hub[goods.declaration], goods.origin)
    via_hub = np.zeros(goods.declarations, dtype=bool)
    via_hub[goods.declaration[relabelled]] = True
    preference = np.where(relabelled, True, goods.preference)

    withheld = is_kind(kind, FraudType.RESTRICTED_WITHOUT_LICENCE)
    missing = np.zeros((goods.declarations, len(DOCUMENT_TYPES)), dtype=bool)
    missing[goods.declaration[withheld], catalogue.withheld_document[product][withheld]] = True

    # the duty an inspection recovers: true duty less declared duty, never negative
    true_rate = honest_rate.copy()
    true_rate[relabelled] = world.duty_rates(
        product[relabelled],
        true_origin[relabelled],
        goods.preference[relabelled] & PARTNER[true_origin[relabelled]],
    )
    declared_rate = world.duty_rates(declared_product, origin, preference)
    duty_at_risk = np.maximum(0.0, true_rate * goods.value_cents - declared_rate * value) / 10_000
    return Declared(
        kind=kind,
        product=declared_product,
        origin=origin,
        quantity=quantity,
        net_mass=net_mass,
        gross_mass=np.round(goods.gross_mass + hidden_mass, 2),
        value_cents=value,
        preference=preference,
        departure=np.where(via_hub, hub, goods.departure),
        via_hub=via_hub,
        exporter_country=np.where(via_hub, hub, goods.seller_country),
        missing_documents=missing,
        true_origin=true_origin,
        duty_at_risk=np.where(kind >= 0, np.round(duty_at_risk, 2), 0.0),
        critical=concealed | (withheld & catalogue.safety_critical[product]),
        concealed_goods=concealed_goods,
    )
