"""The reading limits are settings: the commands pass them down to the readers."""

import json

from typer.testing import CliRunner

from smartcustoms.cli import app

runner = CliRunner()


def test_validate_applies_the_json_size_limit_from_the_environment(example, tmp_path, monkeypatch):
    path = tmp_path / "huge.json"
    path.write_text(json.dumps([example] * 10))
    monkeypatch.setenv("SMARTCUSTOMS_MAX_JSON_BYTES", "1000")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "JSON Lines, CSV or Parquet" in result.output


def test_convert_applies_the_json_size_limit_from_the_environment(example, tmp_path, monkeypatch):
    path = tmp_path / "huge.json"
    path.write_text(json.dumps([example] * 10))
    monkeypatch.setenv("SMARTCUSTOMS_MAX_JSON_BYTES", "1000")
    result = runner.invoke(app, ["convert", str(path), str(tmp_path / "out.parquet")])
    assert result.exit_code == 1
    assert "JSON Lines, CSV or Parquet" in result.output
