"""Command line: thin Typer commands over the domain packages."""

import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from smartcustoms.clearance import audit
from smartcustoms.clearance.db import open_store
from smartcustoms.clearance.feedback import labelled_history
from smartcustoms.clearance.users import Role, UserError, add_user
from smartcustoms.cli import documents as cli_documents
from smartcustoms.cli import images as cli_images
from smartcustoms.cli import monitor as cli_monitor
from smartcustoms.config import get_settings
from smartcustoms.declarations.io import (
    FORMATS,
    iter_declarations,
    read_documents,
    read_frames,
    write_declarations,
    write_frames,
)
from smartcustoms.declarations.kcs import read_kcs
from smartcustoms.declarations.validation import validate_declaration
from smartcustoms.errors import ReadError
from smartcustoms.lab.demo import DEMO_DECLARATIONS, run_demo
from smartcustoms.lab.quality import STEPS
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
from smartcustoms.models.cluster import IncompatibleModelError, RiskCluster
from smartcustoms.models.hs_classifier.evaluation import ACCURACY_KEYS, evaluate, read_labelled
from smartcustoms.models.hs_classifier.store import (
    build_model,
    current_model,
    default_model_path,
    load_model,
)
from smartcustoms.reference import hs
from smartcustoms.risk.drift import PSI_ALERT, drift_report
from smartcustoms.risk.evaluation import evaluate_split, split_at
from smartcustoms.risk.file_driver import screen_file
from smartcustoms.risk.from_settings import model_folder, packs_from_settings, with_hs_classifier
from smartcustoms.risk.history import load_history
from smartcustoms.risk.screening import Screening
from smartcustoms.risk.training import load_screening, save_screening, train_screening
from smartcustoms.rules.backtest import backtest, read_labels
from smartcustoms.rules.loader import PackError, load_pack, resolve_pack, shipped_packs

