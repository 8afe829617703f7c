"""A cargo scan checked against its declaration: what the container seems to hold, how heavy it
seems, and which regions do not fit the declared goods, as findings for the risk fusion."""

import io
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from smartcustoms.declarations.schema import Declaration
from smartcustoms.images.commodities import COMMODITIES, chapter_span, commodity_of_chapter
from smartcustoms.images.findings import Finding
from smartcustoms.images.patch_anomaly import Region, anomalous_regions
from smartcustoms.images.quality import quality_findings
from smartcustoms.images.scan_features import NoContainerError, ScanFeatures, scan_features
from smartcustoms.images.scan_models import ScanModels

MIN_CONFIDENCE = 0.6
"""Probability the scan's commodity needs before it contradicts a declaration."""


@dataclass
class ScanCheck:
    """The outcome of one scan check: estimates, findings and marked regions."""

    findings: list[Finding]
    estimated_commodity: str | None = None
    probabilities: dict[str, float] = field(default_factory=dict)
    estimated_mass_kg: float | None = None
    declared_mass_kg: float | None = None
    fill_ratio: float | None = None
    regions: list[Region] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """rescan, alert or consistent: the worst finding decides."""
        severities = {f.severity for f in self.findings}
        return next((s for s in ("rescan", "alert") if s in severities), "consistent")

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "estimated_commodity": self.estimated_commodity,
            "probabilities": {k: round(v, 4) for k, v in self.probabilities.items()},
            "estimated_mass_kg": _rounded(self.estimated_mass_kg),
            "declared_mass_kg": _rounded(self.declared_mass_kg),
            "fill_ratio": None if self.fill_ratio is None else round(self.fill_ratio, 3),
            "findings": [f.as_dict() for f in self.findings],
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def declared_commodities(declaration: Declaration) -> tuple[set[str], list[int]]:
    """Scan profiles of the declared chapters, and the chapters that have none."""
    names, unprofiled = set(), []
    for item in declaration.goods_items:
        chapter = int(item.hs_code[:2])
        name = commodity_of_chapter(chapter)
        if name is None:
            unprofiled.append(chapter)
        else:
            names.add(name)
    return names, unprofiled


def check_scan(transmission: np.ndarray, declaration: Declaration, models: ScanModels) -> ScanCheck:
    """Findings for a greyscale transmission scan in [0, 1] of the goods in ``declaration``."""
    rescan = quality_findings(transmission)
    if rescan:
        return ScanCheck(rescan)
    try:
        features = scan_features(transmission)
    except NoContainerError as exc:
        return ScanCheck([Finding("no_container", "rescan", f"{exc}; rescan the container")])
    probabilities = models.commodity_probabilities(transmission, features)
    estimated = max(probabilities, key=probabilities.get)
    declared, unprofiled = declared_commodities(declaration)
    declared_mass = float(sum(item.net_mass_kg for item in declaration.goods_items))
    findings = []
    if unprofiled:
        chapters = ", ".join(f"{c:02d}" for c in sorted(set(unprofiled)))
        findings.append(
            Finding(
                "no_profile",
                "info",
                f"no scan profile for HS ch. {chapters}; those goods are not compared",
            )
        )
    mismatch = (
        bool(declared)
        and estimated not in declared
        and (
            probabilities[estimated] >= MIN_CONFIDENCE
            and sum(probabilities[name] for name in declared) < 1 - MIN_CONFIDENCE
        )
    )
    if mismatch:
        findings.append(_commodity_finding(declared, estimated, probabilities[estimated]))
    reference = estimated if mismatch or not declared else _likeliest(declared, probabilities)
    estimated_mass = models.kg_per_attenuation_[reference] * features.cargo_attenuation
    if declared and not unprofiled:
        findings.extend(
            _mass_findings(declared_mass, estimated_mass, models.mass_tolerance_[reference])
        )
    regions = anomalous_regions(
        models.patch_models_[reference], features.patches, features.patch_boxes
    )
    findings.extend(_region_finding(region, reference, features) for region in regions)
    fill = float(features.vector[-3])
    return ScanCheck(
        findings, estimated, probabilities, estimated_mass, declared_mass, fill, regions
    )


def _likeliest(declared: set[str], probabilities: dict[str, float]) -> str:
    return max(declared, key=probabilities.get)


def _commodity_finding(declared: set[str], estimated: str, probability: float) -> Finding:
    said = " and ".join(
        f"{name.replace('_', ' ')} ({chapter_span(name)})" for name in sorted(declared)
    )
    looks = COMMODITIES[estimated].looks
    return Finding(
        "commodity_mismatch",
        "alert",
        f"declared {said}, scan shows {looks} ({estimated.replace('_', ' ')}, "
        f"probability {probability:.2f})",
        evidence={"declared": sorted(declared), "estimated": estimated, "probability": probability},
    )


def _mass_findings(declared: float, estimated: float, tolerance: float) -> list[Finding]:
    ratio = declared / max(estimated, 1.0)
    if abs(ratio - 1) <= tolerance:
        return []
    direction = "less" if ratio < 1 else "more"
    return [
        Finding(
            "mass_mismatch",
            "alert",
            f"declared {declared / 1000:.1f} t net, the scan suggests about "
            f"{estimated / 1000:.1f} t: {abs(1 - ratio):.0%} {direction} than the load seen",
            evidence={"declared_kg": declared, "estimated_kg": estimated, "tolerance": tolerance},
        )
    ]


def _region_finding(region: Region, commodity: str, features: ScanFeatures) -> Finding:
    inside = [
        i
        for i, box in enumerate(features.patch_boxes)
        if region.box.left <= box.left
        and box.right <= region.box.right
        and region.box.top <= box.top
        and box.bottom <= region.box.bottom
    ]
    dense = float(features.patches[inside, 3].max()) if inside else 0.0
    what = "a very dense object" if dense > 0.05 else "a structure"
    b = region.box
    return Finding(
        "anomalous_region",
        "alert",
        f"{what} at x {b.left}-{b.right}, y {b.top}-{b.bottom} does not fit the "
        f"{commodity.replace('_', ' ')} around it; inspect",
        region=b,
        evidence={"score": region.score, "patches": region.patches},
    )


def marked_png(transmission: np.ndarray, check: ScanCheck) -> bytes:
    """The scan as an 8-bit PNG with each anomalous region boxed in red."""
    image = Image.fromarray((np.clip(transmission, 0, 1) * 255).astype(np.uint8)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for region in check.regions:
        b = region.box
        draw.rectangle((b.left, b.top, b.right - 1, b.bottom - 1), outline=(230, 30, 30), width=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
