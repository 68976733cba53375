"""Events, per-minute tallies and incidents in the database. Every function runs inside the
caller's transaction, so an event, its incident change and its outbox row commit together."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from hangup_bot.events import HangupEvent
from hangup_bot.outbox_store import enqueue
from hangup_bot.tables import events, incidents, shard, tallies


def existing_keys(db: Connection, keys: list[str]) -> set[str]:
    """Which of these dedupe keys are stored already (a redelivered callback)."""
    found = db.execute(select(events.c.dedupe_key).where(events.c.dedupe_key.in_(keys)))
    return {r[0] for r in found}


def add_events(db: Connection, batch: list[tuple[HangupEvent, str | None]], now: float) -> None:
    """Store new events with their incident keys, in one statement."""
    db.execute(
        insert(events),
        [
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
        ],
    )


def add_tallies(db: Connection, counts: dict[str, int], now: float) -> None:
    """Add to the per-minute counts of each scope (`p:<provider>`, `k:<incident key>`)."""
    minute, mine = int(now // 60), shard()
    for scope, count in sorted(counts.items()):  # a fixed order: no deadlock between processes
        row = and_(
            tallies.c.scope == scope[:320], tallies.c.minute == minute, tallies.c.shard == mine
        )
        if db.execute(update(tallies).where(row).values(count=tallies.c.count + count)).rowcount:
            continue
        try:
            with db.begin_nested():
                db.execute(
                    insert(tallies).values(
                        scope=scope[:320], minute=minute, shard=mine, count=count
                    )
                )
        except IntegrityError:  # another thread of this process inserted it first
            db.execute(update(tallies).where(row).values(count=tallies.c.count + count))


def window_counts(
    db: Connection, key: str, provider: str, since: float
) -> tuple[int, int, float | None]:
    """Events of this incident key and of the provider since `since` (whole minutes), and
    when the key's first one came."""
    minute = int(since // 60)

    def tally(scope: str) -> int:
        return db.execute(
            select(func.coalesce(func.sum(tallies.c.count), 0)).where(
                tallies.c.scope == scope[:320], tallies.c.minute >= minute
            )
        ).scalar_one()

    first = db.execute(
        select(func.min(events.c.received_at)).where(
            events.c.incident_key == key, events.c.received_at >= since
        )
    ).scalar()
    return tally(f"k:{key}"), tally(f"p:{provider}"), first


def open_incident(db: Connection, key: str, lock: bool) -> dict[str, Any] | None:
    query = select(incidents).where(incidents.c.key == key, incidents.c.status == "open")
    row = db.execute(query.with_for_update() if lock else query).first()
    return dict(row._mapping) if row else None


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
    db.execute(
        update(incidents)
        .where(incidents.c.id == incident["id"])
        .values(
            count=incidents.c.count + len(batch),
            last_seen=now,
            dirty=True,
            providers=json.dumps(providers),
            samples=json.dumps(calls),
            numbers=json.dumps(numbers),
        )
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
