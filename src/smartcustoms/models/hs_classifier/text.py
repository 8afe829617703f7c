"""Cleaning of goods descriptions before they reach the classifier.

Declarations arrive with anything in the description field: nothing, an emoji, a pasted data
sheet of 100 KB, several scripts in one line. The classifier needs a bounded, comparable text
and a plain yes/no on whether there is anything to classify at all.
"""

import re
import unicodedata
from dataclasses import dataclass

MAX_CHARS = 1_000
"""Descriptions are cut here: the goods are named early, later text is data-sheet detail that
costs time and dilutes the character n-grams."""

_NOISE = re.compile(r"[^\w%.,;:/+\-()&' ]+")
_PROMOTION = re.compile(
    r"\b(?:20[12]\d|new|newest|latest|hot sale|sale|free shipping|dropshipping|dropship|"
    r"wholesale|cheap|discount|promotion|best seller|best|high quality|quality|premium|"
    r"fashion|fashionable|stylish|trendy|popular|upgraded|upgrade|luxury|brand new|original|"
    r"factory|oem|odm|in stock|fast delivery|gift for|new arrival|arrival|global version|"
    r"plus size|one size|free size)\b|"
    r"(?:新款|爆款|热卖|包邮|正品|批发|厂家直销|现货|促销|特价|高品质|时尚|潮流|网红|跨境|专供)"
)
_SIZE = r"(?:[sml]|x{1,4}[sl]|[2-9]x[sl])"
_SIZE_RANGE = re.compile(rf"\b{_SIZE}(?:\s*[-/~]\s*{_SIZE})+\b")
"""Garment size ranges ("s-5xl", "m/l/xl"): every listing of clothes has one, so they link a title
to nothing in particular; single sizes stay ("m" is too often part of something else)."""
_AMERICAN = {
    "aluminum": "aluminium",
    "color": "colour",
    "colored": "coloured",
    "colors": "colours",
    "enameled": "enamelled",
    "fiber": "fibre",
    "fibers": "fibres",
    "gray": "grey",
    "jewelry": "jewellery",
    "molded": "moulded",
    "tire": "tyre",
    "tires": "tyres",
    "pajama": "pyjama",
    "pajamas": "pyjamas",
}
"""American spellings folded to the nomenclature's British ones, so a term or a text in either
spelling matches word for word ("enameled" cast iron against "of cast iron, enamelled")."""
_AMERICAN_WORD = re.compile(r"\b(?:" + "|".join(_AMERICAN) + r")\b")
_SPLIT_COMPOUNDS = (
    (re.compile(r"\bt (shirts?)\b"), r"t-\1"),
    (re.compile(r"\bsweat (shirts?)\b"), r"sweat\1"),
)
"""Compounds sellers split in two ("T Shirt", "Sweat Shirt"): joined as the vocabulary writes
them, else "Cotton T Shirt" reads as a cotton shirt, which is woven (6205), not knitted (6109)."""
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
    text = _AMERICAN_WORD.sub(lambda m: _AMERICAN[m.group(0)], _SIZE_RANGE.sub(" ", text))
    for split, joined in _SPLIT_COMPOUNDS:
        text = split.sub(joined, text)
    return _SPACES.sub(" ", text).strip()[:max_chars]


@dataclass(frozen=True, slots=True)
class TitleParts:
    """A shop title split by what its words say: ``goods`` names the goods (the product title
    proper), ``context`` the shop's category path and the listing's attribute pairs. Both cleaned.

    The category names a whole department ("Women's Clothing > Tops & Tees" holds T-shirts and
    blouses) and an attribute pair one fact ("Material: Stainless Steel"); matched with the
    title's own words, they outvote them (a tumbler goes to stainless steel bars, brake pads to
    motorcycle parts). The classifier reads them at a lower weight.
    """

    goods: str
    context: str


_ATTRIBUTE_KEYS = (
    "material|materials|main material|outer material|upper material|sole material|"
    "lining material|shell material|fabric|fabric type|fabric content|composition|colou?r|"
    "size|style|pattern|pattern type|gender|department|brand|brand name|model|model number|"
    "origin|place of origin|power|power source|voltage|capacity|item type|type|features?|season|"
    "occasion|applicable people|package includes|certification|"
    "材质|面料|主面料|颜色|尺码|尺寸|款式|风格|品牌|型号|功率|电压|容量|适用人群|产地"
)
_KEY = rf"(?<![\w'])(?:{_ATTRIBUTE_KEYS})\s*[:：]"
_ATTRIBUTE_PAIR = re.compile(
    # the value: up to four words that end at the next key, a "|" or ";" or the end; else one
    rf"{_KEY}\s*(?:(?:[^\s|;:：]+\s*){{1,4}}?(?={_KEY}|[|;]|$)|[^\s|;:：]+)",
    re.IGNORECASE,
)
_SEGMENTS = re.compile(r"\s*[|｜]\s*")
_CATEGORY_STEP = re.compile(r"\s+[>›»]\s+|\s*[>›»]\s*(?=\S)")


def split_title(text: object, max_chars: int = MAX_CHARS) -> TitleParts:
    """Splits a shop title into its goods words and its context (see :class:`TitleParts`).

    A category path is a run of steps joined by ">"; with "|" segments the segments holding a
    ">" are the category, without them the last step is the title ("Tools > Power Tools >
    Cordless Drill 20V"). Attribute pairs are "Key: value" for keys shops use (material, colour,
    size, power ...), a value being up to four words that end at the next key, a "|", a ";" or
    the end of the title, else its first word. A title that is nothing but
    context keeps it as its goods words.
    """
    if not isinstance(text, str):
        return TitleParts("", "")
    text = text[: max_chars * 4]
    context: list[str] = []
    segments = _SEGMENTS.split(text)
    if len(segments) > 1 and any(_CATEGORY_STEP.search(s) for s in segments):
        context += [s for s in segments if _CATEGORY_STEP.search(s)]
        text = " | ".join(s for s in segments if not _CATEGORY_STEP.search(s))
    elif len(steps := _CATEGORY_STEP.split(text)) > 1:
        context += steps[:-1]
        text = steps[-1]
    context += [m.group(0) for m in _ATTRIBUTE_PAIR.finditer(text)]
    goods = clean_description(_ATTRIBUTE_PAIR.sub(" ", text), max_chars)
    rest = clean_description(" ; ".join(context), max_chars)
    if not has_content(goods):
        return TitleParts(rest, "")
    return TitleParts(goods, rest)


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
