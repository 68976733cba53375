"""Slash-command round trip over loopback, signed as Slack signs it, next to a bare route.

    python -m bench.slack_roundtrip [--requests 2000]

Starts the server exactly as the Procfile does (with a local fake Slack Web API), then times
`POST /slack/events` carrying `/hangup 6020` and `GET /healthz` on one kept-alive connection
each, in the same run. Prints median and p99 of both and their ratio.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fakeslack import FakeSlack  # noqa: E402
from liveserver import SECRET, TOKEN, LiveServer, command_body, slack_headers  # noqa: E402

from bench.stats import percentile, summary  # noqa: E402


def timed(
    connection: http.client.HTTPConnection,
    method: str,
    path: str,
    body: bytes | None,
    headers: dict[str, str],
) -> float:
    start = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200:
        raise RuntimeError(f"{method} {path} answered {response.status}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    opts = parser.parse_args()
    fake = FakeSlack().start()
    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(
            {
                "SLACK_BOT_TOKEN": TOKEN,
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": fake.api_url,
                "WEB_CONCURRENCY": "1",
                "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            }
        ).start()
        try:
            slash = http.client.HTTPConnection("127.0.0.1", server.port)
            bare = http.client.HTTPConnection("127.0.0.1", server.port)
            body = command_body("6020", fake.response_url())
            runs: dict[str, list[float]] = {"slash command": [], "bare route": []}
            for i in range(opts.requests + 100):
                headers = slack_headers(body)  # signed per request, as Slack does
                a = timed(slash, "POST", "/slack/events", body, headers)
                b = timed(bare, "GET", "/healthz", None, {})
                if i >= 100:  # warm-up
                    runs["slash command"].append(a)
                    runs["bare route"].append(b)
        finally:
            server.stop()
            fake.stop()
    for name, values in runs.items():
        print(f"{name:<14} n={len(values)}  {summary(values, digits=2)}")
    ratio_median = statistics.median(runs["slash command"]) / statistics.median(runs["bare route"])
    ratio_p99 = percentile(runs["slash command"], 0.99) / percentile(runs["bare route"], 0.99)
    print(f"ratio slash/bare: median {ratio_median:.2f}x  p99 {ratio_p99:.2f}x")


if __name__ == "__main__":
    main()
