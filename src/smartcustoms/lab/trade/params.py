"""The arguments of a generation run, checked before any work starts."""

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from smartcustoms.errors import SmartCustomsError

OUTPUT_FORMATS = ("parquet", "csv", "jsonl")
MAX_DECLARATIONS = 50_000_000
"""Far beyond any demo or benchmark; a typo such as an extra zero should not fill the disk."""


DEFAULT_START = date(2025, 1, 1)
DEFAULT_MONTHS = 12
DEFAULT_FRAUD_RATE = 0.05


class GenerationArgumentError(SmartCustomsError, ValueError):
    """An impossible generation argument; the message says which one and what is allowed."""


@dataclass(frozen=True, slots=True)
class GenerationParams:
    """What to generate. The same values (and package version) always give the same files."""

    declarations: int
    seed: int = 0
    start: date = DEFAULT_START
    months: int = DEFAULT_MONTHS
    fraud_rate: float = DEFAULT_FRAUD_RATE
    format: str = "parquet"

    @property
    def end(self) -> date:
        """The first day after the period."""
        month = self.start.month - 1 + self.months
        return date(self.start.year + month // 12, month % 12 + 1, 1)

    def check(self, *, today: date | None = None) -> None:
        """Raises GenerationArgumentError for any impossible value.

        ``today`` only guards the period (declarations lodged in the future fail validation);
        it never shapes the output, which depends on the arguments alone.
        """
        if isinstance(self.declarations, bool) or not isinstance(self.declarations, int):
            raise GenerationArgumentError("--declarations must be a whole number")
        if not 1 <= self.declarations <= MAX_DECLARATIONS:
            raise GenerationArgumentError(
                f"--declarations is {self.declarations}; use 1 to {MAX_DECLARATIONS:,}"
            )
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise GenerationArgumentError(f"--seed is {self.seed!r}; use a whole number >= 0")
        if not isinstance(self.months, int) or not 1 <= self.months <= 120:
            raise GenerationArgumentError(f"--months is {self.months!r}; use 1 to 120")
        if not 0.0 <= self.fraud_rate <= 1.0:
            raise GenerationArgumentError(
                f"--fraud-rate is {self.fraud_rate}; use a share between 0 and 1, e.g. 0.05"
            )
        if self.format not in OUTPUT_FORMATS:
            raise GenerationArgumentError(
                f"--format is {self.format!r}; use one of {', '.join(OUTPUT_FORMATS)}"
            )
        if self.start.day != 1:
            raise GenerationArgumentError(
                f"--start is {self.start}; periods start on the first day of a month"
            )
        today = today or datetime.now(UTC).date()
        if self.end > today:
            raise GenerationArgumentError(
                f"the period {self.start} to {self.end} ends after today ({today}); declarations "
                "cannot be lodged in the future: choose an earlier --start or fewer --months"
            )


def check_output_folder(out: Path) -> None:
    """Creates ``out`` if needed and fails early when files cannot be written there."""
    if out.exists() and not out.is_dir():
        raise GenerationArgumentError(f"--out {out} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        problem = f"--out {out}: cannot create folder ({exc.strerror})"
        raise GenerationArgumentError(problem) from exc
    if not os.access(out, os.W_OK | os.X_OK):
        raise GenerationArgumentError(f"--out {out}: folder is not writable")
