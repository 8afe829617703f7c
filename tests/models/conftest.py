"""HS classifiers built once per test session: TF-IDF only on the project's knowledge
(seconds), a dense one on a tiny history (exercises the sentence encoder quickly) and the
shipped configuration (about a minute), for what only the whole model decides."""

import pytest

from smartcustoms.models.hs_classifier import HSClassifier

HISTORY = [
    ("zorbulator deluxe 3000 portable computer", "847130"),
    ("zorbulator mini notebook", "847130"),
    ("men's cotton tee", "610910"),
    ("ladies cotton t-shirt printed", "610910"),
    ("frozen tuna loins", "030487"),
    ("yellowfin tuna frozen whole", "030342"),
    ("stainless steel cooking pot", "732393"),
    ("不锈钢锅 炒锅", "732393"),
]


@pytest.fixture(scope="session")
def tfidf_model() -> HSClassifier:
    """The project's knowledge plus the tiny history, character n-grams only."""
    descriptions, codes = zip(*HISTORY, strict=True)
    return HSClassifier(dense=False).fit(descriptions, codes)


@pytest.fixture(scope="session")
def dense_model() -> HSClassifier:
    """Sentence embeddings and n-grams on the tiny history alone."""
    descriptions, codes = zip(*HISTORY, strict=True)
    return HSClassifier(use_knowledge=False, calibration_share=0.0).fit(descriptions, codes)


@pytest.fixture(scope="session")
def shipped_model() -> HSClassifier:
    """The configuration `smartcustoms train-hs` builds: knowledge, n-grams and embeddings."""
    return HSClassifier().fit()
