"""Renders a document's fields as a page image with Pillow, in English or Chinese: a title, the
header fields (label and value on one line, or the value under its label as on boxed
certificate forms) and a ruled goods table. Layout details vary with the random generator so
that the reader is not tuned to one template."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from smartcustoms.declarations.schema import DocumentType
from smartcustoms.documents.countries import chinese_name, english_name
from smartcustoms.documents.values import MONTH_ABBREVIATIONS
from smartcustoms.documents.vocabulary import (
    COLUMN_LABELS,
    FIELD_LABELS,
    HEADER_FIELDS,
    ITEM_COLUMNS,
    NUMBER_LABELS,
    PREFERENTIAL_FORMS,
    TITLES,
)
from smartcustoms.errors import SmartCustomsError

PAGE_SIZE = (1240, 1754)
"""A4 at 150 dots per inch."""
MARGIN = 80
LATIN_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
FREE_TEXT_FIELDS = ("issuer", "exporter", "consignee", "vessel")
COLUMN_WIDTHS = {"sequence": 70, "hs_code": 170, "quantity": 230, "net_mass_kg": 190,
                 "gross_mass_kg": 190, "value": 190}  # fmt: skip
ISSUERS_ZH = {
    "Chamber of Commerce": "商会",
    "National Plant Protection Organization": "国家植物保护机构",
    "Official Veterinary Service": "官方兽医机构",
    "Food Safety Authority": "食品安全主管机构",
    "Ministry of Commerce": "商务部",
}


class FontMissingError(SmartCustomsError):
    """No font can draw the requested language; the message names the Debian package."""


@cache
def _font_files(language: str) -> tuple[str, ...]:
    if language == "zh":
        found = tuple(p for p in CJK_FONTS if Path(p).is_file())
        if not found:
            raise FontMissingError(
                "Chinese documents need a CJK font: apt-get install fonts-noto-cjk"
            )
        return found
    return tuple(p for p in LATIN_FONTS if Path(p).is_file())


def font(language: str, size: int, choice: int = 0) -> ImageFont.FreeTypeFont:
    """A font for the language; Pillow's built-in font where no Latin font is installed."""
    files = _font_files(language)
    if not files:
        return ImageFont.load_default(size)
    return ImageFont.truetype(files[choice % len(files)], size)


def _has_cjk(text: str) -> bool:
    return any(ord(ch) >= 0x2E80 for ch in text)


def text_font(text: str, style: "Style", size: int) -> ImageFont.FreeTypeFont:
    """The document's font, or a CJK one for Chinese text on an English document (a Chinese
    trader name or description)."""
    language = "zh" if _has_cjk(text) else style.language
    return font(language, size, style.font_choice)


def format_date(day: date, language: str, style: int) -> str:
    """A date as documents print it; the style picks one of the usual forms."""
    if language == "zh":
        return f"{day.year}年{day.month:02d}月{day.day:02d}日"
    forms = (
        day.isoformat(),
        f"{day.day:02d} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        f"{MONTH_ABBREVIATIONS[day.month - 1]} {day.day:02d}, {day.year}",
    )
    return forms[style % len(forms)]


def format_amount(text: str) -> str:
    """'15000' as '15,000.00'."""
    return f"{Decimal(text):,.2f}"


def format_quantity(text: str) -> str:
    """'1200.5' as '1,200.5'; whole numbers without decimals."""
    number = Decimal(text)
    return f"{number:,}" if number == number.to_integral() else f"{number:,f}".rstrip("0")


def format_hs(digits: str, dotted: bool) -> str:
    """'090121' as '0901.21' (dotted) or as is."""
    return f"{digits[:4]}.{digits[4:6]}{digits[6:]}" if dotted else digits


@dataclass(frozen=True, slots=True)
class Style:
    """Layout choices of one rendered document."""

    language: str
    font_choice: int
    size: int
    stacked: bool
    date_style: int
    dotted_hs: bool
    label_choice: int
    value_x: int
    preferential_form: str | None

    @classmethod
    def draw(cls, rng: np.random.Generator, language: str, doc_type: DocumentType) -> "Style":
        """Random layout choices for a document."""
        preferential = (
            PREFERENTIAL_FORMS[int(rng.integers(len(PREFERENTIAL_FORMS)))]
            if doc_type == DocumentType.CERTIFICATE_OF_ORIGIN and rng.random() < 0.5
            else None
        )
        return cls(
            language=language,
            font_choice=int(rng.integers(3)),
            size=int(rng.integers(22, 27)),
            stacked=bool(rng.random() < 0.35),
            date_style=int(rng.integers(4)),
            dotted_hs=bool(rng.random() < 0.7),
            label_choice=int(rng.integers(2)),
            value_x=int(rng.integers(400, 470)),
            preferential_form=preferential,
        )


def _label(labels: dict[str, tuple[str, ...]], style: Style) -> str:
    options = labels[style.language]
    return options[style.label_choice % len(options)]


