"""The rule file format as pydantic models: what an analyst may write, checked at load.

A pack file has a header (``pack``, ``version``, ``title``, ``example``, ``references``) and a
list of ``rules``. Each condition is a mapping with exactly one key naming its kind::

    when:
      all:
        - hs_prefix: ["06", "07"]
        - not: {document: phytosanitary_certificate}

Checks that need the loaded reference lists (does the list exist, does it have as many key
columns as the condition names fields) read them from the validation context under
``"references"``, so every problem is reported with its location in the file.
"""

from datetime import date
from string import Formatter
from typing import Annotated, Any, Literal, Protocol, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    Tag,
    ValidationInfo,
    model_validator,
)

from smartcustoms.declarations.schema import DeclarationType, DocumentType
from smartcustoms.reference.hs import is_valid_hs, normalise_hs
from smartcustoms.reference.iso_codes import is_country
from smartcustoms.rules.channel import Channel
from smartcustoms.rules.fields import FIELDS, Kind, kind_of_value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Name = Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
Text = Annotated[StrictStr, Field(min_length=1)]
Literal_ = StrictBool | StrictStr | StrictInt | StrictFloat | date
"""A value written in a rule: text, number, boolean or date (YAML has already typed it)."""


class ReferenceLike(Protocol):
    """What the schema needs to know of a loaded reference list."""

    key: tuple[str, ...]
    value: str | None


def _hs_prefix(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"write HS prefix {value!r} in quotes: YAML reads 0101 as a number")
    code = normalise_hs(value)
    if not is_valid_hs(code):
        raise ValueError(f"HS prefix {value!r} is not an HS2022 chapter, heading or subheading")
    return code


def _field(name: str) -> Kind:
    if name not in FIELDS:
        raise ValueError(f"unknown field {name!r}; known fields: {', '.join(sorted(FIELDS))}")
    return FIELDS[name]


def _check_value(name: str, value: Any) -> None:
    """Refuses a literal whose kind differs from the field's, e.g. text compared with a number."""
    expected = _field(name)
    actual = kind_of_value(value)
    if actual is not expected:
        raise ValueError(
            f"type mismatch: field {name!r} holds {expected} values but {value!r} is "
            f"{actual or type(value).__name__}"
        )
    if name.endswith("_country") and not is_country(value):
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code (e.g. 'BR')")


def _reference(info: ValidationInfo, name: str) -> ReferenceLike:
    references: dict[str, ReferenceLike] = (info.context or {}).get("references", {})
    if name not in references:
        known = ", ".join(sorted(references)) or "none declared"
        raise ValueError(f"unknown reference list {name!r}; this pack declares: {known}")
    return references[name]


class AllOf(_Strict):
    """True when every condition listed is true."""

    all: list["Condition"] = Field(min_length=1)


class AnyOf(_Strict):
    """True when at least one condition listed is true."""

    any: list["Condition"] = Field(min_length=1)


class Not(_Strict):
    """True when the condition is false (including when it tests an absent value)."""

    negated: "Condition" = Field(alias="not")


class HsPrefix(_Strict):
    """The declared HS code starts with one of the prefixes (chapter, heading, subheading...)."""

    hs_prefix: list[Annotated[str, BeforeValidator(_hs_prefix)]] = Field(min_length=1)


class Membership(_Strict):
    """Field values in a literal list, or a tuple of fields among the keys of a reference list."""

    field: str | None = None
    fields: list[str] | None = None
    values: list[Literal_] | None = Field(default=None, min_length=1)
    reference: str | None = Field(default=None, alias="list")

    @property
    def names(self) -> list[str]:
        """The fields tested, whichever of ``field`` or ``fields`` was written."""
        return [self.field] if self.field is not None else list(self.fields or [])

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Self:
        if (self.field is None) == (self.fields is None):
            raise ValueError("name either one 'field' or a list of 'fields'")
        if (self.values is None) == (self.reference is None):
            raise ValueError("give either literal 'values' or a reference 'list'")
        if self.values is not None:
            if len(self.names) != 1:
                raise ValueError("literal 'values' test a single 'field'")
            if _field(self.names[0]) is Kind.MOMENT:
                raise ValueError("compare dates with 'compare', not with a list of values")
            for value in self.values:
                _check_value(self.names[0], value)
            return self
        reference = _reference(info, self.reference or "")
        if len(reference.key) != len(self.names):
            raise ValueError(
                f"list {self.reference!r} is keyed by {len(reference.key)} column(s) "
                f"({', '.join(reference.key)}) but {len(self.names)} field(s) are named"
            )
        for name in self.names:
            if _field(name) is not Kind.TEXT:
                raise ValueError(f"type mismatch: field {name!r} is not text; lists hold codes")
        return self


class In(_Strict):
    """``in: {field: origin_country, values: [KP, SY]}`` or ``{fields: [...], list: name}``."""

    in_: Membership = Field(alias="in")


Operator = Literal["lt", "le", "gt", "ge", "eq", "ne"]


class Comparison(_Strict):
    """A field compared with a literal of the same kind."""

    field: str
    op: Operator
    value: Literal_

    @model_validator(mode="after")
    def _same_kind(self) -> Self:
        _check_value(self.field, self.value)
        return self


class Compare(_Strict):
    """``compare: {field: value, op: gt, value: 50000}``; dates compare with ``lodged_at``."""

    compare: Comparison


class HasDocument(_Strict):
    """The declaration carries a document of this type."""

    document: DocumentType


