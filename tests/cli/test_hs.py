import json

import pytest
from typer.testing import CliRunner

from smartcustoms.cli import app
from smartcustoms.errors import ModelUnavailableError
from smartcustoms.models.contract import IncompatibleModelError, write_manifest
from smartcustoms.models.hs_classifier import HSClassifier
from smartcustoms.models.hs_classifier.store import current_model, load_model

runner = CliRunner()


@pytest.fixture(scope="module")
def model_file(tfidf_model, tmp_path_factory):
    return tfidf_model.save(tmp_path_factory.mktemp("models") / "hs")


def test_classify_prints_candidates_as_officers_write_codes(model_file):
    result = runner.invoke(app, ["classify", "men's cotton tee", "--model", str(model_file)])
    assert result.exit_code == 0, result.output
    assert "6109.10" in result.output and "610910" not in result.output


def test_classify_json(model_file):
    result = runner.invoke(
        app, ["classify", "不锈钢锅", "--top", "3", "--json", "--model", str(model_file)]
    )
    answer = json.loads(result.stdout)
    assert len(answer["candidates"]) == 3
    assert {"hs6", "abstained", "reason", "deciding_facts"} <= answer.keys()


def test_classify_empty_text_abstains(model_file):
    result = runner.invoke(app, ["classify", "", "--json", "--model", str(model_file)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["abstained"] is True


def test_evaluate_hs_json_keys(model_file, tmp_path):
    test = tmp_path / "test.jsonl"
    test.write_text(json.dumps({"description": "men's cotton tee", "hs_code": "6109.10"}))
    result = runner.invoke(
        app, ["evaluate", "hs", "--test", str(test), "--json", "--model", str(model_file)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"top1@2", "top1@4", "top1@6", "top5@6", "answered_top1@4"} <= report.keys()
    assert report["top1@6"] == 1.0


def test_evaluate_hs_held_out_reads_only_the_fixed_held_out_part(model_file, tmp_path):
    from smartcustoms.models.hs_classifier.public_texts import is_held_out

    rows = [{"description": f"cotton tee style {i}", "hs_code": "610910"} for i in range(60)]
    test = tmp_path / "references.jsonl"
    test.write_text("\n".join(json.dumps(r) for r in rows))
    arguments = ["evaluate", "hs", "--test", str(test), "--json", "--model", str(model_file)]
    result = runner.invoke(app, [*arguments, "--held-out"])
    assert result.exit_code == 0, result.output
    held = sum(is_held_out(r["description"]) for r in rows)
    assert 0 < held < 60 and json.loads(result.stdout)["items"] == held


def test_evaluate_hs_reports_a_missing_file(model_file, tmp_path):
    missing = tmp_path / "missing.jsonl"
    result = runner.invoke(app, ["evaluate", "hs", "--test", str(missing)])
    assert result.exit_code == 1


def test_missing_model_says_how_to_build_it(tmp_path):
    with pytest.raises(ModelUnavailableError, match="smartcustoms train-hs"):
        load_model(tmp_path / "absent", build_if_missing=False)


def test_a_model_of_an_older_version_is_not_current(model_file, tmp_path):
    older = tmp_path / "older"
    older.mkdir()
    write_manifest(older, kind=HSClassifier.kind, version=1)
    assert current_model(older) is None
    assert current_model(tmp_path / "absent") is None
    assert current_model(model_file) is not None
    with pytest.raises(IncompatibleModelError, match=r"version 1.*smartcustoms train-hs"):
        load_model(older, build_if_missing=False)
