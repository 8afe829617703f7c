from datetime import UTC, datetime

import polars as pl
from typer.testing import CliRunner

from smartcustoms.cli import app
from smartcustoms.declarations.frame import to_frame
from smartcustoms.declarations.io import iter_declarations
from smartcustoms.lab.trade.fraud import FRAUD_TYPES
from smartcustoms.lab.trade.params import GenerationParams
from smartcustoms.lab.trade.writer import generate
from smartcustoms.reference.hs import valid_hs6_codes
from smartcustoms.reference.iso_codes import country_codes, currency_codes
from smartcustoms.reference.units import QUANTITY_UNITS


def test_every_declaration_passes_validation(dataset):
    declarations = list(iter_declarations(dataset.summary.declarations_path))
    assert len(declarations) == dataset.summary.declarations == 2_000
    assert sum(len(d.goods_items) for d in declarations) == dataset.items.height
    for declaration in declarations:
        assert datetime(2025, 1, 1, tzinfo=UTC) <= declaration.lodged_at
        assert declaration.lodged_at < datetime(2026, 1, 1, tzinfo=UTC)
        assert sum(i.value for i in declaration.goods_items) == declaration.invoice_total


def test_codes_validate_against_the_reference_package(dataset):
    items = dataset.items
    assert items["hs_code"].is_in(sorted(valid_hs6_codes())).all()
    countries = sorted(country_codes())
    for column in ("origin_country", "exporter_country", "departure_country", "importer_country"):
        assert items[column].is_in(countries).all(), column
    assert items["currency"].is_in(sorted(currency_codes())).all()
    assert items["quantity_unit"].is_in(list(QUANTITY_UNITS)).all()
    assert dataset.labels["true_hs_code"].is_in(sorted(valid_hs6_codes())).all()


def test_labels_are_keyed_by_declaration_and_sequence(dataset):
    labels = dataset.labels
    assert labels.select("declaration_id", "sequence").is_unique().all()
    assert dataset.joined.height == dataset.items.height == labels.height
    assert labels["fraud"].dtype == pl.Int8
    assert set(labels["fraud_type"].drop_nulls().unique()) <= {t.value for t in FRAUD_TYPES}
    assert (labels["fraud_type"].is_null() == (labels["fraud"] == 0)).all()


def test_entities_have_heavy_tailed_activity(dataset):
    per_importer = dataset.items.group_by("importer_id").agg(
        pl.col("declaration_id").n_unique().alias("declarations")
    )
    counts = per_importer["declarations"].sort(descending=True)
    top_tenth = counts.head(max(1, len(counts) // 10)).sum()
    assert top_tenth > 0.35 * counts.sum()


def test_smartcustoms_validate_accepts_a_generated_csv(tmp_path):
    generate(GenerationParams(declarations=150, seed=3, format="csv"), tmp_path)
    result = CliRunner().invoke(app, ["validate", str(tmp_path / "declarations.csv")])
    assert result.exit_code == 0, result.output
    assert "150 declarations checked, 0 invalid" in result.output


def test_new_importers_appear_during_the_period(dataset):
    first_seen = dataset.items.group_by("importer_id").agg(pl.col("lodged_at").min())
    newcomers = first_seen.filter(pl.col("lodged_at").dt.month() >= 4)
    assert newcomers.height > 0.1 * first_seen.height


def test_the_generated_frame_is_exactly_the_canonical_frame_of_its_declarations(dataset):
    rebuilt = to_frame(iter_declarations(dataset.summary.declarations_path))
    assert rebuilt.equals(dataset.items)
