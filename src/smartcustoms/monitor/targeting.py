"""Which selections find fraud: the inspection hit rate of each rule, of the model and of the
random exploration sample, over time. The exploration sample is the unbiased yardstick: a rule
or model whose hit rate sinks towards it is selecting no better than chance."""

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from pydantic import BaseModel, computed_field
from sqlalchemy.orm import Session

from smartcustoms.monitor.kpis import QUEUE_LOOKBACK
from smartcustoms.monitor.timelines import DeclarationFacts, check_period, load_facts


class HitRatePoint(BaseModel):
    """Inspections finished in one time bucket that one source had a hand in selecting."""

    source: str
    start: datetime
    inspections: int
    discrepancies: int
    duty_recovered: Decimal

    @computed_field
    @property
    def hit_rate(self) -> float:
        return self.discrepancies / self.inspections


def sources_of(fact: DeclarationFacts) -> list[str]:
    """Who chose the inspection: the random draw alone, or every rule that fired and the model
    when it set the channel; an officer's own choice when none of them did."""
    if fact.selected_by == "exploration":
        return ["exploration"]
    chosen = [f"rule {rule}" for rule in fact.rules]
    if fact.selected_by == "model":
        chosen.append("model")
    return chosen or ["officer"]


def hit_rates(
    *, session: Session, start: datetime, end: datetime, bucket: timedelta = timedelta(days=1)
) -> list[HitRatePoint]:
    """Hit rate per source and bucket of inspections finished in [start, end); buckets without
    inspections are left out (a rate of nothing is not zero)."""
    check_period(start, end)
    tally: dict[tuple[str, int], list] = defaultdict(lambda: [0, 0, Decimal(0)])
    for fact in load_facts(session=session, start=start - QUEUE_LOOKBACK, end=end):
        for _, move in fact.inspections():
            if not start <= move.at < end:
                continue
            for source in sources_of(fact):
                entry = tally[(source, (move.at - start) // bucket)]
                entry[0] += 1
                entry[1] += move.outcome == "discrepancy"
                entry[2] += move.duty_recovered
    return [
        HitRatePoint(
            source=source,
            start=start + index * bucket,
            inspections=inspections,
            discrepancies=discrepancies,
            duty_recovered=duty,
        )
        for (source, index), (inspections, discrepancies, duty) in sorted(tally.items())
    ]
