"""Persistence through SQLAlchemy Core: a SQLite file by default, PostgreSQL when configured.

For now it holds claims: keys that make a retried or duplicated Slack delivery produce one answer
however many processes serve the app.
"""

from __future__ import annotations

import time

from sqlalchemy import Column, Float, MetaData, String, Table, create_engine, delete, insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool

metadata = MetaData()

claims = Table(
    "claims",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("claimed_at", Float, nullable=False, index=True),
)


def database_url(url: str) -> str:
    """Accept Heroku's `postgres://` and plain `postgresql://` as the psycopg driver URL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Store:
    def __init__(self, url: str):
        url = database_url(url)
        options = {"poolclass": NullPool} if url.startswith("sqlite") else {"pool_pre_ping": True}
        self.engine: Engine = create_engine(url, **options)
        metadata.create_all(self.engine)

    def claim(self, key: str, keep_seconds: float = 24 * 3600) -> bool:
        """True for the first caller with `key`, False for every later one (any process)."""
        now = time.time()
        try:
            with self.engine.begin() as db:
                db.execute(insert(claims).values(key=key[:200], claimed_at=now))
        except IntegrityError:
            return False
        if int(now) % 97 == 0:  # now and then, forget claims older than a day
            with self.engine.begin() as db:
                db.execute(delete(claims).where(claims.c.claimed_at < now - keep_seconds))
        return True

    def dispose(self) -> None:
        """Drop pooled connections (after a fork, so no connection crosses processes)."""
        self.engine.dispose()
