"""Vapi and Telnyx callbacks through the alert pipeline on a real database (SQLite always,
PostgreSQL when TEST_DATABASE_URL is set): stored once per call, grouped by event family."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl

import pytest
from providers import (
    plivo_hangup,
    sign_plivo,
    sign_telnyx,
    sign_vapi,
    telnyx_hangup,
    telnyx_keys,
    vapi_report,
)

from hangup_bot.alerts.intake import WebhookRequest
from hangup_bot.alerts.pipeline import Alerts
from hangup_bot.alerts.policy import AlertRules
from hangup_bot.store import incidents as rows
from hangup_bot.store.database import Store

KEY, PUBLIC = telnyx_keys()
SECRETS = {"vapi": "vsecret", "telnyx": PUBLIC, "plivo": "ptoken"}
URL = "https://bot.example.com/webhooks/"


@pytest.fixture
def alerts(database_url, engine):
    store = Store(database_url)
    rules = AlertRules.from_dict(
        {"thresholds": {"destination": {"min_calls": 3, "min_share": 0.5}}}, "CALERTS", "t"
    )
    yield Alerts(engine.catalog, store, rules, SECRETS)
    store.dispose()


def json_request(provider: str, body: bytes, headers: dict) -> WebhookRequest:
    return WebhookRequest(
        "POST", URL + provider, {k.lower(): v for k, v in headers.items()}, body, [], []
    )


def open_incidents(alerts: Alerts) -> list[dict]:
    """Open incidents with their figures as the message shows them (counted when rendered)."""
    from hangup_bot.store import figures

    with alerts.store.begin() as db:
        found = rows.open_incidents(db)
    shown = []
    for incident in found:
        with alerts.store.begin() as db:
            fresh = figures.refresh_totals(db, incident, time.time() + 5)
            seen = figures.figures(db, fresh, time.time() + 5, 600, 5)
        shown.append({**fresh, "count": seen.count})
    return shown


def test_25_vapi_llm_failures_are_stored_once_each_and_open_one_incident(alerts):
    reports = [sign_vapi(vapi_report(call_id=f"c{i}"), "vsecret") for i in range(25)]
    assert [alerts.receive("vapi", json_request("vapi", *r))[1]["stored"] for r in reports] == [
        True
    ] * 25
    assert all(
        alerts.receive("vapi", json_request("vapi", *r))[1]["duplicate"] for r in reports[:5]
    )
    [incident] = open_incidents(alerts)
    assert (incident["family"], incident["count"]) == ("vapi:pipeline-error-openai-llm-failed", 25)


def test_vapi_telnyx_and_plivo_busy_calls_count_into_one_incident(alerts):
    calls = [
        ("vapi", json_request("vapi", *sign_vapi(vapi_report("customer-busy", "v1"), "vsecret"))),
        ("telnyx", json_request("telnyx", *sign_telnyx(telnyx_hangup("user_busy", "t1"), KEY))),
    ]
    body, headers = sign_plivo(URL + "plivo", plivo_hangup("3010", call_id="p1"), "ptoken")
    plivo = WebhookRequest(
        "POST",
        URL + "plivo",
        {k.lower(): v for k, v in headers.items()},
        body,
        parse_qsl(body.decode()),
        [],
    )
    calls.append(("plivo", plivo))
    for provider, request in calls:
        assert alerts.receive(provider, request)[0] == 200
    [incident] = open_incidents(alerts)
    assert incident["family"] == "sip:USER_BUSY"
    assert incident["count"] == 3
