from datetime import date

import pytest
from typer.testing import CliRunner

from smartcustoms.cli import app
from smartcustoms.lab.trade.params import GenerationArgumentError, GenerationParams
from smartcustoms.lab.trade.writer import generate

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"declarations": -5}, "--declarations is -5"),
        ({"declarations": 0}, "--declarations is 0"),
        ({"seed": -1}, "--seed"),
        ({"months": 0}, "--months"),
        ({"fraud_rate": 1.5}, "--fraud-rate is 1.5"),
        ({"fraud_rate": -0.1}, "--fraud-rate"),
        ({"fraud_rate": float("nan")}, "--fraud-rate"),
        ({"format": "xml"}, "--format is 'xml'"),
        ({"start": date(2025, 1, 15)}, "first day of a month"),
        ({"start": date(2026, 6, 1)}, "ends after today"),
    ],
)
def test_impossible_arguments_are_rejected_before_any_work(tmp_path, changes, message):
    params = GenerationParams(**{"declarations": 10, **changes})
    out = tmp_path / "never-created"
    with pytest.raises(GenerationArgumentError, match=message):
        generate(params, out, today=TODAY)
    assert not out.exists()


def test_an_unwritable_output_folder_is_rejected(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(GenerationArgumentError, match="cannot create folder"):
        generate(GenerationParams(declarations=10), blocker / "out", today=TODAY)
    with pytest.raises(GenerationArgumentError, match="is a file"):
        generate(GenerationParams(declarations=10), blocker, today=TODAY)


def test_period_ends_on_the_first_of_the_month_after():
    assert GenerationParams(1, start=date(2025, 11, 1), months=3).end == date(2026, 2, 1)


def test_cli_reports_bad_arguments_with_exit_code_2(tmp_path):
    result = CliRunner().invoke(
        app, ["generate", "--declarations", "10", "--out", str(tmp_path), "--fraud-rate", "2"]
    )
    assert result.exit_code == 2
    assert "--fraud-rate is 2.0" in result.output
    assert list(tmp_path.iterdir()) == []


def test_cli_generates_declarations_and_labels(tmp_path):
    result = CliRunner().invoke(
        app, ["generate", "--declarations", "30", "--out", str(tmp_path), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert "wrote 30 declarations" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["declarations.csv", "labels.csv"]
