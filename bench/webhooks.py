"""Sustained signed Plivo hangup callbacks per second with durable storage, next to a bare
route on the same server in the same run, on SQLite and (when reachable) PostgreSQL.

    python -m bench.webhooks [--seconds 10] [--clients 8] [--postgres URL]

The server starts as the Procfile does (2 workers). Each client process keeps one connection
open and sends pre-signed callbacks as fast as they are answered: 85% normal hangups, 10% busy
or no answer, 5% spam blocks (which open and update an alert through a fake Slack).
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
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


def client(port: int, path: str, seconds: float, start_at: float, results) -> None:
    """One keep-alive connection sending for `seconds`; puts its count in `results`."""
    url = f"http://127.0.0.1:{port}{path}"
    prepared = []
    if path != "/healthz":
        for i in range(20000):
            params = plivo_hangup(MIX[i % len(MIX)], "+14155550100", str(uuid.uuid4()))
            prepared.append(sign_plivo(url, params, PLIVO_TOKEN))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.time() < start_at:
        time.sleep(0.001)
    done, deadline = 0, start_at + seconds
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
    results: multiprocessing.Queue = multiprocessing.Queue()
    start_at = time.time() + 3 + clients * 0.3  # time to pre-sign before the clock starts
    workers = [
        multiprocessing.Process(target=client, args=(port, path, seconds, start_at, results))
        for _ in range(clients)
    ]
    for worker in workers:
        worker.start()
    total = sum(results.get(timeout=seconds + 120) for _ in workers)
    for worker in workers:
        worker.join()
    return total / seconds


def run(database: str, label: str, seconds: float, clients: int, slack: FakeSlack) -> None:
    server = LiveServer(
        {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.api_url,
            "ALERT_CHANNEL": "CBENCH01",
            "PLIVO_AUTH_TOKEN": PLIVO_TOKEN,
            "DATABASE_URL": database,
            "WEB_CONCURRENCY": os.environ.get(
                "BENCH_WORKERS", "1" if database.startswith("sqlite") else "2"
            ),
        }
    ).start()
    try:
        hooks = load(server.port, "/webhooks/plivo", seconds, clients)
        bare = load(server.port, "/healthz", seconds, clients)
    finally:
        server.stop()
    print(
        f"{label:<11} callbacks {hooks:8.0f}/s   bare route {bare:8.0f}/s   "
        f"ratio {hooks / bare:.0%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    opts = parser.parse_args()
    slack = FakeSlack().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{tmp}/bench.sqlite3", "SQLite", opts.seconds, opts.clients, slack)
        if opts.postgres:
            from sqlalchemy import create_engine

            from hangup_bot.store.database import database_url
            from hangup_bot.store.migrate import drop_everything

            engine = create_engine(database_url(opts.postgres))
            drop_everything(engine)
            engine.dispose()
            run(opts.postgres, "PostgreSQL", opts.seconds, opts.clients, slack)
    finally:
        slack.stop()


if __name__ == "__main__":
    main()
