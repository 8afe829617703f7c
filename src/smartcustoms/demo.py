"""The main job behind ``make run``: exercise what the platform can do on local files and say so."""

import json
from pathlib import Path

from smartcustoms.config import get_settings
from smartcustoms.declarations.examples import example_declaration
from smartcustoms.declarations.io import iter_declarations, write_declarations, write_frames
from smartcustoms.declarations.kcs import read_kcs
from smartcustoms.declarations.validation import validate_declaration
from smartcustoms.reference import hs, iso_codes
from smartcustoms.synth.params import GenerationParams
from smartcustoms.synth.writer import generate

DEMO_DECLARATIONS = 6_000
"""About 20,000 goods items: enough to show every kind of fraud, quick on a laptop."""


def run_demo(out: Path) -> list[tuple[str, str]]:
    """Runs each demo step, writing its files under ``out``; returns (step, what happened)."""
    out.mkdir(parents=True, exist_ok=True)
    steps = [("reference codes", _reference_summary())]

    example = example_declaration()
    (out / "declaration.json").write_text(json.dumps(example, indent=2) + "\n")
    declaration, errors = validate_declaration(example)
    steps.append(("validate example", f"{out / 'declaration.json'}: {len(errors)} errors"))

    broken = example_declaration()
    broken["goods_items"][0].update(hs_code="999999", net_mass_kg=-1)
    (out / "declaration-invalid.json").write_text(json.dumps(broken, indent=2) + "\n")
    _, broken_errors = validate_declaration(broken)
    listed = "; ".join(str(e) for e in broken_errors)
    steps.append(("validate broken copy", f"{len(broken_errors)} errors: {listed}"))

    assert declaration is not None
    for suffix in ("jsonl", "csv", "parquet"):
        target = out / f"declaration.{suffix}"
        write_declarations([declaration], target)
        same = list(iter_declarations(target)) == [declaration]
        steps.append(
            (f"round trip via {suffix}", f"{target}: {'identical' if same else 'DIFFERS'}")
        )

    steps.append(("KCS public data", _kcs_summary(out)))
    steps += _synthetic_summary(out / "synthetic")
    return steps


def _reference_summary() -> str:
    return (
        f"HS2022 {len(hs.subheadings()):,} subheadings in {len(hs.chapters())} chapters; "
        f"{len(iso_codes.country_codes())} countries; {len(iso_codes.currency_codes())} currencies"
    )


def _kcs_summary(out: Path) -> str:
    source = get_settings().shared_data / "declarations" / "kcs" / "train.csv"
    if not source.exists():
        return f"skipped: {source} not found (public data is optional)"
    frame = read_kcs(source)
    target = out / "kcs-train.parquet"
    write_frames([frame], target)
    return f"{target}: {frame.height:,} goods items, fraud rate {frame['fraud'].mean():.2%}"


def _synthetic_summary(out: Path) -> list[tuple[str, str]]:
    """Generates the demo's own trade data with fraud labels and checks every declaration."""
    summary = generate(GenerationParams(declarations=DEMO_DECLARATIONS, seed=0), out)
    valid = sum(1 for _ in iter_declarations(summary.declarations_path))
    kinds = ", ".join(f"{kind} {count:,}" for kind, count in summary.by_fraud_type.items())
    return [
        (
            "synthetic trade",
            f"{summary.declarations_path}: {summary.declarations:,} declarations, "
            f"{summary.goods_items:,} goods items, all {valid:,} valid",
        ),
        (
            "synthetic fraud labels",
            f"{summary.labels_path}: {summary.fraud_items:,} fraud items ({kinds}); "
            f"{summary.critical_items:,} critical",
        ),
    ]
