"""Answers people marked "Not helpful": the question and what the bot answered, kept so that
each miss can become a test line."""

from __future__ import annotations

import json
import time

from sqlalchemy import func, insert, select

from hangup_bot.store.database import Store
from hangup_bot.store.tables import feedback

MAX_QUERY = 2000


def record(
    store: Store,
    query: str,
    answer: list[str],
    surface: str,
    user: str | None,
    now: float | None = None,
) -> int:
    """Store one "Not helpful"; returns its id."""
    with store.begin() as db:
        done = db.execute(
            insert(feedback).values(
                query=query[:MAX_QUERY],
                answer=json.dumps(answer[:20]),
                surface=surface[:40],
                user_id=(user or None) and user[:40],
                created_at=time.time() if now is None else now,
            )
        )
        return int(done.inserted_primary_key[0])


def recent(store: Store, limit: int | None = None) -> list[dict]:
    """The newest first: id, query, answer (a list of entry ids), surface, user_id, created_at."""
    query = select(feedback).order_by(feedback.c.created_at.desc(), feedback.c.id.desc())
    if limit:
        query = query.limit(limit)
    with store.begin() as db:
        rows = [dict(r._mapping) for r in db.execute(query)]
    for row in rows:
        row["answer"] = json.loads(row["answer"])
    return rows


def total(store: Store) -> int:
    with store.begin() as db:
        return int(db.execute(select(func.count()).select_from(feedback)).scalar_one())
