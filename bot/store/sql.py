"""Plain SQL for the statements every callback runs, where building SQLAlchemy expressions costs
more than the database does. One text serves SQLite and PostgreSQL: parameters are `:name`."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, CursorResult

_NAMED = re.compile(r":(\w+)")


def raw(db: Connection, sql: str, params: Any = None) -> CursorResult:
    """Run `sql` on the caller's connection, with a dict of parameters (a list: executemany)."""
    if db.dialect.name == "postgresql":
        sql = _NAMED.sub(r"%(\1)s", sql)
    return db.exec_driver_sql(sql, params if params is not None else {})
