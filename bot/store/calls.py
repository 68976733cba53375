"""The stored webhook event of one call, for a lookup by call id (newest first)."""

from __future__ import annotations

from sqlalchemy import desc, select

from hangup_bot.store.database import Store
from hangup_bot.store.tables import events, events_by_call

_indexed: set[int] = set()


def stored_event(store: Store, call_id: str) -> dict | None:
    """The newest stored hangup event with this call id, as a dict of its columns; None."""
    if id(store.engine) not in _indexed:  # databases made before the index existed get it now
        events_by_call.create(store.engine, checkfirst=True)
        _indexed.add(id(store.engine))
    with store.begin() as db:
        row = db.execute(
            select(events)
            .where(events.c.call_id == call_id[:200])
            .order_by(desc(events.c.received_at))
            .limit(1)
        ).first()
    return dict(row._mapping) if row else None
