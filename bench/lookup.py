"""Time lookups in-process (exact codes, plain words) and `hangup 6020` as a whole command.

    python -m bench.lookup [--rounds N]

Prints median and p99 per kind. Not a test: figures go in the closing note and the CHANGELOG.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.stats import summary
from hangup_bot.answers.engine import Engine

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
DEV_SET = EVAL / "dev_queries.jsonl"
REAL_SET = EVAL / "real_dev.jsonl"
FALLBACK_WORDS = [
    "customers say the line goes dead after about a minute of silence",
    "spam likely showing on customer phones and calls getting blocked",
    "calls always end at exactly 10 mins no matter what",
    "which code is the too many calls at once one",
    "bhai saare calls drop ho rahe hai after 30 seconds",
]


def timed(engine: Engine, queries: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            engine.answer(query)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def timed_ranker(rank, queries: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            rank(query)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float], unit: str = "ms") -> None:
    print(f"{name:<28} n={len(samples):>6}  {summary(samples, unit)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--wall-runs", type=int, default=30)
    opts = parser.parse_args()
    start = time.perf_counter()
    engine = Engine.load()
    print(
        f"catalog: {len(engine.catalog)} entries, engine built in "
        f"{(time.perf_counter() - start) * 1000:.1f} ms"
    )
    exact = [
        f"{e.provider} {e.code}" if " " not in e.code else f'{e.provider} "{e.code}"'
        for e in engine.catalog.entries.values()
    ]
    if DEV_SET.exists():
        words = [json.loads(line)["query"] for line in DEV_SET.read_text().splitlines() if line]
    else:
        words = FALLBACK_WORDS
    real = (
        [json.loads(line)["query"] for line in REAL_SET.read_text().splitlines() if line]
        if (REAL_SET.exists())
        else FALLBACK_WORDS
    )
    engine.answer("warm up")
    report("exact code lookup", timed(engine, exact, opts.rounds))
    report("plain-words query", timed(engine, words, opts.rounds))
    report("real question (long)", timed(engine, real, opts.rounds))
    try:  # the textbook baseline over the same catalog, in the same run
        from hangup_bot.answers.evaluation import bm25_baseline

        bm25 = bm25_baseline(engine.catalog)
        report("bm25 baseline, real", timed_ranker(bm25, real, opts.rounds))
    except ImportError:
        print("(bm25 baseline skipped: pip install rank-bm25)")
    hangup = shutil.which("hangup", path=str(Path(sys.executable).parent)) or "hangup"
    wall = []
    for _ in range(opts.wall_runs):
        start = time.perf_counter()
        subprocess.run([hangup, "6020"], capture_output=True, check=True)
        wall.append(time.perf_counter() - start)
    report("`hangup 6020` wall", wall, "s")


if __name__ == "__main__":
    main()