app = typer.Typer(
    help="smartcustoms: lodge, validate and screen customs declarations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console()
errors_out = Console(stderr=True)

ModelOption = Annotated[
    Path | None,
    typer.Option("--model", help="HS classifier file (default: <home>/models/hs_classifier.pkl)"),
]
HsClassifierOption = Annotated[
    Path | None,
    typer.Option(
        "--hs-classifier",
        help="Built HS classifier (train-hs) whose mismatch features the fraud model also uses",
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option("--format", help=f"File format: {', '.join(FORMATS)} (default: suffix)"),
]


def _progress(unit: str = "declarations") -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} " + unit),
        TimeElapsedColumn(),
        console=errors_out,
        transient=True,
    )


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Declaration files to check")],
    fmt: FormatOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Checks declarations and prints every error with its field pointer; exits 1 if any fails."""
    settings = get_settings()
    checked, problems = 0, []
    with _progress() as progress:
        for path in files:
            task = progress.add_task(f"checking {path}")
            try:
                for source in read_documents(
                    path,
                    fmt,
                    batch_size=settings.batch_size,
                    max_json_bytes=settings.max_json_bytes,
                ):
                    checked += 1
                    progress.advance(task)
                    errors = source.problems
                    if not errors:
                        _, errors = validate_declaration(source.document)
                    if errors:
                        document = source.document if isinstance(source.document, dict) else {}
                        problems.append(
                            {
                                "file": str(path),
                                "position": source.position,
                                "declaration_id": document.get("declaration_id"),
                                "errors": [e.as_dict() for e in errors],
                            }
                        )
            except ReadError as exc:
                problems.append(
                    {
                        "file": str(path),
                        "position": exc.position,
                        "declaration_id": None,
                        "errors": [{"pointer": "(file)", "message": exc.problem}],
                    }
                )
    invalid = len(problems)
    if as_json:
        print(json.dumps({"checked": checked, "invalid": invalid, "problems": problems}, indent=2))
    else:
        for problem in problems:
            where = ":".join(p for p in (problem["file"], problem["position"]) if p)
            name = f" {problem['declaration_id']}" if problem["declaration_id"] else ""
            console.print(f"[bold red]invalid[/]{name} ({where})", highlight=False, soft_wrap=True)
            for error in problem["errors"]:
                console.print(
                    f"  {error['pointer']}: {error['message']}", highlight=False, soft_wrap=True
                )
        colour = "red" if invalid else "green"
        console.print(f"[{colour}]{checked:,} declarations checked, {invalid:,} invalid[/]")
    raise typer.Exit(1 if invalid else 0)


@app.command()
def convert(
    source: Annotated[Path, typer.Argument(help="Input file")],
    target: Annotated[Path, typer.Argument(help="Output file")],
    from_fmt: Annotated[
        str | None,
        typer.Option("--from", help=f"Input format: {', '.join(FORMATS)} or kcs (default: suffix)"),
    ] = None,
    to_fmt: Annotated[
        str | None, typer.Option("--to", help="Output format (default: suffix)")
    ] = None,
) -> None:
    """Converts declarations between JSON, JSON Lines, CSV, Parquet and the public KCS format."""
    settings = get_settings()
    batch_size, max_json_bytes = settings.batch_size, settings.max_json_bytes
    try:
        with _progress() as progress:
            progress.add_task(f"converting {source}")
            if from_fmt == "kcs":
                items = write_frames([read_kcs(source)], target, to_fmt)
            elif (to_fmt or target.suffix.lstrip(".")) in ("json", "jsonl", "ndjson"):
                declarations = iter_declarations(
                    source, from_fmt, batch_size=batch_size, max_json_bytes=max_json_bytes
                )
                items = write_declarations(declarations, target, to_fmt)
            else:
                frames = read_frames(
                    source, from_fmt, batch_size=batch_size, max_json_bytes=max_json_bytes
                )
                items = write_frames(frames, target, to_fmt)
    except ReadError as exc:
        errors_out.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    console.print(f"wrote {items:,} goods items to {target}")


@app.command("hs")
def hs_lookup(code: Annotated[str, typer.Argument(help="HS code, e.g. 0901.21 or 0901")]) -> None:
    """Shows an HS2022 code with its chapter and heading, and the codes under it."""
    try:
        normalised = hs.normalise_hs(code)
    except ValueError as exc:
        errors_out.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    if not hs.is_valid_hs(normalised):
        errors_out.print(f"[red]error:[/] {code!r} is not an HS2022 code")
        raise typer.Exit(1)
    for entry in hs.lineage(normalised):
        console.print(f"{entry.code:<8} {entry.description}", highlight=False, soft_wrap=True)
    for child in hs.children(normalised[:6]):
        console.print(f"  {child.code:<8} {child.description}", highlight=False, soft_wrap=True)


@app.command()
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
        errors_out.print(f"[red]error:[/] --start {start!r} is not a date such as 2025-01-01")
        raise typer.Exit(2) from exc
    params = GenerationParams(declarations, seed, first_day, months, fraud_rate, fmt)
    try:
        prepare_generation(params, out)
    except GenerationArgumentError as exc:
        errors_out.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    progress = Progress(
        SpinnerColumn(),
        TextColumn("generating"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("declarations"),
        TimeElapsedColumn(),
        console=errors_out,
        transient=True,
    )
    with progress:
        task = progress.add_task("generate", total=declarations)
        summary = generate_dataset(params, out, on_batch=lambda done: progress.advance(task, done))
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


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Folder for the demo files")] = Path("var/demo"),
    declarations: Annotated[
        int, typer.Option(min=500, help="Synthetic declarations to generate")
    ] = DEMO_DECLARATIONS,
    hs_classifier: Annotated[
        bool, typer.Option(help="Build the HS classifier for code suggestions (about a minute)")
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


users_app = typer.Typer(help="Users of the API and portal, and their tokens.", no_args_is_help=True)
audit_app = typer.Typer(help="The append-only audit trail.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.add_typer(cli_monitor.logistics_app, name="logistics")
app.add_typer(cli_monitor.monitor_app, name="monitor")
app.command()(cli_monitor.replay)


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Login name")],
    role: Annotated[Role, typer.Option(help="trader, officer or admin")],
    party: Annotated[
        str | None, typer.Option(help="Party id a trader declares or imports for")
    ] = None,
) -> None:
    """Creates a user and prints its bearer token once; only its hash is stored."""
    with open_store(get_settings())() as session:
        try:
            _, token = add_user(session=session, name=name, role=role, party_id=party)
        except UserError as exc:
            errors_out.print(f"[red]error:[/] {exc}")
            raise typer.Exit(1) from exc
    console.print(f"created {role} {name!r}; bearer token (shown once):", highlight=False)
    print(token)


@audit_app.command("verify")
def audit_verify() -> None:
    """Recomputes every hash chain of the audit trail; exits 1 if anything was altered."""
    with open_store(get_settings())() as session:
        problems = audit.verify(session)
    for problem in problems:
        console.print(f"[red]{problem}[/]", highlight=False)
    if problems:
        raise typer.Exit(1)
    console.print("[green]audit trail intact[/]")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Server processes (one per core)")] = 1,
    access_log: Annotated[
        bool, typer.Option(help="Log every request (the audit trail records every lodgement)")
    ] = False,
) -> None:
    """Runs the Single Window: the portal at /, the API under /api/v1 (OpenAPI at /docs)."""
    import uvicorn

    open_store(get_settings())  # migrate once here, not in each worker at the same time
    console.print(f"serving on http://{host}:{port}: portal at /, API at /api/v1, docs at /docs")
    uvicorn.run(
        "smartcustoms.server:build_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
    )


rules_app = typer.Typer(help="Rule packs: regulations as code.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


def _print_pack_problems(exc: PackError) -> None:
    for problem in exc.problems:
        errors_out.print(str(problem), highlight=False, soft_wrap=True, markup=False)


@rules_app.command("list")
def rules_list(
    pack: Annotated[
        str | None, typer.Option(help="A shipped pack name or a pack file: list its rules")
    ] = None,
) -> None:
    """Lists the shipped example packs, or the rules of one pack."""
    try:
        packs = [resolve_pack(pack)] if pack else shipped_packs()
    except PackError as exc:
        _print_pack_problems(exc)
        raise typer.Exit(1) from exc
    if pack is None:
        table = Table(title="rule packs (examples to adapt, not law)")
        for column in ("pack", "version", "rules", "title"):
            table.add_column(column)
        for loaded in packs:
            table.add_row(loaded.name, loaded.version, str(len(loaded.rules)), loaded.title)
        console.print(table)
        return
    loaded = packs[0]
    table = Table(
        title=f"{loaded.label}: {loaded.title}" + (" (example)" if loaded.example else "")
    )
    for column in ("rule", "title", "action", "weight", "in force", "legal basis"):
        table.add_column(column)
    for rule in loaded.rules:
        action = rule.action.strongest + (" (mandatory)" if rule.action.mandatory else "")
        until = rule.effective_to.isoformat() if rule.effective_to else ""
        table.add_row(
            rule.id,
            rule.title,
            action,
            f"{rule.weight:g}",
            f"{rule.effective_from.isoformat()}..{until}",
            rule.legal_basis,
        )
    console.print(table)


@rules_app.command("check")
def rules_check(
    files: Annotated[list[Path], typer.Argument(help="Pack files to check")],
) -> None:
    """Loads pack files and prints every problem as file:line: message; exits 1 if any."""
    failed = False
    for path in files:
        try:
            loaded = load_pack(path)
        except PackError as exc:
            _print_pack_problems(exc)
            failed = True
            continue
        console.print(
            f"{path}: {loaded.label}, {len(loaded.rules)} rules ok", highlight=False, soft_wrap=True
        )
    raise typer.Exit(1 if failed else 0)


@rules_app.command("backtest")
def rules_backtest(
    pack: Annotated[list[str], typer.Option(help="Shipped pack name or pack file; repeatable")],
    data: Annotated[Path, typer.Option(help="Declarations file (CSV, Parquet, JSON, JSON Lines)")],
    labels: Annotated[
        Path | None, typer.Option(help="Labels keyed by declaration_id and sequence")
    ] = None,
    fmt: FormatOption = None,
) -> None:
    """Runs packs over past declarations: per rule hits, hit rate, precision, duty caught."""
    try:
        packs = [resolve_pack(p) for p in pack]
        truth = read_labels(labels) if labels else None
        with _progress() as progress:
            progress.add_task(f"screening {data}")
            settings = get_settings()
            frames = read_frames(
                data, fmt, batch_size=settings.batch_size, max_json_bytes=settings.max_json_bytes
            )
            report = backtest(frames, packs, labels=truth)
    except PackError as exc:
        _print_pack_problems(exc)
        raise typer.Exit(1) from exc
    except ReadError as exc:
        errors_out.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    table = Table(title="backtest")
    for column in ("rule", "hits", "hit rate", "precision", "duty caught"):
        table.add_column(column, justify="left" if column == "rule" else "right", no_wrap=True)
    table.add_column("main fraud", overflow="fold")
    for row in report.iter_rows(named=True):
        precision, duty = row["precision"], row["duty_at_risk_caught"]
        table.add_row(
            row["rule_id"],
            f"{row['hits']:,}",
            f"{row['hit_rate']:.2%}",
            "-" if precision is None else f"{precision:.1%}",
            "-" if duty is None else f"{duty:,.0f}",
            (row["main_fraud_type"] or "-").replace("_", " "),
        )
    console.print(table)


SourceFormat = Annotated[
    str, typer.Option("--format", help="canonical (our item frame) or kcs (public KCS CSV)")
]


def _history(paths: list[Path], source_format: str, labels: Path | None):
    if source_format not in ("canonical", "kcs"):
        errors_out.print("[red]error:[/] --format must be canonical or kcs")
        raise typer.Exit(2)
    try:
        settings = get_settings()
        return load_history(
            paths, source_format=source_format, labels=labels,
            batch_size=settings.batch_size, max_json_bytes=settings.max_json_bytes,
        )  # fmt: skip
    except ReadError as exc:
        errors_out.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from exc


@app.command()
def train(
    data: Annotated[list[Path], typer.Option("--data", help="Labelled history files")],
    source_format: SourceFormat = "canonical",
    labels: Annotated[Path | None, typer.Option(help="Labels file (default: beside data)")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Model folder (default: var/models/risk)")
    ] = None,
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
            errors_out.print(f"[red]error:[/] {exc}", highlight=False)
            raise typer.Exit(1) from exc
    else:
        history = _history(data, source_format, labels)
    with _progress() as progress:
        progress.add_task(f"training on {history.height:,} goods items")
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


@app.command()
def screen(
    source: Annotated[
        str, typer.Option("--in", help="Declarations file (with --engine ray: file, folder, glob)")
    ],
    target: Annotated[
        Path, typer.Option("--out", help="Results file (.parquet or .csv); a folder with ray")
    ],
    models: Annotated[
        Path | None, typer.Option(help="Model folder (default: var/models/risk)")
    ] = None,
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
        errors_out.print("[red]error:[/] --engine must be local or ray")
        raise typer.Exit(2)
    if engine == "local" and target.suffix.lower() not in (".parquet", ".csv"):
        errors_out.print("[red]error:[/] --out must end in .parquet or .csv")
        raise typer.Exit(2)
    folder = models or model_folder(settings)
    packs = packs_from_settings(settings)
    try:
        screening = (
            with_hs_classifier(load_screening(folder, packs), settings)
            if folder.exists()
            else Screening(packs=packs)
        )
    except IncompatibleModelError as exc:
        errors_out.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    if engine == "ray":
        from smartcustoms.scale.ray_screening import screen_on_ray

        run = screen_on_ray(source, target, screening, at=datetime.now(UTC), address=address)
        console.print(
            f"screened {run.items:,} items on Ray in {run.partitions} partitions; wrote {target}/",
            highlight=False,
        )
        return
    with _progress("goods items") as progress:
        task = progress.add_task("screening")
        try:
            totals = screen_file(
                Path(source), target, screening, source_format=fmt,
                batch_size=settings.batch_size, max_json_bytes=settings.max_json_bytes,
                on_batch=lambda n: progress.advance(task, n),
            )  # fmt: skip
        except ReadError as exc:
            errors_out.print(f"[red]error:[/] {exc}", highlight=False)
            raise typer.Exit(1) from exc
    console.print(
        f"screened {totals.items:,} items in {totals.declarations:,} declarations: "
        f"{totals.red:,} red, {totals.yellow:,} yellow, {totals.green:,} green "
        f"(models: {screening.model_version}); wrote {target}",
        highlight=False,
    )


evaluate_app = typer.Typer(help="Quality figures of the models.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")
cli_images.register(evaluate_app)
app.add_typer(cli_images.images_app, name="images")
app.add_typer(cli_images.organisms_app, name="organisms")
cli_documents.register(evaluate_app)
app.add_typer(cli_documents.documents_app, name="documents")


@evaluate_app.command("risk")
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
        errors_out.print("[red]error:[/] give either --test FILE or --test-from DATE")
        raise typer.Exit(2)
    history = _history(train_files, source_format, None)
    if test_file is not None:
        test = _history([test_file], source_format, None)
    else:
        try:
            history, test = split_at(history, date.fromisoformat(test_from))
        except ValueError as exc:
            errors_out.print(f"[red]error:[/] {exc}")
            raise typer.Exit(2) from exc
    with _progress() as progress:
        progress.add_task("training and scoring")
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


feedback_app = typer.Typer(help="Inspection outcomes as training history.", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")


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


def _hs_features(path: Path | None):
    """The HS classifier for the mismatch features, or None; a missing file is an error."""
    if path is None:
        return None
    try:
        return load_model(path, build_if_missing=False)
    except (FileNotFoundError, ValueError) as exc:  # missing, or written by an older version
        errors_out.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from exc


def _hs_model(path: Path | None):
    path = path or default_model_path(get_settings())
    if (model := current_model(path)) is not None:
        return model
    errors_out.print(
        f"no HS classifier of this version at {path}: building it now (about a minute)"
    )
    return build_model(path)[0]


@app.command()
def classify(
    text: Annotated[str, typer.Argument(help="Goods description, e.g. 'men's cotton t-shirt'")],
    top: Annotated[int, typer.Option("--top", min=1, max=20, help="Candidates to show")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
    model: ModelOption = None,
) -> None:
    """Proposes HS6 codes for a goods description, or abstains and says what would decide."""
    suggestion = _hs_model(model).predict_topk([text], k=top)[0]
    if as_json:
        print(json.dumps(suggestion.as_dict(), ensure_ascii=False, indent=2))
        return
    table = Table(title=suggestion.reason)
    for column in ("hs6", "probability", "heading", "chapter", "description"):
        table.add_column(column)
    for c in suggestion.candidates:
        table.add_row(
            c.hs6,
            f"{c.probability:.1%}",
            f"{c.heading_probability:.1%}",
            f"{c.chapter_probability:.1%}",
            c.description,
        )
    console.print(table)
    for fact in suggestion.deciding_facts:
        console.print(f"  decide by {fact}", highlight=False, soft_wrap=True)


@app.command("train-hs")
def train_hs(
    out: Annotated[Path | None, typer.Option(help="Model file to write")] = None,
    history: Annotated[
        Path | None,
        typer.Option(help="Labelled history: JSON Lines with description and hs_code"),
    ] = None,
) -> None:
    """Builds the HS classifier from the nomenclature, the project's vocabulary and history."""
    descriptions, codes = read_labelled(history) if history else ([], [])
    path = out or default_model_path(get_settings())
    _, seconds = build_model(path, descriptions, codes)
    console.print(f"wrote {path} ({len(descriptions):,} history items) in {seconds:.0f} s")


