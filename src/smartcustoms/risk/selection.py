"""Channel selection under an inspection budget, with a random exploration share.

Thresholds on the declaration risk score are fitted so that, on the training period, about
``red_rate`` of declarations are inspected and ``yellow_rate`` get a document check, per office
where there is enough history. A share of inspections is drawn at random from the rest, so the
models keep seeing outcomes they did not choose. The draw hashes the declaration id, so the same
declaration gets the same answer on any machine, batch size or engine.
"""

from dataclasses import dataclass, field

import polars as pl

from smartcustoms.rules.channel import CHANNEL_LEVELS, CHANNEL_OF_LEVEL, Channel

_GREEN, _YELLOW, _RED = Channel.GREEN.level, Channel.YELLOW.level, Channel.RED.level


@dataclass
class ChannelPolicy:
    red_rate: float = 0.05
    yellow_rate: float = 0.10
    exploration_share: float = 0.10
    min_office_declarations: int = 200
    seed: int = 0
    thresholds_: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Per office (and '*' for all): (red threshold, yellow threshold)."""

    def __post_init__(self) -> None:
        for name in ("red_rate", "yellow_rate", "exploration_share"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.red_rate + self.yellow_rate > 1:
            raise ValueError("red_rate + yellow_rate must not exceed 1")

    @property
    def exploration_probability(self) -> float:
        """Chance that a declaration outside the targeted set is inspected at random."""
        explored = self.red_rate * self.exploration_share
        return explored / max(1 - self.red_rate * (1 - self.exploration_share), 1e-9)

    def _cut(self, scores: pl.Series) -> tuple[float, float]:
        targeted = self.red_rate * (1 - self.exploration_share)
        red = scores.quantile(1 - targeted, "higher") if targeted > 0 else float("inf")
        yellow = scores.quantile(1 - targeted - self.yellow_rate, "higher")
        return float(red), float(yellow if self.yellow_rate > 0 else float("inf"))

    def fit(self, declarations: pl.DataFrame) -> "ChannelPolicy":
        """Fits thresholds from declaration-level scores (columns office, risk_score)."""
        self.thresholds_ = {"*": self._cut(declarations["risk_score"])}
        for (office,), group in declarations.group_by("office"):
            if group.height >= self.min_office_declarations:
                self.thresholds_[office] = self._cut(group["risk_score"])
        return self

    def select(self, declarations: pl.DataFrame) -> pl.DataFrame:
        """Adds ``channel`` and ``selected_by`` (rule, model, exploration, none) to declaration
        rows with office, risk_score, mandatory_channel and declaration_id."""
        default = self.thresholds_.get("*", (float("inf"), float("inf")))
        offices = declarations["office"].to_list()
        red_cut = pl.Series([self.thresholds_.get(o, default)[0] for o in offices])
        yellow_cut = pl.Series([self.thresholds_.get(o, default)[1] for o in offices])
        draw = pl.col("declaration_id").hash(seed=self.seed + 11).cast(pl.Float64) / float(2**64)
        model_level = (
            pl.when(pl.col("risk_score") >= red_cut)
            .then(_RED)
            .when(pl.col("risk_score") >= yellow_cut)
            .then(_YELLOW)
            .otherwise(_GREEN)
        )
        mandatory = pl.col("mandatory_channel").replace_strict(CHANNEL_LEVELS, default=_GREEN)
        explored = (model_level < _RED) & (mandatory < _RED) & (draw < self.exploration_probability)
        level = pl.max_horizontal(
            model_level, mandatory, pl.when(explored).then(_RED).otherwise(_GREEN)
        )
        selected_by = (
            pl.when(explored)
            .then(pl.lit("exploration"))
            .when((mandatory >= model_level) & (mandatory > _GREEN))
            .then(pl.lit("rule"))
            .when(model_level > _GREEN)
            .then(pl.lit("model"))
            .otherwise(pl.lit("none"))
        )
        return declarations.with_columns(
            channel=level.replace_strict(CHANNEL_OF_LEVEL, return_dtype=pl.String),
            selected_by=selected_by,
        )
