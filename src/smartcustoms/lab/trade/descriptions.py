"""Goods descriptions written the way traders write them.

Each subheading yields a few phrasings of its own HS text (copied tariff wording, adjective
first, abbreviated capitals, head noun and one qualifier); each goods item then adds what real
descriptions carry besides the goods: a brand, a model number, packaging, a quantity note, odd
capitalisation. A share is written in Chinese. The words that identify the goods always come
from the true product's text, so a misclassified item still describes what is really in the box.

Assembly is columnar (polars string expressions over index arrays): no per-item Python.
"""

import re
from functools import cache

import numpy as np
import polars as pl

from smartcustoms.lab.trade import chinese
from smartcustoms.lab.trade.sampling import pick, where
from smartcustoms.reference import hs

PHRASINGS = 4

_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_UNINFORMATIVE = re.compile(
    r"^(other|n\.e\.c|excluding|including|whether|as specified|of a kind|"
    r"of heading|in heading|for use|suitable for|specified|their )"
)
_SPACES = re.compile(r"\s+")
_PREPOSITION = re.compile(r"^(of|in|for|with|to|on|by|from|at|and|or)\b", re.IGNORECASE)
"""A qualifier starting so cannot stand before the noun ('of wool yarn')."""
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\bstainless steel\b|\bsteel, stainless\b", "SS"), (r"\bpolyethylene\b", "PE"),
    (r"\bpolypropylene\b", "PP"), (r"\bpolyvinyl chloride\b", "PVC"),
    (r"\baluminium\b", "ALU"), (r"\bcotton\b", "CTN"), (r"\bpolyester\b", "PES"),
    (r"\bfrozen\b", "FRZ"), (r"\bmachines?\b", "MACH"), (r"\bequipment\b", "EQPT"),
    (r"\bapparatus\b", "APP"), (r"\bassembl(y|ies)\b", "ASSY"), (r"\baccessories\b", "ACC"),
    (r"\bwith\b", "W/"), (r"\bwithout\b", "W/O"), (r"\band\b", "&"),
    (r"\bnumber\b", "NO."), (r"\bsynthetic\b", "SYN"), (r"\bmaterials?\b", "MAT"),
)  # fmt: skip

_ABBREVIATION_PATTERNS = tuple((re.compile(p, re.IGNORECASE), short) for p, short in ABBREVIATIONS)

BRANDS: tuple[str, ...] = tuple(
    f"{first}{second}"
    for first in ("Kova", "Zen", "Lumi", "Astra", "Vela", "Orio", "Hexa", "Nori", "Tera", "Qui",
                  "Sino", "Delta", "Bao", "Rexo", "Mira", "Kai", "Polo", "Nova", "Fuji", "Hana")
    for second in ("tek", "line", "max", "ra", "son", "flex", "pro", "wave", "tron", "star",
                   "corp", "do", "ka", "vis", "gen")
)  # fmt: skip
"""Brand-like tokens; each seller writes one of its own on its goods."""

PACKAGING: dict[str, tuple[str, ...]] = {
    "KGM": ("in bulk", "in 25kg bags", "in jumbo bags", "in drums", "on pallets", "in cartons",
            "packed in pp bags", "in 50 kg sacks"),
    "LTR": ("in bottles", "in IBC tanks", "in flexitank", "in cans", "in drums", "in cartons"),
    "PCE": ("in cartons", "packed in ctns", "on pallets", "boxed", "in wooden cases",
            "in polybags", "1 unit per box", "in crates"),
}  # fmt: skip
PACKAGING["PR"] = PACKAGING["NAR"] = PACKAGING["PCE"]
_MODEL_LETTERS = tuple("ABCDEFGHJKLMNPRSTVXZ")
UNIT_WORDS = {"KGM": "KGS", "LTR": "LTRS", "PCE": "PCS", "PR": "PRS", "NAR": "UNITS"}

SHARES = {"brand": 0.35, "model": 0.4, "packaging": 0.35, "quantity": 0.25}
"""How often each extra appears (a model number only on goods counted in pieces)."""


def _clean(text: str) -> str:
    return _SPACES.sub(" ", _PARENTHESES.sub("", text)).strip(" ;,")


