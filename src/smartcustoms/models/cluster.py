"""The risk model cluster as one versioned artefact: fraud and revenue models, the features they
share, and what they were trained on."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import lightgbm
import numpy as np
import polars as pl

from smartcustoms.models.compiled import (
    PARALLEL_ROWS,
    THREADS,
    CompiledForest,
    cached_forests,
    clear_compiled,
    compile_forests,
)
from smartcustoms.models.contract import LearnedModel
from smartcustoms.models.explain import top_factors
from smartcustoms.models.features import with_derived
from smartcustoms.models.fraud import FraudModel
from smartcustoms.models.hs_classifier.classifier import HSClassifier
from smartcustoms.models.hs_mismatch import with_hs_mismatch
from smartcustoms.models.revenue import RevenueModel


@dataclass
class RiskCluster(LearnedModel):
    """Fits and scores the model cluster over item frames (labels: fraud, duty_at_risk)."""

    kind = "risk_cluster"
    version = 4
    command = "smartcustoms train"

    fraud: FraudModel = field(default_factory=FraudModel)
    revenue: RevenueModel = field(default_factory=RevenueModel)
    summary_: dict[str, Any] = field(default_factory=dict)
    uses_hs_mismatch_: bool = False
    hs_classifier: HSClassifier | None = field(default=None, repr=False, compare=False)
    """The HS classifier feeding the HS mismatch features; never saved with the cluster (it is
    its own artefact), attached again when the screening is loaded."""
    forests_: dict[str, CompiledForest] = field(default_factory=dict, repr=False, compare=False)
    """Compiled fraud and revenue trees once the cluster is saved or loaded (machine code, never
    pickled); without them LightGBM's own predict scores."""

    compiled_in_: Path | None = field(default=None, repr=False, compare=False)
    """The folder caching the compiled trees: a copy of the cluster unpickled on the same
    machine (a Ray worker's) loads them from there rather than scoring with LightGBM's predict."""

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "hs_classifier": None, "forests_": {}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update({"compiled_in_": None, **state})
        if self.compiled_in_ is not None:
            self.forests_ = cached_forests(self._boosters(), self.compiled_in_)

    def _boosters(self) -> dict[str, Any]:
        return {"fraud": self.fraud.booster_, "revenue": self.revenue.booster_}

    def fit(self, frame: pl.DataFrame, hs_classifier: HSClassifier | None = None) -> "RiskCluster":
        """Fits both models; with ``hs_classifier`` the fraud model also learns from how
        improbable each declared code is for its description."""
        if hs_classifier is not None:
            self.uses_hs_mismatch_, self.hs_classifier = True, hs_classifier
            frame = with_hs_mismatch(frame, hs_classifier)
        self.fraud.fit(frame)
        self.revenue.fit(with_derived(frame), self.fraud.valuation_, self.fraud.codes_)
        self.summary_ = {
            "items": frame.height,
            "declarations": frame["declaration_id"].n_unique(),
            "fraud_rate": float(frame["fraud"].cast(pl.Float64).mean()),
            "period": [str(frame["lodged_at"].min()), str(frame["lodged_at"].max())],
            "boosting_rounds": self.fraud.rounds_,
            "hs_mismatch_features": self.uses_hs_mismatch_,
            "features": list(self.fraud.feature_names_),
            "trained_at": datetime.now(UTC).isoformat(),
        }
        return self

    def score(self, frame: pl.DataFrame, *, explain: bool = True) -> pl.DataFrame:
        """Per item: calibrated fraud probability, duty at risk if fraudulent, their product, and
        (with ``explain``) the top model factors in words."""
        matrix = self.features(frame)
        result = self.score_features(frame, matrix)
        if not explain:
            return result.with_columns(model_factors=pl.lit([], pl.List(pl.String)))
        factors = self.explain_features(matrix)
        return result.with_columns(pl.Series("model_factors", factors, dtype=pl.List(pl.String)))

    def features(self, frame: pl.DataFrame) -> np.ndarray:
        """The fraud model's feature matrix, to share between scoring and explaining."""
        if self.uses_hs_mismatch_:
            frame = with_hs_mismatch(frame, self.hs_classifier)
        # row-major: compiled trees read a row at a time (a column-major matrix is copied)
        return self.fraud.features(frame).to_numpy(order="c")

    def score_features(self, frame: pl.DataFrame, matrix: np.ndarray) -> pl.DataFrame:
        """Probability, duty if fraudulent and expected duty from a prebuilt feature matrix."""
        probability = self.fraud.calibrated(self._raw("fraud", matrix))
        duty = self.revenue.duty(self._raw("revenue", self._revenue_features(frame, matrix)))
        return pl.DataFrame(
            {
                "fraud_probability": probability,
                "duty_if_fraud": duty,
                "expected_duty": probability * duty,
            }
        )

    def _raw(self, model: str, matrix: np.ndarray) -> np.ndarray:
        if model in self.forests_:
            return self.forests_[model].predict(matrix)
        booster = self.fraud.booster_ if model == "fraud" else self.revenue.booster_
        return booster.predict(matrix, raw_score=True)

    def _revenue_features(self, frame: pl.DataFrame, matrix: np.ndarray) -> np.ndarray:
        """The revenue model's features are a subset of the fraud model's: taken from its matrix
        rather than built a second time."""
        names = self.fraud.feature_names_
        if all(name in names for name in self.revenue.feature_names_):
            return matrix[:, [names.index(name) for name in self.revenue.feature_names_]]
        return self.revenue.features(with_derived(frame))

    def compile(self, folder: Path) -> "RiskCluster":
        """Compiles the trees for fast bulk scoring, with the machine code cached in ``folder``."""
        self.forests_ = compile_forests(self._boosters(), folder)
        self.compiled_in_ = folder if self.forests_ else None
        return self

    def explain_features(self, matrix: np.ndarray) -> list[list[str]]:
        """The top model factors, in words, of each row of a feature matrix."""
        if len(matrix) == 0:
            return []
        # TreeSHAP of the fraud model's distilled explainer (FraudModel.explainer_): the full
        # model's would cost hundreds of times its scoring. A few rows (the API's) in this
        # thread: on them LightGBM's thread pool costs more CPU than it saves.
        contributions = self.fraud.explainer_.predict(
            matrix,
            pred_contrib=True,
            num_threads=THREADS if len(matrix) >= PARALLEL_ROWS else 1,
        )
        return top_factors(np.asarray(contributions), self.fraud.feature_names_)

    @property
    def trained_at(self) -> str:
        """When the cluster was fitted: what a screening result names as its model version."""
        return self.summary_.get("trained_at", "untrained")

    def training_summary(self) -> dict[str, Any]:
        return {**self.summary_, "lightgbm": lightgbm.__version__}

    def save_files(self, folder: Path) -> None:
        """The state, then the trees compiled anew into the folder's cache."""
        super().save_files(folder)
        clear_compiled(folder)
        self.compile(folder)

    def loaded(self, folder: Path) -> "RiskCluster":
        return self.compile(folder)
