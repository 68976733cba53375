"""The alert pipeline on a real database (SQLite always, PostgreSQL when TEST_DATABASE_URL is
set): events stored once, incidents opened, counted, refreshed, resolved, delivered once."""

from __future__ import annotations

import json
import threading
from urllib.parse import parse_qsl

import pytest
from fakeslack import FakeSlack
from providers import plivo_hangup, sign_plivo
from slack_sdk import WebClient

from hangup_bot.alerts.intake import WebhookRequest
from hangup_bot.alerts.pipeline import Alerts
from hangup_bot.alerts.policy import AlertRules
from hangup_bot.slack.sender import Sender
from hangup_bot.store import incidents as rows
from hangup_bot.store import outbox
from hangup_bot.store.database import Store

URL = "https://bot.example.com/webhooks/plivo"
RULES = {
    "first_sight": ["plivo:3130"],
    "update_seconds": 60,
    "resolve_after_minutes": 30,
    "remind_after_minutes": 240,
    "lease_seconds": 1,
}


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


OPENED: list[Store] = []


@pytest.fixture(autouse=True)
def _close_stores():
    yield
    while OPENED:
        OPENED.pop().dispose()


def pipeline(url: str, clock: Clock, **rules) -> Alerts:
    store = Store(url)
    OPENED.append(store)
    return Alerts(
        _catalog(),
        store,
        AlertRules.from_dict({**RULES, **rules}, "CALERTS", "t"),
        {"plivo": "ptoken"},
        clock,
    )


def _catalog():
    from hangup_bot.answers.engine import Engine

    global _ENGINE
    try:
        return _ENGINE.catalog
    except NameError:
        _ENGINE = Engine.load()
        return _ENGINE.catalog


def plivo(code: str = "3130", call_id: str | None = None, caller: str = "+14155550100"):
    body, headers = sign_plivo(URL, plivo_hangup(code, caller, call_id), "ptoken")
    return WebhookRequest(
        "POST", URL, {k.lower(): v for k, v in headers.items()}, body, parse_qsl(body.decode()), []
    )


def shown(alerts: Alerts, incident: dict, later: float = 3.0):
    """The figures the incident's message shows `later` seconds on, as the sender reads them
    (the running count brought up to date first)."""
    from hangup_bot.store import figures

    alerts.clock.now += later
    with alerts.store.begin() as db:
        fresh = figures.refresh_totals(db, incident, alerts.clock.now)
        return fresh, figures.figures(db, fresh, alerts.clock.now, 600, 5)


def incidents(alerts: Alerts) -> list[dict]:
    with alerts.store.begin() as db:
        return rows.open_incidents(db)


def queued(alerts: Alerts) -> list[tuple[str, int]]:
    from sqlalchemy import select

    from hangup_bot.store.tables import outbox as table

    with alerts.store.begin() as db:
        return [(r.kind, r.incident_id) for r in db.execute(select(table).order_by(table.c.id))]


def test_a_burst_of_one_cause_is_one_incident_counted_in_full(database_url):
    alerts = pipeline(database_url, Clock())
    for i in range(200):
        assert alerts.receive("plivo", plivo(call_id=f"u{i}"))[0] == 200
    [incident] = incidents(alerts)
    assert incident["channel"] == "CALERTS"
    row, figures = shown(alerts, incident)
    assert (row["count"], row["total"]) == (200, 200)
    assert (figures.count, figures.total, figures.since_opened) == (200, 200, 200)
    assert figures.by_code == {"plivo:3130": 200}
    assert figures.callers == (("+14155550100", 200),)
    assert queued(alerts) == [("post", incident["id"])]


def test_redelivered_callbacks_are_stored_once_and_change_nothing(database_url):
    alerts = pipeline(database_url, Clock())
    alerts.receive("plivo", plivo(call_id="same"))
    for _ in range(5):
        assert alerts.receive("plivo", plivo(call_id="same")) == (
            200,
            {"ok": True, "stored": False, "duplicate": True},
        )
    assert shown(alerts, incidents(alerts)[0])[1].since_opened == 1


def test_carrier_causes_open_only_past_the_threshold_with_the_window_count(database_url):
    clock = Clock()
    alerts = pipeline(database_url, clock)
    for i in range(100):
        alerts.receive("plivo", plivo("4000", f"ok{i}"))
    for i in range(19):
        alerts.receive("plivo", plivo("3090", f"c{i}"))
    assert incidents(alerts) == []
    alerts.receive("plivo", plivo("3090", "c19"))
    [incident] = incidents(alerts)
    row, figures = shown(alerts, incident)
    assert (row["count"], row["total"]) == (20, 120)
    assert (figures.count, figures.total, figures.by_code) == (20, 120, {"plivo:3090": 20})


def test_muted_causes_open_nothing(database_url):
    alerts = pipeline(database_url, Clock())
    alerts.mute("sip:UNWANTED", "3130 Spam block", 3600, "U1")
    alerts.receive("plivo", plivo())
    assert incidents(alerts) == []


def test_refresh_at_most_once_per_interval_even_with_two_processes_ticking(database_url):
    clock = Clock()
    first, second = pipeline(database_url, clock), pipeline(database_url, clock)
    first.receive("plivo", plivo(call_id="a"))
    ident = incidents(first)[0]["id"]
    with first.store.begin() as db:  # as the sender does once the alert is posted
        rows.transition(db, ident, {}, {"slack_ts": "1.1", "posted_at": clock.now})
    clock.now += 1
    first.receive("plivo", plivo(call_id="b"))
    clock.now += 30
    first.tick(), second.tick()
    assert [k for k, _ in queued(first)] == ["post"]
    clock.now += 31
    first.tick(), second.tick(), first.tick()
    assert [k for k, _ in queued(first)] == ["post", "update"]


