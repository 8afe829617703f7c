"""The product catalogue: every HS2022 subheading with how much it is traded, its unit, unit
value, weight per unit, duty, the trade measures on it and its lower-duty look-alike.

Chapter profiles give the broad shape (fuels by the hundred tonnes at cents a kilo, phones by the
piece at tens of dollars); per-product noise drawn from the run's generator makes each
subheading its own market.
"""

import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from smartcustoms.declarations.schema import DocumentType
from smartcustoms.lab.trade import measures, routes
from smartcustoms.reference import hs
from smartcustoms.reference.tariff import ANY_ORIGIN, Tariff

UNITS = ("KGM", "LTR", "PCE", "PR", "NAR")
KGM, LTR, PCE, PR, NAR = range(len(UNITS))
DOCUMENT_TYPES: tuple[DocumentType, ...] = tuple(DocumentType)


@dataclass(frozen=True, slots=True)
class ChapterProfile:
    """Typical trade in chapters ``first``..``last``: share, unit and size of a goods item."""

    first: int
    last: int
    weight: float
    """Relative share of goods items, per chapter."""
    unit: int
    usd_per_unit: float
    kg_per_unit: float
    median_quantity: float


CHAPTER_PROFILES: tuple[ChapterProfile, ...] = (
    ChapterProfile(1, 1, 0.3, NAR, 800, 300, 20), ChapterProfile(2, 2, 2.0, KGM, 4, 1, 18_000),
    ChapterProfile(3, 3, 2.0, KGM, 6, 1, 12_000), ChapterProfile(4, 4, 1.5, KGM, 4, 1, 15_000),
    ChapterProfile(5, 5, 0.3, KGM, 3, 1, 5_000), ChapterProfile(6, 6, 0.3, KGM, 8, 1, 2_000),
    ChapterProfile(7, 7, 1.0, KGM, 1.2, 1, 20_000), ChapterProfile(8, 8, 2.0, KGM, 2.5, 1, 18_000),
    ChapterProfile(9, 9, 1.0, KGM, 5, 1, 15_000), ChapterProfile(10, 10, 1.5, KGM, 0.3, 1, 50_000),
    ChapterProfile(11, 14, 0.6, KGM, 1.0, 1, 20_000),
    ChapterProfile(15, 15, 1.5, KGM, 1.2, 1, 20_000),
    ChapterProfile(16, 21, 1.0, KGM, 3.5, 1, 10_000),
    ChapterProfile(22, 22, 1.2, LTR, 5, 1.1, 10_000),
    ChapterProfile(23, 23, 1.0, KGM, 0.5, 1, 30_000),
    ChapterProfile(24, 24, 0.4, KGM, 10, 1, 5_000),
    ChapterProfile(25, 25, 0.5, KGM, 0.15, 1, 50_000),
    ChapterProfile(26, 26, 3.0, KGM, 0.12, 1, 200_000),
    ChapterProfile(27, 27, 5.0, KGM, 0.6, 1, 200_000),
    ChapterProfile(28, 28, 1.2, KGM, 1.5, 1, 10_000),
    ChapterProfile(29, 29, 2.5, KGM, 3, 1, 10_000),
    ChapterProfile(30, 30, 1.5, KGM, 80, 1, 500),
    ChapterProfile(31, 31, 0.6, KGM, 0.4, 1, 50_000),
    ChapterProfile(32, 38, 0.8, KGM, 4, 1, 5_000),
    ChapterProfile(39, 39, 3.0, KGM, 2.5, 1, 10_000),
    ChapterProfile(40, 40, 1.2, KGM, 3, 1, 8_000),
    ChapterProfile(41, 43, 0.5, KGM, 10, 1, 2_000),
    ChapterProfile(44, 44, 1.0, KGM, 0.8, 1, 20_000),
    ChapterProfile(45, 46, 0.1, KGM, 4, 1, 2_000),
    ChapterProfile(47, 47, 1.0, KGM, 0.7, 1, 50_000),
    ChapterProfile(48, 48, 1.0, KGM, 1.5, 1, 10_000),
    ChapterProfile(49, 49, 0.3, KGM, 10, 1, 500),
    ChapterProfile(50, 60, 0.5, KGM, 8, 1, 3_000),
    ChapterProfile(61, 62, 2.0, PCE, 12, 0.3, 3_000),
    ChapterProfile(63, 63, 0.6, KGM, 5, 1, 3_000),
    ChapterProfile(64, 64, 1.2, PR, 18, 0.8, 2_000),
    ChapterProfile(65, 67, 0.3, PCE, 5, 0.2, 2_000),
    ChapterProfile(68, 70, 0.6, KGM, 2, 1, 10_000),
    ChapterProfile(71, 71, 0.8, KGM, 3_000, 1, 10),
    ChapterProfile(72, 72, 2.5, KGM, 0.9, 1, 50_000),
    ChapterProfile(73, 73, 1.5, KGM, 3, 1, 10_000),
    ChapterProfile(74, 81, 0.6, KGM, 4, 1, 10_000),
    ChapterProfile(82, 83, 0.6, PCE, 8, 0.5, 2_000),
    ChapterProfile(84, 84, 8.0, PCE, 400, 50, 50),
    ChapterProfile(85, 85, 9.0, PCE, 60, 2, 500),
    ChapterProfile(86, 86, 0.1, PCE, 20_000, 2_000, 5),
    ChapterProfile(87, 87, 3.0, PCE, 8_000, 1_200, 10),
    ChapterProfile(88, 88, 0.2, PCE, 50_000, 500, 3),
    ChapterProfile(89, 89, 0.05, NAR, 100_000, 20_000, 1),
    ChapterProfile(90, 90, 3.0, PCE, 300, 5, 50),
    ChapterProfile(91, 91, 0.3, PCE, 50, 0.1, 500),
    ChapterProfile(92, 92, 0.2, PCE, 150, 5, 50),
    ChapterProfile(93, 93, 0.05, PCE, 500, 3, 20),
    ChapterProfile(94, 94, 1.5, PCE, 80, 15, 300),
    ChapterProfile(95, 95, 1.2, PCE, 10, 0.5, 2_000),
    ChapterProfile(96, 96, 0.8, PCE, 3, 0.1, 5_000),
    ChapterProfile(97, 97, 0.1, PCE, 5_000, 10, 2),
)  # fmt: skip

