import json

import polars as pl
import pytest

from smartcustoms.declarations.frame import to_frame
from smartcustoms.declarations.io import (
    detect_format,
    iter_declarations,
    read_documents,
    read_frames,
    write_declarations,
    write_frames,
)
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.errors import ReadError


def many(example, count):
    """``count`` distinct two-item declarations built from the example."""
    base = parse_declaration(example)
    second = base.goods_items[0].model_copy(update={"sequence": 2, "hs_code": "090111"})
    return [
        base.model_copy(
            update={
                "declaration_id": f"DEC-2026-{n:06d}",
                "goods_items": [base.goods_items[0], second],
            }
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("suffix", ["json", "jsonl", "csv", "parquet"])
def test_every_format_round_trips(example, tmp_path, suffix):
    declarations = many(example, 3)
    path = tmp_path / f"out.{suffix}"
    assert write_declarations(declarations, path) == 6
    assert list(iter_declarations(path)) == declarations
    frames = list(read_frames(path))
    assert pl.concat(frames).equals(to_frame(declarations))


def test_json_holds_one_declaration_or_a_list(example, tmp_path):
    single = tmp_path / "one.json"
    single.write_text(json.dumps(example))
    assert [s.position for s in read_documents(single)] == [""]
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([example, example]))
    assert [s.position for s in read_documents(listed)] == ["[0]", "[1]"]


def test_large_csv_streams_in_batches(example, tmp_path):
    path = tmp_path / "big.csv"
    write_declarations(many(example, 1250), path)
    sizes = [frame.height for frame in read_frames(path, batch_size=1000)]
    assert sum(sizes) == 2500 and len(sizes) >= 3 and max(sizes) <= 1000
    groups = list(read_documents(path, batch_size=333))
    assert len(groups) == 1250 and all(len(g.document["goods_items"]) == 2 for g in groups)


def test_malformed_json_names_line_and_column(example, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(example, indent=1).replace('"office"', "office", 1))
    with pytest.raises(ReadError, match=r"bad.json:line 4, column 2: malformed JSON"):
        list(read_documents(path))


def test_truncated_json_is_an_error_not_a_partial_result(example, tmp_path):
    path = tmp_path / "cut.json"
    text = json.dumps([example, example])
    path.write_text(text[: len(text) // 2 + 7])
    with pytest.raises(ReadError, match="malformed JSON"):
        list(read_documents(path))


def test_wrong_encoding_names_the_line(example, tmp_path):
    path = tmp_path / "latin1.jsonl"
    example["goods_items"][0]["description"] = "Café torrado"
    line = json.dumps(example, ensure_ascii=False)
    path.write_bytes((line + "\n" + line + "\n").encode("utf-8") + line.encode("latin-1"))
    with pytest.raises(ReadError, match=r"line 3: is not valid UTF-8"):
        list(read_documents(path))


def test_byte_order_mark_is_accepted(example, tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(example).encode())
    assert len(list(iter_declarations(path))) == 1


def test_one_bad_jsonl_line_is_reported_and_the_rest_still_read(example, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(f"{json.dumps(example)}\n{{not json\n\n{json.dumps(example)}\n")
    sources = list(read_documents(path))
    assert [s.position for s in sources] == ["line 1", "line 2", "line 4"]
    assert sources[1].problems and sources[1].document is None
    with pytest.raises(ReadError, match="line 2"):
        list(iter_declarations(path))


@pytest.mark.parametrize("suffix", ["json", "jsonl", "csv", "parquet"])
def test_empty_file_is_a_clear_error(tmp_path, suffix):
    path = tmp_path / f"empty.{suffix}"
    path.write_bytes(b"")
    with pytest.raises(ReadError, match="empty"):
        list(read_documents(path))


def test_oversized_json_document_is_refused_before_parsing(example, tmp_path):
    path = tmp_path / "huge.json"
    path.write_text(json.dumps([example] * 10))
    with pytest.raises(ReadError, match="JSON Lines, CSV or Parquet"):
        list(read_documents(path, max_json_bytes=1000))


def test_truncated_csv_names_its_last_line(example, tmp_path):
    path = tmp_path / "cut.csv"
    write_declarations(many(example, 3), path)
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b"\n", 0, len(data) - 1) + 40])
    with pytest.raises(ReadError, match=r"line 7: .*truncated"):
        list(read_frames(path))


def test_csv_value_of_the_wrong_type_names_its_line(example, tmp_path):
    path = tmp_path / "typed.csv"
    frame = to_frame(many(example, 5)).cast({"net_mass_kg": pl.String})
    frame = frame.with_columns(
        net_mass_kg=pl.when(pl.int_range(pl.len()) == 6)
        .then(pl.lit("heavy"))
        .otherwise("net_mass_kg")
    )
    frame.write_csv(path)
    with pytest.raises(ReadError, match=r"typed.csv:line 8: could not parse `heavy`"):
        list(read_frames(path))


def test_csv_missing_a_required_column_is_refused(example, tmp_path):
    path = tmp_path / "partial.csv"
    to_frame(many(example, 1)).drop("hs_code").write_csv(path)
    with pytest.raises(ReadError, match=r"line 1: missing required column.*hs_code"):
        list(read_frames(path))


def test_csv_cells_are_validated_with_pointers(example, tmp_path):
    path = tmp_path / "cells.csv"
    frame = to_frame(many(example, 2)).with_columns(
        hs_code=pl.Series(["090121", "999999", "090121", "090111"])
    )
    frame.write_csv(path)
    sources = list(read_documents(path))
    assert [s.position for s in sources] == ["line 2", "line 4"]
    with pytest.raises(ReadError, match=r"line 2: invalid declaration: goods_items\[1\].hs_code"):
        list(iter_declarations(path))


def test_corrupt_parquet_is_a_clear_error(example, tmp_path):
    path = tmp_path / "corrupt.parquet"
    write_declarations(many(example, 2), path)
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(ReadError, match="not a readable Parquet file"):
        list(read_frames(path))


def test_failed_write_leaves_no_partial_file(example, tmp_path):
    path = tmp_path / "out.jsonl"

    def declarations():
        yield parse_declaration(example)
        raise RuntimeError("source failed midway")

    with pytest.raises(RuntimeError):
        write_declarations(declarations(), path)
    assert list(tmp_path.iterdir()) == []


def test_frames_with_extra_columns_survive_csv_and_parquet(example, tmp_path):
    frame = to_frame(many(example, 2)).with_columns(fraud=pl.Series([0, 1, 0, 0], dtype=pl.Int8))
    for suffix in ("csv", "parquet"):
        path = tmp_path / f"labelled.{suffix}"
        write_frames([frame], path)
        assert pl.concat(read_frames(path))["fraud"].to_list() == [0, 1, 0, 0]


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ReadError, match="unknown format"):
        detect_format(tmp_path / "x.xlsx")
