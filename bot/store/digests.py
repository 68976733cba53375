"""Claims on scheduled digests: one process (of any machine) posts each period's digest.

A claim is a row per period: the first insert wins; a claim whose holder did not finish in
time (it crashed) may be taken over; a finished one never again. Rows are one per period, so
they are kept (a weekly digest's claim must outlive the claims table's one-day memory)."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from hangup_bot.store.database import Store
from hangup_bot.store.sql import raw
from hangup_bot.store.tables import digests


def claim(store: Store, key: str, due_at: float, worker: str, now: float, lease: float) -> bool:
    """True when this worker is now the one to post the digest `key`."""
    try:
        with store.begin() as db:
            db.execute(
                insert(digests).values(
                    key=key[:200],
                    due_at=due_at,
                    claimed_by=worker[:80],
                    claimed_until=now + lease,
                    done_at=None,
                )
            )
        return True
    except IntegrityError:
        pass
    with store.begin() as db:
        taken = raw(
            db,
            "UPDATE digests SET claimed_by = :worker, claimed_until = :until "
            "WHERE key = :key AND done_at IS NULL AND claimed_until < :now",
            {"worker": worker[:80], "until": now + lease, "key": key[:200], "now": now},
        )
        return taken.rowcount == 1


def finish(store: Store, key: str, now: float) -> None:
    with store.begin() as db:
        raw(db, "UPDATE digests SET done_at = :now WHERE key = :key", {"now": now, "key": key})


def retry_after(store: Store, key: str, worker: str, at: float) -> None:
    """Give up the claim until `at` (a failed post), so any process may try again then."""
    with store.begin() as db:
        raw(
            db,
            "UPDATE digests SET claimed_until = :at WHERE key = :key AND claimed_by = :worker",
            {"at": at, "key": key, "worker": worker[:80]},
        )


def posted(store: Store) -> list[tuple[str, float | None]]:
    with store.begin() as db:
        return [(r[0], r[1]) for r in raw(db, "SELECT key, done_at FROM digests ORDER BY key")]
