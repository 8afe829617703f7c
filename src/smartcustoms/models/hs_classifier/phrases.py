"""Which of the project's product-type terms a description names word for word.

Similarity of character n-grams and sentence embeddings is diluted in a long trader title:
"Front Ceramic Brake Pads Set for Toyota Camry" is about as near to "ceramic tableware" as to
"brake pads", and "1.7L Electric Kettle Stainless Steel" about as near to "stainless steel pot".
That the title contains the whole term "brake pads" or "electric kettle" is sharper evidence,
and the longer the term, the more specific: "electric kettle" says more than "kettle", which
says more than "steel".

Where a term stands in the title counts too. A term inside a longer matched term is not evidence
of its own ("watch" in "smart watch", "ceramic" in "ceramic brake pads"), nor one that overlaps
a later term ("acoustic guitar" in "acoustic guitar strings": the last noun names the goods).
Titles name the goods first and then their features, compatible devices and uses ("Cordless
Drill 21V ... Lithium Battery", "Phone Holder for Car", "E-bike with 48V Battery"): a term
weighs less the later it starts, and half as much after "for", "with", "compatible" (适用, 用于):
the goods are never the object of those words. A term that names only a material ("ceramic",
"stainless steel") counts half: "Ceramic Brake Pads" are brake pads, "Stainless Steel Electric
Kettle" a kettle. A battery named after other goods, even without "with", starts the title's
features ("20V Cordless Drill Lithium Battery" is a drill; see
:meth:`PhraseIndex.features_start`).

Terms are matched as whole words (English and other space-separated scripts, with a light
plural folding: "sneakers" matches "sneaker") or, for terms in Chinese, Japanese or Korean
characters, as substrings of the description (those scripts do not separate words).
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from smartcustoms.models.hs_classifier.attributes import names_only_material

_WORD = re.compile(r"[^\W_]+(?:['\-/.][^\W_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SPACES = re.compile(r"\s+")
MAX_WORDS = 6
"""Longer terms are rare and would make every description pay for their lookups."""
MAX_CJK_CHARS = 12
CJK_CHAR_WEIGHT = 3
"""A Chinese or Korean character carries about as much as three Latin letters: "电水壶" (3
characters) is as specific as "kettle" (6 letters)."""
HALF_WEIGHT_LENGTH = 10
"""Effective length (letters) at which a term counts half: "tee" 0.23, "kettle" 0.38,
"electric kettle" 0.6, "stainless steel vacuum bottle" 0.74."""
POSITION_SCALE = 12
"""Words before a term at which it counts half as much as at the start of the title."""
TITLE_MAX_WORDS = 30
"""Longer texts are prose (rulings, data sheets), which may name the goods in any sentence:
there a term's position says nothing, so its weight does not decay."""
FEATURE_SHARE = 0.5
"""Weight of a term that starts after a feature word (see :data:`FEATURE_WORDS`), and of a term
that names only a material."""
FEATURE_WORDS = frozenset(
    {"for", "with", "w", "compatible", "fits", "fit", "suitable", "including"}
)
_CJK_FEATURE = re.compile(r"适用|用于|适合|兼容|搭配")
POWER_SOURCE_HEADINGS = ("8506", "8507")
"""Batteries. A title names the battery after the goods it powers, often without "with"
("20V Cordless Drill Lithium Battery", "Smoke Detector 10 Year Lithium Battery"): there the
battery is a feature of the goods. Right after the goods' term it names what the battery is for
instead ("Drill Battery"), and a battery named for a device is a term of its own ("laptop
battery"), which leaves no goods term before it."""


_IRREGULAR_PLURALS = {
    "axes": "axe",
    "buses": "bus",
    "calves": "calf",
    "gases": "gas",
    "halves": "half",
    "hooves": "hoof",
    "knives": "knife",
    "leaves": "leaf",
    "lenses": "lens",
    "loaves": "loaf",
    "mangoes": "mango",
    "potatoes": "potato",
    "scarves": "scarf",
    "shelves": "shelf",
    "tomatoes": "tomato",
    "wolves": "wolf",
}
"""Plurals the endings below would fold wrong, among the words goods are named by."""
_PLURALS_OF_OTHER_GOODS = frozenset({"glasses"})
"""Plurals that name other goods than their singular: "glasses" are spectacles or drinking
glasses, "glass" is a material (chapter 70)."""
_SIBILANT_PLURAL = ("sses", "shes", "ches", "xes")
"""Plurals in -es after a sibilant ("glasses", "brushes", "watches", "boxes"), whose singular
drops the whole "-es"; "-zes" is left out ("sizes" is "size")."""


