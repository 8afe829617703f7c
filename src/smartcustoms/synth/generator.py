"""The generator: declarations in chronological batches, as item frames with their labels.

One random generator (PCG64 seeded from the run's seed) drives everything in a fixed order, and
batches have a fixed size, so the same arguments give the same data on any machine. Work is
columnar: per-declaration and per-item numpy arrays become polars columns of the canonical item
frame, with no Python object per goods item.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import polars as pl

from smartcustoms.declarations.frame import conform
from smartcustoms.declarations.models import DocumentType
from smartcustoms.reference.tariff import PREFERENTIAL_PARTNERS, Tariff, default_tariff
from smartcustoms.synth import measures, routes
from smartcustoms.synth.descriptions import describe
from smartcustoms.synth.documents import Attached, documents_json
from smartcustoms.synth.entities import SUPPLIER_CHOICE, Population, build_population
from smartcustoms.synth.fraud import (
    FRAUD_TYPES,
    Drift,
    FraudType,
    choose_types,
    draw_drift,
    item_probability,
)
from smartcustoms.synth.params import GenerationParams
from smartcustoms.synth.products import DOCUMENT_TYPES, UNITS, Catalogue, build_catalogue

BATCH_DECLARATIONS = 20_000
"""Declarations per batch. Part of the output's identity: changing it changes the data."""

LABEL_SCHEMA: dict[str, pl.DataType] = {
    "declaration_id": pl.String(),
    "sequence": pl.Int32(),
    "fraud": pl.Int8(),
    "fraud_type": pl.String(),
    "critical": pl.Boolean(),
    "duty_at_risk": pl.Float64(),
    "true_hs_code": pl.String(),
    "true_origin_country": pl.String(),
    "true_value": pl.Float64(),
    "true_net_mass_kg": pl.Float64(),
    "concealed_goods": pl.String(),
}
"""The labels file: the four label columns of the frame, then what an inspection would find.
``duty_at_risk`` and ``true_value`` are in the declaration currency, like ``value``."""

_COUNTRIES = pl.Series(routes.COUNTRIES, dtype=pl.String)
_UNITS = pl.Series(UNITS, dtype=pl.String)
_KGM, _LTR = UNITS.index("KGM"), UNITS.index("LTR")
_PARTNER = np.isin(routes.COUNTRIES, PREFERENTIAL_PARTNERS)
_HUBS = np.array([routes.COUNTRY_INDEX[c] for c in routes.TRANSSHIPMENT_HUBS])
_VIA = np.array([routes.COUNTRY_INDEX[c] for c in routes.LEGITIMATE_VIA])
_CONTAINER_OWNERS = ("MSKU", "MSCU", "CMAU", "COSU", "OOLU", "EGLU", "HLXU", "ONEU")
_CARRIERS = ("MAEU", "MEDU", "CMDU", "COSU", "OOLU")
_AIRLINES = ("784-", "999-", "176-", "618-", "160-", "297-", "180-", "020-")
_MICROSECONDS_PER_DAY = 86_400_000_000
_BULK_MODES = [routes.TRANSPORT_MODES.index(m) for m in ("sea", "road", "rail")]


@dataclass(frozen=True, slots=True)
class World:
    """What stays fixed across the batches of one run."""

    params: GenerationParams
    tariff: Tariff
    catalogue: Catalogue
    population: Population
    drift: Drift
    period_start_us: int
    period_us: int


def build_world(
    rng: np.random.Generator, params: GenerationParams, tariff: Tariff | None = None
) -> World:
    """Draws the catalogue, the population and the period's fraud trends."""
    catalogue = build_catalogue(rng, tariff or default_tariff())
    start = datetime(params.start.year, params.start.month, 1, tzinfo=UTC)
    end = datetime(params.end.year, params.end.month, 1, tzinfo=UTC)
    return World(
        params=params,
        tariff=tariff or default_tariff(),
        catalogue=catalogue,
        population=build_population(rng, catalogue, params.declarations),
        drift=draw_drift(rng, catalogue.size),
        period_start_us=int(start.timestamp()) * 1_000_000,
        period_us=int((end - start).total_seconds()) * 1_000_000,
    )


