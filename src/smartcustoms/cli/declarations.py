"""Commands on declaration files and codes: validate, convert, look up an HS code."""

import json
from pathlib import Path
from typing import Annotated

import typer

from smartcustoms.cli.shared import FormatOption, JsonOption, console, fail, progress, read_limits
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
from smartcustoms.reference import hs


def validate(
    files: Annotated[list[Path], typer.Argument(help="Declaration files to check")],
    fmt: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Checks declarations and prints every error with its field pointer; exits 1 if any fails."""
    checked, problems = 0, []
    with progress() as shown:
        for path in files:
            task = shown.add_task(f"checking {path}")
            try:
                for source in read_documents(path, fmt, **read_limits()):
                    checked += 1
                    shown.advance(task)
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
        with progress() as shown:
            shown.add_task(f"converting {source}")
            if from_fmt == "kcs":
                items = write_frames([read_kcs(source)], target, to_fmt)
            elif (to_fmt or target.suffix.lstrip(".")) in ("json", "jsonl", "ndjson"):
                declarations = iter_declarations(source, from_fmt, **read_limits())
                items = write_declarations(declarations, target, to_fmt)
            else:
                items = write_frames(read_frames(source, from_fmt, **read_limits()), target, to_fmt)
    except ReadError as exc:
        raise fail(exc) from exc
    console.print(f"wrote {items:,} goods items to {target}")


def hs_lookup(code: Annotated[str, typer.Argument(help="HS code, e.g. 0901.21 or 0901")]) -> None:
    """Shows an HS2022 code with its chapter and heading, and the codes under it."""
    try:
        normalised = hs.normalise_hs(code)
    except ValueError as exc:
        raise fail(exc) from exc
    if not hs.is_valid_hs(normalised):
        raise fail(f"{code!r} is not an HS2022 code")
    for entry in hs.lineage(normalised):
        console.print(f"{entry.code:<8} {entry.description}", highlight=False, soft_wrap=True)
    for child in hs.children(normalised[:6]):
        console.print(f"  {child.code:<8} {child.description}", highlight=False, soft_wrap=True)
