"""Which facts decide between candidate codes, read from the nomenclature texts themselves.

Sibling subheadings differ by a phrase: "of cotton" against "of synthetic fibres", "frozen"
against "fresh or chilled", "for the manufacture of..." against "other". Naming that phrase and
what kind of fact it is (material, processing state, function) tells an officer or a trader
what to check or ask for before deciding.
"""

import re
from functools import lru_cache

from smartcustoms.reference import hs

_KINDS = (
    (
        "material",
        r"cotton|wool|silk|flax|synthetic|artificial|man-made|textile|plastics?|rubber|leather|"
        r"wood|paper|glass|ceramic|porcelain|china|iron|steel|stainless|aluminium|copper|"
        r"nickel|zinc|lead|tin|base metal|precious metal|gold|silver|platinum|stone|cork|fur",
    ),
    (
        "processing state",
        r"fresh|chilled|frozen|dried|roasted|ground|crushed|cooked|prepared|preserved|raw|"
        r"unwrought|worked|semi-finished|crude|refined|knitted|crocheted|woven|"
        r"bleached|dyed|printed|coated|assembled|unassembled|in bulk|retail sale|powder",
    ),
    (
        "function",
        r"for|used|use|kind|purpose|designed|suitable|domestic|industrial|medical|"
        r"vehicles?|aircraft",
    ),
    (
        "size or content",
        r"\d+\w*|weight|capacity|content|exceeding|not exceeding|more than|less than|length|width",
    ),
)
_PATTERNS = [(kind, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)) for kind, pattern in _KINDS]
_PHRASES = re.compile(r"\s*[;,]\s*")


def _phrases(code: str) -> list[str]:
    entry = hs.lookup(code)
    return [p for p in _PHRASES.split(entry.description) if p] if entry else []


def _kind(phrases: list[str]) -> str:
    text = " ".join(phrases)
    return next((kind for kind, pattern in _PATTERNS if pattern.search(text)), "description")


def deciding_facts(codes: list[str]) -> list[str]:
    """One line per candidate after the first: the kind of fact that separates it from the first
    candidate and the phrases of each text that differ.

    >>> deciding_facts(["610910", "610990"])[0].split(":")[0]
    'material'
    """
    return list(_facts(tuple(codes)))


@lru_cache(maxsize=8192)
def _facts(codes: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`deciding_facts` for a tuple of codes, cached: a batch of similar goods asks about
    the same few candidate sets again and again, and reading the texts is most of the cost of
    a suggestion after the scoring."""
    if len(codes) < 2:
        return ()
    first = _phrases(codes[0])
    facts = []
    for other_code in codes[1:]:
        if other_code[:2] != codes[0][:2]:
            facts.append(
                f"chapter: {codes[0][:2]} ({hs.lookup(codes[0][:2]).description}) or "
                f"{other_code[:2]} ({hs.lookup(other_code[:2]).description}): what the goods are"
            )
            continue
        other = _phrases(other_code)
        only_first = [p for p in first if p not in other]
        only_other = [p for p in other if p not in first]
        kind = _kind(only_first + only_other)
        facts.append(
            f"{kind}: {hs.dotted(codes[0])} '{', '.join(only_first) or 'same text'}' or "
            f"{hs.dotted(other_code)} '{', '.join(only_other) or 'same text'}'"
        )
    return tuple(facts)
