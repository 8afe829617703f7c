"""What screening decides about one declaration, and the shape of a screener."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from smartcustoms.declarations.schema import Declaration
from smartcustoms.rules.channel import Channel


@dataclass(frozen=True, slots=True)
class ScreeningOutcome:
    """The channel, a risk score in [0, 1] for ordering work, and the reasons an officer reads."""

    channel: Channel
    risk_score: float
    reasons: list[dict[str, Any]] = field(default_factory=list)
    hold: bool = False
    """A mandatory hold (e.g. an embargo rule): the goods stop whatever the channel."""
    selected_by: str = "none"
    """What chose the channel: rule, model, exploration or none."""
    versions: dict[str, Any] = field(default_factory=dict)
    """Model and rule pack versions that made the decision, for the audit trail."""


Screener = Callable[[Declaration], ScreeningOutcome]
