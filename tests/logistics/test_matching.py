"""Logistics events on the store (SQLite and PostgreSQL): recording once, findings."""

from datetime import UTC, datetime, timedelta

import pytest

from smartcustoms.clearance import service
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.logistics.events import InvalidEventsError, parse_events, record_events
from smartcustoms.logistics.matching import findings, findings_for_declaration

LODGED = datetime(2025, 3, 3, 8, tzinfo=UTC)


def _lodge(session, users, lodge_kwargs, example, declaration_id: str, bill: str):
    example.update(declaration_id=declaration_id)
    example["transport"]["bill_of_lading"] = bill
    declaration = parse_declaration(example)
    return service.lodge(
        session=session, declaration=declaration, actor=users["trader"], now=LODGED, **lodge_kwargs
    ).record


def _record(session, raw):
    return record_events(
        session=session, events=parse_events(raw), reported_by="terminal", now=LODGED
    )


def test_resent_events_are_kept_once(session):
    event = {"transport_document": "MSKU1", "kind": "arrived", "at": "2025-03-03T06:00:00Z"}
    assert _record(session, [event]).accepted == 1
    again = _record(session, [event, {**event, "kind": "discharged"}])
    assert (again.accepted, again.duplicates) == (1, 1)


def test_bad_events_name_their_index_and_field():
    with pytest.raises(InvalidEventsError) as caught:
        parse_events(
            [
                {"transport_document": "A", "kind": "arrived", "at": "2025-03-03T06:00:00Z"},
                {"transport_document": "B", "kind": "landed", "at": "2025-03-03T06:00:00"},
                {"transport_document": "C", "kind": "manifest_filed", "at": "2025-03-03T06:00Z"},
            ]
        )
    pointers = [e.pointer for e in caught.value.errors]
    assert pointers == ["[1].kind", "[1].at", "[2].(event)"]


def test_findings_no_arrival_undeclared_and_manifest_difference(
    session, users, lodge_kwargs, example
):
    arrived = _lodge(session, users, lodge_kwargs, dict(example), "DEC-ARRIVED", "BL-ARRIVED")
    missing = _lodge(session, users, lodge_kwargs, example | {}, "DEC-MISSING", "BL-MISSING")
    declared_mass = example["goods_items"][0]["net_mass_kg"]
    _record(
        session,
        [
            {"transport_document": "BL-ARRIVED", "kind": "arrived", "at": "2025-03-03T09:00Z"},
            {
                "transport_document": "BL-ARRIVED",
                "kind": "manifest_filed",
                "at": "2025-03-01T09:00Z",
                "gross_mass_kg": declared_mass * 2,
            },
            {"transport_document": "BL-GHOST", "kind": "arrived", "at": "2025-03-03T10:00Z"},
        ],
    )
    early = findings(session=session, now=LODGED + timedelta(hours=12))
    assert [f.kind for f in early] == ["manifest_mismatch"]  # nothing is late yet
    late = findings(session=session, now=LODGED + timedelta(hours=72))
    kinds = {(f.kind, f.transport_document) for f in late}
    assert kinds == {
        ("manifest_mismatch", "BL-ARRIVED"),
        ("no_arrival", "BL-MISSING"),
        ("undeclared_arrival", "BL-GHOST"),
    }
    mismatch = next(f for f in late if f.kind == "manifest_mismatch")
    assert mismatch.declared == pytest.approx(declared_mass)
    mine = findings_for_declaration(session=session, record=missing, now=LODGED + timedelta(days=3))
    assert [f.kind for f in mine] == ["no_arrival"]
    assert findings_for_declaration(
        session=session, record=arrived, now=LODGED + timedelta(days=3)
    )[0].declaration_ids == ["DEC-ARRIVED"]
