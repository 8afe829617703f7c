import json

import pytest
from typer.testing import CliRunner

from smartcustoms.cli import app
from smartcustoms.lab.documents.testset import EXPECTED_FINDINGS

runner = CliRunner()


@pytest.fixture(scope="module")
def test_set(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    result = runner.invoke(
        app,
        ["documents", "render", "--out", str(out), "--declarations", "2", "--per-declaration",
         "1", "--seed", "4", "--mismatch-share", "1", "--variant", "clean", "--language", "en"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.slow
def test_render_writes_pages_declarations_and_truth(test_set):
    truth = json.loads((test_set / "truth.json").read_text())
    assert len(truth) == 2
    for entry in truth:
        assert (test_set / entry["file"]).is_file()
        assert (test_set / entry["declaration"]).is_file()
        assert entry["planted"] and entry["fields"]["document_number"]


@pytest.mark.slow
def test_read_json_gives_type_and_fields_with_confidence(test_set):
    entry = json.loads((test_set / "truth.json").read_text())[0]
    result = runner.invoke(app, ["documents", "read", str(test_set / entry["file"]), "--json"])
    assert result.exit_code == 0, result.output
    reading = json.loads(result.output)
    assert reading["type"] == entry["type"]
    number = reading["fields"]["document_number"]
    assert number["value"] == entry["fields"]["document_number"]
    assert 0 < number["confidence"] <= 1


@pytest.mark.slow
def test_check_reports_the_planted_mismatch_and_exits_1(test_set):
    entry = json.loads((test_set / "truth.json").read_text())[1]
    result = runner.invoke(
        app,
        ["documents", "check", "--declaration", str(test_set / entry["declaration"]),
         str(test_set / entry["file"]), "--json"],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    codes = {f["code"] for f in json.loads(result.output)["findings"]}
    assert codes & set(EXPECTED_FINDINGS[entry["planted"][0]["kind"]])


def test_read_of_a_zero_byte_file_is_a_clear_error(tmp_path):
    empty = tmp_path / "scan.png"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["documents", "read", str(empty)])
    assert result.exit_code == 1
    assert "empty" in result.output


@pytest.mark.slow
def test_evaluate_documents_reports_accuracy_and_detection(test_set):
    result = runner.invoke(app, ["evaluate", "documents", "--data", str(test_set), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["documents"] == 2
    assert figures["field_accuracy_by_variant"]["clean"]["total"] > 10
    assert figures["planted_detected_by_variant"]["clean"]["total"] == 2
