from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from hangup_bot.answers.engine import Engine


def pytest_configure(config):
    """Each parallel worker (pytest-xdist) gets a PostgreSQL database of its own, next to
    TEST_DATABASE_URL's, since the tests empty theirs before they start."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = os.environ.get("TEST_DATABASE_URL")
    if worker and url and not url.rstrip("/").endswith(f"_{worker}"):
        os.environ["TEST_DATABASE_URL"] = _database_of_its_own(url, worker)


def _database_of_its_own(url: str, worker: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from hangup_bot.store.database import database_url

    base = make_url(database_url(url))
    name = f"{base.database}_{worker}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        if not db.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first():
            db.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.load()


@pytest.fixture
def catalog_dir(tmp_path: Path):
    """Write YAML files into a fresh directory: catalog_dir({"name.yml": "yaml text"})."""

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return tmp_path

    return write


def _database_urls() -> list:
    urls = [pytest.param("sqlite", id="sqlite")]
    urls.append(
        pytest.param(
            "postgres",
            id="postgres",
            marks=pytest.mark.skipif(
                not os.environ.get("TEST_DATABASE_URL"), reason="TEST_DATABASE_URL is not set"
            ),
        )
    )
    return urls


@pytest.fixture(params=_database_urls())
def database_url(request, tmp_path) -> str:
    """A fresh, empty database: a SQLite file, or the PostgreSQL of TEST_DATABASE_URL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    from sqlalchemy import create_engine

    from hangup_bot.store.database import database_url as driver_url
    from hangup_bot.store.migrate import drop_everything

    url = os.environ["TEST_DATABASE_URL"]
    engine = create_engine(driver_url(url))
    drop_everything(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def slack():
    """A local fake of Slack's Web API for a test module (see fakeslack.py)."""
    from fakeslack import FakeSlack

    fake = FakeSlack().start()
    yield fake
    fake.stop()
