"""Ad valorem duty rates by HS code and origin, with a default schedule that a real one replaces.

A schedule is a list of lines ``(hs_prefix, origin, rate_percent, preferential)``. The longest
matching HS prefix wins; at the same length an origin-specific line beats the general ``*`` one;
a preferential line applies only when the importer claims preference (with proof of origin).
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import polars as pl

from smartcustoms.reference.hs import normalise_hs

ANY_ORIGIN = "*"


@dataclass(frozen=True, slots=True)
class TariffLine:
    """One line of a schedule: the duty rate for goods under ``hs_prefix`` from ``origin``."""

    hs_prefix: str
    origin: str
    rate_percent: Decimal
    preferential: bool = False


class Tariff:
    """A duty schedule answering "what rate applies to these goods from this origin?"."""

    def __init__(self, lines: Iterable[TariffLine]):
        self.lines = list(lines)
        self._index = {
            (ln.hs_prefix, ln.origin, ln.preferential): ln.rate_percent for ln in self.lines
        }
        self._prefix_lengths = sorted({len(ln.hs_prefix) for ln in self.lines}, reverse=True)

    def rate(self, hs_code: str, origin: str, *, preferential: bool = False) -> Decimal:
        """Duty rate in percent of customs value; raises KeyError when no line covers the code."""
        for length in self._prefix_lengths:
            prefix = hs_code[:length]
            candidates = [(prefix, origin, True)] if preferential else []
            candidates += [(prefix, origin, False), (prefix, ANY_ORIGIN, False)]
            for key in candidates:
                if key in self._index:
                    return self._index[key]
        raise KeyError(f"no tariff line covers HS {hs_code} from {origin}")

    def rates(
        self, hs_codes: pl.Series, origins: pl.Series, preferential: pl.Series | None = None
    ) -> pl.Series:
        """Vectorised :meth:`rate` over a batch: each distinct combination is looked up once."""
        if preferential is None:
            preferential = pl.Series([False] * len(hs_codes))
        batch = pl.DataFrame({"hs": hs_codes, "origin": origins, "pref": preferential})
        combos = batch.unique()
        looked_up = [
            float(self.rate(hs, origin, preferential=bool(pref)))
            for hs, origin, pref in combos.iter_rows()
        ]
        combos = combos.with_columns(rate=pl.Series(looked_up, dtype=pl.Float64))
        return batch.join(combos, on=["hs", "origin", "pref"], how="left", maintain_order="left")[
            "rate"
        ].rename("duty_rate_percent")

    @classmethod
    def from_csv(cls, path: Path) -> "Tariff":
        """Loads a schedule with columns hs_prefix, origin, rate_percent, preferential (0/1)."""
        lines = []
        with open(path, newline="", encoding="utf-8") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                try:
                    lines.append(
                        TariffLine(
                            hs_prefix=normalise_hs(row["hs_prefix"]),
                            origin=row["origin"].strip().upper() or ANY_ORIGIN,
                            rate_percent=Decimal(row["rate_percent"]),
                            preferential=row.get("preferential", "0").strip() in {"1", "true"},
                        )
                    )
                except (KeyError, ValueError, InvalidOperation) as exc:
                    raise ValueError(f"{path}:{number}: bad tariff line {row}: {exc}") from exc
        return cls(lines)


# General (MFN-style) rates by chapter range: protective on food, textiles and footwear, low on
# raw materials, machinery and electronics, as most schedules are shaped.
_DEFAULT_CHAPTER_RATES = (
    (1, 5, "15"), (6, 14, "12"), (15, 15, "10"), (16, 24, "20"), (25, 27, "3"),
    (28, 38, "6.5"), (39, 40, "6.5"), (41, 43, "10"), (44, 49, "5"), (50, 63, "12"),
    (64, 67, "15"), (68, 71, "8"), (72, 83, "5"), (84, 85, "3"), (86, 89, "6"),
    (90, 92, "4"), (93, 93, "20"), (94, 96, "8"), (97, 97, "0"),
)  # fmt: skip

PREFERENTIAL_PARTNERS = ("AU", "CH", "CL", "CR", "GE", "ID", "KH", "KR", "MY", "NZ", "PE", "PH",
                         "PK", "SG", "TH", "VN")  # fmt: skip
"""Origins with a free-trade agreement in the default schedule."""


def default_tariff() -> Tariff:
    """A plausible schedule for demos and tests: chapter rates, and for partner origins duty-free
    entry (half the rate for food chapters 1-24) when preference is claimed."""
    lines = []
    for first, last, rate in _DEFAULT_CHAPTER_RATES:
        for chapter in range(first, last + 1):
            prefix = f"{chapter:02d}"
            general = Decimal(rate)
            lines.append(TariffLine(prefix, ANY_ORIGIN, general))
            preferential = general / 2 if chapter <= 24 else Decimal(0)
            lines += [
                TariffLine(prefix, partner, preferential, True) for partner in PREFERENTIAL_PARTNERS
            ]
    return Tariff(lines)
