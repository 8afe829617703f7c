"""The labelled texts the HS classifier learns from, built from sources the project owns.

Three sources, each a list of :class:`LabelledText` whose code may be a chapter (2 digits), a
heading (4) or a subheading (6), so that a text teaches exactly the level it is evidence for:
"footwear" says chapter 64 and nothing about the heading.

1. The HS2022 nomenclature itself (every chapter, heading and subheading text, plus a variant of
   each subheading read together with its heading, the way a trader names goods: "T-shirts ... of
   cotton").
2. ``vocabulary.csv`` beside this module: product-type words that traders and shops use, in
   English and Chinese, for every chapter and heading and the commonly traded subheadings, a
   term on the most specific code it is evidence for ("cotton t-shirt" on 610910, "tank top" on
   6109, "knitwear" on 61). Written and owned by the project; the nomenclature says "Automatic
   data processing machines; portable", a trader writes "laptop" or "笔记本电脑".
3. Labelled history supplied to ``fit`` (the synthetic generator's descriptions, a user's
   declarations), which is passed through unchanged.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from smartcustoms.reference import hs

VOCABULARY_PATH = Path(__file__).with_name("vocabulary.csv")
LANGUAGES = ("en", "zh", "ko")
"""Columns of the vocabulary file: English, Chinese (Simplified) and Korean terms. Korean covers
the chapters and the commonly traded headings (Korean declarations and rulings describe goods in
Korean); the sentence encoder carries the rest across languages."""

_CROSS_REFERENCES = re.compile(
    r"\b(n\.e\.c\.|not elsewhere specified or included|in heading(?: no\.)? \d+|of heading \d+|"
    r"excluding [^;]*|other than [^;,]*)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class LabelledText:
    """A text and the HS code (2, 4 or 6 digits) it is evidence for."""

    text: str
    code: str


def _plain(description: str) -> str:
    """The nomenclature text without cross-references, which name other goods ("excluding fish
    fillets of heading 0304") and would pull a query about those goods here."""
    text = _CROSS_REFERENCES.sub(" ", description)
    return re.sub(r"[\s,;]+(?=[,;)]|$)", "", re.sub(r"\s+", " ", text)).strip(" ,;")


def nomenclature_texts() -> list[LabelledText]:
    """Every chapter, heading and subheading text, plus for each subheading its text without
    cross-references and its text after the heading's."""
    texts = [LabelledText(entry.description, entry.code) for entry in hs.chapters()]
    for sub in hs.subheadings():
        heading = hs.lookup(sub.code[:4])
        plain = _plain(sub.description)
        texts.append(LabelledText(sub.description, sub.code))
        if plain and plain != sub.description:
            texts.append(LabelledText(plain, sub.code))
        if heading is not None:
            texts.append(LabelledText(f"{_plain(heading.description)}: {plain}", sub.code))
    headings = {sub.code[:4] for sub in hs.subheadings()}
    texts += [LabelledText(hs.lookup(code).description, code) for code in sorted(headings)]
    return texts


@cache
def vocabulary_texts(path: Path = VOCABULARY_PATH) -> tuple[LabelledText, ...]:
    """One labelled text per product-type term in the vocabulary file (columns ``code`` and one
    per language of :data:`LANGUAGES`, which may be empty; terms separated by ``;``).

    Raises ValueError naming the line of a code that is not an HS2022 chapter, heading or
    subheading, or of a file without a column per language: a mistyped code would otherwise
    teach the classifier a label that does not exist, and nothing would notice.
    """
    texts = []
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"code", *LANGUAGES} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            if not _is_nomenclature_code(row["code"]):
                raise ValueError(
                    f"{path}:{reader.line_num}: {row['code']!r} is not an HS2022 chapter, "
                    "heading or subheading"
                )
            for language in LANGUAGES:
                texts += [
                    LabelledText(term.strip(), row["code"])
                    for term in (row[language] or "").split(";")
                    if term.strip()
                ]
    return tuple(texts)


def _is_nomenclature_code(code: str | None) -> bool:
    """True for a 2-, 4- or 6-digit code of the HS2022 nomenclature (no national lines)."""
    return bool(code) and len(code) in hs.HS_LEVELS and hs.lookup(code) is not None


def knowledge_texts() -> list[LabelledText]:
    """The project's own knowledge: nomenclature texts and product-type vocabulary."""
    return nomenclature_texts() + list(vocabulary_texts())
