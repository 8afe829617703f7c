"""Commands on rule packs: list them, check pack files, backtest packs on past declarations."""

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from smartcustoms.cli.shared import FormatOption, console, errors_out, fail, progress, read_limits
from smartcustoms.declarations.io import read_frames
from smartcustoms.errors import ReadError
from smartcustoms.rules.backtest import backtest, read_labels
from smartcustoms.rules.loader import PackError, load_pack, resolve_pack, shipped_packs

rules_app = typer.Typer(help="Rule packs: regulations as code.", no_args_is_help=True)


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
        with progress() as shown:
            shown.add_task(f"screening {data}")
            report = backtest(read_frames(data, fmt, **read_limits()), packs, labels=truth)
    except PackError as exc:
        _print_pack_problems(exc)
        raise typer.Exit(1) from exc
    except ReadError as exc:
        raise fail(exc) from exc
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
