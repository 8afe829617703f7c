"""Command line: thin Typer commands over the domain packages."""

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

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
from smartcustoms.demo import run_demo
from smartcustoms.errors import ReadError
from smartcustoms.models.hs_classifier.evaluation import ACCURACY_KEYS, evaluate, read_labelled
from smartcustoms.models.hs_classifier.store import build_model, default_model_path, load_model
from smartcustoms.reference import hs

app = typer.Typer(
    help="smartcustoms: lodge, validate and screen customs declarations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
train_app = typer.Typer(help="Build models from the project's own data.", no_args_is_help=True)
evaluate_app = typer.Typer(help="Measure models on labelled files.", no_args_is_help=True)
app.add_typer(train_app, name="train")
app.add_typer(evaluate_app, name="evaluate")
console = Console()
errors_out = Console(stderr=True)

ModelOption = Annotated[
    Path | None,
    typer.Option("--model", help="HS classifier file (default: <home>/models/hs_classifier.pkl)"),
]
FormatOption = Annotated[
    str | None,
    typer.Option("--format", help=f"File format: {', '.join(FORMATS)} (default: suffix)"),
]


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} declarations"),
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
    checked, problems = 0, []
    with _progress() as progress:
        for path in files:
            task = progress.add_task(f"checking {path}")
            try:
                for source in read_documents(path, fmt):
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
    try:
        with _progress() as progress:
            progress.add_task(f"converting {source}")
            if from_fmt == "kcs":
                items = write_frames([read_kcs(source)], target, to_fmt)
            elif (to_fmt or target.suffix.lstrip(".")) in ("json", "jsonl", "ndjson"):
                items = write_declarations(iter_declarations(source, from_fmt), target, to_fmt)
            else:
                items = write_frames(read_frames(source, from_fmt), target, to_fmt)
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
def demo(
    out: Annotated[Path, typer.Option(help="Folder for the demo files")] = Path("var/demo"),
) -> None:
    """Runs the end-to-end demo on the embedded default (local files) and says what it did."""
    steps = run_demo(out)
    table = Table(title="smartcustoms demo", show_lines=False)
    table.add_column("step")
    table.add_column("result")
    for step, result in steps:
        table.add_row(step, result)
    console.print(table)


def _hs_model(path: Path | None):
    path = path or default_model_path(get_settings())
    if not path.exists():
        errors_out.print(f"no HS classifier at {path}: building it now (about a minute)")
    return load_model(path)


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


@train_app.command("hs")
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
