"""Scan quality: blur, exposure and truncation checks that ask for a rescan before analysis."""

import numpy as np
from scipy import ndimage

from smartcustoms.images.findings import Finding

MIN_SHARPNESS = 2e-4
"""Variance of the Laplacian below which edges are smeared (motion or focus blur)."""
MAX_CLIPPED_SHARE = 0.4
"""Share of pixels at the very top or bottom of the range above which the exposure is wrong."""
MIN_DEAD_BAND = 0.05
"""Share of height or width that, dead (no signal, no noise) at an edge, means a cut-off scan."""


def quality_findings(pixels: np.ndarray) -> list[Finding]:
    """Rescan requests for a greyscale image in [0, 1]; an empty list means the scan is usable."""
    findings = []
    sharpness = float(ndimage.laplace(pixels).var())
    if sharpness < MIN_SHARPNESS:
        findings.append(
            Finding(
                "blurred",
                "rescan",
                f"the scan is blurred (sharpness {sharpness:.2e} < {MIN_SHARPNESS:.0e}); rescan",
                evidence={"sharpness": sharpness},
            )
        )
    dark, bright = float((pixels <= 0.002).mean()), float((pixels >= 0.998).mean())
    if max(dark, bright) > MAX_CLIPPED_SHARE:
        side = "under" if dark > bright else "over"
        findings.append(
            Finding(
                "exposure",
                "rescan",
                f"the scan is {side}-exposed ({max(dark, bright):.0%} of pixels clipped); rescan",
                evidence={"dark_share": dark, "bright_share": bright},
            )
        )
    dead = _dead_edges(pixels)
    if dead:
        where = ", ".join(f"{share:.0%} at the {edge}" for edge, share in dead.items())
        findings.append(
            Finding(
                "truncated",
                "rescan",
                f"the scan carries no signal at its edges ({where}); it was cut off, rescan",
                evidence=dead,
            )
        )
    return findings


def _dead_edges(pixels: np.ndarray) -> dict[str, float]:
    """Edges where whole rows or columns are flat: a detector always adds some noise."""
    flat_rows = pixels.std(axis=1) < 1e-4
    flat_cols = pixels.std(axis=0) < 1e-4
    runs = {
        "top": _run(flat_rows) / len(flat_rows),
        "bottom": _run(flat_rows[::-1]) / len(flat_rows),
        "left": _run(flat_cols) / len(flat_cols),
        "right": _run(flat_cols[::-1]) / len(flat_cols),
    }
    return {edge: share for edge, share in runs.items() if share >= MIN_DEAD_BAND}


def _run(flags: np.ndarray) -> int:
    """Length of the leading run of True."""
    return len(flags) if flags.all() else int(np.argmin(flags))
