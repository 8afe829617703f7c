"""HS classifier: proposes HS6 subheadings for goods descriptions and flags declarations whose
declared code is improbable."""

from smartcustoms.models.hs_classifier.classifier import Candidate, HSClassifier, Suggestion

__all__ = ["Candidate", "HSClassifier", "Suggestion"]
