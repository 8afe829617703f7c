"""Quality of reading and checking on a rendered test set: field accuracy per field and per
variant, document-type accuracy, detection of planted mismatches and false alarms."""

import json
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from smartcustoms.declarations.schema import Declaration
from smartcustoms.documents.check import check_reading
from smartcustoms.documents.reading import DocumentReading, read_file
from smartcustoms.documents.values import comparable
from smartcustoms.errors import ReadError
from smartcustoms.lab.documents.testset import EXPECTED_FINDINGS


@dataclass
class Tally:
    """Hits out of trials."""

    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    @property
    def rate(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass
class Evaluation:
    """Figures of one evaluation run."""

    documents: int = 0
    seconds: float = 0.0
    field_by_name: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    field_by_variant: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    type_by_variant: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    planted_by_variant: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    false_alarms_by_variant: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        def rates(tallies: dict[str, Tally]) -> dict[str, dict[str, object]]:
            return {
                key: {"rate": t.rate, "hits": t.hits, "total": t.total}
                for key, t in sorted(tallies.items())
            }

        return {
            "documents": self.documents,
            "seconds_per_document": self.seconds / self.documents if self.documents else None,
            "field_accuracy_by_variant": rates(self.field_by_variant),
            "field_accuracy_by_field": rates(self.field_by_name),
            "type_accuracy_by_variant": rates(self.type_by_variant),
            "planted_detected_by_variant": rates(self.planted_by_variant),
            "false_alarm_documents_by_variant": rates(self.false_alarms_by_variant),
            "missed": self.misses,
        }


def _matches(truth: str, read: str | None) -> bool:
    """Read and true value agree, ignoring case, spacing and punctuation."""
    return read is not None and comparable(read) == comparable(truth)


def _field_group(name: str) -> str:
    """'items.3.value' counts as 'items.value'."""
    return re.sub(r"\.\d+\.", ".", name)


def evaluate_folder(
    folder: Path,
    *,
    reader: Callable[[Path], DocumentReading] = read_file,
    limit: int | None = None,
) -> Evaluation:
    """Reads every document of a test set folder and scores it against its truth."""
    entries = json.loads((folder / "truth.json").read_text())[:limit]
    result = Evaluation()
    declarations: dict[str, Declaration] = {}
    started = time.perf_counter()
    for entry in entries:
        variant = entry["variant"]
        path = folder / entry["file"]
        try:
            reading = reader(path)
        except ReadError as exc:
            result.misses.append(f"{entry['file']}: unreadable: {exc}")
            reading = None
        result.documents += 1
        result.type_by_variant[variant].add(reading is not None and reading.type == entry["type"])
        for name, truth in entry["fields"].items():
            hit = reading is not None and _matches(truth, reading.value(name))
            result.field_by_name[_field_group(name)].add(hit)
            result.field_by_variant[variant].add(hit)
            if not hit:
                read = reading.value(name) if reading else None
                result.misses.append(f"{entry['file']}: {name} read {read!r}, truth {truth!r}")
        if reading is None:
            continue
        key = entry["declaration"]
        if key not in declarations:
            declarations[key] = Declaration.model_validate_json((folder / key).read_text())
        codes = {f.code for f in check_reading(reading, declarations[key])}
        if entry["planted"]:
            for planted in entry["planted"]:
                found = bool(codes & set(EXPECTED_FINDINGS[planted["kind"]]))
                result.planted_by_variant[variant].add(found)
                if not found:
                    result.misses.append(
                        f"{entry['file']}: planted {planted['kind']} not found ({sorted(codes)})"
                    )
        else:
            result.false_alarms_by_variant[variant].add(bool(codes))
            if codes:
                result.misses.append(f"{entry['file']}: false alarm {sorted(codes)}")
    result.seconds = time.perf_counter() - started
    return result
