"""Quality figures on a labelled data set: concealment detection and false alarms at image level,
commodity-consistency accuracy, organism top-1 and top-5."""

import json
from pathlib import Path

from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.images.consistency import check_scan
from smartcustoms.images.gallery import Gallery
from smartcustoms.images.intake import read_image_file
from smartcustoms.images.scan_models import ScanModels
from smartcustoms.lab.images.datasets import read_truth

_CONSISTENCY = {"commodity_mismatch", "mass_mismatch"}


def evaluate_scans(folder: Path, models: ScanModels) -> dict:
    concealed = clean = detected = localised = false_alarms = agree = 0
    truth = read_truth(folder)
    for record in truth:
        image = read_image_file(folder / record["scan"])
        declaration = parse_declaration(json.loads((folder / record["declaration"]).read_text()))
        outcome = check_scan(image.greyscale, declaration, models)
        codes = {f.code for f in outcome.findings}
        flagged = "anomalous_region" in codes
        if record["concealments"]:
            concealed += 1
            detected += flagged
            box = record["concealments"][0]["box"]
            localised += any(
                r.box.left < box["right"]
                and box["left"] < r.box.right
                and r.box.top < box["bottom"]
                and box["top"] < r.box.bottom
                for r in outcome.regions
            )
        else:
            clean += 1
            false_alarms += flagged
        agree += bool(codes & _CONSISTENCY) == (not record["consistent"])
    return {
        "scans": len(truth),
        "detection_rate": detected / max(concealed, 1),
        "localisation_rate": localised / max(concealed, 1),
        "false_alarm_rate": false_alarms / max(clean, 1),
        "consistency_accuracy": agree / max(len(truth), 1),
    }


def evaluate_specimens(folder: Path, gallery: Gallery) -> dict:
    truth = read_truth(folder)
    top1 = top5 = 0
    for record in truth:
        views = [read_image_file(folder / name).rgb for name in record["photos"]]
        answer = [s for s, _ in gallery.identify(views, top=5, remember=False).species]
        top1 += answer[0] == record["species"]
        top5 += record["species"] in answer
    return {
        "specimens": len(truth),
        "top1": top1 / max(len(truth), 1),
        "top5": top5 / max(len(truth), 1),
    }
