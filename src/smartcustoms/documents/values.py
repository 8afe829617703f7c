"""Parsing of field values as OCR reads them: tolerant of full-width forms, missing spaces and the
letters that OCR confuses with digits (O/0, l/1), so one misread glyph does not lose a field."""

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from smartcustoms.documents.countries import country_from_text
from smartcustoms.reference.iso_codes import is_currency
from smartcustoms.reference.units import is_quantity_unit

_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1",
                                   "|": "1", "i": "1", "!": "1", "S": "5", "s": "5", "B": "8",
                                   "Z": "2", "z": "2", "g": "9"})  # fmt: skip
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_ABBREVIATIONS = tuple(name.capitalize() for name in _MONTHS)


def normalise(text: str) -> str:
    """NFKC (full-width letters, digits and colons become ASCII) with runs of spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("：", ":")
    return re.sub(r"\s+", " ", text).strip()


def comparable(text: str) -> str:
    """A key for comparing text read by OCR with the truth: case, spaces and punctuation gone."""
    return re.sub(r"[\W_]+", "", normalise(text).casefold())


def _digits_only(token: str) -> str:
    return token.translate(_DIGIT_LOOKALIKES)


def parse_number(text: str) -> Decimal | None:
    """A decimal number such as '1,200.50', '1 200.5' or 'l,2O0.5'; None where there is none."""
    # digit groups split by a space ('1 200.5') join; a word's letters never start a number
    compact = re.sub(r"(?<=[\d,.])\s+(?=\d)", "", normalise(text))
    look = "OoDQlI|iSsBZzg"
    match = re.search(rf"(?:(?<![A-Za-z])[{look}]+[,.]?)?\d[\d{look},.']*", compact)
    if not match:
        return None
    token = _digits_only(match.group()).replace("'", "")
    if "," in token and "." in token:
        token = token.replace(",", "")
    elif "," in token:
        head, _, tail = token.rpartition(",")
        # '1,200' groups thousands; '12,5' is a decimal comma
        token = token.replace(",", "") if len(tail) == 3 else f"{head.replace(',', '')}.{tail}"
    token = token.strip(".")
    if token.count(".") > 1:
        head, _, tail = token.rpartition(".")
        token = head.replace(".", "") + "." + tail
    try:
        return Decimal(token)
    except InvalidOperation:
        return None


def format_number(value: Decimal | float | int) -> str:
    """The canonical text of a number in truth files and reports: no exponent, no trailing zeros."""
    number = Decimal(str(value)).normalize()
    text = f"{number:f}"
    return text


def parse_hs(text: str) -> str | None:
    """HS digits from '0901.21', '0901 21 00' or '09O1.2l'; None unless 6 to 10 digits."""
    compact = normalise(text)
    match = re.search(r"[0-9OoIl|]{4}[.\s]?[0-9OoIl|]{2}(?:[.\s]?[0-9OoIl|]{2}){0,2}", compact)
    if not match:
        return None
    digits = re.sub(r"[.\s]", "", _digits_only(match.group()))
    return digits if digits.isdigit() and 6 <= len(digits) <= 10 else None


def parse_date(text: str) -> date | None:
    """A date written as 2026-11-01, 2026年11月1日, 01.11.2026, 01 Nov 2026 or Nov 01, 2026."""
    compact = normalise(text)
    numeric = _digits_only(compact)
    patterns = (
        (r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", (0, 1, 2)),
        (r"(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})", (2, 1, 0)),
    )
    for pattern, (y, m, d) in patterns:
        match = re.search(pattern, numeric)
        if match:
            parts = match.groups()
            return _date(parts[y], parts[m], parts[d])
    month_names = "|".join(_MONTHS)
    match = re.search(rf"(\w{{1,2}})\s*({month_names})[a-z]*\.?\s*,?\s*(\w{{4}})", compact, re.I)
    if match:
        day, month, year = match.groups()
        return _date(_digits_only(year), str(_MONTHS[month[:3].lower()]), _digits_only(day))
    match = re.search(rf"({month_names})[a-z]*\.?\s*(\w{{1,2}})\s*,?\s*(\w{{4}})", compact, re.I)
    if match:
        month, day, year = match.groups()
        return _date(_digits_only(year), str(_MONTHS[month[:3].lower()]), _digits_only(day))
    return None


def _date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_currency(text: str) -> str | None:
    """The first ISO 4217 code in the text ('USD', 'usd', 'U SD' are all USD)."""
    letters = re.sub(r"[^A-Za-z]", " ", normalise(text)).upper()
    for token in letters.split():
        if len(token) == 3 and is_currency(token):
            return token
    squeezed = letters.replace(" ", "")
    for start in range(len(squeezed) - 2):
        if is_currency(squeezed[start : start + 3]) and squeezed[start : start + 3] != "ALL":
            return squeezed[start : start + 3]
    return None


def parse_quantity(text: str) -> tuple[Decimal | None, str | None]:
    """A quantity and its UN/ECE unit from '1,200 KGM', '1200KGM' or 'l,200 KG M'."""
    compact = normalise(text)
    number = parse_number(compact)
    letters = re.sub(r"[^A-Za-z0-9]", "", compact.upper())
    for size in (3, 2):
        for start in range(len(letters) - size, -1, -1):
            token = letters[start : start + size]
            for candidate in (token, token.replace("0", "O")):
                if not candidate.isdigit() and is_quantity_unit(candidate):
                    return number, candidate
    return number, None


def parse_country(text: str) -> str | None:
    """ISO alpha-2 code of a country named in English, Chinese or as a code."""
    return country_from_text(normalise(text))
