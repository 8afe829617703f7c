"""Commodity scan profiles: which HS chapters look alike on an X-ray scan of a container."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Commodity:
    """A family of goods with a recognisable scan signature, and the chapters declared for it."""

    name: str
    looks: str
    """How the goods appear on a scan, in an officer's words (used in findings)."""
    chapters: tuple[int, ...]
    example_hs6: str
    example_description: str


COMMODITIES: dict[str, Commodity] = {
    c.name: c
    for c in (
        Commodity(
            "textiles",
            "low-density fibrous bales",
            (*range(50, 64),),
            "620342",
            "Men's trousers of cotton",
        ),
        Commodity(
            "machinery",
            "dense metallic mass with structure",
            (73, 82, 84),
            "841370",
            "Centrifugal pumps",
        ),
        Commodity(
            "electronics",
            "light cartons with small dense components",
            (85, 90),
            "852872",
            "Television receivers",
        ),
        Commodity(
            "fruit_vegetables", "organic granular cartons", (7, 8, 20), "080810", "Fresh apples"
        ),
        Commodity(
            "liquids", "uniform liquid mass", (15, 22, 27), "150790", "Soya-bean oil, refined"
        ),
        Commodity(
            "furniture",
            "wooden pieces with grain and voids",
            (44, 94),
            "940360",
            "Wooden furniture",
        ),
    )
}

NAMES = tuple(COMMODITIES)


def commodity_of_chapter(chapter: int) -> str | None:
    """The scan profile a declared HS chapter belongs to, or None where there is none."""
    for commodity in COMMODITIES.values():
        if chapter in commodity.chapters:
            return commodity.name
    return None


def chapter_span(name: str) -> str:
    """'ch. 50-63' or 'ch. 73, 82, 84' for messages."""
    chapters = COMMODITIES[name].chapters
    if list(chapters) == list(range(chapters[0], chapters[-1] + 1)) and len(chapters) > 2:
        return f"ch. {chapters[0]:02d}-{chapters[-1]:02d}"
    return "ch. " + ", ".join(f"{c:02d}" for c in chapters)
