import numpy as np
from scipy import ndimage

from smartcustoms.images.quality import quality_findings
from smartcustoms.lab.images.synthetic_scans import generate_scan, scan_rng


def scan() -> np.ndarray:
    return generate_scan(scan_rng(3, 0), "textiles").pixels.astype(np.float32) / 65535


def codes(pixels: np.ndarray) -> set[str]:
    return {f.code for f in quality_findings(pixels)}


def test_clean_scan_needs_no_rescan():
    assert quality_findings(scan()) == []


def test_blur_exposure_and_truncation_ask_for_a_rescan():
    pixels = scan()
    assert codes(ndimage.gaussian_filter(pixels, 4)) == {"blurred"}
    assert "exposure" in codes(np.clip(pixels * 3, 0, 1))
    cut = pixels.copy()
    cut[-20:, :] = 0
    findings = quality_findings(cut)
    assert [f.code for f in findings] == ["truncated"]
    assert findings[0].severity == "rescan" and "bottom" in findings[0].message
