"""The revenue model: how much duty an inspection would recover if the item is fraudulent, so
that targeting can rank by expected recovered duty (probability x revenue) as well as by risk."""

from dataclasses import dataclass

import lightgbm as lgb
import numpy as np
import polars as pl

from smartcustoms.models.features import CategoryCodes, ValuationReference, item_features

REVENUE_PARAMS = {
    "objective": "regression",
    "learning_rate": 0.05,
    "num_leaves": 31,
    "max_depth": 6,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.8,
    "verbose": -1,
    "num_threads": 2,
    "seed": 0,
    "deterministic": True,
}


@dataclass
class RevenueModel:
    """Predicts log duty at risk on fraudulent items from label-free features; frames passed
    in must already carry the derived HS columns (see ``features.with_derived``)."""

    rounds: int = 200
    booster_: lgb.Booster | None = None
    valuation_: ValuationReference | None = None
    codes_: CategoryCodes | None = None
    feature_names_: tuple[str, ...] = ()

    def _matrix(self, frame: pl.DataFrame) -> pl.DataFrame:
        parts = [
            item_features(frame),
            self.valuation_.transform(frame),
            self.codes_.transform(frame),
        ]
        return pl.concat(parts, how="horizontal")

    def fit(
        self, frame: pl.DataFrame, valuation: ValuationReference, codes: CategoryCodes
    ) -> "RevenueModel":
        self.valuation_, self.codes_ = valuation, codes
        caught = frame.filter((pl.col("fraud") == 1) & (pl.col("duty_at_risk") > 0))
        matrix = self._matrix(caught)
        self.feature_names_ = tuple(matrix.columns)
        target = np.log1p(caught["duty_at_risk"].cast(pl.Float64).to_numpy())
        self.booster_ = lgb.train(
            REVENUE_PARAMS,
            lgb.Dataset(matrix.to_numpy(), target, feature_name=list(matrix.columns)),
            num_boost_round=self.rounds if caught.height >= 50 else 1,
        )
        return self

    def features(self, frame: pl.DataFrame) -> np.ndarray:
        """The model's feature matrix for rows being scored."""
        return self._matrix(frame).select(self.feature_names_).to_numpy()

    @staticmethod
    def duty(raw: np.ndarray) -> np.ndarray:
        """Duty at risk from the booster's raw output (the logarithm of duty + 1)."""
        return np.expm1(raw).clip(min=0)

    def predict(self, frame: pl.DataFrame) -> np.ndarray:
        """Duty at risk in the declaration currency, if the item were fraudulent."""
        return self.duty(self.booster_.predict(self.features(frame)))
