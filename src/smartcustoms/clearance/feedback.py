"""Inspection outcomes back into the models: the labelled history the next training reads.

Only inspected declarations carry labels. An inspection finds fraud in a declaration, not in an
item, so every item of a declaration with a discrepancy is labelled fraudulent and the duty
recovered is shared among its items in proportion to their value.
"""

from decimal import Decimal

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcustoms.clearance.tables import DeclarationRecord, Inspection
from smartcustoms.declarations.frame import to_frame
from smartcustoms.declarations.schema import Declaration


def labelled_history(session: Session) -> pl.DataFrame:
    """Item frame of every inspected declaration with fraud, fraud_type and duty_at_risk, and
    whether the inspection was chosen at random (``explored``), for unbiased evaluation."""
    query = select(DeclarationRecord, Inspection).join(
        Inspection, Inspection.declaration_id == DeclarationRecord.id
    )
    declarations, labels = [], []
    for record, inspection in session.execute(query.order_by(Inspection.at)):
        declaration = Declaration.model_validate(record.document)
        declarations.append(declaration)
        total = sum((item.value for item in declaration.goods_items), Decimal(0)) or Decimal(1)
        found = inspection.outcome == "discrepancy"
        for item in declaration.goods_items:
            share = item.value / total
            labels.append(
                {
                    "fraud": int(found),
                    "fraud_type": inspection.fraud_type if found else None,
                    "duty_at_risk": float(inspection.duty_recovered * share) if found else 0.0,
                    "explored": record.selected_by == "exploration",
                }
            )
    if not declarations:
        return pl.DataFrame()
    return pl.concat([to_frame(declarations), pl.DataFrame(labels)], how="horizontal")
