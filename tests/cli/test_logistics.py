"""`smartcustoms logistics import`: JSON Lines and CSV, all-or-nothing, resends kept once."""

from typer.testing import CliRunner

from smartcustoms.cli import app

runner = CliRunner()


def test_import_csv_then_jsonl_resend(tmp_path):
    csv_file = tmp_path / "events.csv"
    csv_file.write_text(
        "transport_document,kind,at,gross_mass_kg\n"
        "MAEU1,manifest_filed,2025-03-01T06:00:00Z,1250.5\n"
        "MAEU1,arrived,2025-03-03T06:00:00Z,\n"
    )
    result = runner.invoke(app, ["logistics", "import", str(csv_file)])
    assert result.exit_code == 0, result.output
    assert "2 events imported, 0 already known" in result.output
    jsonl = tmp_path / "events.jsonl"
    jsonl.write_text(
        '{"transport_document": "MAEU1", "kind": "arrived", "at": "2025-03-03T06:00Z"}\n'
    )
    result = runner.invoke(app, ["logistics", "import", str(jsonl)])
    assert "0 events imported, 1 already known" in result.output


def test_a_bad_line_imports_nothing_and_names_the_line(tmp_path):
    jsonl = tmp_path / "events.jsonl"
    jsonl.write_text(
        '{"transport_document": "A1", "kind": "arrived", "at": "2025-03-03T06:00Z"}\n'
        '{"transport_document": "A2", "kind": "arrived", "at": "yesterday"}\n'
    )
    result = runner.invoke(app, ["logistics", "import", str(jsonl)])
    assert result.exit_code == 1
    assert "line 2.at" in result.output
    csv_file = tmp_path / "ok.csv"
    csv_file.write_text("transport_document,kind,at\nA1,arrived,2025-03-03T06:00:00Z\n")
    result = runner.invoke(app, ["logistics", "import", str(csv_file)])
    assert "1 events imported" in result.output  # the first file stored nothing
