"""The database side of `hangup serve`, end to end: an old database upgraded at start-up with
every row kept; a PostgreSQL that stops answering (behind a proxy paused on purpose) costs
callers a quick 503, shows on /healthz, and is noticed when it is back; a failing store logs
no phone number or secret."""

from __future__ import annotations

import json
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl, urlsplit

import pytest
from liveserver import SECRET, TOKEN, LiveServer, command_body, post_signed, request, wait_until
from pauseproxy import PauseProxy
from providers import plivo_hangup, sign_plivo
from sqlalchemy import create_engine, select, text

from hangup_bot.alerts.intake import WebhookRequest
from hangup_bot.alerts.pipeline import Alerts
from hangup_bot.alerts.rules import load_alert_rules
from hangup_bot.answers.engine import Engine
from hangup_bot.store.database import Store
from hangup_bot.store.database import database_url as driver_url
from hangup_bot.store.tables import metadata

CHANNEL = "CDBTEST1"
PLIVO_TOKEN = "plivo-secret-token-1234"
METRICS = {"Authorization": "Bearer metrics-token"}
CALLER = "+14155550111"


def env(slack, url: str, **extra: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "ALERT_CHANNEL": CHANNEL,
        "PLIVO_AUTH_TOKEN": PLIVO_TOKEN,
        "DATABASE_URL": url,
        "METRICS_TOKEN": "metrics-token",
        **extra,
    }


def signed_plivo(url: str, code: str, call_id: str) -> tuple[bytes, dict[str, str]]:
    return sign_plivo(url, plivo_hangup(code, CALLER, call_id), PLIVO_TOKEN)


def send(server: LiveServer, code: str, call_id: str) -> tuple[int, str]:
    url = server.url + "/webhooks/plivo"
    body, headers = signed_plivo(url, code, call_id)
    return request("POST", url, body, headers)


def snapshot(engine) -> dict[str, list[tuple]]:
    with engine.connect() as db:
        return {
            name: sorted(tuple(r) for r in db.execute(select(table)))
            for name, table in metadata.tables.items()
        }


def fill_like_the_previous_release(url: str) -> None:
    """The schema exactly as `create_all` made it, filled through the alert pipeline: events,
    two incidents with their outbox rows, tallies and counters, a mute and a claim."""
    engine = create_engine(driver_url(url))
    metadata.create_all(engine)
    engine.dispose()
    store = Store(url, upgrade=False)
    try:
        alerts = Alerts(
            Engine.load().catalog,
            store,
            load_alert_rules(None, CHANNEL),
            {"plivo": PLIVO_TOKEN},
        )
        hook = "https://bot.example.com/webhooks/plivo"
        for i, code in enumerate(["3130", "3130", "1010", "4000"]):
            body, headers = signed_plivo(hook, code, f"old-{i}")
            incoming = WebhookRequest(
                "POST", hook, {k.lower(): v for k, v in headers.items()}, body,
                parse_qsl(body.decode()), [],
            )  # fmt: skip
            assert alerts.receive("plivo", incoming)[0] == 200
        alerts.mute("sip:NORMAL_CLEARING", "4000 Normal Hangup", 3600, "U1")
        assert store.claim("event:Ev-old")
    finally:
        store.dispose()


def test_a_database_from_before_migrations_is_upgraded_at_start_with_every_row_kept(
    slack, tmp_path, database_url
):
    url = (
        f"sqlite:///{tmp_path / 'old.sqlite3'}"
        if database_url.startswith("sqlite")
        else (database_url)
    )
    fill_like_the_previous_release(url)
    engine = create_engine(driver_url(url))
    before = snapshot(engine)
    assert len(before["events"]) == 4 and len(before["incidents"]) == 2
    assert len(before["outbox"]) == 2 and before["mutes"] and before["claims"]
    server = LiveServer(env(slack, url)).start()
    try:
        # the alerts queued before the upgrade are delivered after it
        assert wait_until(lambda: len(slack.posts(CHANNEL)) >= 2, 30)
        status, body = post_signed(
            server.url + "/slack/events",
            command_body("alerts", slack.response_url("db")),
            "application/x-www-form-urlencoded",
        )
        overview = json.dumps(json.loads(body)["blocks"])
        assert status == 200 and "3130" in overview and "1010" in overview
        assert "4000 Normal Hangup" in overview  # the mute
        _, metrics = request("GET", server.url + "/metrics", b"", METRICS)
        assert 'code="3130",provider="plivo"} 2.0' in metrics
        assert send(server, "3130", "old-0")[1].count('"duplicate":true') == 1  # still known
        after = snapshot(engine)
        with engine.connect() as db:
            version = db.execute(text("SELECT version_num FROM alembic_version")).all()
    finally:
        server.stop()
        engine.dispose()
    assert version == [("0002",)]
    for table in ("events", "mutes", "claims", "counters", "tallies"):
        assert after[table] == before[table], table
    for table in ("incidents", "outbox"):  # delivering changed their state, not their rows
        assert [r[:2] for r in after[table]] == [r[:2] for r in before[table]], table


