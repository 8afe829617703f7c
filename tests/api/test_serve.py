"""``smartcustoms serve --workers N``: several server processes lodging into one store."""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from tests.api.live_server import free_port, wait_until_up

from smartcustoms.clearance import audit
from smartcustoms.clearance.db import open_store
from smartcustoms.clearance.users import Role, add_user
from smartcustoms.config import Settings


@pytest.mark.slow
def test_two_worker_processes_lodge_concurrently_into_one_store(tmp_path, example):
    settings = Settings(home=tmp_path)
    with open_store(settings)() as session:
        _, token = add_user(session=session, name="broker", role=Role.TRADER, party_id="BRK-001")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "smartcustoms", "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, "SMARTCUSTOMS_HOME": str(tmp_path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def lodge(number: int) -> httpx.Response:
        body = dict(example, declaration_id=f"DEC-WRK-{number:03d}")
        return httpx.post(f"{url}/api/v1/declarations", content=json.dumps(body), headers=headers)

    try:
        wait_until_up(url, server)
        with ThreadPoolExecutor(max_workers=8) as pool:
            responses = list(pool.map(lodge, range(48)))
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert [r.status_code for r in responses] == [201] * 48
    log = errors.decode()
    assert log.count("Started server process") == 2  # two workers served
    assert "POST /api/v1/declarations" not in log  # no access log unless asked for
    with open_store(settings)() as session:
        trail_problems = audit.verify(session)
        ids = {r.json()["declaration_id"] for r in responses}
        assert ids == {f"DEC-WRK-{n:03d}" for n in range(48)}
    assert trail_problems == []
