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

_VETERINARY = ("01", "02", "03", "04", "0504", "0505", "0506", "0511", "1601", "1602")
_PHYTOSANITARY = ("06", "07", "08", "10", "12", "1401", "4401", "4403")
_LICENSED = (
    *(f"930{h}" for h in range(1, 7)),  # arms and ammunition
    "290371", "290372", "290373", "290374", "290375", "290376", "290377", "290378", "290379",
    "382711", "382712", "382713", "382714", "382720", "382731", "382732", "382739",  # ODS
    "010611", "010620", "050710", "960110", "4301",  # endangered species (CITES)
    "291431", "293941", "293942", "293291", "293292", "293293", "293294", "292423",  # precursors
    "2844", "2845", "3601", "3602", "3603", "3604", "8710",  # nuclear, explosives, armour
)  # fmt: skip
REQUIRED_DOCUMENTS: tuple[tuple[str, DocumentType], ...] = (
    *((p, DocumentType.VETERINARY_CERTIFICATE) for p in _VETERINARY),
    *((p, DocumentType.PHYTOSANITARY_CERTIFICATE) for p in _PHYTOSANITARY),
    ("30", DocumentType.HEALTH_CERTIFICATE),
    *((p, DocumentType.IMPORT_LICENCE) for p in _LICENSED),
)
"""Goods that need a certificate or licence to enter: (HS prefix, document); the longest
matching prefix wins. The same example requirements as the shipped rule packs
(licences_certificates, prohibited_restricted), so that honest traders in the synthetic world
comply with the rules the platform screens for, and withheld licences are what the rules find."""

SAFETY_CRITICAL_PREFIXES = ("2844", "2845", "36", "93", "8710", "2914", "2924", "2932", "2939")
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
