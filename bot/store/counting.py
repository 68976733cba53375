"""The counters behind /metrics, kept bounded.

Each counter is one row per label set and shard. Label values can come from callers (a
provider's code, a Slack error), so a stream of made-up codes would otherwise add rows without
end: each counter name keeps at most `max_series` label sets, and a new one past that is
counted under "other" (provider and channel, which the configuration bounds, are kept). Once
an hour `compact` folds any excess (races, or rows written before the cap) the same way,
keeping every total.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict

from sqlalchemy import Connection

from hangup_bot.store.sql import raw
from hangup_bot.store.tables import shard

OTHER = "other"
KEPT_LABELS = frozenset({"provider", "channel"})  # bounded by configuration, never folded
FULL_FOR = 30.0  # seconds a counter found full is treated as full without asking again

_UPSERT = (
    "INSERT INTO counters (name, labels, shard, value) VALUES (:name, :labels, :shard, :by) "
    "ON CONFLICT (name, labels, shard) DO UPDATE SET value = counters.value + excluded.value"
)


def folded(labels: dict[str, str]) -> dict[str, str]:
    return {k: v if k in KEPT_LABELS else OTHER for k, v in labels.items()}


class Counters:
    def __init__(self, max_series: int = 1000):
        self.max_series = max_series
        self._known: set[tuple[str, str]] = set()  # label sets this process saw admitted
        self._full: dict[str, float] = {}  # counter name -> when it was found full

    def add(self, db: Connection, name: str, labels: dict[str, str], by: int = 1) -> None:
        """Add to a counter inside the caller's transaction (it commits with the event)."""
        self.add_many(db, name, [(labels, by)])

    def add_many(self, db: Connection, name: str, counts: list[tuple[dict[str, str], int]]) -> None:
        """Add to several label sets of one counter in one upsert, in a fixed order so that
        two processes never deadlock; a label set past the cap counts under "other"."""
        sums: dict[str, int] = defaultdict(int)
        for labels, by in counts:
            key = json.dumps(labels, sort_keys=True)
            if (name, key) not in self._known and not self._admits(db, name, key):
                key = json.dumps(folded(labels), sort_keys=True)
            sums[key] += by
        mine = shard()
        raw(
            db,
            _UPSERT,
            [
                {"name": name, "labels": k, "shard": mine, "by": by}
                for k, by in sorted(sums.items())
            ],
        )
        self._known.update((name, key) for key in sums)

    def _admits(self, db: Connection, name: str, key: str) -> bool:
        """Whether `key` is a label set of `name` already, or there is room for one more."""
        found = raw(
            db,
            "SELECT 1 FROM counters WHERE name = :name AND labels = :labels LIMIT 1",
            {"name": name, "labels": key},
        ).first()
        if found:
            return True
        if time.monotonic() - self._full.get(name, -FULL_FOR) < FULL_FOR:
            return False
        series = raw(
            db,
            "SELECT COUNT(DISTINCT labels) FROM counters WHERE name = :name",
            {"name": name},
        ).scalar()
        if series >= self.max_series:
            self._full[name] = time.monotonic()
            return False
        return True

    def totals(self, db: Connection) -> list[tuple[str, dict[str, str], int]]:
        rows = raw(
            db,
            "SELECT name, labels, SUM(value) FROM counters GROUP BY name, labels "
            "ORDER BY name, labels",
        )
        return [(name, json.loads(labels), int(value)) for name, labels, value in rows]

    def compact(self, db: Connection) -> int:
        """Fold the smallest label sets of every counter over the cap into "other", keeping
        the totals; returns how many label sets were folded."""
        by_name: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for name, labels, value in self.totals(db):
            by_name[name].append((json.dumps(labels, sort_keys=True), value))
        moved = 0
        for name, series in by_name.items():
            if len(series) <= self.max_series:
                continue
            series.sort(key=lambda s: (s[1], s[0]), reverse=True)
            targets = {json.dumps(folded(json.loads(k)), sort_keys=True) for k, _ in series}
            keep = max(self.max_series - len(targets), 0)
            sums: dict[str, int] = defaultdict(int)
            for key, value in series[keep:]:
                target = json.dumps(folded(json.loads(key)), sort_keys=True)
                if target == key:
                    continue
                raw(
                    db,
                    "DELETE FROM counters WHERE name = :n AND labels = :l",
                    {"n": name, "l": key},
                )
                sums[target] += value
                moved += 1
            for target, value in sums.items():
                self.add_exact(db, name, target, value)
        self._known.clear()
        return moved

    def add_exact(self, db: Connection, name: str, key: str, by: int) -> None:
        raw(db, _UPSERT, {"name": name, "labels": key, "shard": 0, "by": by})
