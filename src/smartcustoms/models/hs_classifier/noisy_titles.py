"""Marketplace-like titles composed from the vocabulary: training text with the noise of real
listings and the true code of the goods they name.

A vocabulary term alone ("phone case") teaches nothing about a listing that buries it among a
brand, a model number, sizes, marketing words, a compatibility phrase naming other goods ("for
iPhone 15"), attribute pairs and a shop category path that may point elsewhere. These titles put
every term in such company, in English, Chinese and both mixed, so the learned stages see that
the goods are what the title names first and that a category path or a "for X" is a hint.
Brands and model numbers are drawn from syllables and digits: no list to learn by heart.
"""

import random
from collections.abc import Sequence

from smartcustoms.models.hs_classifier.training_texts import LabelledText, vocabulary_texts

_SYLLABLES = "ka ro vi zen tek lu mo xin da hua neo sol pri max vo qi li fa tor ex".split()  # noqa: SIM905
_MARKETING_EN = (
    "2025 New",
    "Hot Sale",
    "Premium",
    "Upgraded",
    "Portable",
    "Professional",
    "Mini",
    "Heavy Duty",
    "Waterproof",
    "Durable",
    "Lightweight",
    "Best Gift",
    "Free Shipping",
)
_MARKETING_ZH = ("新款", "热卖", "包邮", "正品", "高品质", "跨境专供", "厂家直销", "升级款")
_PACKS = ("2 Pcs", "Pack of 3", "10pcs", "Set of 4", "1 Pair", "5 Pack", "100 pcs")
_SIZES = ("S-XL", "12 inch", "500ml", "30cm", "M L XL", "1.5m", "20oz", "A4", "Size 38-44")
_COLOURS = ("Black", "White", "Pink", "Blue", "Grey", "Multicolor", "Red")
_FEATURE_EN = ("for", "compatible with", "fits", "for use with")
_FEATURE_ZH = ("适用于", "用于", "配")
_CATEGORY_STEPS = (
    "Home & Garden",
    "Toys & Hobbies",
    "Jewelry & Accessories",
    "Electronics",
    "Sports & Outdoors",
    "Clothing",
    "Automotive",
    "Tools",
    "Beauty & Health",
)


def _brand(rng: random.Random) -> str:
    name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
    return name.upper() if rng.random() < 0.3 else name.capitalize()


def _model_number(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHKMPRSTXZ") for _ in range(rng.randint(1, 3)))
    return f"{letters}{rng.choice(('', '-'))}{rng.randint(1, 9999)}{rng.choice(('', ' Pro', 'S'))}"


def _english(term: str, host: str, other: str, rng: random.Random) -> str:
    words = []
    if rng.random() < 0.5:
        words.append(_brand(rng))
    if rng.random() < 0.5:
        words.append(rng.choice(_MARKETING_EN))
    words.append(term.title() if rng.random() < 0.6 else term)
    if rng.random() < 0.3:
        words.append(_model_number(rng))
    if rng.random() < 0.35:
        words.append(f"{rng.choice(_FEATURE_EN)} {host.title()}")
    if rng.random() < 0.4:
        words.append(rng.choice(_PACKS + _SIZES))
    title = " ".join(words)
    if rng.random() < 0.25:
        title += f" | Colour: {rng.choice(_COLOURS)}"
    if rng.random() < 0.25:
        # a category path that may name other goods: the shop's department, not the goods
        title = f"{rng.choice(_CATEGORY_STEPS)} > {other.title()} > {title}"
    return title


def _chinese(term: str, host: str, english: str, rng: random.Random) -> str:
    parts = []
    if rng.random() < 0.5:
        parts.append(rng.choice(_MARKETING_ZH))
    if rng.random() < 0.3:
        parts.append(_brand(rng))
    if rng.random() < 0.3:
        parts.append(f"{rng.choice(_FEATURE_ZH)}{host}")
    parts.append(term)
    if english and rng.random() < 0.3:
        parts.append(english)  # mixed-language listings repeat the goods in English
    if rng.random() < 0.3:
        parts.append(rng.choice(_PACKS + _SIZES))
    return " ".join(parts)


def noisy_titles(
    count: int, seed: int = 0, terms: Sequence[LabelledText] = ()
) -> list[LabelledText]:
    """``count`` titles, each naming one vocabulary term of a heading or subheading under that
    term's code (terms of whole chapters are too vague to stand for goods), deterministic for a
    seed."""
    rng = random.Random(seed)
    pool = [t for t in (terms or vocabulary_texts()) if len(t.code) >= 4]
    english = [t for t in pool if t.text.isascii()]
    chinese = [t for t in pool if not t.text.isascii()]
    english_of = {}
    for t in english:
        english_of.setdefault(t.code, t.text)
    titles = []
    for _ in range(count):
        if chinese and rng.random() < 0.25:
            goods = rng.choice(chinese)
            host = rng.choice(chinese)
            text = _chinese(goods.text, host.text, english_of.get(goods.code, ""), rng)
        else:
            goods, host, other = rng.choice(english), rng.choice(english), rng.choice(english)
            text = _english(goods.text, host.text, other.text, rng)
        titles.append(LabelledText(text, goods.code))
    return titles
