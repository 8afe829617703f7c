"""Every quality figure of the product from one command (``smartcustoms evaluate all``).

Each area is measured the way its own ``evaluate`` command measures it, on data generated here
with fixed seeds and, where ``../shared/data`` is present, on the public sets:

* risk: time-ordered splits of the public KCS data and of generated trade;
* HS classifier: the real public sets first (CBP ruling subjects, the held-out HMRC references,
  KCS product names, EU BTI rulings), then the project's own marketplace title sets in
  ``hs_eval_sets`` (``benchmarks/data`` of a checkout); exact-prefix accuracy at 2, 4, 6 digits,
  and how many rows are answered and how often those answers are right;
* documents: rendered clean, scanned and photographed documents with planted mismatches;
* images: synthetic container scans with concealments, and specimen photos.

Missing public data skips those rows with the reason, never silently.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from smartcustoms.config import Settings
from smartcustoms.images import service as images
from smartcustoms.lab.documents.evaluation import evaluate_folder
from smartcustoms.lab.documents.testset import build as render_documents
from smartcustoms.lab.images.datasets import write_scans, write_specimens
from smartcustoms.lab.images.evaluation import evaluate_scans, evaluate_specimens
from smartcustoms.lab.trade.params import GenerationParams
from smartcustoms.lab.trade.samples import sample_declarations
from smartcustoms.lab.trade.writer import generate
from smartcustoms.models.hs_classifier.evaluation import evaluate as evaluate_hs
from smartcustoms.models.hs_classifier.evaluation import read_labelled
from smartcustoms.models.hs_classifier.public_texts import held_out_references
from smartcustoms.models.hs_classifier.store import default_model_path, load_model
from smartcustoms.risk.evaluation import evaluate_split, split_at
from smartcustoms.risk.history import load_history

HELD_OUT_TITLES = (
    "hs_marketplace_titles_2.jsonl",
    "hs_marketplace_titles_3.jsonl",
    "hs_marketplace_titles_4.jsonl",
)
"""Marketplace title sets written by people who had not seen the classifier's vocabulary and
measured before the work they judge: the figures nearest to real shop listings."""
RISK_KEYS = ("auc", "precision@5", "precision@10", "recall@10", "revenue@10")
HS_KEYS = ("top1@2", "top1@4", "top1@6", "top5@6")


@dataclass(frozen=True, slots=True)
class Figure:
    """One quality figure: the area, the data it was measured on, the measure, the value (None
    with a note when the data is missing)."""

    area: str
    data: str
    measure: str
    value: float | None
    note: str = ""


Step = Callable[[Settings, Path], Iterator[Figure]]


def _risk_kcs(settings: Settings, _work: Path) -> Iterator[Figure]:
    folder = settings.shared_data / "declarations" / "kcs"
    data = "KCS public: train 2020, test 2021 Q1"
    if not (folder / "train.csv").exists():
        yield Figure("risk", data, "all", None, f"skipped: {folder} not found")
        return
    train = load_history([folder / "train.csv"], source_format="kcs")
    test = load_history([folder / "valid.csv"], source_format="kcs")
    model = evaluate_split(train, test)["model"]
    yield from (Figure("risk", data, key, model[key]) for key in RISK_KEYS)


def _risk_generated(settings: Settings, work: Path) -> Iterator[Figure]:
    data = "generated: 10,000 declarations, seed 3, test from 2025-10-01"
    summary = generate(GenerationParams(declarations=10_000, seed=3), work / "trade")
    history = load_history([summary.declarations_path], batch_size=settings.batch_size)
    earlier, later = split_at(history, date(2025, 10, 1))
    result = evaluate_split(earlier, later)
    yield from (Figure("risk", data, key, result["model"][key]) for key in RISK_KEYS)
    for kind, found in sorted(result["per_fraud_kind"].items()):
        yield Figure("risk", data, f"recall@5 {kind}", found["recall"])


def _hs(settings: Settings, _work: Path) -> Iterator[Figure]:
    """The real public sets, in the order the README reports them: CBP ruling subjects
    (evaluation only), the held-out part of the HMRC references (the rest is training text),
    KCS product names and EU BTI rulings."""
    folder = settings.shared_data / "hs"
    if not folder.is_dir():
        yield Figure("hs", "public rulings", "all", None, f"skipped: {folder} not found")
        return
    model = load_model(default_model_path(settings), shared_data=settings.shared_data)
    sets = (
        ("CBP ruling subjects", read_labelled(folder / "cbp_cross" / "cross_subjects_500.jsonl")),
        ("HMRC references, held-out part", held_out_references(settings.shared_data)),
        (
            "KCS rulings 2024, product names",
            read_labelled(folder / "kr_kcs_classification_cases_2024.json", ("product_name",)),
        ),
        ("EU BTI rulings 2025", read_labelled(folder / "eu_bti_rulings_2025.json")),
    )
    for name, (descriptions, codes) in sets:
        yield from _hs_figures(model, f"{name} ({len(codes):,} items)", descriptions, codes)


def hs_on_marketplace_titles(settings: Settings, _work: Path) -> Iterator[Figure]:
    """The held-out title sets in ``settings.hs_eval_sets``; skipped where that folder is absent
    (outside a source checkout, or run from elsewhere than the repository root)."""
    folder = settings.hs_eval_sets
    if not folder.is_dir():
        note = f"skipped: {folder} not found (the sets ship with the source repository)"
        yield Figure("hs", "marketplace titles", "all", None, note)
        return
    model = load_model(default_model_path(settings), shared_data=settings.shared_data)
    for name in HELD_OUT_TITLES:
        descriptions, codes = read_labelled(folder / name)
        yield from _hs_figures(model, f"{name} ({len(codes):,} items)", descriptions, codes)


def _hs_figures(model, data: str, descriptions: list[str], codes: list[str]) -> Iterator[Figure]:
    result = evaluate_hs(model, descriptions, codes)
    yield from (Figure("hs", data, key, result[key]) for key in HS_KEYS)
    yield Figure("hs", data, "answered", 1 - result["abstained"])
    yield Figure("hs", data, "answered right at 4 digits", result["answered_top1@4"])


def _documents(_settings: Settings, work: Path) -> Iterator[Figure]:
    folder = work / "documents"
    render_documents(sample_declarations(12, seed=7), folder, seed=7)
    figures = evaluate_folder(folder).as_dict()
    data = "rendered: 36 documents of 12 generated declarations, seed 7"
    for group, measure in (
        ("field_accuracy_by_variant", "field accuracy"),
        ("planted_detected_by_variant", "planted mismatches found"),
        ("false_alarm_documents_by_variant", "faithful documents with a finding"),
    ):
        for variant, row in figures[group].items():
            yield Figure("documents", data, f"{measure}, {variant}", row["rate"])


def _images(settings: Settings, work: Path) -> Iterator[Figure]:
    write_scans(work / "scans", 120, seed=11)
    write_specimens(work / "specimens", 60, seed=11)
    scans = evaluate_scans(work / "scans", images.scan_models(settings.home))
    data = "synthetic: 120 scans, seed 11"
    for key in ("detection_rate", "false_alarm_rate", "localisation_rate", "consistency_accuracy"):
        yield Figure("images", data, key.replace("_", " "), scans[key])
    organisms = evaluate_specimens(work / "specimens", images.gallery(settings.home))
    for key in ("top1", "top5"):
        yield Figure(
            "images", "synthetic: 60 specimens, seed 11", f"organisms {key}", organisms[key]
        )


STEPS: dict[str, Step] = {
    "risk on public KCS data": _risk_kcs,
    "risk on generated trade": _risk_generated,
    "HS classifier on real public sets": _hs,
    "HS classifier on the project's title sets": hs_on_marketplace_titles,
    "documents": _documents,
    "images": _images,
}
"""Each area's step, by the name the progress display shows."""
