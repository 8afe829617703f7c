"""Lodging declarations over HTTP on loopback: throughput and latency beside a /healthz baseline.

Starts ``smartcustoms serve`` on a fresh store (SQLite by default, or ``--database-url``), creates
a trader, then sends requests from ``--concurrency`` client connections. The /healthz run in the
same process is the floor set by the HTTP stack and the client on this machine. The client is
aiohttp: it shares the two cores with the server, and httpx spent about twice the CPU per request.
The server's CPU time per request (all its processes and threads) is reported beside the rates,
and the load average before and after the run under the table: the machine's other work shows
in both. Two server processes are the default: once screening a batch and signing in got cheap,
two lodged 15-30% more per second than one on both stores (``--workers 1`` compares).

    python benchmarks/api_lodge.py [--requests 2000] [--concurrency 16] [--workers 2]
                                   [--database-url URL]
"""

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import httpx
import psutil
from rich.console import Console
from rich.table import Table

from smartcustoms.clearance.db import open_store
from smartcustoms.clearance.users import Role, add_user
from smartcustoms.config import Settings
from smartcustoms.declarations.examples import example_declaration
from smartcustoms.risk.from_settings import model_folder


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _run(url: str, count: int, concurrency: int, request) -> tuple[float, list[float]]:
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(count):
        queue.put_nowait(number)

    async def worker(client: aiohttp.ClientSession) -> None:
        while not queue.empty():
            number = queue.get_nowait()
            started = time.perf_counter()
            async with request(client, number) as response:
                body = await response.read()
            latencies.append(time.perf_counter() - started)
            if response.status >= 300:
                raise RuntimeError(f"{response.status}: {body[:300]!r}")

    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(url, connector=connector, timeout=timeout) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        return time.perf_counter() - started, latencies


def _cpu_seconds(process: psutil.Process) -> float:
    """User and system time of the server and its worker processes so far."""
    total = 0.0
    for member in (process, *process.children(recursive=True)):
        try:
            times = member.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--models", type=Path, default=None,
        help="a trained model folder (smartcustoms train --out DIR): screening with the risk "
        "models as well as the rules, as a server where they were trained",
    )  # fmt: skip
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-api-"))
    if args.models:
        shutil.copytree(args.models, model_folder(Settings(home=home)))
    settings = Settings(home=home, database_url=args.database_url)
    run_id = time.time_ns()
    with open_store(settings)() as session:
        # a PostgreSQL store outlives the run: each run is a new user with its own declarations
        name = f"bench-{run_id}"
        _, token = add_user(session=session, name=name, role=Role.TRADER, party_id="BRK-001")
    port = _free_port()
    env = {**os.environ, "SMARTCUSTOMS_HOME": str(home)}
    if args.database_url:
        env["SMARTCUSTOMS_DATABASE_URL"] = args.database_url
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "smartcustoms",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    template = example_declaration()

    def healthz(client, _number):
        return client.get("/healthz")

    def lodge(client, number):
        body = dict(template, declaration_id=f"DEC-B{run_id}-{number}")
        return client.post("/api/v1/declarations", data=json.dumps(body), headers=headers)

    try:
        for _ in range(100):
            try:
                httpx.get(f"{url}/healthz")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        store = "PostgreSQL" if args.database_url else "SQLite"
        table = Table(
            title=f"HTTP on loopback, {args.concurrency} connections, {args.workers} server "
            f"processes, store {store}, screening by rules"
            + (f" and the models in {args.models}" if args.models else " alone")
        )
        columns = ("request", "count", "per second", "p50 ms", "p99 ms", "vs healthz")
        for column in (*columns, "server CPU ms/request"):
            table.add_column(column, justify="right")
        base_rate = None
        load_before = os.getloadavg()[0]
        for name, request in (("GET /healthz", healthz), ("POST /declarations", lodge)):
            cpu_before = _cpu_seconds(psutil.Process(server.pid))
            elapsed, latencies = asyncio.run(_run(url, args.requests, args.concurrency, request))
            cpu = _cpu_seconds(psutil.Process(server.pid)) - cpu_before
            rate = args.requests / elapsed
            base_rate = base_rate or rate
            cuts = statistics.quantiles(latencies, n=100)
            table.add_row(
                name,
                f"{args.requests:,}",
                f"{rate:,.0f}",
                f"{cuts[49] * 1000:.1f}",
                f"{cuts[98] * 1000:.1f}",
                f"{rate / base_rate:.2f}x",
                f"{cpu / args.requests * 1000:.2f}",
            )
        table.caption = (
            f"load average (1 min) {load_before:.2f} before, {os.getloadavg()[0]:.2f} after; "
            f"{os.cpu_count()} cores"
        )
        Console().print(table)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
