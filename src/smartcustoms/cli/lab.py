"""Lab commands: generate synthetic declarations, run the demo, replay traffic through the API,
and every quality figure at once."""

import json
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from smartcustoms.cli.shared import JsonOption, as_utc, console, errors_out, fail, progress
from smartcustoms.config import get_settings
from smartcustoms.errors import SmartCustomsError
from smartcustoms.lab.demo import DEMO_DECLARATIONS, run_demo
from smartcustoms.lab.quality import STEPS
from smartcustoms.lab.replay import Incidents, Replay, generated_traffic, replay_client
from smartcustoms.lab.trade.params import (
    DEFAULT_FRAUD_RATE,
    DEFAULT_MONTHS,
    DEFAULT_START,
    OUTPUT_FORMATS,
    GenerationArgumentError,
    GenerationParams,
)
from smartcustoms.lab.trade.writer import generate as generate_dataset
from smartcustoms.lab.trade.writer import prepare as prepare_generation


def generate(
    declarations: Annotated[int, typer.Option(help="Number of declarations to generate")],
    out: Annotated[Path, typer.Option(help="Folder for the declarations and labels files")],
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same files")] = 0,
    start: Annotated[
        str, typer.Option(help="First month of the period (YYYY-MM-01)")
    ] = DEFAULT_START.isoformat(),
    months: Annotated[int, typer.Option(help="Length of the period in months")] = DEFAULT_MONTHS,
    fraud_rate: Annotated[
        float, typer.Option(help="Share of goods items carrying fraud, 0 to 1")
    ] = DEFAULT_FRAUD_RATE,
    fmt: Annotated[
        str, typer.Option("--format", help=f"Output format: {', '.join(OUTPUT_FORMATS)}")
    ] = "parquet",
) -> None:
    """Generates synthetic declarations with ground-truth fraud labels (declarations + labels)."""
    try:
        first_day = date.fromisoformat(start)
    except ValueError as exc:
        raise fail(f"--start {start!r} is not a date such as 2025-01-01", 2) from exc
    params = GenerationParams(declarations, seed, first_day, months, fraud_rate, fmt)
    try:
        prepare_generation(params, out)
    except GenerationArgumentError as exc:
        raise fail(exc, 2) from exc
    bar = Progress(
        SpinnerColumn(),
        TextColumn("generating"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("declarations"),
        TimeElapsedColumn(),
        console=errors_out,
        transient=True,
    )
    with bar:
        task = bar.add_task("generate", total=declarations)
        summary = generate_dataset(params, out, on_batch=lambda done: bar.advance(task, done))
    console.print(
        f"wrote {summary.declarations:,} declarations, {summary.goods_items:,} goods items to "
        f"{summary.declarations_path}; labels in {summary.labels_path}",
        highlight=False,
        soft_wrap=True,
    )
    kinds = ", ".join(f"{kind} {count:,}" for kind, count in summary.by_fraud_type.items())
    console.print(
        f"fraud: {summary.fraud_items:,} items ({kinds}); critical {summary.critical_items:,}; "
        f"duty at risk about USD {summary.duty_at_risk_usd:,.0f}",
        highlight=False,
        soft_wrap=True,
    )


def demo(
    out: Annotated[Path, typer.Option(help="Folder for the demo files")] = Path("var/demo"),
    declarations: Annotated[
        int, typer.Option(min=500, help="Synthetic declarations to generate")
    ] = DEMO_DECLARATIONS,
    hs_classifier: Annotated[
        bool, typer.Option(help="Build the HS classifier for code suggestions (a few minutes)")
    ] = True,
    images: Annotated[
        bool, typer.Option(help="Train the scan models and seed the organism gallery (~30 s)")
    ] = True,
) -> None:
    """Runs the end-to-end demo on the embedded default (local files) and says what it did."""
    steps = run_demo(out, declarations, hs_classifier=hs_classifier, images=images)
    table = Table(title="smartcustoms demo", show_lines=False)
    table.add_column("step")
    table.add_column("result")
    for step, result in steps:
        table.add_row(step, result)
    console.print(table)


def replay(
    speedup: Annotated[float, typer.Option(min=1e-3, help="Simulated seconds per second")] = 3600,
    declarations: Annotated[int, typer.Option(min=1, help="Generated declarations")] = 2000,
    seed: Annotated[int, typer.Option(help="Generator and officer-delay seed")] = 0,
    start: Annotated[datetime, typer.Option(help="First month of traffic")] = datetime(2025, 1, 1),
    months: Annotated[int, typer.Option(min=1, help="Months of traffic")] = 1,
    url: Annotated[str | None, typer.Option(help="Running server (default: in-process)")] = None,
    token: Annotated[str | None, typer.Option(help="Admin or officer token for --url")] = None,
    stop_inspections_at: Annotated[
        str | None, typer.Option(help="Plant: this office's inspections stop")
    ] = None,
    jump_importer: Annotated[
        str | None, typer.Option(help="Plant: this importer's volume jumps tenfold")
    ] = None,
    incidents_from: Annotated[
        datetime | None, typer.Option(help="When incidents start (default: 2 days before the end)")
    ] = None,
) -> None:
    """Feeds generated declarations, logistics events and officer work through the API."""
    params = GenerationParams(
        declarations=declarations, seed=seed, start=date(start.year, start.month, 1), months=months
    )
    try:
        shipments = generated_traffic(params)
    except SmartCustomsError as exc:
        raise fail(exc) from exc
    end = datetime(params.end.year, params.end.month, 1, tzinfo=UTC)
    schedule = Replay(shipments, seed=seed)
    if stop_inspections_at or jump_importer:
        begins = as_utc(incidents_from) if incidents_from else end - timedelta(days=2)
        schedule.plant(Incidents(begins, stop_inspections_at, jump_importer))
    if url and not token:
        raise fail("--url needs --token (an officer or admin)")
    client, token = replay_client(get_settings(), url, token)
    console.print(f"replaying {len(shipments):,} declarations until {end:%Y-%m-%d} at {speedup:g}x")
    with client:
        stats = schedule.run(client, until=end, token=token, speedup=speedup)
    channels = ", ".join(f"{c} {n:,}" for c, n in sorted(stats.lodged.items()))
    console.print(
        f"lodged {sum(stats.lodged.values()):,} ({channels}); {stats.events:,} logistics events; "
        f"{stats.officer_actions:,} officer actions; {stats.inspections_withheld:,} inspections "
        f"withheld; clock {stats.clock:%Y-%m-%d %H:%M}",
        highlight=False,
    )


def evaluate_all(
    work: Annotated[Path, typer.Option(help="Folder for generated test data")] = Path(
        "var/quality"
    ),
    as_json: JsonOption = False,
) -> None:
    """Every quality figure at once: risk (KCS, generated), HS, documents, images (~10 min)."""
    settings = get_settings()
    figures = []
    with progress(unit="figures") as shown:
        for number, (name, step) in enumerate(STEPS.items(), start=1):
            task = shown.add_task(f"{number}/{len(STEPS)} {name}")
            for figure in step(settings, work / f"step-{number}"):
                figures.append(figure)
                shown.advance(task)
    if as_json:
        print(json.dumps([asdict(f) for f in figures], indent=2))
        return
    table = Table(title="smartcustoms quality figures")
    for column in ("area", "data", "measure", "value"):
        table.add_column(column, justify="right" if column == "value" else "left")
    shown_row = None
    for f in figures:
        value = f"{f.value:.3f}" if f.value is not None else f.note
        first = (f.area, f.data) != shown_row
        table.add_row(f.area if first else "", f.data if first else "", f.measure, value)
        shown_row = (f.area, f.data)
    console.print(table)
