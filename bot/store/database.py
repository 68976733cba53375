"""Persistence through SQLAlchemy Core: a SQLite file by default, PostgreSQL when configured.

Engine set-up, transactions, claims (a retried Slack delivery answered once), counters (what
/metrics reports) and mutes. Events, incidents and the outbox are in `incidents` and `outbox`.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, create_engine, delete, event, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from hangup_bot.store import migrate
from hangup_bot.store.counting import Counters
from hangup_bot.store.health import Health
from hangup_bot.store.sql import raw
from hangup_bot.store.tables import claims, mutes
from hangup_bot.store.timeouts import bound_postgresql, describe, unavailable

# What a write racing another process (or a busy SQLite file) raises: the caller may retry.
RACES = (IntegrityError, OperationalError)


def database_url(url: str) -> str:
    """Accept Heroku's `postgres://` and plain `postgresql://` as the psycopg driver URL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite(engine: Engine, seconds: float) -> None:
    """WAL, full sync (a 200 means stored), and BEGIN IMMEDIATE so that a transaction that
    reads then writes waits for the lock (at most `seconds`) instead of failing."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(seconds * 1000)}")
        _wal(cursor, seconds)
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _wal(cursor: Any, seconds: float) -> None:
    """Switch a new file to WAL. Processes starting together on a new file all try at once,
    and SQLite refuses the switch at once (no busy wait) while another holds a lock: retry
    until one of them has done it, at most `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class Store:
    """`timeout`: seconds any wait on the database may take (connecting, a statement, a lock,
    a pooled connection). `max_series`: label sets per counter. `upgrade`: migrate the schema
    to the newest revision first (under a lock; see `migrate`)."""

    def __init__(
        self, url: str, timeout: float = 5.0, max_series: int = 1000, upgrade: bool = True
    ):
        url = database_url(url)
        self.sqlite = url.startswith("sqlite")
        # hide_parameters: a failed statement is logged without its values (phone numbers)
        options = {"pool_timeout": timeout, "hide_parameters": True}
        if self.sqlite:
            self.engine: Engine = create_engine(
                url, pool_size=8, max_overflow=8, connect_args={"timeout": timeout}, **options
            )
            _sqlite(self.engine, timeout)
        else:
            self.engine = create_engine(
                url, pool_pre_ping=True, pool_size=5, max_overflow=5, **options
            )
            bound_postgresql(self.engine, timeout)
        self.health = Health(self._probe, describe)
        self.counters = Counters(max_series)
        if upgrade:
            migrate.upgrade(self.engine)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction; how it went tells `health` whether the database is answering."""
        try:
            with self.engine.begin() as connection:
                yield connection
        except Exception as exc:
            if unavailable(exc):
                self.health.failed(exc)
            raise
        self.health.ok()

    def _probe(self) -> None:
        with self.begin() as db:
            db.exec_driver_sql("SELECT 1")

    def dispose(self) -> None:
        """Drop pooled connections (after a fork, so no connection crosses processes)."""
        self.engine.dispose()
        self.health.reset()

    # -- claims ------------------------------------------------------------------------------

    def claim(self, key: str, keep_seconds: float = 24 * 3600) -> bool:
        """True for the first caller with `key`, False for every later one (any process)."""
        now = time.time()
        try:
            with self.begin() as db:
                db.execute(insert(claims).values(key=key[:200], claimed_at=now))
        except IntegrityError:
            return False
        if int(now) % 97 == 0:  # now and then, forget claims older than a day
            with self.begin() as db:
                db.execute(delete(claims).where(claims.c.claimed_at < now - keep_seconds))
        return True

    # -- counters ----------------------------------------------------------------------------

    def count(self, db: Connection, name: str, labels: dict[str, str], by: int = 1) -> None:
        """Add to a counter inside the caller's transaction (it commits with the event)."""
        self.counters.add(db, name, labels, by)

    def count_many(
        self, db: Connection, name: str, counts: list[tuple[dict[str, str], int]]
    ) -> None:
        """Add to several label sets of one counter (a batch of callbacks) in one statement,
        each through the series cap of `Counters`."""
        self.counters.add_many(db, name, counts)

    def active_targets(self, db: Connection, now: float) -> set[str]:
        """Every muted family, in one query (read once per batch of callbacks)."""
        return {r[0] for r in raw(db, "SELECT target FROM mutes WHERE until > :now", {"now": now})}

    def counted(self) -> list[tuple[str, dict[str, str], int]]:
        with self.begin() as db:
            return self.counters.totals(db)

    # -- mutes -------------------------------------------------------------------------------

    def mute(self, target: str, label: str, until: float, by: str | None) -> None:
        with self.begin() as db:
            db.execute(delete(mutes).where(mutes.c.target == target))
            db.execute(insert(mutes).values(target=target, label=label, until=until, muted_by=by))

    def unmute(self, target: str) -> bool:
        with self.begin() as db:
            return db.execute(delete(mutes).where(mutes.c.target == target)).rowcount > 0

    def muted(self, db: Connection, target: str, now: float) -> bool:
        return self.mute_of(db, target, now) is not None

    def mute_of(self, db: Connection, target: str, now: float) -> dict | None:
        """The active mute of `target`, inside the caller's transaction."""
        row = db.execute(select(mutes).where(mutes.c.target == target, mutes.c.until > now)).first()
        return dict(row._mapping) if row else None

    def active_mutes(self, now: float) -> list[dict]:
        with self.begin() as db:
            rows = db.execute(select(mutes).where(mutes.c.until > now).order_by(mutes.c.until))
            return [dict(r._mapping) for r in rows]