def _fold(word: str) -> str:
    """A word folded to a form its singular and its plural share, the same on both sides of a
    match: "-ies" and "-ie" become "-y" ("batteries", "battery"; "hoodies", "hoodie"), "-es" goes
    after a sibilant ("watches", "watch"), otherwise a final "s" goes (not "-ss": "glass")."""
    word = _IRREGULAR_PLURALS.get(word, word)
    if len(word) <= 3 or word in _PLURALS_OF_OTHER_GOODS:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ie"):
        return word[:-2] + "y"
    if word.endswith(_SIBILANT_PLURAL):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def fold_words(text: str) -> list[str]:
    """The words of a cleaned text, each folded to the form its singular and plural share."""
    return [_fold(w) for w in _WORD.findall(text)]


_words = fold_words


def _weight(term: str) -> float:
    """Specificity of a term from its effective length (see :data:`HALF_WEIGHT_LENGTH`)."""
    compact = _SPACES.sub("", term)
    cjk = len(_CJK.findall(compact))
    length = len(compact) - cjk + CJK_CHAR_WEIGHT * cjk
    return length / (length + HALF_WEIGHT_LENGTH)


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """A term found in a description (as matched: plurals folded, Chinese without spaces),
    the codes it is evidence for and its specificity."""

    term: str
    codes: tuple[str, ...]
    weight: float
    start: int = 0
    """Words before the term in a title (for Chinese, Japanese, Korean: characters / 2); 0 in
    a text longer than :data:`TITLE_MAX_WORDS`."""
    in_features: bool = False
    """The term starts after a feature word ("for", "with", 适用 ...)."""
    material: bool = False
    """The term names only a material."""

    @property
    def head_weight(self) -> float:
        """The weight as evidence of what the goods are: less the later the term starts, half
        after a feature word, half for a material."""
        share = (FEATURE_SHARE if self.in_features else 1.0) * (
            FEATURE_SHARE if self.material else 1.0
        )
        return self.weight * share * POSITION_SCALE / (POSITION_SCALE + self.start)


