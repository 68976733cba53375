"""Schema migrations (Alembic), run from code: no alembic.ini, the revisions ship inside the
package (`migrations/versions/`).

`upgrade` runs under a lock, so processes starting together migrate one at a time: on
PostgreSQL a transaction-scoped advisory lock, on SQLite the write lock its BEGIN IMMEDIATE
takes. The revisions run inside that same transaction; a failed one changes nothing. A
database from before migrations (tables, no `alembic_version`) is brought up to date the same
way: revision 0001 creates only what is missing, so every stored row stays.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect
from sqlalchemy.engine import Engine

from hangup_bot.store.tables import metadata
from hangup_bot.store.timeouts import restore, unbounded

MIGRATIONS = Path(__file__).with_name("migrations")
LOCK_KEY = 0x68616E67  # "hang": the advisory lock every hangup-bot process migrates under


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code; env.py runs on `connection`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def heads() -> list[str]:
    return list(ScriptDirectory.from_config(alembic_config()).get_heads())


def current(engine: Engine) -> str | None:
    """The revision the database is at; None when it was never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as connection:  # SQLite: BEGIN IMMEDIATE, the write lock
        old = unbounded(connection)  # a migration may take longer than a request may
        try:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({LOCK_KEY})")
            yield connection
        finally:
            restore(connection, old)


def upgrade(engine: Engine, target: str = "head") -> tuple[str | None, str | None]:
    """Bring the database to `target`, one process at a time; returns (before, after)."""
    with _locked(engine) as connection:
        before = MigrationContext.configure(connection).get_current_revision()
        command.upgrade(alembic_config(connection), target)
        after = MigrationContext.configure(connection).get_current_revision()
    return before, after


def drop_everything(engine: Engine) -> None:
    """Every table in the database, the migration record too (tests and benchmarks only)."""
    metadata.drop_all(engine)
    names = inspect(engine).get_table_names()
    cascade = " CASCADE" if engine.dialect.name == "postgresql" else ""
    with engine.begin() as connection:
        for name in names:
            quoted = engine.dialect.identifier_preparer.quote(name)
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {quoted}{cascade}")
