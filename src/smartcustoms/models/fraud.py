"""The fraud model: gradient-boosted trees over item features, valuation gaps and leak-free risk
profiles, with probabilities calibrated on a later slice of the training period."""

from dataclasses import dataclass, field

import lightgbm as lgb
import numpy as np
import polars as pl
from sklearn.linear_model import LogisticRegression

from smartcustoms.models.bagging import averaged_booster
from smartcustoms.models.features import (
    CategoryCodes,
    ValuationReference,
    item_features,
    with_derived,
)
from smartcustoms.models.hs_mismatch import HS_MISMATCH_FEATURES
from smartcustoms.models.profiles import RiskProfiles

LGB_PARAMS = {
    "objective": "binary",
    # Big trees capture the crosses of entity profiles that small ones cannot. Chosen on
    # time-ordered splits inside the training period, never on the period tested.
    "learning_rate": 0.03,
    "num_leaves": 127,
    "max_depth": 12,
    "min_data_in_leaf": 15,
    "feature_fraction": 0.7,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "max_cat_to_onehot": 8,
    "verbose": -1,
    "num_threads": 2,
    "seed": 0,
    "deterministic": True,
}


EXPLAINER_PARAMS = {
    **LGB_PARAMS,
    "objective": "regression",
    "learning_rate": 0.1,
    "num_leaves": 31,
    "max_depth": 6,
    "min_data_in_leaf": 30,
}
EXPLAINER_ROUNDS = 40
"""The explainer's shape: few small trees, whose TreeSHAP is cheap (TreeSHAP costs leaves x
depth squared per tree and item)."""


def _folds(frame: pl.DataFrame, folds: int) -> pl.Series:
    """Declarations, not items, are assigned to folds, so items of one declaration never see
    each other's labels."""
    return (frame["declaration_id"].hash(seed=7) % folds).cast(pl.Int32)


def _dataset(matrix: pl.DataFrame, labels: np.ndarray) -> lgb.Dataset:
    categorical = [c for c in matrix.columns if c.startswith("cat_")]
    return lgb.Dataset(matrix.to_numpy(), labels, feature_name=matrix.columns,
                       categorical_feature=categorical)  # fmt: skip


def _train(
    matrix: pl.DataFrame, labels: np.ndarray, rounds: int, member: int, **options
) -> lgb.Booster:
    """One bagging member: the shared parameters with the member's own subsampling seed."""
    params = {**LGB_PARAMS, "seed": LGB_PARAMS["seed"] + member}
    return lgb.train(params, _dataset(matrix, labels), num_boost_round=rounds, **options)


