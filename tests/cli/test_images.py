import json

from PIL import Image
from typer.testing import CliRunner

from smartcustoms.cli import app

runner = CliRunner()


def test_generate_then_evaluate_reports_every_figure(home_with_models, tmp_path):
    data = tmp_path / "data"
    made = runner.invoke(
        app,
        [
            "images",
            "generate",
            "--out",
            str(data),
            "--scans",
            "12",
            "--specimens",
            "8",
            "--seed",
            "3",
        ],
    )
    assert made.exit_code == 0, made.output
    assert len(list((data / "scans").glob("*.png"))) == 12
    result = runner.invoke(app, ["evaluate", "images", "--data", str(data), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["scans"]["scans"] == 12 and figures["organisms"]["specimens"] == 8
    for key in ("detection_rate", "false_alarm_rate", "consistency_accuracy"):
        assert 0 <= figures["scans"][key] <= 1
    assert figures["organisms"]["top5"] >= figures["organisms"]["top1"] >= 0.5


def test_check_prints_findings_and_writes_the_marked_scan(home_with_models, tmp_path):
    data = tmp_path / "data"
    runner.invoke(
        app,
        [
            "images",
            "generate",
            "--out",
            str(data),
            "--scans",
            "6",
            "--specimens",
            "0",
            "--seed",
            "4",
        ],
    )
    truth = [json.loads(line) for line in (data / "scans" / "truth.jsonl").read_text().splitlines()]
    marked = tmp_path / "marked.png"
    for record in truth:
        result = runner.invoke(
            app,
            [
                "images",
                "check",
                str(data / "scans" / record["scan"]),
                "--declaration",
                str(data / "scans" / record["declaration"]),
                "--json",
                "--marked",
                str(marked),
            ],
        )
        body = json.loads(result.stdout)
        assert result.exit_code == {"alert": 1, "consistent": 0}[body["verdict"]]
        assert len(body["sha256"]) == 64 and marked.read_bytes().startswith(b"\x89PNG")


def test_check_rejects_a_fake_image_with_a_clear_message(home_with_models, tmp_path, example):
    declaration = tmp_path / "d.json"
    declaration.write_text(json.dumps(example))
    fake = tmp_path / "scan.tif"
    fake.write_bytes(b"GIF89a definitely not a tiff")
    result = runner.invoke(app, ["images", "check", str(fake), "--declaration", str(declaration)])
    assert result.exit_code == 2
    assert "not a PNG, JPEG or TIFF image" in result.stderr


def test_identify_then_confirm(home_with_models, tmp_path):
    data = tmp_path / "data"
    runner.invoke(
        app,
        [
            "images",
            "generate",
            "--out",
            str(data),
            "--scans",
            "0",
            "--specimens",
            "1",
            "--seed",
            "5",
        ],
    )
    record = json.loads((data / "specimens" / "truth.jsonl").read_text())
    photos = [str(data / "specimens" / name) for name in record["photos"]]
    answer = runner.invoke(app, ["organisms", "identify", *photos, "--json"])
    assert answer.exit_code == 0, answer.output
    body = json.loads(answer.stdout)
    assert body["views"] == ["macro", "micro"] and len(body["species"]) == 5
    confirmed = runner.invoke(app, ["organisms", "confirm", body["specimen_id"], record["species"]])
    assert confirmed.exit_code == 0 and "gallery now" in confirmed.stdout
    again = runner.invoke(app, ["organisms", "confirm", body["specimen_id"], record["species"]])
    assert again.exit_code == 1


def test_check_without_trained_models_is_a_one_line_error(tmp_path, example):
    declaration = tmp_path / "d.json"
    declaration.write_text(json.dumps(example))
    scan = tmp_path / "scan.png"
    Image.new("L", (64, 48), 128).save(scan)
    result = runner.invoke(app, ["images", "check", str(scan), "--declaration", str(declaration)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: no scan models")
    assert "smartcustoms images train" in lines[0] and "Traceback" not in result.output
