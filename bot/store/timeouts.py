"""Bounded waits on the database, so a database that accepts connections and never answers
costs a caller seconds, not forever: connect and statement timeouts, a client-side limit on
every wait for PostgreSQL's answer, and which errors mean "the database is not answering"."""

from __future__ import annotations

import math
import sqlite3
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine

# psycopg raises this (an OperationalError) when a wait outlives its timeout
_WAIT_TIMEOUT = getattr(pg_errors, "_WaitTimeout", pg_errors.OperationalError)


class NotAnswering(psycopg.OperationalError):
    """PostgreSQL did not answer within the limit; the connection was dropped."""


class BoundedConnection(psycopg.Connection):
    """A psycopg connection whose every wait for the server ends after `limit` seconds.

    statement_timeout stops a slow statement inside a server that still talks; this stops the
    wait when nothing comes back at all (a hung server, a black-holed network). The connection
    is then closed, so the pool throws it away instead of handing out a half-read one."""

    limit: float | None = None

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        limit = self.limit if timeout is None else timeout
        try:
            return super().wait(gen, interval, limit)
        except _WAIT_TIMEOUT as exc:
            if type(exc) is pg_errors.OperationalError:  # an older psycopg: not a timeout
                raise
            self.close()
            raise NotAnswering(f"the database did not answer within {limit:g} s") from None


def bound_postgresql(engine: Engine, seconds: float) -> None:
    """Connect, statement and answer timeouts for every connection `engine` opens."""
    options = (
        f"-c statement_timeout={int(seconds * 800)} "  # answers before the client limit
        # a client that vanished mid-transaction must not hold its locks for long
        f"-c idle_in_transaction_session_timeout={int(max(seconds * 12, 60) * 1000)}"
    )

    @event.listens_for(engine, "do_connect")
    def _connect(_dialect, _record, cargs, cparams) -> BoundedConnection:
        # half the budget: a pool whose connection failed its check reconnects within it
        cparams.setdefault("connect_timeout", max(2, math.ceil(seconds / 2)))  # libpq's min 2
        cparams["options"] = f"{cparams.get('options', '')} {options}".strip()
        connection = BoundedConnection.connect(*cargs, **cparams)
        connection.limit = seconds
        return connection


def unbounded(connection: Any) -> Any:
    """Lift the limits on one connection for a long job (a migration); returns the old limit."""
    raw = connection.connection.dbapi_connection
    old = getattr(raw, "limit", None)
    if isinstance(raw, BoundedConnection):
        raw.limit = None
        connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
    return old


def restore(connection: Any, old: Any) -> None:
    raw = connection.connection.dbapi_connection
    if isinstance(raw, BoundedConnection):
        raw.limit = old


def unavailable(exc: BaseException) -> bool:
    """True when `exc` says the database is down, unreachable, not answering or locked past
    the timeout: worth a 503 now, not an immediate retry. A serialization failure or a
    duplicate key is a race, retried at once."""
    if isinstance(exc, sa_exc.TimeoutError):  # no pooled connection came free in time
        return True
    if not isinstance(exc, sa_exc.DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    if (getattr(orig, "sqlstate", None) or "").startswith("40"):  # serialization, deadlock
        return False
    return isinstance(orig, (psycopg.OperationalError, sqlite3.OperationalError))


def describe(exc: BaseException) -> str:
    """What went wrong, in one line without SQL or values: safe for a log."""
    orig = getattr(exc, "orig", None) or exc
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else ""
    return f"{type(orig).__name__}: {first[:200]}" if first else type(orig).__name__