CATALOGUE_SEED = 0
"""The goods, their prices and masses are the same world in every run, whatever its seed (which
draws the traders and their declarations), so a reference table taken from one run, such as the
example valuation floors, holds for all."""
ANTI_DUMPING_POPULARITY = 8.0
"""Goods under anti-dumping measures are heavily traded (that is why the measures exist)."""


def _profile(chapter: int) -> ChapterProfile:
    return next(p for p in CHAPTER_PROFILES if p.first <= chapter <= p.last)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Per-product arrays, all indexed by product number (position in :attr:`codes`)."""

    codes: tuple[str, ...]
    chapter: np.ndarray
    popularity: np.ndarray
    """Probability that a goods item is this product, before importer specialisation."""
    unit: np.ndarray
    log_unit_value: np.ndarray
    """Log of the median US dollar value of one unit, before the origin's price level."""
    value_sigma: np.ndarray
    origin_offset: np.ndarray
    """[product, country]: each origin's own price for each product (log factor)."""
    kg_per_unit: np.ndarray
    median_quantity: np.ndarray
    packaging_ratio: np.ndarray
    """Mean (gross - net) / net mass of the packed goods."""
    general_rate: np.ndarray
    decoy: np.ndarray
    """The lower-duty product that a misclassifier declares instead; -1 where none is lower."""
    anti_dumping_rate: np.ndarray
    """[product, country]: extra duty percent of the anti-dumping measure, 0 where none."""
    required_documents: np.ndarray
    """[product, document type in :data:`DOCUMENT_TYPES` order]: needed to enter."""
    withheld_document: np.ndarray
    """Index into :data:`DOCUMENT_TYPES` of the document a cheat leaves out; -1 if none."""
    safety_critical: np.ndarray
    fraud_appeal: np.ndarray
    """How attractive the product is to fraudsters (high duty, measures, licences)."""

    @property
    def size(self) -> int:
        return len(self.codes)


