from decimal import Decimal

import pytest

from smartcustoms.clearance import service
from smartcustoms.clearance.feedback import labelled_history
from smartcustoms.declarations.io import write_frames
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.risk.history import load_history


def lodge_for_inspection(session, users, example, lodge_kwargs, declaration_id, values):
    example["declaration_id"] = declaration_id
    base = example["goods_items"][0]
    example["goods_items"] = [
        dict(base, sequence=n + 1, value=value) for n, value in enumerate(values)
    ]
    service.lodge(
        session=session,
        declaration=parse_declaration(example),
        actor=users["trader"],
        **lodge_kwargs,
    )
    return declaration_id


def test_inspection_outcomes_become_item_labels(session, users, example, lodge_kwargs, tmp_path):
    fraud_id = lodge_for_inspection(
        session, users, example, lodge_kwargs, "DEC-F-1", ["90000.00", "30000.00"]
    )
    clean_id = lodge_for_inspection(session, users, example, lodge_kwargs, "DEC-F-2", ["150000.00"])
    officer = users["officer"]
    service.record_inspection(
        session=session, declaration_id=fraud_id, actor=officer, outcome="discrepancy",
        fraud_type="undervaluation", duty_recovered=Decimal("1000.00"),
    )  # fmt: skip
    service.record_inspection(
        session=session, declaration_id=clean_id, actor=officer, outcome="compliant"
    )
    history = labelled_history(session).sort("declaration_id", "sequence")
    assert history["declaration_id"].to_list() == ["DEC-F-1", "DEC-F-1", "DEC-F-2"]
    assert history["fraud"].to_list() == [1, 1, 0]
    assert history["duty_at_risk"].to_list() == pytest.approx([750.0, 250.0, 0.0])
    assert history["fraud_type"].to_list() == ["undervaluation", "undervaluation", None]
    path = tmp_path / "feedback.parquet"
    write_frames([history], path)
    assert load_history([path])["fraud"].sum() == 2
