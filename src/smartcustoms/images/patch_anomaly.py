"""Patch-level anomaly detection: a Gaussian mixture per commodity of what its clean patches look
like; patches the declared goods explain badly are marked, joined into regions and boxed."""

from dataclasses import dataclass

import numpy as np
from scipy import ndimage
from scipy.special import logsumexp
from sklearn.mixture import GaussianMixture

from smartcustoms.images.findings import Box

_COMPONENTS = 8


def _transform(patches: np.ndarray) -> np.ndarray:
    """Log-compresses heavy-tailed measures so one Gaussian spread fits light and dense goods."""
    out = patches.copy()
    out[:, :-1] = np.log1p(np.clip(patches[:, :-1], 0, None) * 4)
    return out


@dataclass
class PatchModel:
    """One commodity's patch distribution (:meth:`fit`) and its alarm thresholds
    (:meth:`calibrate`)."""

    seed: int = 0
    patch_threshold_: float = np.inf
    image_threshold_: float = np.inf

    def fit(self, patches: np.ndarray) -> "PatchModel":
        mixture = GaussianMixture(
            _COMPONENTS, covariance_type="full", reg_covar=1e-3, random_state=self.seed
        ).fit(_transform(patches))
        self.weights_ = mixture.weights_
        self.means_ = mixture.means_
        self.precision_cholesky_ = mixture.precisions_cholesky_
        return self

    def score(self, patches: np.ndarray) -> np.ndarray:
        """Negative log-likelihood per patch: high means the declared goods explain it badly."""
        x = _transform(patches)
        dims = x.shape[1]
        log_det = np.log(np.diagonal(self.precision_cholesky_, axis1=1, axis2=2)).sum(axis=1)
        log_prob = np.empty((len(x), len(self.weights_)))
        for k, (mean, chol) in enumerate(zip(self.means_, self.precision_cholesky_, strict=True)):
            y = (x - mean) @ chol
            log_prob[:, k] = -0.5 * (dims * np.log(2 * np.pi) + (y * y).sum(axis=1)) + log_det[k]
        return -logsumexp(log_prob + np.log(self.weights_), axis=1)

    def calibrate(self, clean_scans: list[np.ndarray], false_alarm_rate: float) -> "PatchModel":
        """Thresholds from clean scans: a patch is marked above the 99.5th percentile of clean
        patches; an image alarms when its image score exceeds what clean images reach at the
        given rate."""
        scores = [self.score(p) for p in clean_scans]
        self.patch_threshold_ = float(np.percentile(np.concatenate(scores), 99.5))
        worst = np.array([image_score(s) for s in scores])
        self.image_threshold_ = float(np.quantile(worst, 1 - false_alarm_rate))
        return self


def image_score(scores: np.ndarray) -> float:
    """The second-worst patch: anything worth finding covers several overlapping patches, while
    one odd patch in clean goods is mostly noise."""
    return float(np.partition(scores, -2)[-2]) if len(scores) > 1 else float(scores.max())


@dataclass(frozen=True)
class Region:
    """A group of neighbouring marked patches, boxed on the image, with its worst score."""

    box: Box
    score: float
    patches: int


def anomalous_regions(model: PatchModel, patches: np.ndarray, boxes: list[Box]) -> list[Region]:
    """Regions whose worst patch exceeds the image threshold, worst first."""
    scores = model.score(patches)
    marked = scores > model.patch_threshold_
    if not marked.any() or image_score(scores) <= model.image_threshold_:
        return []
    tops = sorted({b.top for b in boxes})
    lefts = sorted({b.left for b in boxes})
    grid = np.zeros((len(tops), len(lefts)), bool)
    row = {t: i for i, t in enumerate(tops)}
    col = {s: i for i, s in enumerate(lefts)}
    index = np.array([(row[b.top], col[b.left]) for b in boxes])
    grid[index[marked, 0], index[marked, 1]] = True
    labels, _ = ndimage.label(grid)
    regions = []
    for label in range(1, labels.max() + 1):
        members = np.flatnonzero(labels[index[:, 0], index[:, 1]] == label)
        worst = float(scores[members].max())
        if worst <= model.image_threshold_:
            continue
        group = [boxes[i] for i in members]
        box = Box(
            min(b.left for b in group),
            min(b.top for b in group),
            max(b.right for b in group),
            max(b.bottom for b in group),
        )
        regions.append(Region(box, worst, len(members)))
    return sorted(regions, key=lambda r: -r.score)
