import json

import polars as pl
import pytest
from typer.testing import CliRunner

from smartcustoms.cli import app
from smartcustoms.declarations.frame import whole_declarations
from smartcustoms.declarations.io import write_frames
from smartcustoms.risk.screening import RESULT_COLUMNS, screen_batch
from smartcustoms.risk.training import load_screening, save_screening, train_screening
from smartcustoms.rules.loader import shipped_packs

runner = CliRunner()


@pytest.fixture(scope="module")
def screening(history):
    return train_screening(history, shipped_packs())


def test_batches_are_recut_at_declaration_borders():
    frame = pl.DataFrame({"declaration_id": ["a", "a", "b", "b", "b", "c"], "n": range(6)})
    batches = [frame.slice(0, 3), frame.slice(3, 1), frame.slice(4, 2)]
    recut = [b["declaration_id"].to_list() for b in whole_declarations(batches)]
    assert recut == [["a", "a"], ["b", "b", "b"], ["c"]]


def test_screening_is_the_same_whatever_the_batch_size(screening, later):
    whole = screen_batch(later, screening)
    pieces = pl.concat(screen_batch(b, screening) for b in whole_declarations(
        [later.slice(i, 250) for i in range(0, later.height, 250)]
    ))  # fmt: skip
    assert whole.columns == list(RESULT_COLUMNS)
    assert whole.drop("reasons").equals(pieces.drop("reasons"))


def test_inspections_find_far_more_fraud_than_random(screening, later):
    result = screen_batch(later, screening)
    red = result.filter(pl.col("channel") == "red")
    hit_rate = later.join(red.select("declaration_id"), on="declaration_id")["fraud"].mean()
    assert red.height > 0 and hit_rate > 3 * later["fraud"].mean()


def test_saved_screening_scores_identically(screening, later, tmp_path):
    save_screening(screening, tmp_path)
    again = load_screening(tmp_path, shipped_packs())
    assert screen_batch(later.head(100), again).equals(screen_batch(later.head(100), screening))


def test_train_screen_and_evaluate_commands(history, later, tmp_path):
    data, test, models = tmp_path / "history.parquet", tmp_path / "later.parquet", tmp_path / "m"
    write_frames([history], data)
    write_frames([later], test)
    trained = runner.invoke(app, ["train", "--data", str(data), "--out", str(models)])
    assert trained.exit_code == 0, trained.output
    out = tmp_path / "screened.csv"
    screened = runner.invoke(
        app, ["screen", "--in", str(test), "--out", str(out), "--models", str(models)]
    )
    assert screened.exit_code == 0, screened.output
    rows = pl.read_csv(out)
    assert rows.height == later.height and set(rows["channel"]) <= {"green", "yellow", "red"}
    evaluated = runner.invoke(
        app, ["evaluate", "risk", "--train", str(data), "--test", str(test), "--json"]
    )
    assert evaluated.exit_code == 0, evaluated.output
    figures = json.loads(evaluated.stdout)
    assert set(figures) == {"auc", "precision@1", "precision@2", "precision@5", "precision@10",
                            "recall@10", "revenue@10"}  # fmt: skip
    assert figures["auc"] > 0.85 and figures["precision@5"] > 0.5


def test_training_without_labels_is_a_clear_error(later, tmp_path):
    data = tmp_path / "unlabelled.parquet"
    write_frames([later.drop("fraud", "duty_at_risk")], data)
    result = runner.invoke(app, ["train", "--data", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1 and "no labels" in result.output
