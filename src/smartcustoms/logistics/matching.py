"""Matches logistics events to declarations by transport document and reports what does not
fit: a declaration whose goods never arrived, goods that arrived undeclared, a manifest whose
figures differ from the declaration's. Findings feed the risk fusion and the officer page."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcustoms.clearance.tables import DeclarationRecord
from smartcustoms.logistics.events import EventKind
from smartcustoms.logistics.tables import LogisticsEvent

FindingKind = Literal["no_arrival", "undeclared_arrival", "manifest_mismatch"]
LOOKBACK = timedelta(days=30)
"""How far before a period declarations and events are read to match those inside it."""


@dataclass(frozen=True, slots=True)
class FindingRules:
    """When a mismatch becomes a finding."""

    no_arrival_hours: float = 48.0
    """A declaration with no arrival this long after lodgement."""
    undeclared_hours: float = 24.0
    """An arrival with no declaration this long after it."""
    tolerance: float = 0.05
    """Relative difference between manifest and declared figures that is still the same."""


class Finding(BaseModel):
    """One thing the logistics chain and the declarations disagree on."""

    kind: FindingKind
    transport_document: str
    declaration_ids: list[str]
    office: str | None
    at: datetime
    """When the disagreement began: the lodgement, the arrival or the manifest."""
    measure: str | None = None
    manifest: float | None = None
    declared: float | None = None
    message: str


def references(document: dict[str, Any]) -> list[str]:
    """The transport documents a declaration names: bill of lading, air waybill, containers."""
    transport = document.get("transport", {})
    named = [transport.get("bill_of_lading"), transport.get("air_waybill")]
    return [r for r in named if r] + list(transport.get("container_numbers", []))


def _master_reference(document: dict[str, Any]) -> str | None:
    """The document a whole-consignment manifest is filed under (not a single container)."""
    transport = document.get("transport", {})
    return transport.get("bill_of_lading") or transport.get("air_waybill")


def _declared_figures(document: dict[str, Any]) -> dict[str, float]:
    items = document.get("goods_items", [])
    return {
        "gross_mass_kg": sum(i.get("gross_mass_kg") or i["net_mass_kg"] for i in items),
        "quantity": sum(i["quantity"] for i in items),
    }


def _records(session: Session, start: datetime, end: datetime) -> list[DeclarationRecord]:
    query = select(DeclarationRecord).where(
        DeclarationRecord.lodged_at >= start, DeclarationRecord.lodged_at < end
    )
    return list(session.scalars(query))


def _events(session: Session, start: datetime, end: datetime) -> list[LogisticsEvent]:
    query = select(LogisticsEvent).where(LogisticsEvent.at >= start, LogisticsEvent.at < end)
    return list(session.scalars(query.order_by(LogisticsEvent.at, LogisticsEvent.id)))


def findings(
    *,
    session: Session,
    now: datetime,
    start: datetime | None = None,
    end: datetime | None = None,
    rules: FindingRules = FindingRules(),
) -> list[Finding]:
    """Findings that began in [start, end) (default: the 30 days before ``now``), judged at
    ``now``: a declaration or arrival is only late once its grace period has passed."""
    end = min(end or now, now)
    start = start or now - LOOKBACK
    records = _records(session, start - LOOKBACK, now)
    events = _events(session, start - LOOKBACK, now)
    return _match(records, events, now=now, start=start, end=end, rules=rules)


def findings_for_declaration(
    *,
    session: Session,
    record: DeclarationRecord,
    now: datetime,
    rules: FindingRules = FindingRules(),
) -> list[Finding]:
    """The findings that involve one declaration."""
    window = (record.lodged_at - LOOKBACK, now)
    shared = set(references(record.document))
    records = [r for r in _records(session, *window) if shared & set(references(r.document))]
    events = [e for e in _events(session, *window) if e.transport_document in shared]
    everything = _match(records, events, now=now, start=window[0], end=now, rules=rules)
    return [f for f in everything if record.id in f.declaration_ids]


def _match(
    records: Iterable[DeclarationRecord],
    events: Iterable[LogisticsEvent],
    *,
    now: datetime,
    start: datetime,
    end: datetime,
    rules: FindingRules,
) -> list[Finding]:
    declared_under: dict[str, list[DeclarationRecord]] = defaultdict(list)
    for record in records:
        for reference in references(record.document):
            declared_under[reference].append(record)
    arrivals: dict[str, LogisticsEvent] = {}
    manifests: dict[str, LogisticsEvent] = {}
    for event in events:
        if event.kind == EventKind.ARRIVED:
            arrivals.setdefault(event.transport_document, event)
        elif event.kind == EventKind.MANIFEST_FILED:
            manifests[event.transport_document] = event  # the latest amendment counts
    found: list[Finding] = []
    for record in {r.id: r for rs in declared_under.values() for r in rs}.values():
        named = references(record.document)
        late = record.lodged_at + timedelta(hours=rules.no_arrival_hours) <= now
        if start <= record.lodged_at < end and late and not any(r in arrivals for r in named):
            found.append(
                Finding(
                    kind="no_arrival",
                    transport_document=named[0],
                    declaration_ids=[record.id],
                    office=record.office,
                    at=record.lodged_at,
                    message=f"no arrival reported for {', '.join(named)} "
                    f"{rules.no_arrival_hours:g} h after lodgement",
                )
            )
    for document, arrival in arrivals.items():
        overdue = arrival.at + timedelta(hours=rules.undeclared_hours) <= now
        if start <= arrival.at < end and overdue and document not in declared_under:
            found.append(
                Finding(
                    kind="undeclared_arrival",
                    transport_document=document,
                    declaration_ids=[],
                    office=arrival.office,
                    at=arrival.at,
                    message=f"{document} arrived with no declaration after "
                    f"{rules.undeclared_hours:g} h",
                )
            )
    for document, manifest in manifests.items():
        lodged = [r for r in declared_under.get(document, []) if _master_reference(r.document)]
        if not lodged or not any(start <= r.lodged_at < end for r in lodged):
            continue
        found.extend(_manifest_differences(document, manifest, lodged, rules.tolerance))
    return sorted(found, key=lambda f: (f.at, f.kind, f.transport_document))


def _manifest_differences(
    document: str, manifest: LogisticsEvent, lodged: list[DeclarationRecord], tolerance: float
) -> list[Finding]:
    """A bill of lading may be declared in several declarations: their totals are compared."""
    totals: dict[str, float] = defaultdict(float)
    for record in lodged:
        for measure, value in _declared_figures(record.document).items():
            totals[measure] += value
    differences = []
    for measure in ("gross_mass_kg", "quantity"):
        stated = getattr(manifest, measure)
        declared = totals[measure]
        if stated is None or abs(stated - declared) <= tolerance * max(stated, declared):
            continue
        differences.append(
            Finding(
                kind="manifest_mismatch",
                transport_document=document,
                declaration_ids=sorted(r.id for r in lodged),
                office=lodged[0].office,
                at=manifest.at,
                measure=measure,
                manifest=stated,
                declared=round(declared, 3),
                message=f"manifest {measure} {stated:g} vs declared {declared:g} "
                f"({(declared - stated) / max(stated, 1e-9):+.0%})",
            )
        )
    return differences


def first_event_times(
    *, session: Session, records: Iterable[DeclarationRecord], kind: EventKind
) -> dict[str, datetime]:
    """Per declaration, the earliest event of ``kind`` under any of its transport documents."""
    named = {record.id: references(record.document) for record in records}
    documents = sorted({r for refs in named.values() for r in refs})
    earliest: dict[str, datetime] = {}
    for offset in range(0, len(documents), 1_000):
        query = select(LogisticsEvent.transport_document, LogisticsEvent.at).where(
            LogisticsEvent.kind == str(kind),
            LogisticsEvent.transport_document.in_(documents[offset : offset + 1_000]),
        )
        for document, at in session.execute(query):
            if document not in earliest or at < earliest[document]:
                earliest[document] = at
    times = {}
    for declaration_id, refs in named.items():
        found = [earliest[r] for r in refs if r in earliest]
        if found:
            times[declaration_id] = min(found)
    return times