def iter_batches(
    params: GenerationParams, tariff: Tariff | None = None
) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
    """Yields (item frame, labels frame) per batch, oldest declarations first.

    The arguments must already be checked (:meth:`GenerationParams.check`).
    """
    rng = np.random.Generator(np.random.PCG64(params.seed))
    world = build_world(rng, params, tariff)
    period_time = np.sort(rng.random(params.declarations))
    for first in range(0, params.declarations, BATCH_DECLARATIONS):
        yield _batch(rng, world, period_time[first : first + BATCH_DECLARATIONS], first)


def _choose_by_mode(rng: np.random.Generator, mode: np.ndarray) -> pl.Series:
    """An office of lodgement per declaration, drawn among the offices for its transport mode."""
    offices = pl.Series(np.full(len(mode), "", dtype=object), dtype=pl.String)
    for index, name in enumerate(routes.TRANSPORT_MODES):
        where = np.flatnonzero(mode == index)
        choice = rng.choice(len(routes.OFFICES[name]), len(where), p=routes.OFFICE_WEIGHTS[name])
        offices = offices.scatter(where, pl.Series(routes.OFFICES[name]).gather(choice))
    return offices


def _codes(rng: np.random.Generator, prefixes: tuple[str, ...], digits: int, n: int) -> pl.Series:
    numbers = pl.Series(rng.integers(0, 10**digits, n)).cast(pl.String).str.zfill(digits)
    return pl.Series(prefixes, dtype=pl.String).gather(rng.integers(0, len(prefixes), n)) + numbers


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


def _where(mask: np.ndarray, values: pl.Series, otherwise: pl.Series | None = None) -> pl.Series:
    """``values`` where ``mask`` holds, else ``otherwise`` (null when not given)."""
    if otherwise is None:
        otherwise = pl.Series([None] * len(values), dtype=values.dtype)
    return values.zip_with(pl.Series(mask), otherwise)


