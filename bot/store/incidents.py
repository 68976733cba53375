"""Events, per-minute tallies and incidents in the database. Every function runs inside the
caller's transaction, so an event, its incident change and its outbox row commit together."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from hangup_bot.knowledge.events import HangupEvent
from hangup_bot.store.outbox import enqueue
from hangup_bot.store.sql import raw
from hangup_bot.store.tables import events, incidents, shard, tallies

EVENT_COLUMNS = (
    "dedupe_key",
    "provider",
    "code",
    "call_id",
    "cause",
    "source",
    "direction",
    "from_number",
    "to_number",
    "duration",
    "account",
    "incident_key",
    "received_at",
)


def add_new_events(
    db: Connection, batch: list[tuple[HangupEvent, str | None, str | None]], now: float
) -> set[str]:
    """Store the events not stored yet, with their incident keys and accounts, in one
    statement; the dedupe keys it stored (a redelivered callback's is not among them)."""
    rows = _rows(batch, now)
    values = ", ".join(
        "(" + ", ".join(f":{c}{i}" for c in EVENT_COLUMNS) + ")" for i in range(len(rows))
    )
    params = {f"{c}{i}": row[c] for i, row in enumerate(rows) for c in EVENT_COLUMNS}
    found = raw(
        db,
        f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES {values} "
        "ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key",
        params,
    )
    return {r[0] for r in found}


def add_events(
    db: Connection, batch: list[tuple[HangupEvent, str | None, str | None]], now: float
) -> None:
    """Store new events with their incident keys and accounts, in one statement."""
    raw(
        db,
        f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ("
        + ", ".join(f":{c}" for c in EVENT_COLUMNS)
        + ")",
        _rows(batch, now),
    )


def _rows(
    batch: list[tuple[HangupEvent, str | None, str | None]], now: float
) -> list[dict[str, Any]]:
    return [
        {
            "dedupe_key": e.dedupe_key[:300],
            "provider": e.provider,
            "code": e.code[:200],
            "call_id": e.call_id[:200],
            "cause": (e.cause or "")[:200] or None,
            "source": e.source,
            "direction": e.direction,
            "from_number": e.from_number,
            "to_number": e.to_number,
            "duration": e.duration,
            "account": account[:80] if account else None,
            "incident_key": key,
            "received_at": now,
        }
        for e, key, account in batch
    ]


def add_tallies(db: Connection, counts: dict[str, int], now: float) -> None:
    """Add to the per-minute counts of each scope (`p:<provider>`, `k:<incident key>`), in one
    upsert for the whole batch (SQLite and PostgreSQL share the syntax)."""
    minute, mine = int(now // 60), shard()
    rows = [  # a fixed order: no deadlock between processes
        {"scope": scope[:320], "minute": minute, "shard": mine, "n": count}
        for scope, count in sorted(counts.items())
    ]
    raw(
        db,
        "INSERT INTO tallies (scope, minute, shard, count) VALUES (:scope, :minute, :shard, :n) "
        "ON CONFLICT (scope, minute, shard) DO UPDATE SET count = tallies.count + excluded.count",
        rows,
    )


def window_counts(db: Connection, key: str, provider: str, since: float) -> tuple[int, int]:
    """Events of this incident key and of the provider since `since` (whole minutes)."""
    found = raw(
        db,
        "SELECT COALESCE(SUM(CASE WHEN scope = :key THEN count END), 0), "
        "COALESCE(SUM(CASE WHEN scope = :provider THEN count END), 0) FROM tallies "
        "WHERE scope IN (:key, :provider) AND minute >= :minute",
        {"key": f"k:{key}"[:320], "provider": f"p:{provider}"[:320], "minute": int(since // 60)},
    ).one()
    return int(found[0]), int(found[1])


def first_seen(db: Connection, key: str, since: float) -> float | None:
    """When the first event of this incident key within the window came."""
    return raw(
        db,
        "SELECT MIN(received_at) FROM events WHERE incident_key = :key AND received_at >= :since",
        {"key": key, "since": since},
    ).scalar()


def counts_since(
    db: Connection, key: str, since: float, until: float
) -> tuple[int, dict[str, int]]:
    """The calls of this incident key in [since, until], by provider code, and the calls of the
    same providers over the same time: the seed of a new incident's running count and total."""
    codes = {
        f"{provider}:{code}": int(n)
        for provider, code, n in raw(
            db,
            "SELECT provider, code, COUNT(*) FROM events WHERE incident_key = :key AND "
            "received_at >= :since AND received_at <= :until GROUP BY provider, code",
            {"key": key, "since": since, "until": until},
        )
    }
    providers = sorted({c.split(":", 1)[0] for c in codes})
    names = {f"p{i}": p for i, p in enumerate(providers)}
    if not names:
        return 0, codes
    total = raw(
        db,
        "SELECT COUNT(*) FROM events WHERE received_at >= :since AND received_at <= :until "
        "AND provider IN (" + ", ".join(f":{n}" for n in names) + ")",
        {"since": since, "until": until, **names},
    ).scalar_one()
    return int(total), codes


def open_keys(db: Connection, keys: list[str]) -> set[str]:
    """Which of these incident keys have an open incident (one query for a batch)."""
    names = {f"k{i}": key for i, key in enumerate(keys)}
    found = raw(
        db,
        "SELECT key FROM incidents WHERE status = 'open' AND key IN ("
        + ", ".join(f":{n}" for n in names)
        + ")",
        names,
    )
    return {r[0] for r in found}


def latest_received(db: Connection, key: str) -> float | None:
    """When the newest event of this incident key arrived (an index seek)."""
    return raw(
        db, "SELECT MAX(received_at) FROM events WHERE incident_key = :key", {"key": key}
    ).scalar()


def open_new(db: Connection, values: dict[str, Any]) -> int | None:
    """Insert an open incident and its first message; None if another process won the race."""
    try:
        with db.begin_nested():
            incident_id = db.execute(insert(incidents).values(**values)).inserted_primary_key[0]
    except IntegrityError:
        return None
    enqueue(db, incident_id, "post", values["channel"], values["first_seen"])
    return incident_id


def incident(db: Connection, incident_id: int) -> dict[str, Any] | None:
    row = db.execute(select(incidents).where(incidents.c.id == incident_id)).first()
    return dict(row._mapping) if row else None


def open_incidents(db: Connection) -> list[dict[str, Any]]:
    rows = db.execute(
        select(incidents).where(incidents.c.status == "open").order_by(incidents.c.first_seen)
    )
    return [dict(r._mapping) for r in rows]


def transition(
    db: Connection, incident_id: int, expect: dict[str, Any], values: dict[str, Any]
) -> bool:
    """Change an incident only if it still has the `expect`ed values (one process wins)."""
    conditions = [incidents.c.id == incident_id]
    for column, value in expect.items():
        col = incidents.c[column]
        conditions.append(col.is_(None) if value is None else col == value)
    return db.execute(update(incidents).where(and_(*conditions)).values(**values)).rowcount == 1


def purge(db: Connection, events_before: float, tallies_before: float) -> None:
    """Drop events older than the retention (their redeliveries are long over) and tallies
    older than any window."""
    db.execute(delete(events).where(events.c.received_at < events_before))
    db.execute(delete(tallies).where(tallies.c.minute < int(tallies_before // 60)))
