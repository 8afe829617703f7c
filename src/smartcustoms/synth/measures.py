"""Trade measures of the synthetic world: anti-dumping duties, goods that need a licence or a
sanitary certificate, and prohibited goods that smugglers conceal.

The anti-dumping lines are modelled on measures China has applied (stainless steel, brandy,
polyformaldehyde, propanol, phenol, pork, optical fibre) with round, illustrative rates. They
belong to the generator's world, not to the reference tariff: the platform must discover their
effect (relabelled origins) from the data.
"""

from dataclasses import dataclass

from smartcustoms.declarations.models import DocumentType


@dataclass(frozen=True, slots=True)
class AntiDumpingMeasure:
    """An extra ad valorem duty on goods under ``hs_prefix`` from ``origins``."""

    hs_prefix: str
    origins: tuple[str, ...]
    rate_percent: float


ANTI_DUMPING: tuple[AntiDumpingMeasure, ...] = (
    AntiDumpingMeasure("7218", ("JP", "KR", "ID"), 43.0),
    AntiDumpingMeasure("7219", ("JP", "KR", "ID"), 43.0),
    AntiDumpingMeasure("7220", ("JP", "KR", "ID"), 43.0),
    AntiDumpingMeasure("220820", ("FR",), 34.8),
    AntiDumpingMeasure("390710", ("US", "JP", "DE", "TW"), 35.0),
    AntiDumpingMeasure("290512", ("US",), 60.0),
    AntiDumpingMeasure("290711", ("US", "KR", "JP"), 20.0),
    AntiDumpingMeasure("0203", ("ES", "NL", "DK", "FR"), 30.0),
    AntiDumpingMeasure("900110", ("US", "IN"), 33.0),
)

REQUIRED_DOCUMENTS: tuple[tuple[str, DocumentType], ...] = (
    # hs prefix, document the goods need; the longest matching prefix wins
    *((f"{c:02d}", DocumentType.VETERINARY_CERTIFICATE) for c in range(1, 6)),
    *((f"{c:02d}", DocumentType.PHYTOSANITARY_CERTIFICATE) for c in range(6, 15)),
    ("30", DocumentType.HEALTH_CERTIFICATE),
    ("2402", DocumentType.IMPORT_LICENCE),
    ("2403", DocumentType.IMPORT_LICENCE),
    ("2844", DocumentType.IMPORT_LICENCE),
    ("2845", DocumentType.IMPORT_LICENCE),
    ("2939", DocumentType.IMPORT_LICENCE),
    ("3808", DocumentType.IMPORT_LICENCE),
    ("8525", DocumentType.IMPORT_LICENCE),
    ("8526", DocumentType.IMPORT_LICENCE),
    *((f"36{h:02d}", DocumentType.IMPORT_LICENCE) for h in range(1, 5)),
    *((f"93{h:02d}", DocumentType.IMPORT_LICENCE) for h in range(1, 8)),
    ("8710", DocumentType.IMPORT_LICENCE),
)

SAFETY_CRITICAL_PREFIXES = ("2844", "2845", "2939", "36", "93", "8710")
"""Restricted goods whose entry without licence is a public-safety case, not just paperwork."""

CONCEALED_GOODS: tuple[tuple[str, str], ...] = (
    ("121190", "cannabis herb"),
    ("293941", "ephedrine salts (drug precursor)"),
    ("050710", "elephant ivory"),
    ("930190", "firearms"),
    ("930630", "ammunition"),
    ("050800", "pangolin scales"),
    ("240220", "untaxed cigarettes"),
)
"""Prohibited or smuggled goods found hidden behind cover goods: (HS6, what inspectors find)."""


def required_document(hs6: str) -> DocumentType | None:
    """The licence or certificate that goods under ``hs6`` need to enter, if any."""
    matches = [(len(p), doc) for p, doc in REQUIRED_DOCUMENTS if hs6.startswith(p)]
    return max(matches, key=lambda match: match[0])[1] if matches else None


def is_safety_critical(hs6: str) -> bool:
    """True when entering ``hs6`` without its licence endangers the public."""
    return hs6.startswith(SAFETY_CRITICAL_PREFIXES)


def anti_dumping_measure(hs6: str) -> AntiDumpingMeasure | None:
    """The anti-dumping measure covering ``hs6``, if any."""
    return next((m for m in ANTI_DUMPING if hs6.startswith(m.hs_prefix)), None)
