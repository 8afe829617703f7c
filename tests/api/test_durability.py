"""No acknowledged declaration is lost when the server process is killed outright."""

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from tests.api.live_server import free_port, wait_until_up

from smartcustoms.clearance.db import open_store
from smartcustoms.clearance.tables import DeclarationRecord
from smartcustoms.clearance.users import Role, add_user
from smartcustoms.config import Settings


@pytest.mark.slow
def test_every_acknowledged_lodgement_survives_sigkill(tmp_path, example):
    settings = Settings(home=tmp_path)
    with open_store(settings)() as session:
        _, token = add_user(session=session, name="broker", role=Role.TRADER, party_id="BRK-001")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SMARTCUSTOMS_HOME": str(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "smartcustoms", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    acknowledged: list[str] = []
    try:
        wait_until_up(url, server)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

        def lodge(number: int) -> None:
            body = dict(example, declaration_id=f"DEC-KILL-{number:05d}")
            try:
                response = httpx.post(
                    f"{url}/api/v1/declarations", content=json.dumps(body), headers=headers
                )
            except httpx.TransportError:
                return  # the server died before answering: not acknowledged
            if response.status_code == 201:
                acknowledged.append(response.json()["declaration_id"])

        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(lodge, n) for n in range(400)]
            deadline = time.monotonic() + 60
            while len(acknowledged) < 40 and time.monotonic() < deadline:
                time.sleep(0.01)
            server.send_signal(signal.SIGKILL)
            for future in futures:
                future.result()
    finally:
        server.kill()
        server.wait()
    assert len(acknowledged) >= 40
    with open_store(settings)() as session:
        stored = {r.id for r in session.query(DeclarationRecord)}
    assert set(acknowledged) <= stored
