"""Which kind of document a page is, from its title and keywords in English and Chinese."""

from dataclasses import dataclass

from smartcustoms.declarations.schema import DocumentType
from smartcustoms.documents.layout import Row
from smartcustoms.documents.values import comparable
from smartcustoms.documents.vocabulary import KEYWORDS, RENDERED_TYPES, TITLES

TITLE_WEIGHT = 6.0
TITLE_ROWS = 4
"""Titles are looked for in the first rows only: a title word lower down is only a keyword."""


@dataclass(frozen=True, slots=True)
class Recognition:
    """The document type and how sure the keyword vote is (best score's share of the two best)."""

    type: DocumentType
    confidence: float


def recognise(rows: list[Row]) -> Recognition:
    """The most likely document type; OTHER with confidence 0 where no keyword appears."""
    top = comparable(" ".join(row.text for row in rows[:TITLE_ROWS]))
    everything = comparable(" ".join(row.text for row in rows))
    scores: dict[DocumentType, float] = {}
    for doc_type in RENDERED_TYPES:
        score = sum(1.0 for word in KEYWORDS[doc_type] if comparable(word) in everything)
        score += sum(
            TITLE_WEIGHT * len(title) / 10
            for title in TITLES[doc_type].values()
            if comparable(title) in top
        )
        scores[doc_type] = score
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score == 0:
        return Recognition(DocumentType.OTHER, 0.0)
    return Recognition(best, best_score / (best_score + second_score))
