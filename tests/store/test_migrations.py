"""Schema migrations: a new database gets exactly the declared schema, an old one is brought up
to date with its rows, and processes starting together migrate one at a time."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from hangup_bot.store import migrate
from hangup_bot.store.database import Store, database_url
from hangup_bot.store.tables import metadata

HANGUP = str(Path(sys.executable).parent / "hangup")


def engine_for(url: str):
    return create_engine(database_url(url))


def hangup_db(url: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.Popen(
        [HANGUP, "db", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_migrations_build_exactly_the_schema_the_code_declares(database_url):
    """A change to tables.py without a revision (or the other way round) fails here."""
    store = Store(database_url)
    try:
        with store.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), metadata)
        assert differences == []
        assert migrate.current(store.engine) == migrate.heads()[0] == "0002"
    finally:
        store.dispose()


def test_the_slack_only_release_keeps_its_claims_and_gains_the_alert_tables(database_url):
    engine = engine_for(database_url)
    with engine.begin() as db:  # the release before alerts had this one table
        db.execute(text("CREATE TABLE claims (key VARCHAR(200) PRIMARY KEY, claimed_at FLOAT)"))
        db.execute(text("INSERT INTO claims VALUES ('event:Ev1', 1700000000.5)"))
    process = hangup_db(database_url, "upgrade")
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out == "Upgraded the database from no revision to 0002.\n"
    try:
        assert set(inspect(engine).get_table_names()) == {*metadata.tables, "alembic_version"}
        with engine.connect() as db:
            assert db.execute(text("SELECT key, claimed_at FROM claims")).all() == [
                ("event:Ev1", 1700000000.5)
            ]
    finally:
        engine.dispose()


def test_processes_starting_together_migrate_one_at_a_time(database_url):
    """Four servers starting at the same moment (each with its own engine) all come up."""
    stores = [Store(database_url, upgrade=False) for _ in range(4)]
    start = threading.Barrier(len(stores))

    def upgrade(store: Store):
        start.wait()
        return migrate.upgrade(store.engine)

    try:
        with ThreadPoolExecutor(len(stores)) as pool:
            results = sorted(pool.map(upgrade, stores), key=str)
    finally:
        for store in stores:
            store.dispose()
    assert results == [("0002", "0002")] * 3 + [(None, "0002")]
    engine = engine_for(database_url)
    with engine.connect() as db:
        assert db.execute(text("SELECT version_num FROM alembic_version")).all() == [("0002",)]
    engine.dispose()


def test_db_current_says_whether_an_upgrade_is_due(database_url):
    before = hangup_db(database_url, "current")
    assert before.communicate(timeout=60)[0] == (
        "no revision (newest 0002; behind: run `hangup db upgrade`)\n"
    )
    Store(database_url).dispose()  # what `hangup serve` does at start-up
    after = hangup_db(database_url, "current")
    assert after.communicate(timeout=60)[0] == "0002 (newest 0002; up to date)\n"


def test_db_command_without_a_known_action_shows_usage_and_changes_nothing(database_url):
    process = hangup_db(database_url, "downgrade")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "hangup db upgrade" in err
    engine = engine_for(database_url)
    assert "alembic_version" not in inspect(engine).get_table_names()
    engine.dispose()
