import polars as pl
import pytest

from smartcustoms.declarations.frame import (
    ITEM_SCHEMA,
    conform,
    group_rows,
    rows_to_document,
    to_frame,
)
from smartcustoms.declarations.validation import parse_declaration


def two_item_declaration(example, declaration_id="DEC-2026-000123"):
    second = dict(example["goods_items"][0], sequence=2, hs_code="090111", value="99.50")
    example["goods_items"].append(second)
    example["declaration_id"] = declaration_id
    example["transport"]["container_numbers"] = ["MSKU1234565", "MSKU7654321"]
    return parse_declaration(example)


def test_one_row_per_goods_item_with_the_header_repeated(example):
    frame = to_frame([two_item_declaration(example)])
    assert frame.schema == pl.Schema(ITEM_SCHEMA)
    assert frame.height == 2
    assert frame["declaration_id"].to_list() == ["DEC-2026-000123"] * 2
    assert frame["hs_code"].to_list() == ["090121", "090111"]
    assert frame["importer_id"].to_list() == ["IMP-123"] * 2


def test_frame_rows_rebuild_the_same_declaration(example):
    declaration = two_item_declaration(example)
    rows = to_frame([declaration]).to_dicts()
    assert parse_declaration(rows_to_document(rows)) == declaration


def test_groups_span_batch_borders(example):
    first = two_item_declaration(example, "A-1")
    frame = to_frame([first, first.model_copy(update={"declaration_id": "A-2"})])
    batches = [frame.slice(0, 1), frame.slice(1, 2), frame.slice(3, 1)]
    groups = list(group_rows(batches))
    assert [len(g.rows) for g in groups] == [2, 2]
    assert [g.first_row for g in groups] == [0, 2]


def test_rows_without_identifier_are_separate_declarations(example):
    frame = to_frame([parse_declaration(example)] * 2).with_columns(
        declaration_id=pl.lit(None, pl.String)
    )
    assert len(list(group_rows([frame]))) == 2


def test_conform_requires_the_required_columns(example):
    frame = to_frame([parse_declaration(example)]).drop("hs_code")
    with pytest.raises(ValueError, match="hs_code"):
        conform(frame)


def test_conform_casts_strictly_and_keeps_extra_columns(example):
    text = to_frame([parse_declaration(example)]).cast(pl.String).with_columns(fraud=pl.lit(1))
    conformed = conform(text.drop("gross_mass_kg"))
    assert conformed.schema["net_mass_kg"] == pl.Float64
    assert conformed["gross_mass_kg"].to_list() == [None]
    assert conformed["fraud"].to_list() == [1]
    with pytest.raises(pl.exceptions.InvalidOperationError):
        conform(text.with_columns(net_mass_kg=pl.lit("heavy")))
