"""Command line for image analysis: scan checks, synthetic data, organism identification.

Models that are not trained yet raise :class:`ModelUnavailableError`, which the root group
prints as one ``error:`` line naming ``smartcustoms images train`` (exit code 1)."""

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from smartcustoms.cli.shared import JsonOption, console, errors_out, fail
from smartcustoms.config import get_settings
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.errors import InvalidDeclarationError, NotFoundError
from smartcustoms.images import service
from smartcustoms.images.intake import ImageRejectedError
from smartcustoms.lab.images.datasets import write_scans, write_specimens
from smartcustoms.lab.images.evaluation import evaluate_scans, evaluate_specimens
from smartcustoms.lab.images.specimens import SPECIES_NAMES
from smartcustoms.lab.images.training import train_image_models
from smartcustoms.models.registry import ModelRegistry

images_app = typer.Typer(help="Cargo scans checked against declarations.", no_args_is_help=True)
organisms_app = typer.Typer(help="Harmful-organism identification.", no_args_is_help=True)


def _read_declaration(path: Path):
    try:
        return parse_declaration(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise fail(f"{path}: cannot read the declaration ({exc})") from exc
    except InvalidDeclarationError as exc:
        raise fail(f"{path}: {exc}") from exc


@images_app.command("check")
def check(
    scan: Annotated[Path, typer.Argument(help="X-ray scan: PNG, JPEG or TIFF, 8 or 16 bit")],
    declaration: Annotated[Path, typer.Option(help="The declaration (canonical JSON)")],
    marked: Annotated[Path | None, typer.Option(help="Write the scan with regions boxed")] = None,
    as_json: JsonOption = False,
) -> None:
    """Compares a scan with its declaration; exits 1 on an alert, 3 when a rescan is needed."""
    document = _read_declaration(declaration)
    try:
        content = scan.read_bytes()
    except OSError as exc:
        raise fail(f"{scan}: {exc.strerror}") from exc
    try:
        outcome, digest, png = service.check(
            content=content,
            name=str(scan),
            declaration=document,
            home=get_settings().home,
            keep=False,
        )
    except ImageRejectedError as exc:
        raise fail(str(exc), 2) from exc
    if marked is not None:
        marked.write_bytes(png)
    if as_json:
        print(json.dumps({"scan": str(scan), "sha256": digest, **outcome.as_dict()}))
    else:
        console.print(f"[bold]{scan}[/]: {outcome.verdict}", highlight=False)
        if outcome.estimated_commodity:
            console.print(
                f"looks like {outcome.estimated_commodity} "
                f"(p={outcome.probabilities[outcome.estimated_commodity]:.2f}), about "
                f"{outcome.estimated_mass_kg / 1000:.1f} t, fill {outcome.fill_ratio:.0%}",
                highlight=False,
            )
        for finding in outcome.findings:
            console.print(f"- [{finding.severity}] {finding.message}", highlight=False)
    raise typer.Exit({"rescan": 3, "alert": 1}.get(outcome.verdict, 0))


@images_app.command("generate")
def generate(
    out: Annotated[Path, typer.Option(help="Folder to write scans/ and specimens/ into")],
    scans: Annotated[int, typer.Option(min=0, help="Container scans")] = 60,
    specimens: Annotated[int, typer.Option(min=0, help="Specimens (two photos each)")] = 40,
    seed: Annotated[int, typer.Option(help="Random seed")] = 0,
) -> None:
    """Writes synthetic scans with declarations and specimen photos, each with its truth."""
    if scans:
        write_scans(out / "scans", scans, seed)
    if specimens:
        write_specimens(out / "specimens", specimens, seed)
    console.print(f"wrote {scans} scans and {specimens} specimens to {out}", highlight=False)


@images_app.command("train")
def train() -> None:
    """(Re)trains the scan models and reseeds the organism gallery under SMARTCUSTOMS_HOME."""
    registry = ModelRegistry.from_settings(get_settings())
    figures = train_image_models(registry)
    home = registry.root
    console.print(
        f"scan models: {figures['scans']} synthetic scans, held-out commodity accuracy "
        f"{figures['classifier_accuracy']:.3f}; gallery: {figures['gallery_specimens']} "
        f"specimens of {figures['species']} species; in {home}",
        highlight=False,
    )


@organisms_app.command("identify")
def identify(
    photos: Annotated[list[Path], typer.Argument(help="Macro and/or micro photos of ONE specimen")],
    top: Annotated[int, typer.Option(min=1, max=10, help="Species to list")] = 5,
    as_json: JsonOption = False,
) -> None:
    """Top species with probabilities and the nearest confirmed specimens."""
    try:
        contents = [(str(p), p.read_bytes()) for p in photos]
    except OSError as exc:
        raise fail(f"{exc.filename}: {exc.strerror}") from exc
    try:
        answer = service.identify(photos=contents, home=get_settings().home, top=top)
    except ImageRejectedError as exc:
        raise fail(str(exc), 2) from exc
    if as_json:
        print(json.dumps(answer.as_dict()))
        return
    table = Table(title=f"specimen {answer.specimen_id} ({' + '.join(answer.views)} view)")
    table.add_column("species")
    table.add_column("probability", justify="right")
    for species, probability in answer.species:
        table.add_row(species, f"{probability:.3f}")
    console.print(table)
    for example in answer.nearest:
        console.print(
            f"nearest: {example['id']} {example['species']} ({example['source']}), "
            f"similarity {example['similarity']:.3f}",
            highlight=False,
        )
    console.print(f"confirm with: smartcustoms organisms confirm {answer.specimen_id} SPECIES")


@organisms_app.command("confirm")
def confirm(
    specimen_id: Annotated[str, typer.Argument(help="The id printed by identify")],
    species: Annotated[str, typer.Argument(help="The species the inspector confirms")],
    by: Annotated[str, typer.Option(help="Who confirms")] = "inspector",
) -> None:
    """Confirms or corrects an identification: the specimen joins the gallery, models refit."""
    gallery = service.gallery(get_settings().home)
    known = set(SPECIES_NAMES) | {e["species"] for e in gallery.entries}
    if species not in known:
        errors_out.print(f"note: {species!r} is a new species for the gallery", highlight=False)
    try:
        entry = gallery.confirm(specimen_id, species, by=by)
    except NotFoundError as exc:
        raise fail(str(exc)) from exc
    console.print(
        f"added {entry['id']} as {species}; gallery now {len(gallery.entries)} specimens",
        highlight=False,
    )


def evaluate_images(
    data: Annotated[Path, typer.Option(help="Folder from `smartcustoms images generate`")],
    as_json: JsonOption = False,
) -> None:
    """Concealment detection and false alarms, consistency accuracy, organism top-1/5."""
    home = get_settings().home
    result = {}
    if (data / "scans" / "truth.jsonl").exists():
        result["scans"] = evaluate_scans(data / "scans", service.scan_models(home))
    if (data / "specimens" / "truth.jsonl").exists():
        result["organisms"] = evaluate_specimens(data / "specimens", service.gallery(home))
    if not result:
        raise fail(f"{data}: no scans/truth.jsonl or specimens/truth.jsonl", 2)
    if as_json:
        print(json.dumps(result))
        return
    table = Table(title=f"image analysis on {data}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for group in result.values():
        for key, value in group.items():
            table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    console.print(table)
