"""Risk commands: train the models, screen a file, evaluate risk and drift, export the
inspection outcomes as training history."""

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.table import Table

from smartcustoms.clearance.db import open_store
from smartcustoms.clearance.feedback import labelled_history
from smartcustoms.cli.shared import FormatOption, console, errors_out, fail, progress, read_limits
from smartcustoms.config import get_settings
from smartcustoms.declarations.io import read_frames, write_frames
from smartcustoms.errors import ModelUnavailableError, ReadError
from smartcustoms.models.cluster import RiskCluster
from smartcustoms.models.hs_classifier.store import load_model
from smartcustoms.risk.drift import PSI_ALERT, drift_report
from smartcustoms.risk.evaluation import evaluate_split, split_at
from smartcustoms.risk.file_driver import screen_file
from smartcustoms.risk.from_settings import (
    model_folder,
    packs_from_settings,
    screening_from_settings,
)
from smartcustoms.risk.history import load_history
from smartcustoms.risk.training import save_screening, train_screening

feedback_app = typer.Typer(help="Inspection outcomes as training history.", no_args_is_help=True)

ModelFolderOption = Annotated[
    Path | None, typer.Option(help="Model folder (default: var/models/risk)")
]
HsClassifierOption = Annotated[
    Path | None,
    typer.Option(
        "--hs-classifier",
        help="Built HS classifier (train-hs) whose mismatch features the fraud model also uses",
    ),
]
SourceFormat = Annotated[
    str, typer.Option("--format", help="canonical (our item frame) or kcs (public KCS CSV)")
]


def _history(paths: list[Path], source_format: str, labels: Path | None):
    if source_format not in ("canonical", "kcs"):
        raise fail("--format must be canonical or kcs", 2)
    try:
        return load_history(paths, source_format=source_format, labels=labels, **read_limits())
    except ReadError as exc:
        raise fail(exc) from exc


def _hs_features(path: Path | None):
    """The HS classifier for the mismatch features, or None; a missing file is an error."""
    if path is None:
        return None
    try:
        return load_model(path, build_if_missing=False)
    except ModelUnavailableError as exc:  # missing, or of another version
        raise fail(exc) from exc


def train(
    data: Annotated[list[Path], typer.Option("--data", help="Labelled history files")],
    source_format: SourceFormat = "canonical",
    labels: Annotated[Path | None, typer.Option(help="Labels file (default: beside data)")] = None,
    out: ModelFolderOption = None,
    engine: Annotated[
        str, typer.Option(help="local, or ray: Ray workers read the partitions, one process fits")
    ] = "local",
    address: Annotated[str | None, typer.Option(help="Ray cluster to join")] = None,
    hs_classifier: HsClassifierOption = None,
) -> None:
    """Trains the risk model cluster and the channel thresholds on labelled history."""
    settings = get_settings()
    if engine == "ray":
        from smartcustoms.scale.ray_training import read_history_on_ray

        try:
            history = read_history_on_ray([str(path) for path in data], address=address)
        except ReadError as exc:
            raise fail(exc) from exc
    else:
        history = _history(data, source_format, labels)
    with progress() as shown:
        shown.add_task(f"training on {history.height:,} goods items")
        screening = train_screening(
            history, packs_from_settings(settings), hs_classifier=_hs_features(hs_classifier)
        )
    folder = save_screening(screening, out or model_folder(settings))
    summary = screening.cluster.summary_
    console.print(
        f"trained on {summary['items']:,} items ({summary['fraud_rate']:.1%} fraud), "
        f"{summary['boosting_rounds']} rounds; wrote {folder}",
        highlight=False,
    )


def screen(
    source: Annotated[
        str, typer.Option("--in", help="Declarations file (with --engine ray: file, folder, glob)")
    ],
    target: Annotated[
        Path, typer.Option("--out", help="Results file (.parquet or .csv); a folder with ray")
    ],
    models: ModelFolderOption = None,
    fmt: FormatOption = None,
    engine: Annotated[
        str, typer.Option(help="local, or ray (pip install smartcustoms[ray])")
    ] = "local",
    address: Annotated[
        str | None, typer.Option(help="Ray cluster to join (default: start a local one)")
    ] = None,
) -> None:
    """Screens every declaration of a file of any size: risk, channel and reasons per item."""
    settings = get_settings()
    if engine not in ("local", "ray"):
        raise fail("--engine must be local or ray", 2)
    if engine == "local" and target.suffix.lower() not in (".parquet", ".csv"):
        raise fail("--out must end in .parquet or .csv", 2)
    try:
        screening = screening_from_settings(settings, models)
    except ModelUnavailableError as exc:
        raise fail(exc) from exc
    if engine == "ray":
        from smartcustoms.scale.ray_screening import screen_on_ray

        run = screen_on_ray(source, target, screening, at=datetime.now(UTC), address=address)
        console.print(
            f"screened {run.items:,} items on Ray in {run.partitions} partitions; wrote {target}/",
            highlight=False,
        )
        return
    with progress("goods items") as shown:
        task = shown.add_task("screening")
        try:
            totals = screen_file(
                Path(source), target, screening, source_format=fmt, **read_limits(),
                on_batch=lambda n: shown.advance(task, n),
            )  # fmt: skip
        except ReadError as exc:
            raise fail(exc) from exc
    console.print(
        f"screened {totals.items:,} items in {totals.declarations:,} declarations: "
        f"{totals.red:,} red, {totals.yellow:,} yellow, {totals.green:,} green "
        f"(models: {screening.model_version}); wrote {target}",
        highlight=False,
    )


