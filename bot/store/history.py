"""Stored events counted for reports: one row per bar, provider, code, who hung up and whether
the call was answered, for a period and the one before it, in one grouped query."""

from __future__ import annotations

from sqlalchemy import Connection

from hangup_bot.store.sql import raw

_COUNTS = """
SELECT {slot} AS slot, provider, code, source,
       CASE WHEN duration IS NULL THEN NULL WHEN duration > 0 THEN 1 ELSE 0 END AS answered,
       COUNT(*)
FROM events
WHERE received_at >= :before AND received_at < :end {provider}
GROUP BY slot, provider, code, source, answered
"""


def counted(
    db: Connection, start: float, end: float, bucket: int, provider: str | None = None
) -> list[tuple[int, str, str, str | None, bool | None, int]]:
    """Calls of [start, end) and of the period of the same length before it, counted per bar
    (`bucket` seconds): bar 0 is the first of [start, end), the previous period's are negative."""
    length = end - start
    bars = int(length // bucket)
    params = {"before": start - length, "end": end, "bucket": bucket}
    slot = "(received_at - :before) / :bucket"  # never negative: truncating is flooring
    slot = (
        f"CAST(FLOOR({slot}) AS INTEGER)"
        if db.dialect.name == "postgresql"
        else f"CAST({slot} AS INTEGER)"
    )
    sql = _COUNTS.format(slot=slot, provider="AND provider = :provider" if provider else "")
    if provider:
        params["provider"] = provider
    return [
        (int(slot) - bars, p, code, source, None if ok is None else bool(ok), int(n))
        for slot, p, code, source, ok, n in raw(db, sql, params)
    ]


def providers_seen(db: Connection) -> list[str]:
    return [r[0] for r in raw(db, "SELECT DISTINCT provider FROM events ORDER BY provider")]