class PhraseIndex:
    """Terms (already cleaned like descriptions) and the HS codes each is evidence for."""

    def __init__(self, terms: Iterable[tuple[str, str]]):
        words: dict[str, set[str]] = {}
        characters: dict[str, set[str]] = {}
        for term, code in terms:
            if _CJK.search(term):
                key = _SPACES.sub("", term)
                if 1 < len(key) <= MAX_CJK_CHARS:
                    characters.setdefault(key, set()).add(code)
            elif 0 < len(key_words := _words(term)) <= MAX_WORDS:
                words.setdefault(" ".join(key_words), set()).add(code)
        self._words = {k: tuple(sorted(v)) for k, v in words.items()}
        self._characters = {k: tuple(sorted(v)) for k, v in characters.items()}

    def __len__(self) -> int:
        return len(self._words) + len(self._characters)

    def matches(self, cleaned: str) -> list[PhraseMatch]:
        """Every indexed term the cleaned description contains, each once (where it first
        starts), except terms inside a longer matched term."""
        return list(_matches(self, cleaned))

    def features_start(self, cleaned: str) -> int | None:
        """Character position in a cleaned title where its features begin: the end of the
        last term of other goods before a battery term, where at least one word lies between
        that term and the battery word, the battery term's last ("Drill Battery" is a battery
        for drills, "Drill Lithium Battery" a drill with its battery; see
        :data:`POWER_SOURCE_HEADINGS`); None in prose (over :data:`TITLE_MAX_WORDS` words) or
        where the title names no battery after other goods.

        What follows names features of the goods, which the classifier reads like the
        listing's attributes: "Cordless Drill 20V Lithium Battery" is a drill, though its
        battery words outweigh it in every similarity. Only batteries cut a title, not "with"
        or "for": "Holder for Phone" names its goods first, but short customs names often
        do not.
        """
        spans = [m.span() for m in _WORD.finditer(cleaned)]
        if len(spans) > TITLE_MAX_WORDS or self._power_source_words.isdisjoint(_words(cleaned)):
            return None
        found, term_spans = self._found(cleaned)
        inner = _inner_terms(term_spans)  # a battery qualifying a later term still starts them
        goods_end = None
        for axis, key, _start, end in sorted(term_spans, key=lambda span: span[2]):
            if axis != "words" or key in inner:
                continue
            if all(code.startswith(POWER_SOURCE_HEADINGS) for code in found[key].codes):
                if goods_end is not None and end - 1 > goods_end:
                    return spans[goods_end][0]
            elif not found[key].material:
                goods_end = end
        return None

    @cached_property
    def _power_source_words(self) -> frozenset[str]:
        """Every word of the battery terms: a title with none of them names no battery, and
        most titles are let through without a second scan of their terms."""
        return frozenset(
            word
            for key, codes in self._words.items()
            if all(code.startswith(POWER_SOURCE_HEADINGS) for code in codes)
            for word in key.split()
        )

    def _found(
        self, cleaned: str
    ) -> tuple[dict[str, PhraseMatch], list[tuple[str, str, int, int]]]:
        """The terms found in ``cleaned`` and their spans (axis, term, start, end): word
        positions for words, character positions for Chinese, Japanese and Korean."""
        found: dict[str, PhraseMatch] = {}
        spans: list[tuple[str, str, int, int]] = []  # (axis, term, start, end)
        words = _words(cleaned)
        feature = next((i for i, w in enumerate(words) if i and w in FEATURE_WORDS), len(words))
        ranked = len(words) <= TITLE_MAX_WORDS
        for start in range(len(words)):
            for end in range(start + 1, min(start + MAX_WORDS, len(words)) + 1):
                key = " ".join(words[start:end])
                if key in self._words and key not in found:
                    found[key] = PhraseMatch(
                        key,
                        self._words[key],
                        _weight(key),
                        start if ranked else 0,
                        start >= feature,
                        names_only_material(key),
                    )
                    spans.append(("words", key, start, end))
        if self._characters and _CJK.search(cleaned):
            compact = _SPACES.sub("", cleaned)
            marker = _CJK_FEATURE.search(compact, 1)
            feature = marker.start() if marker else len(compact)
            # every start, not only at CJK characters: "T恤", "USB충전기" begin in Latin letters
            for start in range(len(compact)):
                for end in range(start + 2, min(start + MAX_CJK_CHARS, len(compact)) + 1):
                    key = compact[start:end]
                    if key in self._characters and key not in found:
                        found[key] = PhraseMatch(
                            key,
                            self._characters[key],
                            _weight(key),
                            start // 2 if ranked else 0,
                            start >= feature,
                            names_only_material(key),
                        )
                        spans.append(("characters", key, start, end))
        return found, spans

    def evidence(
        self, cleaned: Sequence[str], labels: Mapping[int, Sequence[str]]
    ) -> tuple[dict[int, tuple[list[int], list[int], list[float]]], list[PhraseMatch | None]]:
        """Per level of ``labels`` (sorted codes of that many digits), sparse (row, label
        position, weight) triples: for each description and label, the weight of the most
        specific term found that is evidence for that label or a code below it. And per
        description its head term: the heaviest term that names more than a material, in a
        title (None in prose or where there is none). One scan of each description's terms."""
        positions = {level: {c: i for i, c in enumerate(codes)} for level, codes in labels.items()}
        best: dict[int, dict[tuple[int, int], float]] = {level: {} for level in labels}
        heads: list[PhraseMatch | None] = []
        for row, text in enumerate(cleaned):
            found = self.matches(text)
            goods = [m for m in found if not m.material]
            in_title = goods and len(_WORD.findall(text)) <= TITLE_MAX_WORDS
            heads.append(max(goods, key=lambda m: m.head_weight) if in_title else None)
            for match in found:
                for code in match.codes:
                    for level, position in positions.items():
                        if len(code) < level or (label := position.get(code[:level])) is None:
                            continue
                        key = (row, label)
                        best[level][key] = max(best[level].get(key, 0.0), match.head_weight)
        out = {}
        for level, weights in best.items():
            rows, columns = zip(*weights, strict=True) if weights else ((), ())
            out[level] = (list(rows), list(columns), list(weights.values()))
        return out, heads


@lru_cache(maxsize=4_096)
def _matches(index: PhraseIndex, cleaned: str) -> tuple[PhraseMatch, ...]:
    """:meth:`PhraseIndex.matches`, remembered: retrieval and the ranker both read a batch's
    terms, and the same short titles recur."""
    found, spans = index._found(cleaned)
    inner = _inner_terms(spans) | _modifier_terms(spans)
    return tuple(match for key, match in found.items() if key not in inner)


def _inner_terms(spans: Sequence[tuple[str, str, int, int]]) -> set[str]:
    """Terms whose span (axis, term, start, end) lies inside a longer term's span on the same
    axis: word positions for words, character positions for Chinese, Japanese and Korean."""
    inner = set()
    for axis, key, start, end in spans:
        for other_axis, _, other_start, other_end in spans:
            if (
                other_axis == axis
                and other_start <= start
                and end <= other_end
                and other_end - other_start > end - start
            ):
                inner.add(key)
                break
    return inner


def _modifier_terms(spans: Sequence[tuple[str, str, int, int]]) -> set[str]:
    """English terms that overlap a later term without containing it: in a compound the last
    noun names the goods, so the earlier term only qualifies them ("acoustic guitar" in
    "acoustic guitar strings", "baby bottle" in "baby bottle brush"). Not where the later term
    only adds a material ("dining chair wood" after "upholstered dining chair")."""
    modifiers = set()
    for axis, key, start, end in spans:
        for other_axis, other, other_start, other_end in spans:
            if (
                axis == other_axis == "words"
                and start < other_start < end < other_end
                and not names_only_material(" ".join(other.split()[end - other_start :]))
            ):
                modifiers.add(key)
                break
    return modifiers