def build_catalogue(tariff: Tariff) -> Catalogue:
    """Draws the product catalogue from the HS2022 subheadings, the same for every run."""
    rng = np.random.Generator(np.random.PCG64(CATALOGUE_SEED))
    codes = tuple(e.code for e in hs.subheadings())
    size = len(codes)
    chapter = np.array([int(c[:2]) for c in codes], dtype=np.int16)
    profiles = [_profile(int(c[:2])) for c in codes]
    per_chapter = np.bincount(chapter, minlength=100)[chapter]
    general_rate = np.array([float(tariff.rate(c, ANY_ORIGIN)) for c in codes])
    anti_dumping = _anti_dumping_rates(codes)
    measured = anti_dumping.max(axis=1) > 0

    popularity = np.array([p.weight for p in profiles]) / per_chapter
    popularity *= rng.lognormal(0.0, 1.2, size) * np.where(measured, ANTI_DUMPING_POPULARITY, 1.0)
    required = np.array(
        [[doc in measures.required_documents(c) for doc in DOCUMENT_TYPES] for c in codes]
    )
    withheld = [measures.withheld_document(c) for c in codes]
    safety = np.array([measures.is_safety_critical(c) for c in codes])
    appeal = (0.5 + general_rate / 10) * rng.lognormal(0.0, 0.6, size)
    appeal *= np.where(measured, 4.0, 1.0) * np.where(required.any(axis=1), 1.5, 1.0)
    return Catalogue(
        codes=codes,
        chapter=chapter,
        popularity=popularity / popularity.sum(),
        unit=np.array([p.unit for p in profiles], dtype=np.int8),
        log_unit_value=np.log([p.usd_per_unit for p in profiles]) + rng.normal(0.0, 0.8, size),
        value_sigma=rng.uniform(0.2, 0.45, size),
        origin_offset=rng.normal(0.0, 0.15, (size, len(routes.COUNTRIES))),
        kg_per_unit=np.array([p.kg_per_unit for p in profiles])
        * np.where([p.unit == KGM for p in profiles], 1.0, rng.lognormal(0.0, 0.6, size)),
        median_quantity=np.array([p.median_quantity for p in profiles])
        * rng.lognormal(0.0, 0.5, size),
        packaging_ratio=rng.uniform(0.02, 0.10, size),
        general_rate=general_rate,
        decoy=_decoys(tuple(general_rate)),
        anti_dumping_rate=anti_dumping,
        required_documents=required,
        withheld_document=np.array(
            [-1 if d is None else DOCUMENT_TYPES.index(d) for d in withheld]
        ),
        safety_critical=safety,
        fraud_appeal=appeal,
    )


def _anti_dumping_rates(codes: tuple[str, ...]) -> np.ndarray:
    rates = np.zeros((len(codes), len(routes.COUNTRIES)))
    for product, code in enumerate(codes):
        measure = measures.anti_dumping_measure(code)
        if measure is not None:
            for origin in measure.origins:
                rates[product, routes.COUNTRY_INDEX[origin]] = measure.rate_percent
    return rates


_WORD = re.compile(r"[a-z]{4,}")
_COMMON_WORD_SHARE = 0.05
"""Words in more than this share of subheadings ('other', 'whether') say nothing of the goods."""
MIN_DUTY_GAIN = 2.0
"""Percentage points of duty below which nobody bothers to misclassify."""


@cache
def _decoys(general_rate: tuple[float, ...]) -> np.ndarray:
    """For each product, a plausible lower-duty subheading: the one in a chapter with a lower
    general rate whose text shares most distinctive words with the product's, nearest chapter
    first on ties (the kind of code a misclassifier can defend: 'plastic footwear' declared as
    'plastic articles'). -1 where no such code exists or the duty gain is too small."""
    codes = tuple(e.code for e in hs.subheadings())
    words = [set(_WORD.findall(hs.lookup(c).description.lower())) for c in codes]
    postings: dict[str, list[int]] = {}
    for product, product_words in enumerate(words):
        for word in sorted(product_words):
            postings.setdefault(word, []).append(product)
    limit = _COMMON_WORD_SHARE * len(codes)
    chapter = [int(c[:2]) for c in codes]
    decoys = np.full(len(codes), -1)
    for product in range(len(codes)):
        shared: dict[int, int] = {}
        for word in sorted(words[product]):
            if len(postings[word]) > limit:
                continue
            for other in postings[word]:
                if general_rate[other] <= general_rate[product] - MIN_DUTY_GAIN:
                    shared[other] = shared.get(other, 0) + 1
        if shared:
            decoys[product] = min(
                shared,
                key=lambda o: (-shared[o], abs(chapter[o] - chapter[product]), o),
            )
    return decoys
