"""The stored webhook event of one call, for a lookup by call id (newest first)."""

from __future__ import annotations

import contextlib
import logging

from sqlalchemy import desc, select
from sqlalchemy.exc import SQLAlchemyError

from hangup_bot.store.database import Store
from hangup_bot.store.tables import events, events_by_call

log = logging.getLogger(__name__)
_indexed: set[int] = set()


def stored_event(store: Store, call_id: str) -> dict | None:
    """The newest stored hangup event with this call id, as a dict of its columns; None when
    there is none or the database cannot be read (the lookup then asks the provider)."""
    try:
        if id(store.engine) not in _indexed:  # databases made before the index get it now
            _index(store)
        with store.begin() as db:
            row = db.execute(
                select(events)
                .where(events.c.call_id == call_id[:200])
                .order_by(desc(events.c.received_at))
                .limit(1)
            ).first()
    except SQLAlchemyError as exc:
        log.warning("stored events unreadable: %s", type(exc).__name__)
        return None
    return dict(row._mapping) if row else None


def _index(store: Store) -> None:
    with contextlib.suppress(SQLAlchemyError):  # another process made it at the same moment
        events_by_call.create(store.engine, checkfirst=True)
    _indexed.add(id(store.engine))
