"""Attributes that decide between sibling codes: material and gender, read from the
nomenclature texts and from the words shops use.

Sibling subheadings and headings are often the same goods split by one fact: "T-shirts ... of
cotton" against "of textile materials (other than cotton)", "men's or boys'" against "women's
or girls'", handbags "with outer surface of leather" against "of plastics or of textile
materials". The similarity of a title to these texts barely differs, while the title often
says the fact outright ("polyester", "women's", "PU leather"). A label whose text names only
other attributes of the family the title speaks of (cotton where the title says polyester)
loses. Texts are read without their exclusions ("other than cotton", "not knitted"), which
name what the label is not.

The bonus is added to the heading and subheading scores only, which are compared among
siblings (see ``HSClassifier._conditional``): it chooses between siblings and never moves
goods to another chapter ("ceramic brake pads" stay brake pads).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np


@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute: its family, how a title says it and how a nomenclature text says it."""

    name: str
    family: str
    in_title: re.Pattern
    in_text: re.Pattern


def _attribute(name: str, family: str, title: str, text: str) -> Attribute:
    return Attribute(
        name, family, re.compile(title, re.IGNORECASE), re.compile(text, re.IGNORECASE)
    )


_NOT_FAUX = r"(?<!pu )(?<!faux )(?<!vegan )(?<!synthetic )(?<!artificial )(?<!imitation )"
ATTRIBUTES = (
    _attribute("cotton", "material", r"\bcotton\b|\bdenim\b|纯棉|全棉|棉质", r"\bcotton\b"),
    _attribute("wool", "material", r"\bwool|merino|cashmere|羊毛|羊绒", r"\bwool|fine animal hair"),
    _attribute(
        "man-made fibres",
        "material",
        r"polyester|\bnylon|spandex|elastane|polyamide|microfib|viscose|rayon|涤纶|锦纶|聚酯|氨纶",
        r"man-made fibres|synthetic fibres|artificial fibres|synthetic textile",
    ),
    _attribute("silk", "material", r"\bsilk\b|真丝|桑蚕丝", r"\bsilk\b"),
    _attribute("leather", "material", _NOT_FAUX + r"\bleather\b|真皮|牛皮|羊皮", r"\bleather\b"),
    _attribute(
        "plastics",
        "material",
        r"plastic|\bpvc\b|\babs\b|\btpu\b|\bpu\b|faux leather|vegan leather|polypropylene|"
        r"polyethylene|塑料|硅胶",
        r"\bplastics?\b",
    ),
    _attribute("stainless steel", "material", r"stainless|不锈钢", r"stainless"),
    _attribute("cast iron", "material", r"cast iron|铸铁", r"cast iron"),
    _attribute("iron or steel", "material", r"\bsteel\b|\biron\b|钢|铁", r"\bsteel\b|\biron\b"),
    _attribute("aluminium", "material", r"alumin(?:i)?um|铝", r"aluminium"),
    _attribute("porcelain", "material", r"porcelain|bone china|骨瓷|白瓷", r"porcelain|\bchina\b"),
    _attribute(
        "ceramic",
        "material",
        r"ceramic|stoneware|earthenware|陶瓷",
        r"ceramic|stoneware|earthenware",
    ),
    _attribute("glass", "material", r"\bglass|玻璃", r"\bglass"),
    _attribute("wood", "material", r"\bwood|bamboo|实木|木质|竹", r"\bwood|bamboo"),
    _attribute("silver", "material", r"sterling silver|925 silver|\bs925\b|纯银", r"\bsilver\b"),
    _attribute(
        "male",
        "gender",
        r"\bmen\b|\bmens\b|\bmen's|\bman's|\bmale\b|\bboys?\b|boy's|男",
        r"\bmen's|\bboys'",
    ),
    _attribute(
        "female",
        "gender",
        r"\bwomen|\bladies\b|\blady\b|\bfemale\b|\bgirls?\b|girl's|女",
        r"\bwomen's|\bgirls'",
    ),
    _attribute(
        "babies", "gender", r"\bbab(?:y|ies)\b|infant|toddler|newborn|婴儿|宝宝", r"babies'"
    ),
)
_FAMILIES = sorted({a.family for a in ATTRIBUTES})
_EXCLUSIONS = re.compile(r"\([^)]*\)|\b(?:other than|excluding|not|except)\b[^;,]*", re.IGNORECASE)


def text_attributes(texts: Sequence[str]) -> np.ndarray:
    """(texts x attributes) booleans: which attributes each nomenclature text names, its
    exclusions left out."""
    plain = [_EXCLUSIONS.sub(" ", t) for t in texts]
    return np.array([[bool(a.in_text.search(t)) for a in ATTRIBUTES] for t in plain], dtype=bool)


def title_attributes(cleaned: Sequence[str]) -> np.ndarray:
    """(titles x attributes) booleans: which attributes each cleaned title names."""
    return np.array([[bool(a.in_title.search(t)) for a in ATTRIBUTES] for t in cleaned], dtype=bool)


def attribute_bonus(titles: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(titles x labels) evidence: -1 per family in which a title and a label both name
    attributes but none in common (a polyester tee against "of cotton").

    Only the contradiction counts: a sibling that says nothing of the family ("hosiery" next
    to "women's or girls' slips") must not lose to one that names the title's attribute.
    """
    bonus = np.zeros((len(titles), len(labels)), dtype=np.float32)
    families = np.array([a.family for a in ATTRIBUTES])
    for family in _FAMILIES:
        columns = families == family
        # only the few titles that name the family: most name none
        rows = np.flatnonzero(titles[:, columns].any(axis=1))
        if not len(rows):
            continue
        label_has = labels[:, columns].any(axis=1)
        in_common = titles[np.ix_(rows, columns)].astype(np.float32) @ labels[:, columns].T.astype(
            np.float32
        )
        bonus[rows] -= label_has[None, :] & (in_common == 0)
    return bonus


_MATERIAL = re.compile(
    "|".join(a.in_title.pattern for a in ATTRIBUTES if a.family == "material"), re.IGNORECASE
)


_OTHER_MATERIALS = re.compile(
    r"\b(?:silicone|rubber|natural rubber|metal|alloy|zinc alloy|brass|copper|titanium)\b",
    re.IGNORECASE,
)
"""Materials no sibling subheadings are split by, but which titles name as often: "Silicone
Keyboard Cover" is a keyboard cover made of silicone."""


@cache  # the same few thousand terms recur in every batch
def names_only_material(term: str) -> bool:
    """True when a term is nothing but material words ("ceramic", "stainless steel", "纯棉",
    "silicone"): in a title it says what the goods are made of, not what they are."""
    rest = _OTHER_MATERIALS.sub("", _MATERIAL.sub("", term))
    return bool(term.strip()) and not rest.strip(" -")
