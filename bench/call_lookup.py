"""`hangup call ID` lookups over loopback against local fake provider APIs.

    python -m bench.call_lookup [--rounds N] [--delay 0.2]

Each fake waits `--delay` seconds before answering, like a distant API. Times, side by side:
an id only Bolna has, asked of Plivo, Vobiz and Bolna at once (what `hangup call` does) and in
turn (the baseline); a Plivo call found first time; one rate-limited twice, then found; and how
long a provider that never answers takes to be reported.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fakeproviders import (  # noqa: E402
    FakeProvider,
    bolna_execution,
    environment,
    plivo_busy_call,
)

from bench.stats import summary  # noqa: E402
from hangup_bot.answers.engine import Engine  # noqa: E402
from hangup_bot.calls.lookup import Lookup  # noqa: E402
from hangup_bot.calls.settings import CallSettings  # noqa: E402


def timed(action, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--delay", type=float, default=0.2)
    opts = parser.parse_args()
    fakes = {p: FakeProvider(p, slow_seconds=7.0).start() for p in ("plivo", "vobiz", "bolna")}
    for fake in fakes.values():
        fake.delay_seconds = opts.delay
    lookup = Lookup(CallSettings.from_env(environment(fakes)), Engine.load())
    try:
        at_bolna = str(uuid.uuid4())
        fakes["bolna"].calls[at_bolna] = bolna_execution(at_bolna)
        at_plivo = str(uuid.uuid4())
        fakes["plivo"].calls[at_plivo] = plivo_busy_call(at_plivo)

        def in_turn() -> None:
            for provider in ("plivo", "vobiz", "bolna"):
                if lookup.find(at_bolna, provider).found:
                    return

        def limited() -> None:
            fakes["plivo"].plan[at_plivo] = ["429", "429"]
            assert lookup.find(at_plivo, "plivo").found

        print(f"fake APIs answer after {opts.delay * 1000:.0f} ms; {opts.rounds} rounds each")
        rows = [
            ("id at Bolna, asked at once", lambda: lookup.find(at_bolna)),
            ("id at Bolna, asked in turn", in_turn),
            ("Plivo call, found", lambda: lookup.find(at_plivo, "plivo")),
            ("Plivo 429, 429, then 200", limited),
        ]
        for name, action in rows:
            print(f"{name:<30} {summary(timed(action, opts.rounds), 'ms', 1)}")
        slow = str(uuid.uuid4())
        fakes["plivo"].plan[slow] = ["slow"]
        start = time.perf_counter()
        outcome = lookup.find(slow, "plivo")
        took = time.perf_counter() - start
        said = outcome.message(lookup.settings)
        print(f"{'Plivo never answers':<30} reported in {took:.2f} s: {said}")
    finally:
        lookup.close()
        for fake in fakes.values():
            fake.stop()


if __name__ == "__main__":
    main()
