"""Events, per-minute tallies and incidents in the database. Every function runs inside the
caller's transaction, so an event, its incident change and its outbox row commit together."""

from __future__ import annotations

import json
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
    "incident_key",
    "received_at",
)


def existing_keys(db: Connection, keys: list[str]) -> set[str]:
    """Which of these dedupe keys are stored already (a redelivered callback)."""
    names = {f"k{i}": key[:300] for i, key in enumerate(keys)}
    found = raw(
        db,
        "SELECT dedupe_key FROM events WHERE dedupe_key IN ("
        + ", ".join(f":{n}" for n in names)
        + ")",
        names,
    )
    return {r[0] for r in found}


def add_events(db: Connection, batch: list[tuple[HangupEvent, str | None]], now: float) -> None:
    """Store new events with their incident keys, in one statement."""
    rows = [
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
            "incident_key": key,
            "received_at": now,
        }
        for e, key in batch
    ]
    raw(
        db,
        f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ("
        + ", ".join(f":{c}" for c in EVENT_COLUMNS)
        + ")",
        rows,
    )


def add_tallies(db: Connection, counts: dict[str, int], now: float) -> None:
    """Add to the per-minute counts of each scope (`p:<provider>`, `k:<incident key>`)."""
    minute, mine = int(now // 60), shard()
    for scope, count in sorted(counts.items()):  # a fixed order: no deadlock between processes
        params = {"scope": scope[:320], "minute": minute, "shard": mine, "n": count}
        if raw(
            db,
            "UPDATE tallies SET count = count + :n WHERE scope = :scope AND "
            "minute = :minute AND shard = :shard",
            params,
        ).rowcount:
            continue
        try:
            with db.begin_nested():
                db.execute(
                    insert(tallies).values(
                        scope=scope[:320], minute=minute, shard=mine, count=count
                    )
                )
        except IntegrityError:  # another thread of this process inserted it first
            raw(
                db,
                "UPDATE tallies SET count = count + :n WHERE scope = :scope AND "
                "minute = :minute AND shard = :shard",
                params,
            )


def window_counts(db: Connection, key: str, provider: str, since: float) -> tuple[int, int]:
    """Events of this incident key and of the provider since `since` (whole minutes)."""
    sql = "SELECT COALESCE(SUM(count), 0) FROM tallies WHERE scope = :scope AND minute >= :minute"
    minute = int(since // 60)
    count = raw(db, sql, {"scope": f"k:{key}"[:320], "minute": minute}).scalar_one()
    total = raw(db, sql, {"scope": f"p:{provider}"[:320], "minute": minute}).scalar_one()
    return int(count), int(total)


def first_seen(db: Connection, key: str, since: float) -> float | None:
    """When the first event of this incident key within the window came."""
    return raw(
        db,
        "SELECT MIN(received_at) FROM events WHERE incident_key = :key AND received_at >= :since",
        {"key": key, "since": since},
    ).scalar()


def open_incident(db: Connection, key: str, lock: bool) -> dict[str, Any] | None:
    sql = "SELECT * FROM incidents WHERE key = :key AND status = 'open'"
    row = raw(db, sql + (" FOR UPDATE" if lock else ""), {"key": key}).mappings().first()
    return dict(row) if row else None


def affected_number(event: HangupEvent) -> str | None:
    """Our side's number: the caller ID of an outbound call, the called number of an inbound."""
    return event.to_number if event.direction == "inbound" else event.from_number


def _bounded(items: list[str], new: str | None, limit: int) -> list[str]:
    if new and new not in items:
        items = [*items, new][-limit:]
    return items


def bump(
    db: Connection, incident: dict[str, Any], batch: list[HangupEvent], now: float, samples: int
) -> None:
    """Count a batch of events into an open incident."""
    providers = json.loads(incident["providers"])
    calls, numbers = json.loads(incident["samples"]), json.loads(incident["numbers"])
    for event in batch:
        code = f"{event.provider}:{event.code}"
        providers[code] = providers.get(code, 0) + 1
        calls = _bounded(calls, event.call_id, samples)
        numbers = _bounded(numbers, affected_number(event), samples)
    raw(
        db,
        "UPDATE incidents SET count = count + :n, last_seen = :now, dirty = :dirty, "
        "providers = :providers, samples = :samples, numbers = :numbers WHERE id = :id",
        {
            "n": len(batch),
            "now": now,
            "dirty": True,
            "providers": json.dumps(providers),
            "samples": json.dumps(calls),
            "numbers": json.dumps(numbers),
            "id": incident["id"],
        },
    )


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
