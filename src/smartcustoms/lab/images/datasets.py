"""Labelled synthetic data sets on disk: scans with declarations and truth, specimen photos
with their species, for the demo and ``smartcustoms evaluate images``."""

import io
import json
from pathlib import Path

import numpy as np
from PIL import Image

from smartcustoms.declarations.examples import example_declaration
from smartcustoms.images.commodities import COMMODITIES, NAMES
from smartcustoms.lab.images.specimens import SPECIES, specimen_rng, specimen_views
from smartcustoms.lab.images.synthetic_scans import CONCEALMENTS, generate_scan, scan_rng

CONCEALED_SHARE, MISDECLARED_SHARE, UNDERWEIGHT_SHARE = 0.4, 0.15, 0.1


def png_bytes(pixels: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG")
    return out.getvalue()


def declaration_for(commodity: str, net_mass_kg: float, number: int) -> dict:
    """A valid canonical declaration of ``net_mass_kg`` of ``commodity``."""
    document = example_declaration()
    profile = COMMODITIES[commodity]
    document["declaration_id"] = f"IMG-{number:06d}"
    document["goods_items"][0].update(
        description=profile.example_description,
        hs_code=profile.example_hs6,
        net_mass_kg=round(net_mass_kg, 1),
        quantity=round(net_mass_kg, 1),
    )
    return document


def write_scans(folder: Path, count: int, seed: int) -> None:
    """``count`` scans: some with a concealment, some declared as other goods or underweight."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "truth.jsonl").open("w") as truth:
        for i in range(count):
            rng = scan_rng(seed, i)
            commodity = NAMES[int(rng.integers(len(NAMES)))]
            hidden = CONCEALMENTS[int(rng.integers(3))] if rng.random() < CONCEALED_SHARE else None
            scan = generate_scan(rng, commodity, hidden)
            declared, mass = commodity, scan.net_mass_kg
            roll = rng.random()
            if roll < MISDECLARED_SHARE:
                declared = NAMES[(NAMES.index(commodity) + int(rng.integers(1, len(NAMES)))) % 6]
            elif roll < MISDECLARED_SHARE + UNDERWEIGHT_SHARE:
                mass *= rng.uniform(0.3, 0.5)
            name = f"scan-{i:04d}"
            (folder / f"{name}.png").write_bytes(png_bytes(scan.pixels))
            (folder / f"{name}.declaration.json").write_text(
                json.dumps(declaration_for(declared, mass, i), indent=1)
            )
            record = {
                "scan": f"{name}.png",
                "declaration": f"{name}.declaration.json",
                "commodity": commodity,
                "declared_commodity": declared,
                "net_mass_kg": round(scan.net_mass_kg, 1),
                "declared_mass_kg": round(mass, 1),
                "consistent": declared == commodity and mass == scan.net_mass_kg,
                "concealments": [{"kind": k, "box": vars(b)} for k, b in scan.concealments],
            }
            truth.write(json.dumps(record) + "\n")


def write_specimens(folder: Path, count: int, seed: int) -> None:
    """``count`` specimens, each a macro and a micro photo, with their species."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "truth.jsonl").open("w") as truth:
        for i in range(count):
            rng = specimen_rng(seed, i)
            species = SPECIES[int(rng.integers(len(SPECIES)))]
            files = []
            for view, pixels in zip(("macro", "micro"), specimen_views(species, rng), strict=True):
                files.append(f"specimen-{i:04d}-{view}.png")
                (folder / files[-1]).write_bytes(png_bytes(pixels))
            truth.write(json.dumps({"photos": files, "species": species.name}) + "\n")


def read_truth(folder: Path) -> list[dict]:
    path = folder / "truth.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
