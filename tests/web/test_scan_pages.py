import json
import shutil

from smartcustoms.lab.images.datasets import declaration_for, png_bytes
from smartcustoms.lab.images.synthetic_scans import generate_scan, scan_rng
from tests.web.conftest import csrf_of


def test_officer_checks_a_scan_and_sees_the_marked_regions(portal, trained):
    shutil.copytree(trained, portal.app.state.settings.home / "models", dirs_exist_ok=True)
    scan = generate_scan(scan_rng(31, 0), "electronics", "hidden_compartment")
    declaration = declaration_for("electronics", scan.net_mass_kg, 1)
    broker = portal.client("broker")
    csrf = csrf_of(broker.get("/lodge").text)
    body = json.dumps(declaration).encode()
    lodged = broker.post("/lodge/file", data={"csrf": csrf}, files={"file": ("d.json", body, "x")})
    assert "1 of 1 declarations" in lodged.text

    officer = portal.client("officer")
    url = f"/declarations/{declaration['declaration_id']}"
    csrf = csrf_of(officer.get(url).text)
    files = {"scan": ("scan.png", png_bytes(scan.pixels), "image/png")}
    page = officer.post(f"{url}/scan", data={"csrf": csrf}, files=files).text
    assert '<strong id="scan-verdict">alert</strong>' in page
    image = page.split('<img src="')[1].split('"')[0]
    marked = officer.get(image)
    assert marked.status_code == 200 and marked.content.startswith(b"\x89PNG")
    assert broker.get(image).url.path == "/login"  # scans are for officers

    text = {"scan": ("scan.png", b"not an image at all", "image/png")}
    refused = officer.post(f"{url}/scan", data={"csrf": csrf}, files=text).text
    assert 'id="problem"' in refused and "PNG, JPEG or TIFF" in refused