def _phrasings(code: str) -> list[str]:
    """The :data:`PHRASINGS` ways a trader words the goods of one subheading."""
    text = _clean(hs.lookup(code).description)
    head, _, rest = text.partition(";")
    head = head.strip()
    qualifiers = [q.strip() for q in rest.split(",") if q.strip()]
    telling = [q for q in qualifiers if not _UNINFORMATIVE.match(q.lower())]
    if len(telling) > 4:  # keep the start and the end, where subheadings differ most
        telling = [*telling[:3], telling[-1]]
    if not telling:
        heading = _clean(hs.lookup(code[:4]).description)
        telling = [q.strip() for q in heading.partition(";")[2].split(",") if q.strip()][:1]
    first, last = (telling[0], telling[-1]) if telling else ("", "")
    abbreviated = ", ".join([head, *telling[:3]])
    for pattern, short in _ABBREVIATION_PATTERNS:
        abbreviated = pattern.sub(short, abbreviated)
    adjective_first = f"{head} {first}" if _PREPOSITION.match(first) else f"{first} {head.lower()}"
    phrasings = [
        ", ".join([head, *telling]),  # copied from the tariff
        adjective_first,
        abbreviated.upper(),
        f"{head} - {last}",  # the qualifier that tells the subheading apart, often the last
    ]
    return [p.strip(" -")[:200] for p in phrasings]


@cache
def phrase_table(codes: tuple[str, ...]) -> tuple[pl.Series, pl.Series]:
    """English phrasings (``PHRASINGS`` per product, flattened) and Chinese names per product."""
    english = [phrase for code in codes for phrase in _phrasings(code)]
    return pl.Series(english, dtype=pl.String), pl.Series(
        [chinese.term(c) for c in codes], dtype=pl.String
    )


def _joined(*parts: pl.Series) -> pl.Series:
    """Joins the parts of each row with spaces, skipping the absent (null) ones."""
    frame = pl.DataFrame({f"part{i}": part for i, part in enumerate(parts)})
    return frame.select(pl.concat_str(pl.all(), separator=" ", ignore_nulls=True)).to_series()


def _restyle(text: pl.Series, rows: np.ndarray, style) -> pl.Series:
    """``text`` with ``style`` (a Series -> Series function) applied to the given rows only."""
    return text.scatter(rows, style(text.gather(rows))) if len(rows) else text


def describe(
    rng: np.random.Generator,
    *,
    codes: tuple[str, ...],
    product: np.ndarray,
    unit: pl.Series,
    quantity: np.ndarray,
    brand: np.ndarray,
    in_chinese: np.ndarray,
) -> pl.Series:
    """Writes one description per goods item of the true ``product`` (indices into ``codes``)."""
    size = len(product)
    english, chinese_names = phrase_table(codes)
    phrasing = english.gather(product * PHRASINGS + rng.integers(0, PHRASINGS, size))
    counted = ((unit != "KGM") & (unit != "LTR")).to_numpy()
    packaging = pl.Series([None] * size, dtype=pl.String)
    for unit_code, options in PACKAGING.items():
        rows = np.flatnonzero((unit == unit_code).to_numpy())
        packaging = packaging.scatter(rows, pick(rng, options, len(rows)))
    noisy = np.maximum(1, np.rint(quantity * rng.uniform(0.95, 1.05, size))).astype(np.int64)
    noisy_quantity = pl.Series(noisy).cast(pl.String)
    model = (
        pick(rng, _MODEL_LETTERS, size)
        + pick(rng, _MODEL_LETTERS, size)
        + "-"
        + pl.Series(rng.integers(100, 9999, size)).cast(pl.String)
    )
    brands = pl.Series(BRANDS, dtype=pl.String).gather(brand % len(BRANDS))
    draws = {name: rng.random(size) < share for name, share in SHARES.items()}
    style = rng.random(size)
    text = _joined(
        where(draws["brand"], brands),
        phrasing,
        where(draws["model"] & counted, model),
        where(draws["packaging"], packaging),
        where(draws["quantity"], "QTY " + noisy_quantity + " " + unit.replace_strict(UNIT_WORDS)),
    )
    text = _restyle(text, np.flatnonzero(style < 0.3), lambda t: t.str.to_uppercase())
    text = _restyle(text, np.flatnonzero(style > 0.85), lambda t: t.str.to_lowercase())
    rows = np.flatnonzero(in_chinese)
    chinese_text = _joined(
        where(draws["brand"][rows], brands.gather(rows)),
        chinese_names.gather(product[rows]),
        where(draws["packaging"][rows], pick(rng, chinese.PACKAGING_TERMS, len(rows))),
        where(
            draws["quantity"][rows],
            "数量"
            + noisy_quantity.gather(rows)
            + unit.gather(rows).replace_strict(chinese.UNIT_TERMS),
        ),
    )
    return text.scatter(rows, chinese_text).rename("description")
