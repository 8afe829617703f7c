"""Duty and VAT of a declaration, in Decimal, from the reference tariff."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from smartcustoms.declarations.schema import Declaration
from smartcustoms.reference.tariff import Tariff

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class ItemDuty:
    sequence: int
    customs_value: Decimal
    duty_rate_percent: Decimal
    duty: Decimal
    vat: Decimal


@dataclass(frozen=True, slots=True)
class DutyAssessment:
    """What the declaration owes, per item and in total, in the declaration currency."""

    currency: str
    items: list[ItemDuty]

    @property
    def customs_value(self) -> Decimal:
        return sum((i.customs_value for i in self.items), Decimal(0))

    @property
    def duty(self) -> Decimal:
        return sum((i.duty for i in self.items), Decimal(0))

    @property
    def vat(self) -> Decimal:
        return sum((i.vat for i in self.items), Decimal(0))

    def as_dict(self) -> dict:
        """JSON shape with money as strings, as everywhere on the wire."""
        return {
            "currency": self.currency,
            "customs_value": str(self.customs_value),
            "duty": str(self.duty),
            "vat": str(self.vat),
            "total": str(self.duty + self.vat),
            "items": [
                {
                    "sequence": i.sequence,
                    "customs_value": str(i.customs_value),
                    "duty_rate_percent": str(i.duty_rate_percent),
                    "duty": str(i.duty),
                    "vat": str(i.vat),
                }
                for i in self.items
            ],
        }


def _money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def assess_duty(declaration: Declaration, tariff: Tariff, vat_percent: Decimal) -> DutyAssessment:
    """Duty = customs value x tariff rate; VAT on customs value plus duty.

    The customs value is the declared item value: the schema carries no separate freight and
    insurance, so CIF-basis values are taken as declared (the common case for imports).
    """
    items = []
    for item in declaration.goods_items:
        rate = tariff.rate(item.hs6, item.origin_country, preferential=item.preference_claimed)
        duty = _money(item.value * rate / 100)
        vat = _money((item.value + duty) * vat_percent / 100)
        items.append(ItemDuty(item.sequence, item.value, rate, duty, vat))
    return DutyAssessment(declaration.currency, items)