def test_quiet_incidents_resolve_with_a_note_in_the_thread(database_url):
    clock = Clock()
    alerts = pipeline(database_url, clock)
    alerts.receive("plivo", plivo())
    clock.now += 31 * 60
    alerts.tick()
    assert incidents(alerts) == []
    assert [k for k, _ in queued(alerts)] == ["post", "update", "thread"]


def test_acknowledging_updates_the_alert_and_says_so_in_its_thread(database_url):
    alerts = pipeline(database_url, Clock())
    alerts.receive("plivo", plivo())
    ident = incidents(alerts)[0]["id"]
    assert alerts.acknowledge(ident, "U42") and not alerts.acknowledge(ident, "U43")
    assert incidents(alerts)[0]["acknowledged_by"] == "U42"
    assert [k for k, _ in queued(alerts)] == ["post", "update", "thread"]


def test_concurrent_writers_open_one_incident_and_lose_no_count(database_url):
    alerts = pipeline(database_url, Clock())
    others = [pipeline(database_url, alerts.clock) for _ in range(3)]

    def send(worker: Alerts, start: int) -> None:
        for i in range(start, start + 50):
            assert worker.receive("plivo", plivo(call_id=f"t{i}"))[0] == 200

    threads = [threading.Thread(target=send, args=(w, n * 50)) for n, w in enumerate(others)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    [incident] = incidents(alerts)
    assert shown(alerts, incident)[1].since_opened == 150
    assert [k for k, _ in queued(alerts)] == ["post"]


# -- delivery -----------------------------------------------------------------------------------


@pytest.fixture
def slack():
    fake = FakeSlack().start()
    yield fake
    fake.stop()


def sender_for(alerts: Alerts, slack: FakeSlack) -> Sender:
    client = WebClient(token="xoxb-t", base_url=slack.api_url)
    return Sender(alerts, alerts.store, client, alerts.catalog)


def drain(sender: Sender, rounds: int = 60) -> None:
    import time

    for _ in range(rounds):
        if sender.run_once() == 0:
            with sender.store.begin() as db:
                if outbox.pending_depth(db) == 0:
                    return
            time.sleep(0.1)


def test_sender_posts_once_and_updates_in_place(database_url, slack):
    alerts = pipeline(database_url, Clock(), update_seconds=1)
    alerts.receive("plivo", plivo(call_id="a"))
    sender = sender_for(alerts, slack)
    drain(sender)
    [post] = slack.posts("CALERTS")
    assert "3130 Spam block" in post.body["text"]
    assert "Acknowledge" in json.dumps(post.body["blocks"])
    assert incidents(alerts)[0]["slack_ts"]


def test_sender_waits_out_429_and_retries_500_then_delivers_once(database_url, slack):
    alerts = pipeline(database_url, Clock())
    alerts.receive("plivo", plivo())
    slack.fail("chat.postMessage", 429, times=1, retry_after=1)
    slack.fail("chat.postMessage", 500, times=2)
    drain(sender_for(alerts, slack), rounds=100)
    assert len(slack.posts("CALERTS")) == 1


def test_a_post_slack_got_before_a_crash_is_not_posted_again(database_url, slack):
    alerts = pipeline(database_url, Clock())
    alerts.receive("plivo", plivo())
    sender = sender_for(alerts, slack)
    with alerts.store.begin() as db:  # the dead process: it claimed, marked the attempt, posted
        [row] = outbox.claim_outbox(db, "dead", alerts.clock(), 0, 10, False)
        outbox.attempted(db, row["id"])
    sender.client.chat_postMessage(
        channel="CALERTS",
        text="posted before the crash",
        metadata={"event_type": "hangup_bot_alert", "event_payload": {"outbox_id": row["id"]}},
    )
    drain(sender)
    assert len(slack.posts("CALERTS")) == 1
    assert incidents(alerts)[0]["slack_ts"] == slack.messages["CALERTS"][0]["ts"]


def test_old_events_are_forgotten_after_the_retention(database_url):
    from sqlalchemy import func, select

    from hangup_bot.store.tables import events

    clock = Clock()
    alerts = pipeline(database_url, clock, retention_days=1)
    alerts.receive("plivo", plivo("4000", "old"))
    clock.now += 2 * 86400
    alerts.receive("plivo", plivo("4000", "new"))
    alerts.tick()
    with alerts.store.begin() as db:
        assert db.execute(select(events.c.call_id)).scalars().all() == ["new"]
        assert db.execute(select(func.count()).select_from(events)).scalar_one() == 1


def test_an_alert_that_cannot_be_rendered_is_posted_plain_and_holds_back_no_other(
    database_url, slack
):
    from sqlalchemy import update

    from hangup_bot.store.tables import incidents as table

    alerts = pipeline(database_url, Clock(), first_sight=["plivo:3130", "plivo:1010"])
    alerts.receive("plivo", plivo("3130", "odd"))
    alerts.receive("plivo", plivo("1010", "fine"))
    odd = next(i for i in incidents(alerts) if i["title"].startswith("3130"))
    with alerts.store.begin() as db:  # a row no release writes: acknowledged, but never when
        db.execute(update(table).where(table.c.id == odd["id"]).values(acknowledged_by="U1"))
    drain(sender_for(alerts, slack))
    posts = {p.body["text"]: p.body for p in slack.posts("CALERTS")}
    assert len(posts) == 2
    plain = next(b for t, b in posts.items() if "3130" in t)
    assert "could not be shown" in plain["text"] and not plain.get("blocks")
    full = next(b for t, b in posts.items() if "1010" in t)
    assert "Acknowledge" in json.dumps(full["blocks"])
    assert ("alerts_plain", {"reason": "TypeError"}, 1) in alerts.store.counted()
