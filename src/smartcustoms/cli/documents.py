"""Command line for documents: read, check against a declaration, render a test set, evaluate."""

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from smartcustoms.cli.shared import JsonOption, console, errors_out, fail, read_limits
from smartcustoms.declarations.io import iter_declarations
from smartcustoms.declarations.schema import DocumentType
from smartcustoms.documents.check import check_documents
from smartcustoms.documents.ocr import ENGINES, Engine
from smartcustoms.documents.reading import DocumentReading, read_file
from smartcustoms.documents.vocabulary import LANGUAGES
from smartcustoms.errors import ReadError
from smartcustoms.lab.documents.degradation import VARIANTS
from smartcustoms.lab.documents.evaluation import evaluate_folder
from smartcustoms.lab.documents.testset import build
from smartcustoms.lab.trade.samples import sample_declarations

documents_app = typer.Typer(
    help="Supporting documents: OCR, recognition, cross-checks.", no_args_is_help=True
)
EngineOption = Annotated[str, typer.Option("--engine", help=f"OCR engine: {', '.join(ENGINES)}")]


def _engine(name: str) -> Engine:
    if name not in ENGINES:
        raise fail(f"unknown engine {name!r}; choose {', '.join(ENGINES)}", 2)
    return name  # type: ignore[return-value]


def _read(path: Path, engine: Engine) -> DocumentReading:
    try:
        return read_file(path, engine=engine)
    except ReadError as exc:
        raise fail(exc) from exc


def _print_reading(reading: DocumentReading) -> None:
    console.print(
        f"[bold]{reading.source}[/]: {reading.type.value} "
        f"(confidence {reading.type_confidence:.2f}, pages {reading.pages_read}/"
        f"{reading.page_count}, {reading.engine})",
        highlight=False,
    )
    for note in reading.skipped + reading.notes:
        console.print(f"  note: {note}", highlight=False)
    table = Table()
    for column in ("field", "value", "read as", "confidence", "review"):
        table.add_column(column)
    for name, found in sorted(reading.fields.items()):
        table.add_row(
            name,
            found.value or "",
            found.raw,
            f"{found.confidence:.2f}",
            "yes" if found.needs_review else "",
        )
    console.print(table)


@documents_app.command("read")
def read(
    file: Annotated[Path, typer.Argument(help="Document: PDF, PNG, JPEG or TIFF")],
    engine: EngineOption = "rapidocr",
    as_json: JsonOption = False,
) -> None:
    """Recognises the document type and prints its fields with their OCR confidence."""
    reading = _read(file, _engine(engine))
    if as_json:
        print(json.dumps(reading.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_reading(reading)


@documents_app.command("check")
def check(
    files: Annotated[list[Path], typer.Argument(help="Documents of the declaration")],
    declaration_file: Annotated[Path, typer.Option("--declaration", help="Declaration JSON")],
    required: Annotated[
        list[str] | None,
        typer.Option("--require", help="Document type the goods need (repeatable)"),
    ] = None,
    engine: EngineOption = "rapidocr",
    as_json: JsonOption = False,
) -> None:
    """Reads the documents and lists every discrepancy with the declaration; exits 1 if any."""
    try:
        declaration = next(iter_declarations(declaration_file, **read_limits()))
        needed = [DocumentType(name) for name in required or []]
    except (ReadError, ValueError) as exc:
        raise fail(exc, 2) from exc
    readings = [_read(path, _engine(engine)) for path in files]
    findings = check_documents(readings, declaration, required=needed)
    if as_json:
        payload = {
            "declaration_id": declaration.declaration_id,
            "documents": [r.as_dict() for r in readings],
            "findings": [f.as_dict() for f in findings],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for reading in readings:
            review = ", ".join(reading.needs_review) or "none"
            console.print(
                f"{reading.source}: {reading.type.value}; fields to review: {review}",
                highlight=False,
            )
        for finding in findings:
            flag = " (field needs review)" if finding.uncertain else ""
            console.print(
                f"[red]{finding.code}[/] {finding.document}: {finding.message}{flag}",
                highlight=False,
            )
        console.print(f"{len(findings)} finding(s)")
    if findings:
        raise typer.Exit(1)


@documents_app.command("render")
def render(
    out: Annotated[Path, typer.Option(help="Folder for the test set")],
    declarations: Annotated[int, typer.Option(help="Synthetic declarations to draw")] = 10,
    per_declaration: Annotated[int, typer.Option(help="Documents per declaration")] = 3,
    seed: Annotated[int, typer.Option(help="Random seed")] = 0,
    mismatch_share: Annotated[float, typer.Option(help="Share with a planted mismatch")] = 0.4,
    language: Annotated[list[str] | None, typer.Option(help="en, zh (repeatable)")] = None,
    variant: Annotated[list[str] | None, typer.Option(help="clean, scanned, photographed")] = None,
) -> None:
    """Renders documents of synthetic declarations with their truth (truth.json)."""
    languages = tuple(language or LANGUAGES)
    variants = tuple(variant or VARIANTS)
    unknown = [x for x in languages if x not in LANGUAGES] + [
        x for x in variants if x not in VARIANTS
    ]
    if unknown or not 1 <= per_declaration <= 8:
        raise fail(f"unknown {unknown} or --per-declaration outside 1-8", 2)
    rendered = build(
        sample_declarations(declarations, seed),
        out,
        seed=seed,
        documents_per_declaration=per_declaration,
        mismatch_share=mismatch_share,
        languages=languages,
        variants=variants,
    )
    planted = sum(len(e["planted"]) for e in rendered.entries)
    for reason in rendered.skipped:
        errors_out.print(f"[yellow]skipped:[/] {reason}", highlight=False)
    console.print(
        f"rendered {len(rendered.entries)} documents ({planted} with a planted mismatch) to {out}"
    )


def evaluate_documents(
    data: Annotated[Path, typer.Option("--data", help="Test set folder (documents render)")],
    limit: Annotated[int | None, typer.Option(help="Only the first N documents")] = None,
    engine: EngineOption = "rapidocr",
    as_json: JsonOption = False,
) -> None:
    """Field accuracy per field and variant, and detection of the planted mismatches."""
    if not (data / "truth.json").is_file():
        raise fail(f"{data} has no truth.json; run `documents render`", 2)
    chosen = _engine(engine)
    result = evaluate_folder(data, reader=lambda p: read_file(p, engine=chosen), limit=limit)
    figures = result.as_dict()
    if as_json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    for title, key in (
        ("field accuracy by variant", "field_accuracy_by_variant"),
        ("document type accuracy by variant", "type_accuracy_by_variant"),
        ("planted mismatches found by variant", "planted_detected_by_variant"),
        ("documents with a false alarm by variant", "false_alarm_documents_by_variant"),
        ("field accuracy by field", "field_accuracy_by_field"),
    ):
        table = Table(title=title)
        for column in ("", "rate", "hits", "total"):
            table.add_column(column, justify="right")
        for name, row in figures[key].items():
            rate = "" if row["rate"] is None else f"{row['rate']:.3f}"
            table.add_row(name, rate, str(row["hits"]), str(row["total"]))
        console.print(table)
    console.print(
        f"{result.documents} documents, {figures['seconds_per_document']:.2f} s per document"
    )
