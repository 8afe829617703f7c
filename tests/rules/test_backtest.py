import polars as pl
import pytest
from typer.testing import CliRunner

from smartcustoms.cli import app
from smartcustoms.declarations.io import write_frames
from smartcustoms.rules.backtest import ANY_RULE, backtest
from smartcustoms.rules.loader import resolve_pack

runner = CliRunner()

ITEMS = [
    {"hs_code": "930200", "value": "500.00"},  # arms, no licence: restricted goods fraud
    {"hs_code": "930200", "value": "700.00"},  # arms, no licence: a false alarm
    {"hs_code": "090121"},  # coffee: no rule
    {"hs_code": "290377"},  # refrigerant gas, no licence: restricted goods fraud
]
LABELS = pl.DataFrame(
    {
        "declaration_id": ["DEC-2026-000123"] * 4,
        "sequence": [1, 2, 3, 4],
        "fraud": [1, 0, 0, 1],
        "fraud_type": ["restricted_without_licence", None, None, "restricted_without_licence"],
        "duty_at_risk": [100.0, 0.0, 0.0, 50.0],
    }
)


@pytest.fixture
def frame(make_frame) -> pl.DataFrame:
    return make_frame(ITEMS)


def _by_rule(report: pl.DataFrame) -> dict[str, dict]:
    return {row["rule_id"]: row for row in report.iter_rows(named=True)}


def test_backtest_counts_hits_precision_and_duty_caught(frame):
    report = _by_rule(backtest([frame], [resolve_pack("prohibited_restricted")], labels=LABELS))
    arms = report["PR-ARMS-LICENCE"]
    assert (arms["hits"], arms["hit_rate"], arms["frauds"], arms["precision"]) == (2, 0.5, 1, 0.5)
    assert arms["duty_at_risk_caught"] == 100.0
    assert arms["main_fraud_type"] == "restricted_without_licence"
    assert report["PR-ODS-LICENCE"]["precision"] == 1.0
    assert report["PR-CITES-PERMIT"]["hits"] == 0
    assert (report[ANY_RULE]["hits"], report[ANY_RULE]["duty_at_risk_caught"]) == (3, 150.0)


def test_label_columns_in_the_data_serve_when_no_labels_file(frame):
    labelled = frame.join(LABELS, on=["declaration_id", "sequence"])
    report = _by_rule(backtest([labelled], [resolve_pack("prohibited_restricted")]))
    assert report[ANY_RULE]["frauds"] == 2


def test_without_labels_only_hits_are_reported(frame):
    report = _by_rule(backtest([frame, frame], [resolve_pack("prohibited_restricted")]))
    assert report["PR-ARMS-LICENCE"]["hits"] == 4
    assert report["PR-ARMS-LICENCE"]["precision"] is None


def test_cli_backtest_reads_data_and_labels_files(frame, tmp_path):
    data, labels = tmp_path / "items.parquet", tmp_path / "labels.csv"
    write_frames([frame], data)
    LABELS.write_csv(labels)
    args = ["rules", "backtest", "--pack", "prohibited_restricted", "--data", str(data)]
    result = runner.invoke(app, [*args, "--labels", str(labels)])
    assert result.exit_code == 0, result.output
    assert "PR-ARMS-LICENCE" in result.output and "50.0%" in result.output


def test_cli_list_shows_packs_and_rules():
    assert "valuation_floors" in runner.invoke(app, ["rules", "list"]).output
    result = runner.invoke(app, ["rules", "list", "--pack", "anti_dumping"])
    assert result.exit_code == 0 and "AD-MEASURE" in result.output


def test_cli_check_exits_1_naming_each_line(write_pack):
    broken = write_pack("pack: x\nversion: '1'\ntitle: t\nrules:\n  - id: A\n    titel: T\n")
    result = runner.invoke(app, ["rules", "check", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:6: unknown field 'titel'" in result.output
    syntax = write_pack("pack: x\nrules:\n  - id: [A\n", "syntax.yaml")
    result = runner.invoke(app, ["rules", "check", str(syntax)])
    assert result.exit_code == 1 and f"{syntax}:4: YAML syntax error" in result.output
    shipped = resolve_pack("anti_dumping").path
    assert runner.invoke(app, ["rules", "check", str(shipped), str(broken)]).exit_code == 1
    assert runner.invoke(app, ["rules", "check", str(shipped)]).exit_code == 0


def test_cli_reports_unreadable_inputs_and_unknown_packs(frame, tmp_path):
    data = tmp_path / "items.parquet"
    write_frames([frame], data)
    (tmp_path / "labels.csv").write_text("declaration_id,fraud\nDEC-1,1\n")
    args = ["rules", "backtest", "--data", str(data), "--pack"]
    result = runner.invoke(app, [*args, "no_such_pack"])
    assert result.exit_code == 1 and "no such pack file or shipped pack" in result.output
    result = runner.invoke(app, [*args, "anti_dumping", "--labels", str(tmp_path / "labels.csv")])
    assert result.exit_code == 1 and "labels lack column(s): sequence" in result.output
    missing = runner.invoke(app, ["rules", "check", str(tmp_path / "absent.yaml")])
    assert missing.exit_code == 1 and "absent.yaml: cannot be read" in missing.output
