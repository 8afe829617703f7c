"""The main job behind ``make run``: exercise what the platform can do on local files and say so."""

import json
from datetime import date
from pathlib import Path

import polars as pl

from smartcustoms.clearance import service
from smartcustoms.clearance.db import open_store
from smartcustoms.clearance.tables import DeclarationRecord, User
from smartcustoms.clearance.users import Role, add_user
from smartcustoms.config import get_settings
from smartcustoms.declarations.examples import example_declaration
from smartcustoms.declarations.frame import group_rows, rows_to_document
from smartcustoms.declarations.io import iter_declarations, write_declarations, write_frames
from smartcustoms.declarations.kcs import read_kcs
from smartcustoms.declarations.validation import parse_declaration, validate_declaration
from smartcustoms.lab.images.training import train_image_models
from smartcustoms.lab.trade.params import GenerationParams
from smartcustoms.lab.trade.writer import generate
from smartcustoms.models.hs_classifier.store import build_model, current_model, default_model_path
from smartcustoms.models.registry import ModelRegistry
from smartcustoms.reference import hs, iso_codes
from smartcustoms.reference.tariff import default_tariff
from smartcustoms.risk.evaluation import split_at
from smartcustoms.risk.file_driver import screen_file
from smartcustoms.risk.from_settings import model_folder, packs_from_settings
from smartcustoms.risk.history import load_history
from smartcustoms.risk.metrics import report
from smartcustoms.risk.screening import batch_screener
from smartcustoms.risk.training import save_screening, train_screening

DEMO_DECLARATIONS = 6_000
"""About 20,000 goods items: enough to show every kind of fraud, quick on a laptop."""


def run_demo(
    out: Path,
    declarations: int = DEMO_DECLARATIONS,
    *,
    hs_classifier: bool = True,
    images: bool = True,
) -> list[tuple[str, str]]:
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
    synthetic_steps, declarations_path = _synthetic_summary(out / "synthetic", declarations)
    steps += synthetic_steps
    steps += _risk_steps(out, declarations_path)
    steps.append(("HS classifier", _hs_classifier_summary() if hs_classifier else "skipped"))
    steps.append(("image models", _image_models_summary() if images else "skipped"))
    return steps


def _image_models_summary() -> str:
    """Trains the scan models and seeds the organism gallery, as `images train` does."""
    registry = ModelRegistry.from_settings(get_settings())
    figures = train_image_models(registry)
    home = registry.root
    return (
        f"{home}: scan models from {figures['scans']:,} generated scans (held-out commodity "
        f"accuracy {figures['classifier_accuracy']:.3f}); gallery of "
        f"{figures['gallery_specimens']:,} specimens, {figures['species']} species"
    )


def _hs_classifier_summary() -> str:
    """Builds the HS classifier once, so the portal suggests codes as traders type."""
    path = default_model_path(get_settings())
    if current_model(path) is not None:
        return f"{path}: already built"
    _, seconds = build_model(path, shared_data=get_settings().shared_data)
    return f"{path}: built from the HS2022 nomenclature in {seconds:.0f} s"


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


def _synthetic_summary(out: Path, declarations: int) -> tuple[list[tuple[str, str]], Path]:
    """Generates the demo's own trade data with fraud labels and checks every declaration."""
    summary = generate(GenerationParams(declarations=declarations, seed=0), out)
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
    ], summary.declarations_path


TRAIN_UNTIL = date(2025, 10, 1)
"""The demo trains on January-September of the generated year and tests on the rest."""
LODGED_IN_STORE = 300


def _risk_steps(out: Path, declarations_path: Path) -> list[tuple[str, str]]:
    """Trains the model cluster, reports its targeting on later months, screens the whole file
    and lodges the latest declarations into the store, ready for the API and the officer queue."""
    settings = get_settings()
    history = load_history([declarations_path], batch_size=settings.batch_size)
    earlier, later = split_at(history, TRAIN_UNTIL)
    screening = train_screening(earlier, packs_from_settings(settings))
    folder = save_screening(screening, model_folder(settings))
    scored = screening.cluster.score(later, explain=False)
    figures = report(
        scored["fraud_probability"].to_numpy(),
        later["fraud"].to_numpy(),
        later["duty_at_risk"].to_numpy(),
    )
    steps = [
        ("train risk models", f"{folder}: {earlier.height:,} items until {TRAIN_UNTIL}"),
        (
            "targeting on later months",
            f"{later.height:,} items: AUC {figures['auc']:.3f}, precision@5% "
            f"{figures['precision@5']:.3f}, recall@5% {figures['recall@5']:.3f}, "
            f"revenue@10% {figures['revenue@10']:.3f}",
        ),
    ]
    target = out / "screened.parquet"
    totals = screen_file(declarations_path, target, screening, batch_size=settings.batch_size)
    steps.append(
        (
            "screen 100% of declarations",
            f"{target}: {totals.declarations:,} declarations: {totals.red:,} red, "
            f"{totals.yellow:,} yellow, {totals.green:,} green",
        )
    )
    steps.append(("store and users", _lodge_latest(out, declarations_path, screening)))
    return steps


def _lodge_latest(out: Path, declarations_path: Path, screening) -> str:
    """Lodges the newest declarations through the clearance workflow as one broker would."""
    settings = get_settings()
    frame = pl.read_parquet(declarations_path).sort("lodged_at", maintain_order=True)
    latest = frame.filter(
        pl.col("declaration_id").is_in(
            frame["declaration_id"].unique(maintain_order=True).tail(LODGED_IN_STORE).implode()
        )
    )
    broker = latest["declarant_id"].mode().sort()[0]
    tokens_file = out / "tokens.json"
    with open_store(settings)() as session:
        tokens = json.loads(tokens_file.read_text()) if tokens_file.exists() else {}
        for name, role, party in (
            ("demo-broker", Role.TRADER, broker),
            ("demo-officer", Role.OFFICER, None),
        ):
            if session.query(User).filter_by(name=name).first() is None:
                tokens[name] = add_user(session=session, name=name, role=role, party_id=party)[1]
        tokens_file.write_text(json.dumps(tokens, indent=2) + "\n")
        officer = session.query(User).filter_by(name="demo-officer").one()
        screen = batch_screener(screening)
        lodged = 0
        for group in group_rows([latest]):
            declaration = parse_declaration(rows_to_document(group.rows))
            if session.get(DeclarationRecord, declaration.declaration_id) is None:
                service.lodge(
                    session=session, declaration=declaration, actor=officer, screen=screen,
                    tariff=default_tariff(), vat_percent=settings.vat_percent,
                )  # fmt: skip
                lodged += 1
        queue = len(service.queue(session=session, actor=officer, limit=10_000))
    sign_in = "; ".join(f"{name} token {token}" for name, token in tokens.items())
    return (
        f"lodged {lodged} new declarations; officer queue {queue}. Sign in at "
        f"http://127.0.0.1:8000 as {sign_in} (also in {tokens_file}; demo-broker declares "
        f"for party {broker})"
    )
