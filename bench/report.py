"""The report's render time for 30 days of 100,000 stored events: the grouped query and the
figures, the chart, and side by side the floor under the chart (an empty figure of the same
size saved as PNG), on SQLite (and PostgreSQL with --postgres URL).

    python -m bench.report [--events 100000] [--runs 5] [--postgres URL] [--save docs/x.png]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hangup_bot.answers.engine import Engine
from hangup_bot.reports.chart import DPI, SIZE, render_png
from hangup_bot.reports.figures import SPANS
from hangup_bot.reports.stored import stored_report
from hangup_bot.store.database import Store
from hangup_bot.store.incidents import EVENT_COLUMNS
from hangup_bot.store.sql import raw

# A month of Plivo traffic; carrier failures (3090, 3110) triple after day 20 ("Tuesday's change")
MIX = [("4000", "Callee")] * 62 + [("3010", "Callee")] * 12 + [("3000", "Carrier")] * 10
MIX += [("3020", "Callee")] * 5 + [("6010", "Plivo")] * 3 + [("3130", "Carrier")] * 2
LATER = [("3090", "Carrier")] * 4 + [("3110", "Carrier")] * 2


def seed(store: Store, events: int, end: float) -> None:
    rng = random.Random(14)
    start = end - 30 * 86400
    rows = []
    for i in range(events):
        at = start + rng.random() * 30 * 86400
        mix = MIX + (LATER * 3 if at > start + 20 * 86400 else LATER)
        code, source = rng.choice(mix)
        rows.append(
            {
                "dedupe_key": f"plivo:bench-{i}:call",
                "provider": "plivo",
                "code": code,
                "call_id": f"bench-{i}",
                "cause": None,
                "source": source,
                "direction": "outbound",
                "from_number": None,
                "to_number": None,
                "duration": rng.randint(5, 400) if code == "4000" else 0,
                "incident_key": None,
                "received_at": at,
            }
        )
    sql = (
        f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ("
        + ", ".join(f":{c}" for c in EVENT_COLUMNS)
        + ")"
    )
    with store.begin() as db:
        for at in range(0, len(rows), 5000):
            raw(db, sql, rows[at : at + 5000])


def empty_png() -> bytes:
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
    figure.subplots()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def timed(work, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - began) * 1000)
    return times, result


def first_import_ms() -> float:
    code = "import time; t=time.perf_counter(); import matplotlib; matplotlib.use('Agg'); "
    code += "from matplotlib.figure import Figure; print((time.perf_counter()-t)*1000)"
    return float(subprocess.check_output([sys.executable, "-c", code], text=True))


def bench(name: str, url: str, events: int, runs: int, save: Path | None) -> None:
    engine = Engine.load()
    store = Store(url)
    end = time.time()
    seed(store, events, end)
    span = SPANS["30d"]
    query, report = timed(lambda: stored_report(engine, store, span, end), runs)
    first, _ = timed(lambda: render_png(report), 1)  # fonts and caches load on first use
    chart, png = timed(lambda: render_png(report), runs)
    floor, _ = timed(empty_png, runs)
    total = [q + c for q, c in zip(query, chart, strict=True)]
    print(f"{name}: {report.calls:,} calls in the last 30 days, {len(png) // 1024} KB PNG")
    for label, values in (
        ("query + figures", query),
        ("first chart (PNG)", first),
        ("chart (PNG)", chart),
        ("report total", total),
        ("baseline: empty figure", floor),
    ):
        middle = statistics.median(values)
        print(f"  {label:<24} median {middle:8.1f} ms   max {max(values):8.1f} ms")
    if save:
        save.write_bytes(png)
        print(f"  chart saved to {save}")
    store.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres")
    parser.add_argument("--save", type=Path)
    opts = parser.parse_args()
    print(f"first import of matplotlib (a new process): {first_import_ms():.0f} ms")
    with tempfile.TemporaryDirectory() as folder:
        bench("SQLite", f"sqlite:///{folder}/bench.sqlite3", opts.events, opts.runs, opts.save)
    if opts.postgres:
        from sqlalchemy import create_engine

        from hangup_bot.store.database import database_url
        from hangup_bot.store.migrate import drop_everything

        drop_everything(create_engine(database_url(opts.postgres)))
        bench("PostgreSQL", opts.postgres, opts.events, opts.runs, None)


if __name__ == "__main__":
    main()