def _header_value(name: str, value: str, style: Style) -> str:
    if name in ("issue_date", "expiry_date"):
        return format_date(date.fromisoformat(value), style.language, style.date_style)
    if name in ("origin_country", "issuing_country"):
        return chinese_name(value) if style.language == "zh" else english_name(value)
    if name == "issuer" and style.language == "zh":
        return ISSUERS_ZH.get(value, value)
    return value


def _cell(column: str, index: int, fields: dict[str, str], style: Style) -> str:
    key = f"items.{index}.{column}"
    if column == "quantity":
        return f"{format_quantity(fields[key])} {fields[f'items.{index}.quantity_unit']}"
    if column == "hs_code":
        return format_hs(fields[key], style.dotted_hs)
    if column in ("value",):
        return format_amount(fields[key])
    if column in ("net_mass_kg", "gross_mass_kg"):
        return format_amount(fields[key])
    return fields[key]


def _fit(text: str, face: ImageFont.FreeTypeFont, width: float) -> str:
    """The text cut at a word (or, in Chinese, a character) to the width a table cell offers."""
    while text and face.getlength(text) > width:
        cut = text.rstrip().rfind(" ")
        text = text[:cut] if cut > 0 else text[:-1]
    return text.rstrip(" ,;")


def render_page(
    doc_type: DocumentType, fields: dict[str, str], style: Style
) -> tuple[Image.Image, dict[str, str]]:
    """The page image and the fields as printed (descriptions cut to their cell)."""
    page = Image.new("RGB", PAGE_SIZE, "white")
    draw = ImageDraw.Draw(page)
    small = font(style.language, style.size - 4, style.font_choice)
    title_face = font(style.language, style.size + 16, style.font_choice)
    printed = dict(fields)
    title = TITLES[doc_type][style.language]
    if style.preferential_form:
        title = f"{title} {style.preferential_form}"
    title_width = draw.textlength(title, font=title_face)
    draw.text(((PAGE_SIZE[0] - title_width) / 2, 70), title, font=title_face, fill="black")
    y = 170
    line = int(style.size * 1.9)
    for name in HEADER_FIELDS[doc_type]:
        labels = NUMBER_LABELS[doc_type] if name == "document_number" else FIELD_LABELS[name]
        label = _label(labels, style)
        value = _header_value(name, fields[name], style)
        if name == "total_value":
            value = f"{fields['currency']} {format_amount(fields[name])}"
        colon = "：" if style.language == "zh" else ":"
        body = text_font(value, style, style.size)
        if name in FREE_TEXT_FIELDS:
            # a long trader name is cut at a word to fit the page, and the truth with it
            value = _fit(value, body, PAGE_SIZE[0] - MARGIN - style.value_x)
            printed[name] = value
        if style.stacked:
            draw.text((MARGIN, y), label + colon, font=small, fill=(70, 70, 70))
            draw.text((MARGIN + 20, y + line * 0.75), value, font=body, fill="black")
            y += int(line * 1.75)
        else:
            draw.text(
                (MARGIN, y), label + colon, font=text_font(label, style, style.size), fill="black"
            )
            draw.text((style.value_x, y), value, font=body, fill="black")
            y += line
    y += line // 2
    columns = ITEM_COLUMNS[doc_type]
    fixed = sum(COLUMN_WIDTHS.get(c, 0) for c in columns)
    widths = {c: COLUMN_WIDTHS.get(c, PAGE_SIZE[0] - 2 * MARGIN - fixed) for c in columns}
    draw.line((MARGIN - 10, y - 10, PAGE_SIZE[0] - MARGIN, y - 10), fill="black", width=2)
    x = MARGIN
    for column in columns:
        draw.text((x, y), _label(COLUMN_LABELS[column], style), font=small, fill="black")
        x += widths[column]
    y += line
    draw.line((MARGIN - 10, y - 12, PAGE_SIZE[0] - MARGIN, y - 12), fill="black", width=1)
    index = 0
    while f"items.{index}.sequence" in fields:
        x = MARGIN
        for column in columns:
            text = _cell(column, index, fields, style)
            body = text_font(text, style, style.size)
            if column == "description":
                text = _fit(text, body, widths[column] - 30)
                printed[f"items.{index}.description"] = text
            draw.text((x, y), text, font=body, fill="black")
            x += widths[column]
        y += line
        index += 1
    draw.line((MARGIN - 10, y, PAGE_SIZE[0] - MARGIN, y), fill="black", width=2)
    _stamp(draw, style, y + 2 * line)
    return page, printed


def _stamp(draw: ImageDraw.ImageDraw, style: Style, y: int) -> None:
    """A signature line and a red seal, as on a real certificate."""
    signature = "签字盖章" if style.language == "zh" else "Signature and stamp"
    face = font(style.language, style.size - 4, style.font_choice)
    draw.text((PAGE_SIZE[0] - MARGIN - 360, y), signature, font=face, fill=(60, 60, 60))
    centre = (PAGE_SIZE[0] - MARGIN - 200, y + 150)
    for radius, width in ((95, 5), (80, 2)):
        box = (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius)
        draw.ellipse(box, outline=(200, 40, 40), width=width)
