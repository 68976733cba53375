"""Sustained signed Plivo hangup callbacks per second with durable storage, next to a bare
route on the same server in the same run, on SQLite and (when reachable) PostgreSQL.

    python -m bench.webhooks [--seconds 10] [--clients 8] [--postgres URL] [--runs 3]

The server starts as the Procfile does: one worker on SQLite (one writer at a time), and on
PostgreSQL with 1 and then 2 workers, to show how intake scales out; each figure sits beside
the bare route measured on the same server in the same run. With `--runs N` every line is
measured N times and the medians are printed at the end. Each client process keeps one connection
open and sends pre-signed callbacks as fast as they are answered: 85% normal hangups, 10% busy
or no answer, 5% spam blocks (which open and update an alert through a fake Slack).
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
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
PREPARED = 6000  # distinct signed callbacks per client: more than one sends in a run


def client(port: int, path: str, seconds: float, ready, go, results) -> None:
    """One keep-alive connection sending for `seconds` once every client is ready; puts its
    count in `results`."""
    url = f"http://127.0.0.1:{port}{path}"
    prepared = []
    if path != "/healthz":
        for i in range(PREPARED):
            params = plivo_hangup(MIX[i % len(MIX)], "+14155550100", str(uuid.uuid4()))
            prepared.append(sign_plivo(url, params, PLIVO_TOKEN))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    ready.put(1)
    go.wait()
    done, deadline = 0, time.time() + seconds
    while time.time() < deadline:
        if prepared:
            body, headers = prepared[done % len(prepared)]
            connection.request("POST", path, body=body, headers=headers)
        else:
            connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        done += 1
    results.put(done)


def load(port: int, path: str, seconds: float, clients: int) -> float:
    """Callbacks (or bare requests) per second, clocked from when every client is ready."""
    results: multiprocessing.Queue = multiprocessing.Queue()
    ready: multiprocessing.Queue = multiprocessing.Queue()
    go = multiprocessing.Event()
    workers = [
        multiprocessing.Process(target=client, args=(port, path, seconds, ready, go, results))
        for _ in range(clients)
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
    database: str, label: str, seconds: float, clients: int, slack: FakeSlack, workers: str
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
        hooks = load(server.port, "/webhooks/plivo", seconds, clients)
        bare = load(server.port, "/healthz", seconds, clients)
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
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--runs", type=int, default=1)
    opts = parser.parse_args()
    slack = FakeSlack().start()
    results: dict[str, list[tuple[float, float]]] = {}
    try:
        for _ in range(opts.runs):
            with tempfile.TemporaryDirectory() as tmp:
                database = f"sqlite:///{tmp}/bench.sqlite3"
                results.setdefault("SQLite", []).append(
                    run(database, "SQLite", opts.seconds, opts.clients, slack, "1")
                )
            for workers in ("1", "2") if opts.postgres else ():
                fresh_postgres(opts.postgres)
                label = f"PostgreSQL x{workers}"
                results.setdefault(label, []).append(
                    run(opts.postgres, label, opts.seconds, opts.clients, slack, workers)
                )
    finally:
        slack.stop()
    print(f"medians of {opts.runs} run(s):")
    for label, found in results.items():
        hooks = statistics.median(h for h, _ in found)
        ratio = statistics.median(h / b for h, b in found)
        print(f"{label:<16} callbacks {hooks:8.0f}/s   ratio to the bare route {ratio:.0%}")
    if "PostgreSQL x1" in results:
        one = statistics.median(h for h, _ in results["PostgreSQL x1"])
        two = statistics.median(h for h, _ in results["PostgreSQL x2"])
        print(f"PostgreSQL scale-out: 2 workers {two / one:.2f}x 1 worker")


if __name__ == "__main__":
    main()
