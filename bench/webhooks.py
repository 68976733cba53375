"""Sustained signed Plivo hangup callbacks per second with durable storage, next to a bare
route on the same server in the same run, on SQLite and (when reachable) PostgreSQL.

    python -m bench.webhooks [--seconds 10] [--processes 2] [--connections 16]
                             [--postgres URL] [--runs 3]

The server starts as the Procfile does: one worker on SQLite (one writer at a time), and on
PostgreSQL with 1 and then 2 workers, to show how intake scales out; each figure sits beside
the bare route measured on the same server in the same run. With `--runs N` every line is
measured N times and the medians are printed at the end.

The load: `--processes` client processes, each holding `--connections` keep-alive connections
open with asyncio and sending pre-signed requests, already encoded as bytes, as fast as they
are answered: 85% normal hangups, 10% busy or no answer, 5% spam blocks (which open and update
an alert through a fake Slack). Providers send many callbacks at once (a dialer's campaign ends
hundreds of calls a minute), so the load keeps 64 in flight by default, what two workers of 32
threads take at once; and a load generator should take little of the CPU it measures, so each
request costs the client a write and a read of bytes, not an HTTP library's work. The scale-out
figure is the median of each run's 2-worker rate over its own 1-worker rate (runs on a shared
machine drift; a pair measured together does not).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fakeslack import FakeSlack  # noqa: E402
from liveserver import SECRET, TOKEN, LiveServer  # noqa: E402
from providers import plivo_hangup, sign_plivo  # noqa: E402

PLIVO_TOKEN = "bench-plivo-token"
MIX = ["4000"] * 17 + ["3010", "3000"] + ["3130"]
PREPARED = 12000  # distinct signed callbacks per client process: more than one sends in a run
_LENGTH = re.compile(rb"content-length:\s*(\d+)", re.I)


def requests_for(port: int, path: str, count: int) -> list[bytes]:
    """Whole HTTP/1.1 requests, ready to write: signed callbacks, or GETs of the bare route."""
    host = f"127.0.0.1:{port}"
    if path == "/healthz":
        return [f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()]
    url = f"http://{host}{path}"
    found = []
    for i in range(count):
        params = plivo_hangup(MIX[i % len(MIX)], "+14155550100", str(uuid.uuid4()))
        body, headers = sign_plivo(url, params, PLIVO_TOKEN)
        lines = [f"POST {path} HTTP/1.1", f"Host: {host}", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        found.append(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    return found


async def connection(port: int, prepared: list[bytes], offset: int, deadline: float) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    done = 0
    try:
        while time.monotonic() < deadline:
            writer.write(prepared[(offset + done) % len(prepared)])
            head = await reader.readuntil(b"\r\n\r\n")
            if head[9:12] != b"200":
                raise RuntimeError(f"answered {head[:40]!r}")
            length = _LENGTH.search(head)
            await reader.readexactly(int(length.group(1)) if length else 0)
            done += 1
    finally:
        writer.close()
    return done


def client(port: int, path: str, seconds: float, connections: int, ready, go, results) -> None:
    """`connections` keep-alive connections in one process; puts its count in `results`."""
    prepared = requests_for(port, path, PREPARED)
    share = len(prepared) // connections or 1

    async def main() -> int:
        deadline = time.monotonic() + seconds
        counts = await asyncio.gather(
            *(connection(port, prepared, i * share, deadline) for i in range(connections))
        )
        return sum(counts)

    ready.put(1)
    go.wait()
    results.put(asyncio.run(main()))


def load(port: int, path: str, seconds: float, processes: int, connections: int) -> float:
    """Callbacks (or bare requests) per second, clocked from when every client is ready."""
    results: multiprocessing.Queue = multiprocessing.Queue()
    ready: multiprocessing.Queue = multiprocessing.Queue()
    go = multiprocessing.Event()
    workers = [
        multiprocessing.Process(
            target=client, args=(port, path, seconds, connections, ready, go, results)
        )
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.get(timeout=300)
    go.set()
    total = sum(results.get(timeout=seconds + 120) for _ in workers)
    for worker in workers:
        worker.join()
    return total / seconds


def run(
    database: str, label: str, opts: argparse.Namespace, slack: FakeSlack, workers: str
) -> tuple[float, float]:
    server = LiveServer(
        {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.api_url,
            "ALERT_CHANNEL": "CBENCH01",
            "PLIVO_AUTH_TOKEN": PLIVO_TOKEN,
            "DATABASE_URL": database,
            "WEB_CONCURRENCY": workers,
        }
    ).start()
    try:
        shape = (opts.seconds, opts.processes, opts.connections)
        hooks = load(server.port, "/webhooks/plivo", *shape)
        bare = load(server.port, "/healthz", *shape)
    finally:
        server.stop()
    print(
        f"{label:<16} callbacks {hooks:8.0f}/s   bare route {bare:8.0f}/s   "
        f"ratio {hooks / bare:.0%}",
        flush=True,
    )
    return hooks, bare


def fresh_postgres(url: str) -> None:
    from sqlalchemy import create_engine

    from hangup_bot.store.database import database_url
    from hangup_bot.store.migrate import drop_everything

    engine = create_engine(database_url(url))
    drop_everything(engine)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32, help="per client process")
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--runs", type=int, default=1)
    opts = parser.parse_args()
    slack = FakeSlack().start()
    results: dict[str, list[tuple[float, float]]] = {}
    try:
        for _ in range(opts.runs):
            with tempfile.TemporaryDirectory() as tmp:
                database = f"sqlite:///{tmp}/bench.sqlite3"
                results.setdefault("SQLite", []).append(run(database, "SQLite", opts, slack, "1"))
            for workers in ("1", "2") if opts.postgres else ():
                fresh_postgres(opts.postgres)
                label = f"PostgreSQL x{workers}"
                results.setdefault(label, []).append(
                    run(opts.postgres, label, opts, slack, workers)
                )
    finally:
        slack.stop()
    print(f"medians of {opts.runs} run(s):")
    for label, found in results.items():
        hooks = statistics.median(h for h, _ in found)
        ratio = statistics.median(h / b for h, b in found)
        print(f"{label:<16} callbacks {hooks:8.0f}/s   ratio to the bare route {ratio:.0%}")
    if "PostgreSQL x1" in results:  # each run's 2-worker figure over its own 1-worker one
        pairs = zip(results["PostgreSQL x2"], results["PostgreSQL x1"], strict=True)
        each = [two / one for (two, _), (one, _) in pairs]
        print(
            f"PostgreSQL scale-out: 2 workers {statistics.median(each):.2f}x 1 worker "
            f"(each run: {', '.join(f'{r:.2f}x' for r in each)})"
        )


if __name__ == "__main__":
    main()