def _batch(
    rng: np.random.Generator, world: World, period_time: np.ndarray, first_serial: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    catalogue, people, params = world.catalogue, world.population, world.params
    importers, sellers, brokers = people.importers, people.sellers, people.brokers
    n_declarations = len(period_time)

    # declaration headers ------------------------------------------------------------------
    lodged_us = world.period_start_us + (period_time * world.period_us).astype(np.int64)
    active = np.maximum(np.searchsorted(importers.appears, period_time, side="right"), 1)
    draw = rng.random(n_declarations) * importers.cumulative_activity[active - 1]
    importer = np.minimum(
        np.searchsorted(importers.cumulative_activity, draw, side="right"), active - 1
    )
    supplier_slot = rng.choice(len(SUPPLIER_CHOICE), n_declarations, p=SUPPLIER_CHOICE)
    seller = importers.suppliers[importer, supplier_slot]
    seller_country = sellers.country[seller]
    broker = np.where(
        rng.random(n_declarations) < 0.85,
        importers.broker[importer],
        rng.integers(0, len(brokers.propensity), n_declarations),
    )
    self_declares = importers.self_declares[importer]
    mode = _transport_mode(rng, seller_country)
    departure = np.where(
        (mode == routes.TRANSPORT_MODES.index("sea")) & (rng.random(n_declarations) < 0.06),
        _VIA[rng.integers(0, len(_VIA), n_declarations)],
        seller_country,
    )
    currency_draw = rng.random(n_declarations)
    currency = np.where(
        currency_draw < 0.65,
        routes.CURRENCIES.index("USD"),
        np.where(
            currency_draw < 0.9,
            routes.local_currency_index()[seller_country],
            routes.CURRENCIES.index("CNY"),
        ),
    )
    items_per_declaration = np.clip(
        np.where(
            rng.random(n_declarations) < 0.06,
            rng.geometric(0.06, n_declarations),
            rng.geometric(0.38, n_declarations),
        ),
        1,
        200,
    )

    # goods items: the truth ----------------------------------------------------------------
    declaration = np.repeat(np.arange(n_declarations), items_per_declaration)
    n_items = len(declaration)
    starts = np.cumsum(items_per_declaration) - items_per_declaration
    sequence = np.arange(n_items) - np.repeat(starts, items_per_declaration) + 1
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
    quantity = np.where(counted, np.maximum(1, np.rint(quantity)), np.maximum(0.1, quantity))
    quantity = np.round(quantity, 1)
    net_mass = np.where(
        unit == _KGM,
        quantity,
        np.round(
            np.maximum(0.01, quantity * catalogue.kg_per_unit[product]
                       * rng.lognormal(0.0, 0.05, n_items)),
            2,
        ),
    )  # fmt: skip
    gross_mass = np.round(
        net_mass * (1 + catalogue.packaging_ratio[product] * rng.uniform(0.6, 1.4, n_items)), 2
    )
    log_unit_value = (
        catalogue.log_unit_value[product]
        + routes.price_levels()[origin]
        + catalogue.origin_offset[product, origin]
        + catalogue.value_sigma[product] * rng.standard_normal(n_items)
    )
    value_rate = routes.usd_rates()[currency[declaration]]
    value_cents = np.maximum(100, np.rint(quantity * np.exp(log_unit_value) * value_rate * 100))
    preference = _PARTNER[origin] & importers.claims_preference[importer[declaration]]

    # fraud: who, which kind ---------------------------------------------------------------
    window = importers.fraud_window[importer[declaration]]
    item_time = period_time[declaration]
    in_window = (window[:, 0] <= item_time) & (item_time < window[:, 1])
    score = (
        importers.propensity[importer[declaration]] * np.where(in_window, 3.0, 1.0)
        * (0.5 + 5 * brokers.propensity[broker[declaration]])
        * (0.5 + 5 * sellers.propensity[seller[declaration]])
        * world.drift.route_risk[origin]
        * catalogue.fraud_appeal[product]
        * np.exp(world.drift.product_trend[product] * (item_time - 0.5) * 2)
    )  # fmt: skip
    codes = pl.Series(catalogue.codes, dtype=pl.String)
    product_codes = codes.gather(product)
    honest_rate = (
        world.tariff.rates(
            product_codes, _COUNTRIES.gather(origin), pl.Series(preference)
        ).to_numpy()
        + catalogue.anti_dumping_rate[product, origin]
    )
    dutiable = honest_rate > 0  # hiding value or quantity only pays where duty is due
    measured = catalogue.anti_dumping_rate[product].max(axis=1) > 0
    required = catalogue.required_document[product]
    # a licence can go missing unnoticed only where a single item of the consignment needs it;
    # otherwise its absence would take clean items down with it
    document_key = declaration * len(DOCUMENT_TYPES) + np.maximum(required, 0)
    needing_same = np.bincount(document_key, weights=required >= 0)[document_key]
    can_withhold = (required >= 0) & (needing_same == 1)
    # smugglers hide goods in full loads that are rarely opened, not in parcels
    hideable = np.isin(mode[declaration], _BULK_MODES) & (rng.random(n_items) < 0.25)
    allowed = np.column_stack(
        [
            dutiable,
            dutiable & (catalogue.decoy[product] >= 0),
            measured,
            dutiable,
            can_withhold,
            hideable,
        ]
    )
    score *= allowed.any(axis=1)  # the rate is a share of all items, met where fraud can be
    fraudulent = rng.random(n_items) < item_probability(score, params.fraud_rate)
    allowed &= fraudulent[:, None]
    kind = choose_types(rng, world.drift, item_time, allowed)

    def of_kind(fraud_type: FraudType) -> np.ndarray:
        return kind == FRAUD_TYPES.index(fraud_type)

    # fraud: what the declaration says instead -----------------------------------------------
    declared_product = np.where(
        of_kind(FraudType.MISCLASSIFICATION), catalogue.decoy[product], product
    )
    declared_value = np.where(
        of_kind(FraudType.UNDERVALUATION),
        np.maximum(100, np.rint(value_cents * rng.uniform(0.2, 0.6, n_items))),
        value_cents,
    )
    shrink = np.where(of_kind(FraudType.QUANTITY_MISSTATEMENT), rng.uniform(0.4, 0.75, n_items), 1)
    declared_quantity = np.where(
        counted, np.maximum(1, np.rint(quantity * shrink)), np.round(quantity * shrink, 1)
    )
    declared_quantity = np.maximum(declared_quantity, 0.1)
    declared_net = np.where(shrink < 1, np.maximum(0.01, np.round(net_mass * shrink, 2)), net_mass)
    declared_value = np.where(
        shrink < 1, np.maximum(100, np.rint(declared_value * shrink)), declared_value
    )
    concealed = of_kind(FraudType.CONCEALMENT)
    hidden_mass = np.where(concealed, net_mass * rng.uniform(0.3, 0.9, n_items), 0.0)
    declared_gross = np.round(gross_mass + hidden_mass, 2)
    concealed_goods = pl.Series(
        [name for _, name in measures.CONCEALED_GOODS], dtype=pl.String
    ).gather(rng.integers(0, len(measures.CONCEALED_GOODS), n_items))

    # transshipment: true origin is one the measure covers; declared origin is the hub
    relabelled = of_kind(FraudType.ORIGIN_MISDECLARATION)
    covered = catalogue.anti_dumping_rate[product] > 0
    true_origin = np.where(
        relabelled, np.argmax(covered * rng.random(covered.shape), axis=1), origin
    )
    hub = _HUBS[rng.integers(0, len(_HUBS), n_declarations)]
    declared_origin = np.where(relabelled, hub[declaration], origin)
    routed_via_hub = np.zeros(n_declarations, dtype=bool)
    routed_via_hub[declaration[relabelled]] = True
    departure = np.where(routed_via_hub, hub, departure)
    declared_preference = np.where(relabelled, True, preference)
    true_preference = preference & _PARTNER[true_origin]

    withheld = of_kind(FraudType.RESTRICTED_WITHOUT_LICENCE)
    missing = np.zeros((n_declarations, len(DOCUMENT_TYPES)), dtype=bool)
    missing[declaration[withheld], required[withheld]] = True

    # duty an inspection recovers: true duty less declared duty, never negative
    declared_codes = codes.gather(declared_product)
    declared_countries = _COUNTRIES.gather(declared_origin)
    declared_rate = (
        world.tariff.rates(
            declared_codes, declared_countries, pl.Series(declared_preference)
        ).to_numpy()
        + catalogue.anti_dumping_rate[declared_product, declared_origin]
    )
    true_rate = honest_rate.copy()
    true_rate[relabelled] = (
        world.tariff.rates(
            product_codes.filter(relabelled),
            _COUNTRIES.gather(true_origin[relabelled]),
            pl.Series(true_preference[relabelled]),
        ).to_numpy()
        + catalogue.anti_dumping_rate[product, true_origin][relabelled]
    )
    duty_at_risk = np.round(
        np.maximum(0.0, true_rate * value_cents - declared_rate * declared_value) / 10_000, 2
    )
    duty_at_risk = np.where(kind >= 0, duty_at_risk, 0.0)

    # documents --------------------------------------------------------------------------------
    lodged_day = lodged_us // _MICROSECONDS_PER_DAY
    first_claim = np.full(n_declarations, -1)
    claimed_items = np.flatnonzero(declared_preference)[::-1]
    first_claim[declaration[claimed_items]] = declared_origin[claimed_items]
    importer_country = pl.Series(["CN"] * n_declarations, dtype=pl.String)
    packed = (mode != routes.TRANSPORT_MODES.index("post")) & (rng.random(n_declarations) < 0.9)
    attached = [
        Attached(DocumentType.COMMERCIAL_INVOICE, np.ones(n_declarations, dtype=bool),
                 _COUNTRIES.gather(seller_country), (2, 40)),
        Attached(DocumentType.PACKING_LIST, packed, _COUNTRIES.gather(seller_country), (2, 40)),
        Attached(DocumentType.CERTIFICATE_OF_ORIGIN, first_claim >= 0,
                 _COUNTRIES.gather(np.maximum(first_claim, 0)), (3, 60)),
    ]  # fmt: skip
    for document in (
        DocumentType.PHYTOSANITARY_CERTIFICATE,
        DocumentType.VETERINARY_CERTIFICATE,
        DocumentType.HEALTH_CERTIFICATE,
        DocumentType.IMPORT_LICENCE,
    ):
        index = DOCUMENT_TYPES.index(document)
        needing = np.zeros(n_declarations, dtype=bool)
        needing[declaration[required == index]] = True
        issuer = (
            importer_country
            if document == DocumentType.IMPORT_LICENCE
            else _COUNTRIES.gather(seller_country)
        )
        attached.append(Attached(document, needing & ~missing[:, index], issuer, (5, 90)))
    documents = documents_json(rng, lodged_day, attached)

    # frames -----------------------------------------------------------------------------------
    serial = pl.Series(np.arange(first_serial + 1, first_serial + n_declarations + 1))
    declaration_ids = "SYN-" + serial.cast(pl.String).str.zfill(9)
    sea, air = routes.TRANSPORT_MODES.index("sea"), routes.TRANSPORT_MODES.index("air")
    importer_ids = importers.ids.gather(importer)
    importer_names = importers.names.gather(importer)
    container_count = rng.integers(1, 4, n_declarations)
    containers = pl.concat_str(
        [
            pl.when(pl.lit(pl.Series(container_count > k)))
            .then(pl.lit(_codes(rng, _CONTAINER_OWNERS, 7, n_declarations)))
            .otherwise(pl.lit(None, pl.String))
            for k in range(3)
        ],
        separator=" ",
        ignore_nulls=True,
    )
    invoice_total = np.bincount(declaration, weights=declared_value, minlength=n_declarations)
    header = pl.DataFrame(
        {
            "declaration_id": declaration_ids,
            "type": pl.Series(["import"] * n_declarations, dtype=pl.String),
            "office": _choose_by_mode(rng, mode),
            "lodged_at": pl.Series(lodged_us).cast(pl.Datetime("us", "UTC")),
            "declarant_id": _where(~self_declares, brokers.ids.gather(broker), importer_ids),
            "declarant_name": _where(~self_declares, brokers.names.gather(broker), importer_names),
            "declarant_country": importer_country,
            "importer_id": importer_ids,
            "importer_name": importer_names,
            "importer_country": importer_country,
            "exporter_id": sellers.ids.gather(seller),
            "exporter_name": sellers.names.gather(seller),
            "exporter_country": _COUNTRIES.gather(seller_country),
            "transport_mode": pl.Series(routes.TRANSPORT_MODES).gather(mode),
            "departure_country": _COUNTRIES.gather(departure),
            "bill_of_lading": _where(mode == sea, _codes(rng, _CARRIERS, 9, n_declarations)),
            "air_waybill": _where(mode == air, _codes(rng, _AIRLINES, 8, n_declarations)),
            "container_numbers": _where(mode == sea, pl.select(containers).to_series()),
            "currency": pl.Series(routes.CURRENCIES).gather(currency),
            "incoterm": pl.Series(routes.INCOTERMS).gather(
                rng.choice(len(routes.INCOTERMS), n_declarations, p=routes.INCOTERM_WEIGHTS)
            ),
            "invoice_total": invoice_total / 100,
            "documents": documents,
        }
    )  # fmt: skip
    in_chinese = rng.random(n_items) < np.where(
        brokers.writes_chinese[broker[declaration]], 0.5, 0.04
    )
    items = header.gather(declaration).with_columns(
        sequence=pl.Series(sequence, dtype=pl.Int32),
        description=describe(
            rng,
            codes=catalogue.codes,
            product=product,
            unit=_UNITS.gather(unit),
            quantity=declared_quantity,
            brand=sellers.brand[seller[declaration]],
            in_chinese=in_chinese & ~of_kind(FraudType.MISCLASSIFICATION),
        ),
        hs_code=declared_codes,
        origin_country=declared_countries,
        net_mass_kg=pl.Series(declared_net),
        gross_mass_kg=pl.Series(declared_gross),
        quantity=pl.Series(declared_quantity, dtype=pl.Float64),
        quantity_unit=_UNITS.gather(unit),
        value=pl.Series(declared_value / 100),
        preference_claimed=pl.Series(declared_preference),
    )
    fraud_type = pl.Series([t.value for t in FRAUD_TYPES], dtype=pl.String).gather(
        np.maximum(kind, 0)
    )
    is_fraud = kind >= 0
    critical = concealed | (
        (kind == FRAUD_TYPES.index(FraudType.RESTRICTED_WITHOUT_LICENCE))
        & catalogue.safety_critical[product]
    )
    labels = pl.DataFrame(
        {
            "declaration_id": items["declaration_id"],
            "sequence": items["sequence"],
            "fraud": pl.Series(is_fraud.astype(np.int8)),
            "fraud_type": _where(is_fraud, fraud_type),
            "critical": pl.Series(critical),
            "duty_at_risk": pl.Series(duty_at_risk),
            "true_hs_code": product_codes,
            "true_origin_country": _COUNTRIES.gather(true_origin),
            "true_value": pl.Series(value_cents / 100),
            "true_net_mass_kg": pl.Series(net_mass),
            "concealed_goods": _where(concealed, concealed_goods),
        },
        schema=LABEL_SCHEMA,
    )
    return conform(items), labels
