"""Cleaning of goods descriptions before they reach the classifier.

Declarations arrive with anything in the description field: nothing, an emoji, a pasted data
sheet of 100 KB, several scripts in one line. The classifier needs a bounded, comparable text
and a plain yes/no on whether there is anything to classify at all.
"""

import re
import unicodedata

MAX_CHARS = 1_000
"""Descriptions are cut here: the goods are named early, later text is data-sheet detail that
costs time and dilutes the character n-grams."""

_NOISE = re.compile(r"[^\w%.,;:/+\-()&' ]+")
_SPACES = re.compile(r"\s+")
_DIGITS_ONLY = re.compile(r"^[\d\W_]*$")


def clean_description(text: object, max_chars: int = MAX_CHARS) -> str:
    """Returns the text NFKC-normalised, lower-cased, without symbols or emoji, cut to
    ``max_chars`` characters; anything that is not a string becomes the empty text."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text[: max_chars * 4])
    text = _NOISE.sub(" ", text.lower())
    return _SPACES.sub(" ", text).strip()[:max_chars]


def has_content(cleaned: str) -> bool:
    """True when a cleaned description holds at least one letter of some script: digits and
    punctuation alone do not name goods."""
    return bool(cleaned) and not _DIGITS_ONLY.match(cleaned)
