"""Headings of materials, not articles: what a shop title that names an article is not.

A marketplace title names the article it sells and, often, what it is made of: "Self Locking
Nylon Cable Ties", "Silicone Keyboard Cover", "Wiper Blade Refills Natural Rubber". The material
words are as near to the nomenclature's texts for the material itself ("Polyamides, in primary
forms", "Silicones in primary forms", "Natural rubber ... plates, sheets and strip") as the
article's words are to the article's heading, and those texts are short, so they often won.
Goods sold as a material are named as one ("Acrylic Yarn", "Aluminium Foil", "Epoxy Resin"),
and then the title's head term is itself a term of these headings.

The ranges below are the project's knowledge of which headings hold materials in primary forms,
raw or semi-finished (plastics and rubber in primary forms, plates and sheets; hides and leather;
wood and pulp; fibres, yarns and fabrics; metals unwrought, bars, wire, plates and foil;
minerals and chemicals). Paper (48) stays out: gummed and self-adhesive paper in rolls (4811) is
what painters' tape and washi tape are. Safety glass (7007) stays out: it is what screen
protectors are.
"""

from collections.abc import Sequence

import numpy as np

MATERIAL_RANGES = (
    ("25", "29"),
    ("3901", "3915"),
    ("4001", "4008"),
    ("41", "41"),
    ("4401", "4413"),
    ("47", "47"),
    ("50", "55"),
    ("5601", "5607"),
    ("58", "60"),
    ("7001", "7006"),
    ("7101", "7112"),
    ("72", "72"),
    ("7401", "7410"),
    ("7501", "7506"),
    ("7601", "7607"),
    ("7801", "7804"),
    ("7901", "7905"),
    ("8001", "8003"),
)
"""Inclusive ranges of chapters (2 digits) or headings (4 digits) of materials."""


def is_material_code(code: str) -> bool:
    """True for a chapter, heading or subheading within :data:`MATERIAL_RANGES`; a chapter only
    where the whole chapter is a material range."""
    return any(
        len(code) >= len(low) and low <= code[: len(low)] <= high for low, high in MATERIAL_RANGES
    )


def material_mask(labels: Sequence[str]) -> np.ndarray:
    """Booleans over ``labels``: which are materials (see :func:`is_material_code`)."""
    return np.array([is_material_code(code) for code in labels], dtype=bool)