class Threshold(_Strict):
    """A measure below ``ratio`` times the reference value looked up by key fields."""

    reference: str = Field(alias="list")
    fields: list[str] = Field(min_length=1)
    measure: str = "unit_value"
    ratio: float = Field(default=1.0, gt=0)

    @model_validator(mode="after")
    def _known(self, info: ValidationInfo) -> Self:
        if _field(self.measure) is not Kind.NUMBER:
            raise ValueError(f"type mismatch: measure {self.measure!r} is not a number")
        reference = _reference(info, self.reference)
        if reference.value is None:
            raise ValueError(f"list {self.reference!r} has no 'value' column to compare with")
        if len(reference.key) != len(self.fields):
            raise ValueError(
                f"list {self.reference!r} is keyed by {len(reference.key)} column(s) "
                f"but {len(self.fields)} field(s) are named"
            )
        for name in self.fields:
            if _field(name) is not Kind.TEXT:
                raise ValueError(f"type mismatch: key field {name!r} is not text")
        return self


class BelowReference(_Strict):
    """``below_reference: {list: floors, fields: [hs6], measure: unit_value, ratio: 0.5}``."""

    below_reference: Threshold


_CONDITIONS: dict[str, type[_Strict]] = {
    "all": AllOf,
    "any": AnyOf,
    "not": Not,
    "hs_prefix": HsPrefix,
    "in": In,
    "compare": Compare,
    "document": HasDocument,
    "below_reference": BelowReference,
}
_TAGS = {kind: tag for tag, kind in _CONDITIONS.items()}


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return _TAGS.get(type(value))
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        return key if key in _CONDITIONS else None
    return None


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")]
    | Annotated[HsPrefix, Tag("hs_prefix")]
    | Annotated[In, Tag("in")]
    | Annotated[Compare, Tag("compare")]
    | Annotated[HasDocument, Tag("document")]
    | Annotated[BelowReference, Tag("below_reference")],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message=(
            "a condition is a mapping with exactly one key, one of: "
            f"{', '.join(_CONDITIONS)}; combine several with 'all' or 'any'"
        ),
    ),
]


class Scope(_Strict):
    """Which declarations a rule looks at; an absent list means all."""

    types: list[DeclarationType] | None = None
    offices: list[Annotated[StrictStr, Field(pattern=r"^[A-Z0-9]{2,10}$")]] | None = None


ACTIONS = ("none", "score", "require_document", "yellow", "red", "hold")
"""Rule actions from weakest to strongest; "none" is an item no rule hit."""


class Action(_Strict):
    """What a hit asks for. ``mandatory`` actions are floors no model may lower."""

    channel: Literal["yellow", "red"] | None = None
    hold: bool = False
    require_document: DocumentType | None = None
    mandatory: bool = False

    @property
    def strongest(self) -> str:
        """The strongest thing this action asks for, one of :data:`ACTIONS`."""
        if self.hold:
            return "hold"
        if self.channel is not None:
            return self.channel
        return "require_document" if self.require_document is not None else "score"

    @property
    def minimum_channel(self) -> Channel:
        """The channel this action implies: a hold needs red, a document request yellow."""
        if self.hold:
            return Channel.RED
        if self.channel is not None:
            return Channel(self.channel)
        return Channel.YELLOW if self.require_document is not None else Channel.GREEN


def template_parts(template: str) -> list[tuple[str, str | None]]:
    """An explanation template as (literal text, field name or None) pairs.

    Only plain ``{field}`` placeholders are allowed: no format specs or attribute access,
    which keeps templates data and keeps rendering vectorised. Raises ValueError otherwise.
    """
    parts = []
    for text, name, spec, conversion in Formatter().parse(template):
        if spec or conversion:
            raise ValueError(f"write {{{name}}} without a format or conversion")
        parts.append((text, name))
    return parts


class Rule(_Strict):
    """One selection criterion with its legal basis, period of effect, condition and action."""

    id: Name
    title: Text
    legal_basis: Text
    effective_from: date
    effective_to: date | None = None
    """Last day the rule is in force (inclusive); absent while it has no end."""
    scope: Scope = Scope()
    when: Condition
    action: Action = Action()
    weight: float = Field(default=0.0, ge=0, le=1)
    """Score contribution of a hit, added to the other hits' for the risk fusion."""
    explanation: Text

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        if self.action.minimum_channel is Channel.GREEN and self.weight == 0:
            raise ValueError("the rule does nothing: give an action or a weight above 0")
        try:
            parts = template_parts(self.explanation)
        except ValueError as exc:
            raise ValueError(f"explanation template: {exc}") from exc
        for _, name in parts:
            if name is not None and name not in FIELDS:
                raise ValueError(f"explanation template names unknown field {{{name}}}")
        return self

    def in_force_overlaps(self, other: "Rule") -> bool:
        """True when two versions of a rule are in force on a common day."""
        ends = (self.effective_to or date.max, other.effective_to or date.max)
        return self.effective_from <= ends[1] and other.effective_from <= ends[0]


class ReferenceSpec(_Strict):
    """A reference list file (CSV or Parquet, path relative to the pack file)."""

    file: Text
    key: list[Text] = Field(min_length=1)
    """Columns that identify an entry, matched against the fields a condition names."""
    value: Text | None = None
    """Numeric column looked up by ``below_reference`` (a reference price, a floor)."""
    description: str = ""

    @model_validator(mode="after")
    def _value_apart(self) -> Self:
        if self.value is not None and self.value in self.key:
            raise ValueError(f"column {self.value!r} cannot be both a key and the value")
        return self


class PackHeader(_Strict):
    """A pack file before its rules are checked against its reference lists."""

    pack: Name
    version: Text
    title: Text
    description: str = ""
    example: bool = False
    """True for shipped packs: illustrations to adapt, not any country's law."""
    references: dict[Name, ReferenceSpec] = Field(default_factory=dict)
    rules: list[Any] = Field(min_length=1)
