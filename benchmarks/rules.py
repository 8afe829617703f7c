"""Screening 1,000,000 goods items with 100 rules, against a plain Polars filter.

The 100 rules are the shipped example packs plus generated ones of every condition kind (HS
prefixes with a missing document, origin lists with value thresholds, mass limits, reference
lists keyed by HS6 x origin, valuation floors). The baseline is the same conditions written by
hand as Polars expressions and applied as one ``DataFrame.filter``: what screening costs without
effective dates, scopes, explanations, actions or scores. Target: evaluate in 10 s or less.

    python benchmarks/rules.py [--items 1000000]
"""

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl
import yaml
from rich.console import Console
from rich.table import Table

from smartcustoms.declarations.examples import example_declaration
from smartcustoms.declarations.frame import to_frame
from smartcustoms.declarations.schema import DocumentType
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.reference import hs
from smartcustoms.rules import RulePack, evaluate, load_pack, shipped_packs

ORIGINS = np.array(["CN", "VN", "MY", "TH", "IN", "DE", "US", "BR", "TR", "KR", "JP", "MX",
                    "ID", "BD", "PK", "EG", "IT", "FR", "GB", "KP"])  # fmt: skip
DOCUMENT_SETS = [
    [],
    ["commercial_invoice"],
    ["commercial_invoice", "packing_list"],
    ["commercial_invoice", "packing_list", "certificate_of_origin"],
    ["commercial_invoice", "phytosanitary_certificate"],
    ["commercial_invoice", "veterinary_certificate", "health_certificate"],
    ["commercial_invoice", "import_licence"],
]


def build_items(items: int, seed: int = 7) -> pl.DataFrame:
    """``items`` goods items, three per declaration, varied in every field the rules read."""
    template = to_frame([parse_declaration(example_declaration())])
    rng = np.random.default_rng(seed)
    codes = np.array(sorted(hs.valid_hs6_codes()))
    declaration = np.arange(items) // 3
    declarations = items // 3 + 1
    templates = pl.Series(
        [
            json.dumps([{"type": k, "number": f"{k[:3]}-#"} for k in kinds])
            for kinds in DOCUMENT_SETS
        ]
    )
    doc_text = pl.select(
        templates.gather(rng.integers(0, len(DOCUMENT_SETS), declarations))
        .str.replace_all("#", pl.int_range(declarations).cast(pl.String), literal=True)
        .replace("[]", None)
    ).to_series()
    per_item = declaration  # header fields repeat across a declaration's items
    return template.select(pl.all().gather(np.zeros(items, dtype=np.int64))).with_columns(
        declaration_id=pl.Series([f"DEC-{n:08d}" for n in declaration]),
        sequence=pl.Series(np.arange(items) % 3 + 1, dtype=pl.Int32),
        importer_id=pl.Series(
            [f"IMP-{n:05d}" for n in rng.integers(0, 20_000, declarations)]
        ).gather(per_item),
        currency=pl.Series(np.where(rng.random(declarations) < 0.8, "USD", "EUR")).gather(per_item),
        lodged_at=pl.Series(
            np.datetime64("2025-01-01T00:00:00", "us")
            + rng.integers(0, 700 * 86400, declarations) * np.timedelta64(1_000_000, "us")
        )
        .dt.replace_time_zone("UTC")
        .gather(per_item),
        documents=doc_text.gather(per_item),
        hs_code=pl.Series(codes[rng.integers(0, len(codes), items)]),
        origin_country=pl.Series(ORIGINS[rng.integers(0, len(ORIGINS), items)]),
        net_mass_kg=pl.Series(rng.lognormal(5, 1.5, items).round(1)),
        quantity=pl.Series(rng.lognormal(4, 1.5, items).round(0) + 1),
        value=pl.Series(rng.lognormal(8, 1.5, items).round(2)).cast(pl.Decimal(18, 2)),
    )


