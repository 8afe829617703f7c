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

from smartcustoms.reference import hs
from smartcustoms.synth import chinese
from smartcustoms.synth.sampling import pick

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


def _optional(text: pl.Series | pl.Expr, present: np.ndarray) -> pl.Expr:
    """The text where ``present``, else empty (concat_str then drops the double space)."""
    value = pl.lit(text) if isinstance(text, pl.Series) else text
    return pl.when(pl.lit(pl.Series(present))).then(value).otherwise(pl.lit(""))


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
    counted = (unit != "KGM") & (unit != "LTR")
    packaging = pl.Series(np.full(size, "", dtype=object), dtype=pl.String)
    for unit_code, options in PACKAGING.items():
        mask = (unit == unit_code).to_numpy()
        packaging = packaging.scatter(np.flatnonzero(mask), pick(rng, options, int(mask.sum())))
    noisy_quantity = np.maximum(1, np.rint(quantity * rng.uniform(0.95, 1.05, size))).astype(
        np.int64
    )
    quantity_note = pl.concat_str(
        pl.lit("QTY "), pl.lit(pl.Series(noisy_quantity)), pl.lit(" "),
        pl.lit(unit).replace_strict(UNIT_WORDS),
    )  # fmt: skip
    model = pl.concat_str(
        pl.lit(pick(rng, tuple("ABCDEFGHJKLMNPRSTVXZ"), size)),
        pl.lit(pick(rng, tuple("ABCDEFGHJKLMNPRSTVXZ"), size)),
        pl.lit("-"),
        pl.lit(pl.Series(rng.integers(100, 9999, size))),
    )
    brands = pl.Series(BRANDS, dtype=pl.String).gather(brand % len(BRANDS))
    draws = {name: rng.random(size) < share for name, share in SHARES.items()}
    style = rng.random(size)
    english_text = pl.concat_str(
        _optional(brands, draws["brand"]),
        pl.lit(phrasing),
        _optional(model, draws["model"] & counted.to_numpy()),
        _optional(packaging, draws["packaging"]),
        _optional(quantity_note, draws["quantity"]),
        separator=" ",
    )
    chinese_text = pl.concat_str(
        _optional(brands, draws["brand"]),
        pl.lit(chinese_names.gather(product)),
        _optional(pick(rng, chinese.PACKAGING_TERMS, size), draws["packaging"]),
        _optional(
            pl.concat_str(
                pl.lit("数量"), pl.lit(pl.Series(noisy_quantity)),
                pl.lit(unit).replace_strict(chinese.UNIT_TERMS),
            ),
            draws["quantity"],
        ),
        separator=" ",
    )  # fmt: skip
    text = (
        pl.when(pl.lit(pl.Series(in_chinese)))
        .then(chinese_text)
        .when(pl.lit(pl.Series(style < 0.3)))
        .then(english_text.str.to_uppercase())
        .when(pl.lit(pl.Series(style > 0.85)))
        .then(english_text.str.to_lowercase())
        .otherwise(english_text)
    )
    cleaned = text.str.replace_all(r"\s+", " ").str.strip_chars()
    return pl.select(cleaned.alias("description")).to_series()
