"""Small helpers the benchmarks share."""

from __future__ import annotations

import statistics


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(values: list[float], unit: str = "ms", digits: int = 3) -> str:
    """`median X unit  p99 Y unit` for one series of timings."""
    return (
        f"median {statistics.median(values):.{digits}f} {unit}  "
        f"p99 {percentile(values, 0.99):.{digits}f} {unit}"
    )