@dataclass
class FraudModel:
    """P(fraud) per goods item; scikit-learn shape: ``fit(frame)``, ``predict_proba(frame)``.

    ``calibration_share`` is the latest part of the training period held out to learn the mapping
    from raw scores to probabilities and the number of boosting rounds; the final model is then
    refitted on the whole period. ``seeds`` models differing only in their random row and
    feature subsamples are averaged into one booster (models.bagging); one is the default,
    since every seed adds its trees to the cost of each score.
    """

    max_rounds: int = 1500
    seeds: int = 1
    calibration_share: float = 0.15
    folds: int = 5
    smoothing: float = 20.0
    rounds_: int = 0
    profiles_: RiskProfiles | None = None
    valuation_: ValuationReference | None = None
    codes_: CategoryCodes | None = None
    booster_: lgb.Booster | None = None
    calibrator_: LogisticRegression | None = None
    feature_names_: list[str] = field(default_factory=list)
    explainer_: lgb.Booster | None = None
    """A small model fitted to the booster's raw margin, whose TreeSHAP contributions name the
    factors of a score (see :meth:`_distilled_explainer`)."""
    holdout_: pl.DataFrame | None = None
    """Calibrated probabilities on the held-out latest slice (declaration_id, office,
    fraud_probability): what channel thresholds are fitted on."""

    def _fit_parts(self, frame: pl.DataFrame, target: str):
        profiles = RiskProfiles(smoothing=self.smoothing, folds=self.folds)
        oof = profiles.fit_transform_oof(frame, _folds(frame, self.folds), target)
        valuation = ValuationReference().fit(frame)
        codes = CategoryCodes().fit(frame)
        return profiles, valuation, codes, oof

    @staticmethod
    def _matrix(frame, profile_columns, valuation, codes) -> pl.DataFrame:
        parts = [item_features(frame), valuation.transform(frame), codes.transform(frame)]
        hs_mismatch = [c for c in HS_MISMATCH_FEATURES if c in frame.columns]
        if hs_mismatch:  # the optional slot filled by the HS classifier (models.hs_mismatch)
            parts.append(frame.select(hs_mismatch))
        return pl.concat([*parts, profile_columns], how="horizontal")

    def fit(self, frame: pl.DataFrame, target: str = "fraud") -> "FraudModel":
        frame = with_derived(frame).sort("lodged_at", maintain_order=True)
        labels = frame[target].cast(pl.Float64).to_numpy()
        cut = int(frame.height * (1 - self.calibration_share))
        early, late = frame.slice(0, cut), frame.slice(cut)
        profiles, valuation, codes, oof = self._fit_parts(early, target)
        train = self._matrix(early, oof, valuation, codes)
        held = self._matrix(late, profiles.transform(late), valuation, codes)
        first = _train(train, labels[:cut], self.max_rounds, 0,
                       valid_sets=[_dataset(held, labels[cut:])],
                       callbacks=[lgb.early_stopping(100, verbose=False)])  # fmt: skip
        best = first.best_iteration
        members = [first] + [_train(train, labels[:cut], best, m) for m in range(1, self.seeds)]
        held_rows = held.to_numpy()
        self.rounds_ = max(50, int(best * 1.1))
        held_margin = np.mean(
            [m.predict(held_rows, num_iteration=best, raw_score=True) for m in members], axis=0
        )
        # Platt scaling: strictly increasing, so calibration keeps the ranking and creates no
        # ties that would blur the channel thresholds (isotonic steps do).
        self.calibrator_ = LogisticRegression(C=100.0).fit(held_margin.reshape(-1, 1), labels[cut:])
        self.holdout_ = late.select("declaration_id", "office").with_columns(
            fraud_probability=pl.Series(self.calibrated(held_margin))
        )
        self.profiles_, self.valuation_, self.codes_, oof = self._fit_parts(frame, target)
        full = self._matrix(frame, oof, self.valuation_, self.codes_)
        self.feature_names_ = full.columns
        self.booster_ = averaged_booster(
            [_train(full, labels, self.rounds_, m) for m in range(self.seeds)]
        )
        self.explainer_ = self._distilled_explainer(full)
        return self

    def _distilled_explainer(self, matrix: pl.DataFrame) -> lgb.Booster:
        """Small trees fitted to the booster's raw margin on the training matrix.

        Exact TreeSHAP of the fraud model costs hundreds of times its scoring, so the factors
        cannot come from it when screening a million items, and its first trees alone often
        name another top factor than the whole model does. The distilled trees are cheap to
        explain and follow the whole model's own factors more closely.
        """
        margin = self.booster_.predict(matrix.to_numpy(), raw_score=True)
        return lgb.train(EXPLAINER_PARAMS, _dataset(matrix, margin), EXPLAINER_ROUNDS)

    def features(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The model's feature matrix for rows being scored."""
        frame = with_derived(frame)
        matrix = self._matrix(frame, self.profiles_.transform(frame), self.valuation_, self.codes_)
        return matrix.select(self.feature_names_)

    def calibrated(self, margin: np.ndarray) -> np.ndarray:
        """Probabilities from the booster's raw margins."""
        return self.calibrator_.predict_proba(np.asarray(margin).reshape(-1, 1))[:, 1]

    def predict_proba(self, frame: pl.DataFrame) -> np.ndarray:
        """Calibrated probability of fraud per item."""
        margin = self.booster_.predict(self.features(frame).to_numpy(), raw_score=True)
        return self.calibrated(margin)
