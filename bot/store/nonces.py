"""Signature nonces seen, with the request each came with: a nonce is good for one request
(and its exact redeliveries), in every process sharing the database."""

from __future__ import annotations

import time

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from hangup_bot.store.database import Store
from hangup_bot.store.tables import nonces

_purged = {"at": 0.0}
PURGE_EVERY = 600.0


def remember(store: Store, keys: list[str], fingerprint: str, now: float, keep: float) -> bool:
    """Record `keys` as seen with `fingerprint`; False when one was seen before with another
    request. Nonces older than `keep` seconds are forgotten now and then."""
    fresh = True
    with store.begin() as db:
        for key in keys:
            try:
                with db.begin_nested():
                    db.execute(
                        insert(nonces).values(nonce=key[:80], fingerprint=fingerprint, seen_at=now)
                    )
            except IntegrityError:
                seen = db.execute(
                    select(nonces.c.fingerprint).where(nonces.c.nonce == key[:80])
                ).scalar()
                fresh = fresh and seen == fingerprint
        if time.monotonic() - _purged["at"] > PURGE_EVERY:
            _purged["at"] = time.monotonic()
            db.execute(delete(nonces).where(nonces.c.seen_at < now - keep))
    return fresh
