"""Trade measures of the synthetic world: anti-dumping duties, goods that need a licence or a
sanitary certificate, and prohibited goods that smugglers conceal.

The anti-dumping lines are modelled on measures China has applied (stainless steel, brandy,
polyformaldehyde, propanol, phenol, pork, optical fibre) with round, illustrative rates. They
belong to the generator's world, not to the reference tariff: the platform must discover their
effect (relabelled origins) from the data.
"""

from dataclasses import dataclass

from smartcustoms.declarations.schema import DocumentType


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

_PRECURSORS = ("291431", "293941", "293942", "293291", "293292", "293293", "293294", "292423")
_LICENSED = (
    "93", "3601", "3602", "3603", "3604", "8710",  # arms, explosives, armour
    "2844", "2845",  # radioactive material
    "2402", "2403", "2939", "3808", "8525", "8526",  # tobacco, alkaloids, pesticides, radio
    "290371", "290372", "290373", "290374", "290375", "290376", "290377", "290378", "290379",
    "382711", "382712", "382713", "382714", "382720", "382731", "382732", "382739",  # ODS
    "010611", "010620", "050710", "960110", "4301",  # endangered species (CITES)
    *_PRECURSORS,
)  # fmt: skip
REQUIREMENTS: tuple[tuple[DocumentType, tuple[str, ...]], ...] = (
    (DocumentType.VETERINARY_CERTIFICATE, ("01", "02", "03", "04", "05")),
    (DocumentType.PHYTOSANITARY_CERTIFICATE,
     ("06", "07", "08", "090111", "090112", "0902", "0904", "0905", "0906", "0907", "0908",
      "0909", "0910", "10", "11", "12", "13", "14")),  # roasted coffee needs none
    (DocumentType.HEALTH_CERTIFICATE, ("30",)),
    (DocumentType.IMPORT_LICENCE, _LICENSED),
)  # fmt: skip
"""Documents goods need to enter, by HS prefix: the example requirements of the shipped rule
packs (licences_certificates, prohibited_restricted), so that honest traders in the synthetic
world comply with what the platform screens for and withheld documents are what it finds."""

SAFETY_CRITICAL_PREFIXES = ("93", "36", "8710", "2844", "2845", *_PRECURSORS)
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


def required_documents(hs6: str) -> tuple[DocumentType, ...]:
    """Every licence and certificate that goods under ``hs6`` need to enter (ivory needs a
    veterinary certificate and a CITES permit)."""
    return tuple(doc for doc, prefixes in REQUIREMENTS if hs6.startswith(prefixes))


def withheld_document(hs6: str) -> DocumentType | None:
    """The document a trader skips to bring ``hs6`` in unchecked: the licence where one is
    needed (the hard one to get), else the certificate."""
    needed = required_documents(hs6)
    if DocumentType.IMPORT_LICENCE in needed:
        return DocumentType.IMPORT_LICENCE
    return needed[0] if needed else None


def is_safety_critical(hs6: str) -> bool:
    """True when entering ``hs6`` without its licence endangers the public."""
    return hs6.startswith(SAFETY_CRITICAL_PREFIXES)


def anti_dumping_measure(hs6: str) -> AntiDumpingMeasure | None:
    """The anti-dumping measure covering ``hs6``, if any."""
    return next((m for m in ANTI_DUMPING if hs6.startswith(m.hs_prefix)), None)
