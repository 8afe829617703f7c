"""Chapter and heading cues that similarity misses: is a garment knitted or woven, what is a
shoe's upper made of.

The nomenclature splits garments by fabric first (chapter 61 "knitted or crocheted", chapter 62
"not knitted or crocheted") and footwear by the material of the upper (6402 rubber or plastics,
6403 leather, 6404 textile). Trader titles rarely say "knitted" ("Men Cotton Hoodie") and name
the sole next to the upper ("PU Leather Boots Rubber Sole"), and a T-shirt is about as similar
to "T-shirts, knitted" as to "shirts, not knitted". What decides is knowledge a customs officer
has: a T-shirt, a hoodie or leggings are knitted unless the title says otherwise; jeans, a
blazer or a down jacket are woven; "mesh" or "canvas" on a shoe is a textile upper, "PU leather"
a plastic one. Bags and wallets split the same way by their outer surface (4202.x1 leather,
4202.x2 plastic sheeting or textile, 4202.x9 straw, paper, metal), hair clips and combs by their
material (9615.11 plastics, 9615.19 other). Jewellery named without a precious metal, pearls or
stones is imitation (7117), as nearly all of it is on marketplaces; "ring" alone carries no such
default (piston rings, O-rings), and "ring light" or "jewelry box" do not name jewellery at all.
Lamps, split by HS2022 into those for LED light sources only and the rest, are LED unless the
title names a bulb socket (E27, GU10) or another light source (halogen, incandescent).

``sibling_cues.csv`` beside this module holds that knowledge, owned by the project. Each row
belongs to a topic (``garment``, ``footwear``): ``names`` words say the title is about the topic
(and may carry a default, "hoodie" favours 61), ``says`` words count only when the title names
the topic (explicit facts, weighing more: "denim" favours 62, "rubber sole" names the sole and
nothing else). A title is read for the first topic of the file that it names, so "knit sneakers" are
footwear with a textile upper and never a knitted garment. Words are matched whole, longest
first ("pu leather" before "leather"), English with an optional plural, Chinese and Korean as
substrings. The evidence for a code is its heaviest cue; it is added to that code's score, where
it competes with the code's siblings (61 against 62, 6403 against 6402).
"""

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CUES_PATH = Path(__file__).with_name("sibling_cues.csv")
LANGUAGES = ("en", "zh", "ko")
_CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_CJK = re.compile(f"[{_CJK_RANGES}]")


@dataclass(frozen=True, slots=True)
class Cue:
    """What one word says within its topic: whether it names the topic, the codes it favours
    (none for a word that only names the topic or a neutral fact) and by how much."""

    names_topic: bool
    codes: tuple[str, ...]
    weight: float


class CueTable:
    """The cue words of every topic (topics in file order), looked up by whole words.

    Matching is a dictionary lookup of word n-grams, longest first at each word, not a regular
    expression of hundreds of alternatives: the scan costs a few lookups per word, a small part
    of classifying a short title.
    """

    def __init__(self, rows: Sequence[Mapping[str, str]]):
        topics: dict[str, int] = {}
        words: dict[str, tuple[tuple[int, Cue], ...]] = {}
        for position, row in enumerate(rows):
            if row["kind"] not in ("names", "says"):
                raise ValueError(f"cue row {position}: kind must be 'names' or 'says'")
            cue = Cue(row["kind"] == "names", tuple(row["codes"].split()), float(row["weight"]))
            topic = topics.setdefault(row["topic"], len(topics))
            for language in LANGUAGES:
                for word in (row.get(language) or "").split(";"):
                    for key in _keys(word.strip().lower()):
                        # a word of several rows carries each row's cue ("boot" names footwear
                        # and favours the subheadings covering the ankle)
                        words[key] = (*words.get(key, ()), (topic, cue))
        self._words = {k: v for k, v in words.items() if not _CJK.search(k)}
        self._characters = {k: v for k, v in words.items() if _CJK.search(k)}
        self._max_words = max((k.count(" ") + 1 for k in self._words), default=0)
        self._max_characters = max(map(len, self._characters), default=0)

    def evidence(self, cleaned: Sequence[str]) -> tuple[list[int], list[str], list[float]]:
        """Sparse (row, code, weight) triples: per cleaned title, the heaviest cue for each
        code of the first topic the title names."""
        rows, codes, weights = [], [], []
        for row, text in enumerate(cleaned):
            found = self._found(text)
            named = [topic for topic, cue in found if cue.names_topic]
            if not named:
                continue
            first = min(named)
            best: dict[str, float] = {}
            for topic, cue in found:
                for code in cue.codes if topic == first else ():
                    best[code] = max(best.get(code, 0.0), cue.weight)
            for code, weight in best.items():
                rows.append(row)
                codes.append(code)
                weights.append(weight)
        return rows, codes, weights

    def _found(self, text: str) -> list[tuple[int, Cue]]:
        """The (topic, cue) pairs of the words in ``text``, the longest word at each position
        taking its words ("pu leather" leaves no "leather")."""
        found = _longest(_TOKEN.findall(text), self._words, self._max_words, " ")
        if self._characters and _CJK.search(text):
            compact = text.replace(" ", "")
            found += _longest(list(compact), self._characters, self._max_characters, "")
        return found


_TOKEN = re.compile(rf"(?:(?![{_CJK_RANGES}])[^\W_])+")
"""A word of letters or digits in a script that separates words by spaces."""


def _keys(word: str) -> list[str]:
    """The lookup keys of a listed word: CJK as written; otherwise its words joined by one
    space, and with the plural endings of its last word ("tee", "tees"; "dress", "dresses")."""
    if not word:
        return []
    if _CJK.search(word):
        return [word]
    key = " ".join(_TOKEN.findall(word))
    return [key, key + "s", key + "es"] if key else []


def _longest(
    units: list[str], table: Mapping[str, tuple[tuple[int, Cue], ...]], longest: int, join: str
) -> list[tuple[int, Cue]]:
    """Scans ``units`` (words or characters) left to right, taking at each position the
    longest run of at most ``longest`` units listed in ``table`` and moving past it."""
    found: list[tuple[int, Cue]] = []
    position = 0
    while position < len(units):
        for size in range(min(longest, len(units) - position), 0, -1):
            if (key := join.join(units[position : position + size])) in table:
                found += table[key]
                position += size
                break
        else:
            position += 1
    return found


@cache
def default_cues(path: Path = CUES_PATH) -> CueTable:
    """The project's cue table (``sibling_cues.csv``)."""
    with open(path, newline="", encoding="utf-8") as handle:
        return CueTable(list(csv.DictReader(handle)))