@evaluate_app.command("hs")
def evaluate_hs(
    test: Annotated[Path, typer.Option("--test", help="JSON Lines with description, hs_code")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
    field: Annotated[
        list[str] | None,
        typer.Option(help="Record keys joined into the description (default: description)"),
    ] = None,
    model: ModelOption = None,
) -> None:
    """Top-1 and top-5 exact-prefix accuracy at 2, 4 and 6 digits on a labelled file."""
    try:
        descriptions, codes = read_labelled(test, tuple(field or ("description",)))
    except (ReadError, OSError) as exc:
        errors_out.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    result = evaluate(_hs_model(model), descriptions, codes)
    if as_json:
        print(json.dumps(result, indent=2))
        return
    table = Table(title=f"HS accuracy on {result['items']:,} items of {test}")
    table.add_column("measure")
    table.add_column("value")
    for key in ACCURACY_KEYS:
        table.add_row(key, f"{result[key]:.1%}")
    table.add_row("abstained", f"{result['abstained']:.1%}")
    console.print(table)


@evaluate_app.command("all")
def evaluate_all(
    work: Annotated[Path, typer.Option(help="Folder for generated test data")] = Path(
        "var/quality"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Every quality figure at once: risk (KCS, generated), HS, documents, images (~10 min)."""
    settings = get_settings()
    figures = []
    with _progress(unit="figures") as progress:
        for number, (name, step) in enumerate(STEPS.items(), start=1):
            task = progress.add_task(f"{number}/{len(STEPS)} {name}")
            for figure in step(settings, work / f"step-{number}"):
                figures.append(figure)
                progress.advance(task)
    if as_json:
        print(json.dumps([asdict(f) for f in figures], indent=2))
        return
    table = Table(title="smartcustoms quality figures")
    for column in ("area", "data", "measure", "value"):
        table.add_column(column, justify="right" if column == "value" else "left")
    shown = None
    for f in figures:
        value = f"{f.value:.3f}" if f.value is not None else f.note
        first = (f.area, f.data) != shown
        table.add_row(f.area if first else "", f.data if first else "", f.measure, value)
        shown = (f.area, f.data)
    console.print(table)


@evaluate_app.command("drift")
def evaluate_drift(
    data: Annotated[Path, typer.Option("--data", help="Recent declarations (labels optional)")],
    models: Annotated[
        Path | None, typer.Option(help="Model folder (default: var/models/risk)")
    ] = None,
    fmt: FormatOption = None,
) -> None:
    """Compares each week's scores (and hit rate, where outcomes are known) with training."""
    settings = get_settings()
    try:
        cluster = RiskCluster.load(models or model_folder(settings))
        frames = read_frames(
            data, fmt, batch_size=settings.batch_size, max_json_bytes=settings.max_json_bytes
        )
        frame = pl.concat(frames, how="diagonal_relaxed")
    except (IncompatibleModelError, ReadError) as exc:
        errors_out.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from exc
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
