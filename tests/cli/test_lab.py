import json

from typer.testing import CliRunner

from smartcustoms.cli import app

runner = CliRunner()


def test_demo_runs_and_says_what_it_did(tmp_path):
    arguments = [
        "demo",
        "--out",
        str(tmp_path),
        "--declarations",
        "1500",
        "--no-hs-classifier",
        "--no-images",
    ]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, result.output
    assert "identical" in result.output
    tokens = json.loads((tmp_path / "tokens.json").read_text())
    assert "officer queue" in result.output and set(tokens) == {"demo-broker", "demo-officer"}
    printed = "".join(c for c in result.output if c not in "\n│ ")  # the table wraps long lines
    assert tokens["demo-officer"] in printed
    assert (tmp_path / "declaration.json").exists()
