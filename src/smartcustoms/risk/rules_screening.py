"""Screening by rule packs alone: the channel decision until the model cluster is fused in."""

from collections.abc import Sequence
from datetime import UTC, datetime

from smartcustoms.config import Settings
from smartcustoms.declarations.frame import to_frame
from smartcustoms.declarations.models import Declaration
from smartcustoms.risk.outcome import Channel, Screener, ScreeningOutcome
from smartcustoms.rules.evaluation import evaluate
from smartcustoms.rules.loader import RulePack, resolve_pack, shipped_packs

_ORDER = {Channel.GREEN: 0, Channel.YELLOW: 1, Channel.RED: 2}


def rules_screener(packs: Sequence[RulePack]) -> Screener:
    """A screener that routes each declaration by the strongest rule hit among its items.

    The risk score is the largest summed rule weight of an item, capped at 1, so the officer
    queue puts declarations with the most serious hits first.
    """
    packs = tuple(packs)

    def screen(declaration: Declaration) -> ScreeningOutcome:
        at = declaration.lodged_at or datetime.now(UTC)
        result = evaluate(to_frame([declaration]), packs, at=at)
        channel = max((Channel(c) for c in result["rule_channel"]), key=_ORDER.__getitem__)
        reasons = [
            {"sequence": row["sequence"], "rule": rule, "pack": pack, "explanation": text}
            for row in result.select(
                "sequence", "rule_hits", "rule_packs", "rule_explanations"
            ).iter_rows(named=True)
            for rule, pack, text in zip(
                row["rule_hits"], row["rule_packs"], row["rule_explanations"], strict=True
            )
        ]
        score = min(1.0, max(result["rule_score"].max() or 0.0, 0.0))
        return ScreeningOutcome(channel, score, reasons, hold=bool(result["rule_hold"].any()))

    return screen


def screener_from_settings(settings: Settings) -> Screener:
    """The rule packs named in settings (names of shipped packs or paths), else every shipped
    example pack."""
    names = settings.rule_packs
    packs = [resolve_pack(name) for name in names] if names else shipped_packs()
    return rules_screener(packs)
