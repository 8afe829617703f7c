"""The generator: declarations in chronological batches, as item frames with their labels.

One random generator (PCG64 seeded from the run's seed) drives everything in a fixed order, and
batches have a fixed size, so the same arguments give the same data on any machine. Work is
columnar: per-declaration and per-item numpy arrays become polars columns of the canonical item
frame, with no Python object per goods item.
"""

from collections.abc import Iterator

import numpy as np
import polars as pl

from smartcustoms.declarations.frame import conform
from smartcustoms.declarations.schema import DocumentType
from smartcustoms.lab.trade import routes
from smartcustoms.lab.trade.consignments import Consignments, draw_consignments
from smartcustoms.lab.trade.descriptions import describe
from smartcustoms.lab.trade.documents import Attached, documents_json
from smartcustoms.lab.trade.entities import front_companies
from smartcustoms.lab.trade.fraud import FRAUD_TYPES, FraudType
from smartcustoms.lab.trade.injection import COUNTRIES, Declared, inject_fraud, is_kind
from smartcustoms.lab.trade.params import GenerationParams
from smartcustoms.lab.trade.products import DOCUMENT_TYPES, UNITS
from smartcustoms.lab.trade.sampling import reference_numbers, where
from smartcustoms.lab.trade.world import World, build_world
from smartcustoms.reference.tariff import Tariff

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
``duty_at_risk`` (tariff plus anti-dumping duty, no VAT) and ``true_value`` are in the
declaration currency, like ``value``."""

_UNITS = pl.Series(UNITS, dtype=pl.String)
_CONTAINER_OWNERS = ("MSKU", "MSCU", "CMAU", "COSU", "OOLU", "EGLU", "HLXU", "ONEU")
_CARRIERS = ("MAEU", "MEDU", "CMDU", "COSU", "OOLU")
_AIRLINES = ("784-", "999-", "176-", "618-", "160-", "297-", "180-", "020-")
_MICROSECONDS_PER_DAY = 86_400_000_000
_SANITARY_AND_LICENCES = (
    DocumentType.PHYTOSANITARY_CERTIFICATE,
    DocumentType.VETERINARY_CERTIFICATE,
    DocumentType.HEALTH_CERTIFICATE,
    DocumentType.IMPORT_LICENCE,
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
        goods = draw_consignments(rng, world, period_time[first : first + BATCH_DECLARATIONS])
        declared = inject_fraud(rng, world, goods)
        header = _header_frame(rng, world, goods, declared, first)
        items = _item_frame(rng, world, goods, declared, header)
        yield items, _label_frame(world, goods, declared, items)


def _documents(
    rng: np.random.Generator, world: World, goods: Consignments, declared: Declared
) -> pl.Series:
    """The documents cell per declaration: what the goods and the preference claim call for,
    less what the trader withheld."""
    size = goods.declarations
    sellers = COUNTRIES.gather(declared.exporter_country)
    claimed = np.flatnonzero(declared.preference)[::-1]  # reversed: the first claim wins
    claim_origin = np.full(size, -1)
    claim_origin[goods.declaration[claimed]] = declared.origin[claimed]
    packed = goods.mode != routes.TRANSPORT_MODES.index("post")
    attached = [
        Attached(DocumentType.COMMERCIAL_INVOICE, np.ones(size, dtype=bool), sellers, (2, 40)),
        Attached(DocumentType.PACKING_LIST, packed & (rng.random(size) < 0.9), sellers, (2, 40)),
        Attached(
            DocumentType.CERTIFICATE_OF_ORIGIN,
            claim_origin >= 0,
            COUNTRIES.gather(np.maximum(claim_origin, 0)),
            (3, 60),
        ),
    ]
    required = world.catalogue.required_documents[goods.product]
    for document in _SANITARY_AND_LICENCES:
        index = DOCUMENT_TYPES.index(document)
        needed = np.bincount(goods.declaration, weights=required[:, index], minlength=size) > 0
        licensing = pl.Series([routes.IMPORTING_COUNTRY] * size, dtype=pl.String)
        issuer = licensing if document == DocumentType.IMPORT_LICENCE else sellers
        present = needed & ~declared.missing_documents[:, index]
        attached.append(Attached(document, present, issuer, (5, 90)))
    return documents_json(rng, goods.lodged_us // _MICROSECONDS_PER_DAY, attached)


def _offices(rng: np.random.Generator, mode: np.ndarray) -> pl.Series:
    """An office of lodgement per declaration, drawn among the offices for its transport mode."""
    offices = pl.Series(np.full(len(mode), "", dtype=object), dtype=pl.String)
    for index, name in enumerate(routes.TRANSPORT_MODES):
        chosen = np.flatnonzero(mode == index)
        draw = rng.choice(len(routes.OFFICES[name]), len(chosen), p=routes.OFFICE_WEIGHTS[name])
        offices = offices.scatter(chosen, pl.Series(routes.OFFICES[name]).gather(draw))
    return offices


def _containers(rng: np.random.Generator, size: int) -> pl.Series:
    """One to three container numbers per declaration, space-separated as in the frame."""
    count = rng.integers(1, 4, size)
    numbers = [
        where(count > k, reference_numbers(rng, _CONTAINER_OWNERS, 7, size)) for k in range(3)
    ]
    return pl.select(pl.concat_str(numbers, separator=" ", ignore_nulls=True)).to_series()


def _header_frame(
    rng: np.random.Generator,
    world: World,
    goods: Consignments,
    declared: Declared,
    first_serial: int,
) -> pl.DataFrame:
    """One row per declaration: identity, parties, transport, currency, total, documents."""
    size = goods.declarations
    people = world.population
    serial = pl.Series(np.arange(first_serial + 1, first_serial + size + 1))
    importer_ids = people.importers.ids.gather(goods.importer)
    importer_names = people.importers.names.gather(goods.importer)
    brokered = ~goods.self_declares
    importing = pl.Series([routes.IMPORTING_COUNTRY] * size, dtype=pl.String)
    sea = goods.mode == routes.TRANSPORT_MODES.index("sea")
    air = goods.mode == routes.TRANSPORT_MODES.index("air")
    incoterm = rng.choice(len(routes.INCOTERMS), size, p=routes.INCOTERM_WEIGHTS)
    front_ids, front_names = front_companies(
        people.sellers, goods.seller, COUNTRIES.gather(declared.departure)
    )
    invoice_cents = np.bincount(goods.declaration, weights=declared.value_cents, minlength=size)
    return pl.DataFrame(
        {
            "declaration_id": "SYN-" + serial.cast(pl.String).str.zfill(9),
            "type": pl.Series(["import"] * size, dtype=pl.String),
            "office": _offices(rng, goods.mode),
            "lodged_at": pl.Series(goods.lodged_us).cast(pl.Datetime("us", "UTC")),
            "declarant_id": where(brokered, people.brokers.ids.gather(goods.broker), importer_ids),
            "declarant_name": where(
                brokered, people.brokers.names.gather(goods.broker), importer_names
            ),
            "declarant_country": importing,
            "importer_id": importer_ids,
            "importer_name": importer_names,
            "importer_country": importing,
            "exporter_id": where(
                declared.via_hub, front_ids, people.sellers.ids.gather(goods.seller)
            ),
            "exporter_name": where(
                declared.via_hub, front_names, people.sellers.names.gather(goods.seller)
            ),
            "exporter_country": COUNTRIES.gather(declared.exporter_country),
            "transport_mode": pl.Series(routes.TRANSPORT_MODES).gather(goods.mode),
            "departure_country": COUNTRIES.gather(declared.departure),
            "bill_of_lading": where(sea, reference_numbers(rng, _CARRIERS, 9, size)),
            "air_waybill": where(air, reference_numbers(rng, _AIRLINES, 8, size)),
            "container_numbers": where(sea, _containers(rng, size)),
            "currency": pl.Series(routes.CURRENCIES).gather(goods.currency),
            "incoterm": pl.Series(routes.INCOTERMS).gather(incoterm),
            "invoice_total": invoice_cents / 100,
            "documents": _documents(rng, world, goods, declared),
        }
    )


def _item_frame(
    rng: np.random.Generator,
    world: World,
    goods: Consignments,
    declared: Declared,
    header: pl.DataFrame,
) -> pl.DataFrame:
    """The canonical item frame: each item's declared fields beside its declaration's header."""
    writes_chinese = world.population.brokers.writes_chinese[goods.broker[goods.declaration]]
    in_chinese = rng.random(goods.items) < np.where(writes_chinese, 0.5, 0.04)
    # misclassifiers copy tariff wording in English, the better to argue the declared code
    in_chinese &= ~is_kind(declared.kind, FraudType.MISCLASSIFICATION)
    units = _UNITS.gather(goods.unit)
    codes = pl.Series(world.catalogue.codes, dtype=pl.String)
    items = header.gather(goods.declaration).with_columns(
        sequence=pl.Series(goods.sequence, dtype=pl.Int32),
        description=describe(
            rng,
            codes=world.catalogue.codes,
            product=goods.product,
            unit=units,
            quantity=declared.quantity,
            brand=world.population.sellers.brand[goods.seller[goods.declaration]],
            in_chinese=in_chinese,
        ),
        hs_code=codes.gather(declared.product),
        origin_country=COUNTRIES.gather(declared.origin),
        net_mass_kg=pl.Series(declared.net_mass),
        gross_mass_kg=pl.Series(declared.gross_mass),
        quantity=pl.Series(declared.quantity, dtype=pl.Float64),
        quantity_unit=units,
        value=pl.Series(declared.value_cents / 100),
        preference_claimed=pl.Series(declared.preference),
    )
    return conform(items)


def _label_frame(
    world: World, goods: Consignments, declared: Declared, items: pl.DataFrame
) -> pl.DataFrame:
    """Ground truth per item, keyed like the items by declaration_id and sequence."""
    fraud = declared.kind >= 0
    kinds = pl.Series([t.value for t in FRAUD_TYPES], dtype=pl.String)
    return pl.DataFrame(
        {
            "declaration_id": items["declaration_id"],
            "sequence": items["sequence"],
            "fraud": pl.Series(fraud.astype(np.int8)),
            "fraud_type": where(fraud, kinds.gather(np.maximum(declared.kind, 0))),
            "critical": pl.Series(declared.critical),
            "duty_at_risk": pl.Series(declared.duty_at_risk),
            "true_hs_code": pl.Series(world.catalogue.codes, dtype=pl.String).gather(goods.product),
            "true_origin_country": COUNTRIES.gather(declared.true_origin),
            "true_value": pl.Series(goods.value_cents / 100),
            "true_net_mass_kg": pl.Series(goods.net_mass),
            "concealed_goods": where(
                is_kind(declared.kind, FraudType.CONCEALMENT), declared.concealed_goods
            ),
        },
        schema=LABEL_SCHEMA,
    )
