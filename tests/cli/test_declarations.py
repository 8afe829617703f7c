import json

import polars as pl
import pytest
from typer.testing import CliRunner

from smartcustoms.cli import app
from smartcustoms.declarations.kcs import KCS_COLUMNS

runner = CliRunner()


@pytest.fixture
def files(example, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(example))
    example["goods_items"][0].update(hs_code="999999", net_mass_kg=-1)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(example))
    return good, bad


def test_validate_accepts_the_example(files):
    result = runner.invoke(app, ["validate", str(files[0])])
    assert result.exit_code == 0, result.output
    assert "1 declarations checked, 0 invalid" in result.output


def test_validate_rejects_the_broken_copy_naming_both_pointers(files):
    result = runner.invoke(app, ["validate", str(files[0]), str(files[1])])
    assert result.exit_code == 1
    assert "goods_items[0].hs_code" in result.output
    assert "goods_items[0].net_mass_kg" in result.output
    assert "2 declarations checked, 1 invalid" in result.output


def test_validate_json_output_is_machine_readable(files):
    result = runner.invoke(app, ["validate", "--json", str(files[1])])
    report = json.loads(result.stdout)
    assert report["invalid"] == 1
    assert [e["pointer"] for e in report["problems"][0]["errors"]] == [
        "goods_items[0].hs_code",
        "goods_items[0].net_mass_kg",
    ]


def test_validate_reports_unreadable_files_without_traceback(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"type": "import",')
    result = runner.invoke(app, ["validate", str(broken), str(tmp_path / "missing.json")])
    assert result.exit_code == 1
    assert "malformed JSON" in result.output and "cannot be read" in result.output
    assert "Traceback" not in result.output


def test_convert_between_formats(files, tmp_path):
    parquet, back = tmp_path / "d.parquet", tmp_path / "d.jsonl"
    assert runner.invoke(app, ["convert", str(files[0]), str(parquet)]).exit_code == 0
    assert runner.invoke(app, ["convert", str(parquet), str(back)]).exit_code == 0
    assert json.loads(back.read_text())["goods_items"][0]["hs_code"] == "090121"


def test_convert_refuses_invalid_input_and_writes_nothing(files, tmp_path):
    target = tmp_path / "out.csv"
    result = runner.invoke(app, ["convert", str(files[1]), str(target)])
    assert result.exit_code == 1
    assert "goods_items[0].hs_code" in result.output
    assert not target.exists()


def test_convert_from_kcs(tmp_path):
    source = tmp_path / "kcs.csv"
    row = "1,2020-01-01,30,B,11,21,11,10,D,I,S,,440890,BE,BE,5.0,A,G,108.0,1000,1,1"
    source.write_text(",".join(KCS_COLUMNS) + "\n" + row + "\n")
    target = tmp_path / "kcs.parquet"
    result = runner.invoke(app, ["convert", "--from", "kcs", str(source), str(target)])
    assert result.exit_code == 0, result.output
    assert pl.read_parquet(target)["duty_at_risk"].to_list() == [50.0]


def test_hs_lookup_shows_lineage_and_rejects_unknown_codes():
    result = runner.invoke(app, ["hs", "0901.21"])
    assert result.exit_code == 0
    assert "090121" in result.output and "Coffee" in result.output
    assert runner.invoke(app, ["hs", "999999"]).exit_code == 1
