"""Pydantic models of the canonical customs declaration, aligned with the WCO Data Model.

These names are the contract with traders, the API and every later part of the product, so the
models are strict: unknown fields are refused (a typo must not pass silently), codes are checked
against the reference lists, money is Decimal and time is timezone-aware UTC.
"""

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from smartcustoms.reference.hs import is_valid_hs, normalise_hs
from smartcustoms.reference.iso_codes import is_country, is_currency
from smartcustoms.reference.units import is_quantity_unit


def _hs_code(value: Any) -> str:
    code = normalise_hs(value)
    if len(code) < 6:
        raise ValueError(
            f"HS code {value!r} is a chapter or heading; declare the 6-digit subheading"
        )
    if not is_valid_hs(code):
        raise ValueError(f"HS code {value!r} is not an HS2022 subheading; check the nomenclature")
    return code


def _code_checker(kind: str, example: str, is_known):
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"{kind} must be text such as {example!r}")
        code = value.strip().upper()
        if not is_known(code):
            raise ValueError(f"{value!r} is not an {kind} (for example {example!r})")
        return code

    return check


def _utc_timestamp(value: datetime) -> datetime:
    """Refuses naive timestamps: a lodgement time without a zone is ambiguous by hours."""
    if value.tzinfo is None:
        raise ValueError("timestamp needs a time zone, for example 2026-11-20T08:30:00Z")
    return value.astimezone(UTC)


HSCode = Annotated[str, BeforeValidator(_hs_code)]
CountryCode = Annotated[
    str, BeforeValidator(_code_checker("ISO 3166-1 alpha-2 country code", "BR", is_country))
]
CurrencyCode = Annotated[
    str, BeforeValidator(_code_checker("ISO 4217 currency code", "USD", is_currency))
]
QuantityUnit = Annotated[
    str, BeforeValidator(_code_checker("UN/ECE Rec. 20 unit code", "KGM", is_quantity_unit))
]
UtcDatetime = Annotated[datetime, AfterValidator(_utc_timestamp)]
Money = Annotated[Decimal, Field(gt=0, max_digits=18, decimal_places=2)]
Identifier = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^\S+$")
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=512)]


class DeclarationType(StrEnum):
    IMPORT = "import"
    EXPORT = "export"
    TRANSIT = "transit"


class TransportMode(StrEnum):
    SEA = "sea"
    AIR = "air"
    ROAD = "road"
    RAIL = "rail"
    POST = "post"
    INLAND_WATERWAY = "inland_waterway"
    FIXED_INSTALLATION = "fixed_installation"
    MULTIMODAL = "multimodal"
    OTHER = "other"


class Incoterm(StrEnum):
    EXW = "EXW"
    FCA = "FCA"
    FAS = "FAS"
    FOB = "FOB"
    CFR = "CFR"
    CIF = "CIF"
    CPT = "CPT"
    CIP = "CIP"
    DAP = "DAP"
    DPU = "DPU"
    DDP = "DDP"


class DocumentType(StrEnum):
    COMMERCIAL_INVOICE = "commercial_invoice"
    PACKING_LIST = "packing_list"
    CERTIFICATE_OF_ORIGIN = "certificate_of_origin"
    PHYTOSANITARY_CERTIFICATE = "phytosanitary_certificate"
    VETERINARY_CERTIFICATE = "veterinary_certificate"
    HEALTH_CERTIFICATE = "health_certificate"
    IMPORT_LICENCE = "import_licence"
    BILL_OF_LADING = "bill_of_lading"
    AIR_WAYBILL = "air_waybill"
    OTHER = "other"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Party(_Strict):
    """A trader named on the declaration (WCO: Declarant, Importer, Exporter)."""

    id: Identifier
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    country: CountryCode | None = None


class Transport(_Strict):
    """How the goods arrive (WCO: BorderTransportMeans and TransportContractDocument)."""

    mode: TransportMode
    departure_country: CountryCode | None = None
    bill_of_lading: Identifier | None = None
    air_waybill: Identifier | None = None
    container_numbers: list[Identifier] = Field(default_factory=list, max_length=500)


class GoodsItem(_Strict):
    """One goods item (WCO: GovernmentAgencyGoodsItem); duty and risk are assessed per item."""

    sequence: int = Field(ge=1, le=9999)
    description: Text
    hs_code: HSCode
    origin_country: CountryCode
    net_mass_kg: float = Field(gt=0, allow_inf_nan=False)
    gross_mass_kg: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    quantity: float = Field(gt=0, allow_inf_nan=False)
    quantity_unit: QuantityUnit
    value: Money
    """Invoice value of the item in the declaration currency."""
    preference_claimed: bool = False
    """True when the importer asks for a preferential duty rate on proof of origin."""

    @property
    def hs6(self) -> str:
        return self.hs_code[:6]


class Document(_Strict):
    """A supporting document referenced by the declaration (WCO: AdditionalDocument)."""

    type: DocumentType
    number: Identifier
    issuer_country: CountryCode | None = None
    issued_on: date | None = None
    expires_on: date | None = None


class Declaration(_Strict):
    """A customs goods declaration: header, parties, transport, goods items and documents."""

    declaration_id: (
        Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")] | None
    ) = None
    """Assigned at lodgement when absent."""
    type: DeclarationType
    office: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2,10}$")]
    """Customs office of lodgement, e.g. a UN/LOCODE such as 'CNSHA'."""
    lodged_at: UtcDatetime | None = None
    declarant: Party
    importer: Party | None = None
    exporter: Party | None = None
    transport: Transport
    currency: CurrencyCode
    incoterm: Incoterm
    invoice_total: Money | None = None
    """Total of the commercial invoice; when given, the item values must add up to it."""
    goods_items: list[GoodsItem] = Field(min_length=1, max_length=999)
    documents: list[Document] = Field(default_factory=list, max_length=100)

    def to_json_dict(self) -> dict[str, Any]:
        """The canonical JSON shape: money as strings, dates in ISO 8601, absent fields omitted."""
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