def evaluate_risk(
    train_files: Annotated[list[Path], typer.Option("--train", help="Earlier labelled files")],
    test_file: Annotated[Path | None, typer.Option("--test", help="A later labelled file")] = None,
    test_from: Annotated[
        str | None,
        typer.Option(help="Instead of --test: split --train at this date (YYYY-MM-DD)"),
    ] = None,
    source_format: SourceFormat = "canonical",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object")] = False,
    hs_classifier: HsClassifierOption = None,
) -> None:
    """Trains on the earlier files and reports AUC, precision, recall and revenue at 1-10%."""
    if (test_file is None) == (test_from is None):
        raise fail("give either --test FILE or --test-from DATE", 2)
    history = _history(train_files, source_format, None)
    if test_file is not None:
        test = _history([test_file], source_format, None)
    else:
        try:
            history, test = split_at(history, date.fromisoformat(test_from))
        except ValueError as exc:
            raise fail(exc, 2) from exc
    with progress() as shown:
        shown.add_task("training and scoring")
        result = evaluate_split(history, test, _hs_features(hs_classifier))
    if as_json:
        keys = ("auc", "precision@1", "precision@2", "precision@5", "precision@10",
                "recall@10", "revenue@10")  # fmt: skip
        print(json.dumps({k: round(result["model"][k], 4) for k in keys}))
        return
    table = Table(
        title=f"risk: {result['train_items']:,} train / {result['test_items']:,} test items"
    )
    selections = ("model", "model_by_expected_duty", "random")
    table.add_column("metric")
    for name in selections:
        table.add_column(name.replace("_", " "), justify="right")
    for metric in ["auc"] + [
        f"{m}@{k}" for k in (1, 2, 5, 10) for m in ("precision", "recall", "revenue")
    ]:
        table.add_row(metric, *[f"{result[name][metric]:.3f}" for name in selections])
    console.print(table)
    if result["per_fraud_kind"]:
        kinds = Table(title="recall at a 5% inspection budget, per fraud kind")
        for column in ("fraud kind", "items", "recall", "random"):
            kinds.add_column(column, justify="right")
        for kind, row in result["per_fraud_kind"].items():
            kinds.add_row(kind, f"{row['items']:,}", f"{row['recall']:.3f}", f"{row['random']:.3f}")
        console.print(kinds)


def evaluate_drift(
    data: Annotated[Path, typer.Option("--data", help="Recent declarations (labels optional)")],
    models: ModelFolderOption = None,
    fmt: FormatOption = None,
) -> None:
    """Compares each week's scores (and hit rate, where outcomes are known) with training."""
    settings = get_settings()
    try:
        cluster = RiskCluster.load(models or model_folder(settings))
        frame = pl.concat(read_frames(data, fmt, **read_limits()), how="diagonal_relaxed")
    except (ModelUnavailableError, ReadError) as exc:
        raise fail(exc) from exc
    report = drift_report(cluster, frame)
    table = Table(title=f"drift against the training period (PSI over {PSI_ALERT} flags drift)")
    for column in report.columns:
        table.add_column(column, justify="right")
    for row in report.iter_rows():
        table.add_row(*[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row])
    console.print(table)
    trained_rate = cluster.summary_.get("fraud_rate")
    if trained_rate is not None:
        console.print(f"training fraud rate {trained_rate:.3f}", highlight=False)


@feedback_app.command("export")
def feedback_export(
    out: Annotated[Path, typer.Option(help="Labelled history file (.parquet or .csv)")],
) -> None:
    """Writes every inspected declaration with its outcome, ready for `train --data`."""
    with open_store(get_settings())() as session:
        history = labelled_history(session)
    if history.is_empty():
        errors_out.print("no inspection outcomes recorded yet; nothing written")
        raise typer.Exit(1)
    write_frames([history], out)
    found = int(history["fraud"].sum())
    console.print(f"wrote {history.height:,} inspected goods items ({found:,} with fraud) to {out}")
