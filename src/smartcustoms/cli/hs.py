"""HS classifier commands: classify a description, build the classifier, evaluate it."""

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from smartcustoms.cli.shared import JsonOption, console, errors_out, fail
from smartcustoms.config import get_settings
from smartcustoms.errors import ReadError
from smartcustoms.models.hs_classifier.evaluation import ACCURACY_KEYS, evaluate, read_labelled
from smartcustoms.models.hs_classifier.store import build_model, current_model, default_model_path

ModelOption = Annotated[
    Path | None,
    typer.Option("--model", help="HS classifier folder (default: <home>/models/hs_classifier)"),
]


def _hs_model(path: Path | None):
    """The classifier at ``path`` (default: the home's), built first where it is missing or of
    an older version."""
    path = path or default_model_path(get_settings())
    if (model := current_model(path)) is not None:
        return model
    errors_out.print(
        f"no HS classifier of this version at {path}: building it now (about a minute)"
    )
    return build_model(path)[0]


def classify(
    text: Annotated[str, typer.Argument(help="Goods description, e.g. 'men's cotton t-shirt'")],
    top: Annotated[int, typer.Option("--top", min=1, max=20, help="Candidates to show")] = 5,
    as_json: JsonOption = False,
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


def evaluate_hs(
    test: Annotated[Path, typer.Option("--test", help="JSON Lines with description, hs_code")],
    as_json: JsonOption = False,
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
        raise fail(exc) from exc
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
