"""A discriminative model of the HS levels over sentence embeddings: one softmax per level.

The retrieval part of the classifier scores a description by the texts it resembles; this part
learns which directions of the embedding separate the codes, from every labelled text at once,
so that many short real descriptions of one code teach it more than their nearest neighbour
does. Chapters, headings and subheadings each get their own softmax (a heading text teaches the
heading model and nothing below it); the joint score of a subheading is the sum of the three
log-probabilities. Trained by mini-batch Adam in NumPy: a few minutes on two cores, weights of
about 15 MB, no extra dependency.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

LEVELS = (2, 4, 6)
_FLOOR = -30.0
"""Log-probability given to a code its level's softmax has no class for (no text taught it)."""


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    return logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))


def _normalised(x: np.ndarray) -> np.ndarray:
    return (x / (np.linalg.norm(x, axis=1, keepdims=True) + 1e-9)).astype(np.float32)


@dataclass
class LevelSoftmax:
    """Weights of one level: classes (sorted codes), weight matrix and bias."""

    classes: np.ndarray
    weights: np.ndarray
    bias: np.ndarray


class LabelSoftmax:
    """Per-level softmax classifiers over L2-normalised embeddings.

    Parameters
    ----------
    epochs, learning_rate, l2, batch_size:
        Adam settings; ten epochs reach a plateau on the shipped corpus (about 60,000 texts).
    random_state:
        Seed of the mini-batch order, so a build is reproducible.
    """

    def __init__(
        self,
        *,
        epochs: int = 10,
        learning_rate: float = 0.01,
        l2: float = 1e-5,
        batch_size: int = 256,
        random_state: int = 0,
    ):
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.l2 = l2
        self.batch_size = batch_size
        self.random_state = random_state

    def fit(
        self, embeddings: np.ndarray, codes: Sequence[str], weights: np.ndarray
    ) -> "LabelSoftmax":
        """Learns each level from the texts whose code has at least that many digits;
        ``weights`` are per text (real descriptions count more than nomenclature variants)."""
        x = _normalised(np.asarray(embeddings))
        codes = np.asarray(codes, dtype=object)
        weights = np.asarray(weights, dtype=np.float32)
        self.levels_ = {}
        for level in LEVELS:
            rows = np.flatnonzero([len(c) >= level for c in codes])
            keys = np.array([c[:level] for c in codes[rows]])
            classes = np.unique(keys)
            self.levels_[level] = self._fit_level(
                x[rows], np.searchsorted(classes, keys), classes, weights[rows]
            )
        return self

    def _fit_level(
        self, x: np.ndarray, y: np.ndarray, classes: np.ndarray, w: np.ndarray
    ) -> LevelSoftmax:
        rng = np.random.default_rng(self.random_state)
        params = [
            np.zeros((x.shape[1], len(classes)), np.float32),
            np.zeros(len(classes), np.float32),
        ]
        first = [np.zeros_like(p) for p in params]
        second = [np.zeros_like(p) for p in params]
        step = 0
        for _ in range(self.epochs):
            order = rng.permutation(len(x))
            for start in range(0, len(x), self.batch_size):
                batch = order[start : start + self.batch_size]
                gradient = np.exp(_log_softmax(x[batch] @ params[0] + params[1]))
                gradient[np.arange(len(batch)), y[batch]] -= 1
                gradient *= (w[batch] / w[batch].sum())[:, None]
                grads = (x[batch].T @ gradient + self.l2 * params[0], gradient.sum(axis=0))
                step += 1
                for p, g, m, v in zip(params, grads, first, second, strict=True):
                    m *= 0.9
                    m += 0.1 * g
                    v *= 0.999
                    v += 0.001 * g * g
                    p -= (
                        (self.learning_rate / (1 - 0.9**step))
                        * m
                        / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
                    )
        return LevelSoftmax(classes, params[0], params[1])

    def log_probabilities(
        self, embeddings: np.ndarray, labels: dict[int, np.ndarray]
    ) -> dict[int, np.ndarray]:
        """Per level, the log-probability of every code in ``labels[level]`` (sorted codes of
        that level), ``_FLOOR`` for codes no text taught."""
        x = _normalised(np.asarray(embeddings))
        out = {}
        for level, codes in labels.items():
            model = self.levels_[level]
            log_p = _log_softmax(x @ model.weights + model.bias)
            position = np.minimum(np.searchsorted(model.classes, codes), len(model.classes) - 1)
            known = model.classes[position] == codes
            out[level] = np.where(known[None, :], log_p[:, position], _FLOOR).astype(np.float32)
        return out