def _generated_rules(count: int, folder: Path) -> tuple[dict, list[pl.Expr]]:
    """A pack of ``count`` rules and the same conditions as hand-written Polars expressions."""
    rng = np.random.default_rng(11)
    codes = np.array(sorted(hs.valid_hs6_codes()))
    floors = pl.DataFrame({"hs6": codes[:2000], "usd_per_kg": rng.lognormal(2, 1, 2000).round(2)})
    floors.write_csv(folder / "floors.csv")
    pairs = pl.DataFrame(
        {
            "hs6": codes[rng.integers(0, len(codes), 3000)],
            "origin": ORIGINS[rng.integers(0, 20, 3000)],
        }
    ).unique()
    pairs.write_csv(folder / "pairs.csv")
    chapters = [e.code for e in hs.chapters()]
    headings = sorted({code[:4] for code in codes})
    value = pl.col("value").cast(pl.Float64)
    documents = pl.col("documents")
    rules, baseline = [], []
    for i in range(count):
        kind = i % 5
        common = {"id": f"GEN-{i:03d}", "title": f"generated {i}", "legal_basis": "benchmark",
                  "effective_from": "2024-01-01", "weight": 0.1,
                  "explanation": "{hs_code}"}  # fmt: skip
        if kind == 0:
            prefixes = [str(c) for c in rng.choice(headings, 3, replace=False)]
            document = list(DocumentType)[i % len(DocumentType)].value
            when = {"all": [{"hs_prefix": prefixes}, {"not": {"document": document}}]}
            expr = pl.any_horizontal([pl.col("hs_code").str.starts_with(p) for p in prefixes]) & ~(
                documents.str.contains(f'"type": "{document}"', literal=True).fill_null(False)
            )
        elif kind == 1:
            origins = [str(o) for o in rng.choice(ORIGINS, 3, replace=False)]
            limit = float(rng.integers(20_000, 100_000))
            over = {"compare": {"field": "value", "op": "gt", "value": limit}}
            when = {"all": [{"in": {"field": "origin_country", "values": origins}}, over]}
            expr = pl.col("origin_country").is_in(origins) & (value > limit)
        elif kind == 2:
            chapter = str(rng.choice(chapters))
            limit = float(rng.integers(1_000, 10_000))
            heavy = {"compare": {"field": "net_mass_kg", "op": "ge", "value": limit}}
            when = {"all": [{"hs_prefix": [chapter]}, heavy]}
            expr = pl.col("hs_code").str.starts_with(chapter) & (pl.col("net_mass_kg") >= limit)
        elif kind == 3:
            when = {"in": {"fields": ["hs6", "origin_country"], "list": "pairs"}}
            keys = (pairs["hs6"] + "|" + pairs["origin"]).to_list()
            expr = (pl.col("hs_code").str.slice(0, 6) + "|" + pl.col("origin_country")).is_in(keys)
        else:
            ratio = round(float(rng.uniform(0.02, 0.2)), 2)
            when = {"below_reference": {"list": "floors", "fields": ["hs6"],
                                        "measure": "value_per_kg", "ratio": ratio}}  # fmt: skip
            floor = (
                pl.col("hs_code")
                .str.slice(0, 6)
                .replace_strict(dict(floors.iter_rows()), default=None, return_dtype=pl.Float64)
            )
            expr = (value / pl.col("net_mass_kg") < floor * ratio).fill_null(False)
        rules.append({**common, "when": when})
        baseline.append(expr)
    pack = {"pack": "generated", "version": "1", "title": "benchmark rules",
            "references": {"floors": {"file": "floors.csv", "key": ["hs6"], "value": "usd_per_kg"},
                           "pairs": {"file": "pairs.csv", "key": ["hs6", "origin"]}},
            "rules": rules}  # fmt: skip
    return pack, baseline


def _pack(folder: Path, rules: int) -> tuple[RulePack, list[pl.Expr]]:
    spec, baseline = _generated_rules(rules, folder)
    path = folder / f"generated-{rules}.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return load_pack(path), baseline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--rules", type=int, default=100)
    args = parser.parse_args()
    frame = build_items(args.items)
    shipped = shipped_packs()
    with tempfile.TemporaryDirectory() as folder:
        generated, baseline = _pack(Path(folder), args.rules)
        mixed, _ = _pack(Path(folder), args.rules - sum(len(p.rules) for p in shipped))
    runs = [
        ("plain Polars filter", len(baseline), lambda: frame.filter(pl.any_horizontal(baseline))),
        ("rules.evaluate, same rules", len(generated.rules), lambda: evaluate(frame, [generated])),
        (
            "rules.evaluate, shipped packs + generated",
            sum(len(p.rules) for p in (*shipped, mixed)),
            lambda: evaluate(frame, [*shipped, mixed]),
        ),
    ]
    evaluate(frame.head(1000), [generated])  # compile and warm up, as a long-running screener is
    evaluate(frame.head(1000), [*shipped, mixed])
    table = Table(title=f"rules over {frame.height:,} goods items")
    for column in ("run", "rules", "seconds", "items/s", "items flagged", "time vs baseline"):
        table.add_column(column, justify="right")
    base_s = None
    for name, rules, run in runs:
        started = time.perf_counter()
        result = run()
        elapsed = time.perf_counter() - started
        base_s = base_s or elapsed
        flagged = (
            result.height if "rule_hits" not in result.columns
            else result.filter(pl.col("rule_hits").list.len() > 0).height
        )  # fmt: skip
        table.add_row(name, str(rules), f"{elapsed:.2f}", f"{frame.height / elapsed:,.0f}",
                      f"{flagged:,}", f"{elapsed / base_s:.2f}x")  # fmt: skip
        last = elapsed
    console = Console(width=120)
    console.print(table)
    verdict = "meets" if last <= 10 else "misses"
    console.print(f"evaluate {verdict} the 10 s target ({last:.2f} s for the last run)")


if __name__ == "__main__":
    main()