# -- a database that stops answering --------------------------------------------------------------


@pytest.fixture
def paused_postgres(database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("a paused TCP connection is about PostgreSQL")
    parts = urlsplit(database_url)
    proxy = PauseProxy((parts.hostname or "127.0.0.1", parts.port or 5432)).start()
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0] + "@" if len(netloc) == 2 else ""
    yield proxy, f"postgres://{user}127.0.0.1:{proxy.port}{parts.path}"
    proxy.stop()


def health(server: LiveServer) -> tuple[int, dict]:
    status, body = request("GET", server.url + "/healthz", b"", {})
    return status, json.loads(body)


def test_a_database_that_stops_answering_gets_callers_a_quick_503_and_shows_on_healthz(
    slack, paused_postgres
):
    proxy, url = paused_postgres
    server = LiveServer(env(slack, url, DATABASE_TIMEOUT="2")).start()
    try:
        assert send(server, "4000", "before-pause")[0] == 200
        assert health(server) == (200, health(server)[1]) and health(server)[1]["database"] == "up"
        proxy.pause()
        with ThreadPoolExecutor(8) as pool:
            started = time.monotonic()
            replies = list(pool.map(lambda i: send(server, "4000", f"paused-{i}"), range(8)))
            waited = time.monotonic() - started
        assert {status for status, _ in replies} == {503}, replies
        assert all("retry" in json.loads(body)["error"] for _, body in replies)
        assert waited < 12  # bounded by DATABASE_TIMEOUT, not by the database coming back
        down = wait_until(lambda: health(server)[1]["database"] == "down" and health(server), 10)
        assert down and down[0] == 503 and down[1]["ok"] is False
        proxy.resume()
        assert wait_until(lambda: health(server)[1]["database"] == "up", 20)
        assert wait_until(lambda: send(server, "4000", "after-pause")[0] == 200, 10)
        log = server.output()
        assert "The database is not answering" in log and "answering again" in log
    finally:
        proxy.resume()
        server.stop()


BREAK_SQLITE = (
    "CREATE TRIGGER broken BEFORE INSERT ON events WHEN NEW.from_number = '+14155550111' "
    "BEGIN SELECT RAISE(ABORT, 'the disk is full'); END"
)
# PostgreSQL's error carries the whole failing row (the phone numbers) in its DETAIL
BREAK_POSTGRES = (
    "ALTER TABLE events ADD CONSTRAINT broken CHECK (from_number <> '+14155550111') NOT VALID"
)


def test_a_failing_store_logs_no_phone_number_or_secret(slack, tmp_path, database_url):
    url = database_url
    if url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'failing.sqlite3'}"
    server = LiveServer(env(slack, url)).start()
    engine = create_engine(driver_url(url))
    try:
        assert send(server, "4000", "works")[0] == 200
        with engine.begin() as db:  # the store starts refusing this caller's rows
            db.execute(text(BREAK_SQLITE if url.startswith("sqlite") else BREAK_POSTGRES))
        status, body = send(server, "3130", "fails")
        assert status == 503 and "retry" in json.loads(body)["error"]
    finally:
        server.stop()
        engine.dispose()
    log = server.output()
    assert "the disk is full" in log or 'constraint "broken"' in log  # logged, and...
    for secret in (CALLER, CALLER[1:], "919876543210", PLIVO_TOKEN, TOKEN, SECRET):
        assert secret not in log  # ...without the caller, the callee or any secret


def test_a_sqlite_file_locked_by_another_process_gets_callers_a_503_and_shows_on_healthz(
    slack, tmp_path
):
    path = tmp_path / "locked.sqlite3"
    server = LiveServer(env(slack, f"sqlite:///{path}", DATABASE_TIMEOUT="1")).start()
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        assert send(server, "4000", "before-lock")[0] == 200
        holder.execute("BEGIN IMMEDIATE")  # another process takes the write lock and keeps it
        status, body = send(server, "4000", "while-locked")
        assert status == 503 and "retry" in json.loads(body)["error"]
        assert wait_until(lambda: health(server) == (503, health(server)[1]), 10)
        holder.execute("COMMIT")
        assert wait_until(lambda: health(server)[1]["database"] == "up", 10)
        assert wait_until(lambda: send(server, "4000", "after-lock")[0] == 200, 10)
    finally:
        holder.close()
        server.stop()
