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
from smartcustoms.models.hs_classifier.public_texts import is_held_out
from smartcustoms.models.hs_classifier.store import build_model, current_model, default_model_path
from smartcustoms.reference.hs import dotted

ModelOption = Annotated[
    Path | None,
    typer.Option("--model", help="HS classifier folder (default: <home>/models/hs_classifier)"),
]


def _hs_model(path: Path | None):
    """The classifier at ``path`` (default: the home's), built first where it is missing or of
    an older version."""
    settings = get_settings()
    path = path or default_model_path(settings)
    if (model := current_model(path)) is not None:
        return model
    errors_out.print(f"no HS classifier of this version at {path}: building it now (a few minutes)")
    with console.status("training the HS classifier"):
        return build_model(path, shared_data=settings.shared_data)[0]


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
            dotted(c.hs6),
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
    public: Annotated[
        bool,
        typer.Option(
            help="Also learn from the public real texts in the shared data folder (HMRC "
            "references outside their held-out part, CBP training subjects)"
        ),
    ] = True,
) -> None:
    """Builds the HS classifier from the nomenclature, the project's vocabulary, generated
    titles, public real texts and history (a few minutes on two cores)."""
    settings = get_settings()
    try:
        descriptions, codes = read_labelled(history) if history else ([], [])
    except (ReadError, OSError) as exc:
        raise fail(exc) from exc
    path = out or default_model_path(settings)
    with console.status("training the HS classifier"):
        model, seconds = build_model(
            path, descriptions, codes, settings.shared_data if public else None
        )
    if public and model.history_rows_ == len(descriptions):
        errors_out.print(f"no public HS texts under {settings.shared_data}: trained without them")
    console.print(f"wrote {path} ({model.history_rows_:,} history items) in {seconds:.0f} s")


def evaluate_hs(
    test: Annotated[Path, typer.Option("--test", help="JSON Lines with description, hs_code")],
    as_json: JsonOption = False,
    field: Annotated[
        list[str] | None,
        typer.Option(help="Record keys joined into the description (default: description)"),
    ] = None,
    model: ModelOption = None,
    held_out: Annotated[
        bool,
        typer.Option(
            "--held-out",
            help="Only the fixed held-out part of a training source (the HMRC references)",
        ),
    ] = False,
    chapters: Annotated[
        int,
        typer.Option(
            "--chapters",
            min=0,
            help="Also list this many chapters with the most wrong chapters (5 items or more)",
        ),
    ] = 0,
) -> None:
    """Top-1 and top-5 exact-prefix accuracy at 2, 4 and 6 digits on a labelled file, and how
    many rows the classifier answers and how often those answers are right."""
    try:
        descriptions, codes = read_labelled(test, tuple(field or ("description",)))
    except (ReadError, OSError) as exc:
        raise fail(exc) from exc
    if held_out:
        kept = [(d, c) for d, c in zip(descriptions, codes, strict=True) if is_held_out(d)]
        descriptions, codes = [d for d, _ in kept], [c for _, c in kept]
    result = evaluate(_hs_model(model), descriptions, codes)
    if as_json:
        print(json.dumps(result, indent=2))
        return
    table = Table(title=f"HS accuracy on {result['items']:,} items of {test}")
    table.add_column("measure")
    table.add_column("value")
    for key in ACCURACY_KEYS:
        table.add_row(key, f"{result[key]:.1%}")
    table.add_row("answered (not abstained)", f"{1 - result['abstained']:.1%}")
    table.add_row("answered right @4", f"{result['answered_top1@4']:.1%}")
    console.print(table)
    if chapters:
        console.print(_weakest_chapters(result["by_chapter"], chapters))


def _weakest_chapters(figures: dict[str, dict], count: int) -> Table:
    """The chapters (of five items or more) whose items most often get a wrong chapter."""
    rows = sorted(
        ((c, f) for c, f in figures.items() if f["items"] >= 5),
        key=lambda cf: cf[1]["items"] * (1 - cf[1]["top1@2"]),
        reverse=True,
    )[:count]
    table = Table(title="Chapters with the most items read in a wrong chapter")
    for column in ("chapter", "items", "top1@2", "top1@4", "top1@6"):
        table.add_column(column)
    for chapter, f in rows:
        table.add_row(
            chapter, str(f["items"]), *(f"{f[k]:.0%}" for k in ("top1@2", "top1@4", "top1@6"))
        )
    return table
