"""Cleaning of goods descriptions before they reach the classifier.

Declarations arrive with anything in the description field: nothing, an emoji, a pasted data
sheet of 100 KB, several scripts in one line. The classifier needs a bounded, comparable text
and a plain yes/no on whether there is anything to classify at all.
"""

import re
import unicodedata

MAX_CHARS = 1_000
"""Descriptions are cut here: the goods are named early, later text is data-sheet detail that
costs time and dilutes the character n-grams."""

_NOISE = re.compile(r"[^\w%.,;:/+\-()&' ]+")
_PROMOTION = re.compile(
    r"\b(?:20[12]\d|new|newest|latest|hot sale|sale|free shipping|dropshipping|dropship|"
    r"wholesale|cheap|discount|promotion|best seller|best|high quality|quality|premium|"
    r"fashion|fashionable|stylish|trendy|popular|upgraded|upgrade|luxury|brand new|original|"
    r"factory|oem|odm|in stock|fast delivery|gift for)\b|"
    r"(?:新款|爆款|热卖|包邮|正品|批发|厂家直销|现货|促销|特价|高品质|时尚|潮流|网红|跨境|专供)"
)
_SPACES = re.compile(r"\s+")
_DIGITS_ONLY = re.compile(r"^[\d\W_]*$")


def clean_description(text: object, max_chars: int = MAX_CHARS) -> str:
    """Returns the text NFKC-normalised, lower-cased, without symbols, emoji and shop
    promotion words ("2024 new hot sale", "新款 包邮"), which name no goods but pull every
    listing towards each other, cut to ``max_chars`` characters; anything that is not a string
    becomes the empty text."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text[: max_chars * 4])
    text = _PROMOTION.sub(" ", _NOISE.sub(" ", text.lower()))
    return _SPACES.sub(" ", text).strip()[:max_chars]


def has_content(cleaned: str) -> bool:
    """True when a cleaned description holds at least one letter of some script: digits and
    punctuation alone do not name goods."""
    return bool(cleaned) and not _DIGITS_ONLY.match(cleaned)


GENERIC_WORDS = frozenset(
    """goods good item items product products parts part accessories accessory spare spares
    sample samples gift gifts set sets kit misc miscellaneous various general cargo merchandise
    stuff articles article material materials other others personal effects equipment supplies
    unit units pcs pc piece pieces new used
    货物 货品 商品 产品 配件 零件 样品 礼品 礼物 杂货 物品 其他 用品 材料 设备""".split()  # noqa: SIM905
)
"""Words that name no goods. Customs administrations refuse descriptions made only of them
("parts", "samples", "gift", "general cargo"): the classifier abstains instead of guessing."""

_WORDS = re.compile(r"[^\W\d_]+")


def is_generic(cleaned: str) -> bool:
    """True when a cleaned description has no word outside :data:`GENERIC_WORDS`."""
    words = _WORDS.findall(cleaned)
    return not words or all(word in GENERIC_WORDS for word in words)
