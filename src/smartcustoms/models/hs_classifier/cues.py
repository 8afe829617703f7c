"""Chapter and heading cues that similarity misses: is a garment knitted or woven, what is a
shoe's upper made of.

The nomenclature splits garments by fabric first (chapter 61 "knitted or crocheted", chapter 62
"not knitted or crocheted") and footwear by the material of the upper (6402 rubber or plastics,
6403 leather, 6404 textile). Trader titles rarely say "knitted" ("Men Cotton Hoodie") and name
the sole next to the upper ("PU Leather Boots Rubber Sole"), and a T-shirt is about as similar
to "T-shirts, knitted" as to "shirts, not knitted". What decides is knowledge a customs officer
has: a T-shirt, a hoodie or leggings are knitted unless the title says otherwise; jeans, a
blazer or a down jacket are woven; "mesh" or "canvas" on a shoe is a textile upper, "PU leather"
a plastic one.

``cues.csv`` beside this module holds that knowledge, owned by the project. Each row belongs to
a topic (``garment``, ``footwear``): ``names`` words say the title is about the topic (and may
carry a default, "hoodie" favours 61), ``says`` words count only when the title names the topic
(explicit facts, weighing more: "denim" favours 62, "rubber sole" names the sole and nothing
else). A title is read for the first topic of the file that it names, so "knit sneakers" are
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

CUES_PATH = Path(__file__).with_name("cues.csv")
LANGUAGES = ("en", "zh", "ko")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class Cue:
    """What one word says within its topic: whether it names the topic, the codes it favours
    (none for a word that only names the topic or a neutral fact) and by how much."""

    names_topic: bool
    codes: tuple[str, ...]
    weight: float


class CueTable:
    """The cue words of each topic, in file order, with one matching pattern per topic."""

    def __init__(self, rows: Sequence[Mapping[str, str]]):
        topics: dict[str, dict[str, tuple[Cue, ...]]] = {}
        for position, row in enumerate(rows):
            if row["kind"] not in ("names", "says"):
                raise ValueError(f"cue row {position}: kind must be 'names' or 'says'")
            cue = Cue(row["kind"] == "names", tuple(row["codes"].split()), float(row["weight"]))
            words = topics.setdefault(row["topic"], {})
            for language in LANGUAGES:
                for word in (row.get(language) or "").split(";"):
                    if word := word.strip().lower():
                        words[word] = (*words.get(word, ()), cue)
        # a word of several rows carries each row's cue ("boot" names footwear and favours the
        # subheadings covering the ankle)
        self.topics = [(words, _pattern(words)) for words in topics.values()]

    def evidence(self, cleaned: Sequence[str]) -> tuple[list[int], list[str], list[float]]:
        """Sparse (row, code, weight) triples: per cleaned title, the heaviest cue for each
        code of the first topic the title names."""
        rows, codes, weights = [], [], []
        for row, text in enumerate(cleaned):
            for words, pattern in self.topics:
                cues = [cue for m in pattern.finditer(text) for cue in _lookup(words, m.group(0))]
                if not any(c.names_topic for c in cues):
                    continue
                best: dict[str, float] = {}
                for cue in cues:
                    for code in cue.codes:
                        best[code] = max(best.get(code, 0.0), cue.weight)
                for code, weight in best.items():
                    rows.append(row)
                    codes.append(code)
                    weights.append(weight)
                break
        return rows, codes, weights


def _pattern(words: Mapping[str, tuple[Cue, ...]]) -> re.Pattern:
    """One alternation of all words, longest first, so that at each position the longest word
    wins ("pu leather" over "pu"): English whole words with an optional plural, CJK as is."""
    alternatives = [
        re.escape(w) if _CJK.search(w) else rf"\b{re.escape(w)}(?:e?s)?\b"
        for w in sorted(words, key=len, reverse=True)
    ]
    return re.compile("|".join(alternatives))


def _lookup(words: Mapping[str, tuple[Cue, ...]], found: str) -> tuple[Cue, ...]:
    """The cues of a matched word (a word may name the topic and favour a code), its plural
    ending removed where the word has none."""
    for end in (len(found), -1, -2):
        if (word := found[:end]) in words:
            return words[word]
    raise KeyError(found)  # the pattern only matches listed words


@cache
def default_cues(path: Path = CUES_PATH) -> CueTable:
    """The project's cue table (``cues.csv``)."""
    with open(path, newline="", encoding="utf-8") as handle:
        return CueTable(list(csv.DictReader(handle)))
