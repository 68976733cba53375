"""The outbox: Slack messages waiting to be sent, claimed by one sender at a time, and the
per-channel pacing that keeps every process under Slack's one message a second."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from hangup_bot.store.tables import outbox, pacing


def enqueue(
    db: Connection, incident_id: int, kind: str, channel: str, now: float, text: str | None = None
) -> None:
    db.execute(
        insert(outbox).values(
            incident_id=incident_id,
            kind=kind,
            channel=channel,
            text=text,
            created_at=now,
            next_attempt_at=now,
            attempts=0,
        )
    )


def note(db: Connection, incident_id: int, channel: str, now: float, text: str) -> None:
    """A reply in the alert's thread (resolved, still firing, acknowledged)."""
    enqueue(db, incident_id, "thread", channel, now, text)


def claim_outbox(
    db: Connection, worker: str, now: float, lease: float, limit: int, skip_locked: bool
) -> list[dict[str, Any]]:
    """Take up to `limit` due outbox rows for this worker, oldest first, and only the oldest
    pending row of each channel: a row waiting out a 429 or a backoff holds back the rows
    after it in its channel, so each channel receives its messages in order."""
    earlier = outbox.alias("earlier")
    blocked = (
        select(earlier.c.id)
        .where(
            earlier.c.channel == outbox.c.channel,
            earlier.c.done_at.is_(None),
            earlier.c.id < outbox.c.id,
        )
        .exists()
    )
    due = (
        select(outbox.c.id)
        .where(
            outbox.c.done_at.is_(None),
            outbox.c.next_attempt_at <= now,
            or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < now),
            ~blocked,
        )
        .order_by(outbox.c.id)
        .limit(limit)
    )
    if skip_locked:
        due = due.with_for_update(skip_locked=True)
    ids = [r[0] for r in db.execute(due)]
    if not ids:
        return []
    db.execute(
        update(outbox)
        .where(outbox.c.id.in_(ids))
        .values(claimed_by=worker, claimed_until=now + lease)
    )
    rows = db.execute(select(outbox).where(outbox.c.id.in_(ids)).order_by(outbox.c.id))
    return [dict(r._mapping) for r in rows]


def renew(db: Connection, row_id: int, worker: str, until: float) -> bool:
    """Extend this worker's claim on a row; False if the claim lapsed and another took it."""
    return (
        db.execute(
            update(outbox)
            .where(outbox.c.id == row_id, outbox.c.claimed_by == worker, outbox.c.done_at.is_(None))
            .values(claimed_until=until)
        ).rowcount
        == 1
    )


def finish(db: Connection, row_id: int, now: float, error: str | None = None) -> None:
    db.execute(
        update(outbox)
        .where(outbox.c.id == row_id)
        .values(done_at=now, claimed_until=None, error=error[:300] if error else None)
    )


def retry_later(db: Connection, row_id: int, at: float, error: str | None = None) -> None:
    db.execute(
        update(outbox)
        .where(outbox.c.id == row_id)
        .values(next_attempt_at=at, claimed_until=None, error=error[:300] if error else None)
    )


def attempted(db: Connection, row_id: int) -> None:
    """Record an attempt before calling Slack: after a crash we know to look before reposting."""
    db.execute(update(outbox).where(outbox.c.id == row_id).values(attempts=outbox.c.attempts + 1))


def pending_depth(db: Connection) -> int:
    return db.execute(
        select(func.count()).select_from(outbox).where(outbox.c.done_at.is_(None))
    ).scalar_one()


def supersede_updates(db: Connection, incident_id: int, keep: int, now: float) -> None:
    """One chat.update shows the latest state, so other pending updates of it are done."""
    db.execute(
        update(outbox)
        .where(
            outbox.c.incident_id == incident_id,
            outbox.c.kind == "update",
            outbox.c.done_at.is_(None),
            outbox.c.id != keep,
        )
        .values(done_at=now)
    )


def take_slot(db: Connection, channel: str, now: float, gap: float) -> bool:
    """One message per `gap` seconds per channel, across every process."""
    taken = db.execute(
        update(pacing)
        .where(pacing.c.channel == channel, pacing.c.next_at <= now)
        .values(next_at=now + gap)
    ).rowcount
    if taken:
        return True
    if db.execute(select(pacing.c.next_at).where(pacing.c.channel == channel)).first():
        return False
    try:
        with db.begin_nested():
            db.execute(insert(pacing).values(channel=channel, next_at=now + gap))
    except IntegrityError:
        return False
    return True


def pause_channel(db: Connection, channel: str, until: float) -> None:
    """After a 429, no message to this channel before `until` (Slack's Retry-After)."""
    db.execute(
        update(pacing)
        .where(pacing.c.channel == channel, pacing.c.next_at < until)
        .values(next_at=until)
    )
