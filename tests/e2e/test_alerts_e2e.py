"""Alerts end to end: the server started as the Procfile does, provider callbacks signed as the
providers sign them, a fake Slack Web API that can fail on demand, SIGKILL and restart."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fakeslack import FakeSlack
from liveserver import (
    SECRET,
    TOKEN,
    LiveServer,
    payload_body,
    post_raw,
    post_signed,
    request,
    wait_until,
)
from providers import plivo_hangup, retell_call_ended, sign_plivo, sign_retell

CHANNEL = "CALERTS1"
METRICS_TOKEN = "metrics-token"
METRICS = {"Authorization": f"Bearer {METRICS_TOKEN}"}
RULES = """
first_sight: [plivo:3130, plivo:1010, plivo:7011, plivo:8011, plivo:2030, retell:marked_as_spam]
update_seconds: 1
lease_seconds: 3
"""


def server_env(
    slack: FakeSlack, tmp: Path, database: str | None = None, channel: str = CHANNEL
) -> dict[str, str]:
    rules = tmp / "rules.yml"
    rules.write_text(RULES)
    return {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "ALERT_CHANNEL": channel,
        "ALERT_RULES": str(rules),
        "PLIVO_AUTH_TOKEN": "plivo-token",
        "RETELL_API_KEY": "retell-key",
        "DATABASE_URL": database or f"sqlite:///{tmp / 'alerts.sqlite3'}",
        "METRICS_TOKEN": METRICS_TOKEN,
    }


@pytest.fixture(scope="module")
def server(slack, tmp_path_factory):
    live = LiveServer(server_env(slack, tmp_path_factory.mktemp("alerts"))).start()
    yield live
    live.stop()


def send_plivo(server: LiveServer, params: list[tuple[str, str]], **headers: str):
    url = server.url + "/webhooks/plivo"
    body, signed = sign_plivo(url, params, "plivo-token")
    return request("POST", url, body, {**signed, **headers})


def hangups(server: LiveServer) -> int:
    _, text = request("GET", server.url + "/metrics", b"", METRICS)
    return sum(
        int(float(v)) for v in re.findall(r"^hangup_bot_hangups_total\{.*\} (\S+)$", text, re.M)
    )


def alert_posts(slack: FakeSlack, title: str):
    return [c for c in slack.posts(CHANNEL) if title in c.body.get("text", "")]


def latest_update(slack: FakeSlack, ts: str) -> dict | None:
    updates = [c.body for c in slack.of("chat.update") if c.body.get("ts") == ts]
    return updates[-1] if updates else None


def ts_of(slack: FakeSlack, title: str) -> str:
    return next(m["ts"] for m in slack.messages[CHANNEL] if title in (m["text"] or ""))


def test_a_thousand_spam_blocks_from_one_caller_are_one_alert_updated_to_the_count(server, slack):
    calls = [plivo_hangup("3130", "+14155550100", f"spam-{i}") for i in range(1000)]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda p: send_plivo(server, p)[0], calls))
    assert statuses == [200] * 1000
    assert wait_until(lambda: alert_posts(slack, "3130 Spam block"))
    ts = ts_of(slack, "3130 Spam block")
    final = wait_until(
        lambda: (
            ": 1,000 calls, 100%" in (latest_update(slack, ts) or {}).get("text", "")
            and latest_update(slack, ts)
        )
    )
    assert final, latest_update(slack, ts)
    assert "+14155550100" in json.dumps(final["blocks"])
    with ThreadPoolExecutor(8) as pool:
        again = list(pool.map(lambda p: send_plivo(server, p), calls[:50]))
    assert {status for status, _ in again} == {200}
    assert all(json.loads(body)["duplicate"] for _, body in again)
    time.sleep(2.5)
    assert len(alert_posts(slack, "3130 Spam block")) == 1
    assert ": 1,000 calls, 100%" in latest_update(slack, ts)["text"]
    assert hangups(server) >= 1000


def test_slack_refusing_for_a_while_still_gets_every_alert_exactly_once(server, slack):
    slack.fail("chat.postMessage", 429, times=2, retry_after=1)
    slack.fail("chat.postMessage", 500, times=3)
    for code in ("1010", "7011", "8011"):
        assert send_plivo(server, plivo_hangup(code, "+14155550199"))[0] == 200
    titles = [
        "1010 Canceled (Out Of Credits)",
        "7011 Error Reaching Answer URL",
        "8011 Invalid Answer XML",
    ]
    assert wait_until(lambda: all(alert_posts(slack, t) for t in titles), 60)
    time.sleep(2)
    assert [len(alert_posts(slack, t)) for t in titles] == [1, 1, 1]


def test_acknowledge_and_mute_buttons_change_the_alert(server, slack):
    send_plivo(server, plivo_hangup("2030", "+14155550142"))
    assert wait_until(lambda: alert_posts(slack, "2030 Destination Country Barred"))
    post = alert_posts(slack, "2030 Destination Country Barred")[0]
    buttons = next(b for b in post.body["blocks"] if b["type"] == "actions")["elements"]
    ack = next(b for b in buttons if b["action_id"] == "incident_ack")
    payload = {
        "type": "block_actions",
        "user": {"id": "U42"},
        "team": {"id": "T1"},
        "api_app_id": "A1",
        "token": "x",
        "trigger_id": "1",
        "channel": {"id": CHANNEL},
        "response_url": slack.response_url("ack"),
        "actions": [{**ack, "block_id": "b", "action_ts": "1"}],
    }
    assert (
        post_signed(
            server.url + "/slack/events", payload_body(payload), "application/x-www-form-urlencoded"
        )[0]
        == 200
    )
    ts = ts_of(slack, "2030 Destination Country Barred")
    assert wait_until(
        lambda: (
            "Acknowledged by <@U42>"
            in json.dumps((latest_update(slack, ts) or {}).get("blocks", []))
        )
    )
    assert wait_until(
        lambda: [
            c
            for c in slack.of("chat.postMessage")
            if c.body.get("thread_ts") == ts and "Acknowledged" in c.body["text"]
        ]
    )
    mute = next(b for b in buttons if b["action_id"] == "incident_mute_1h")
    payload["actions"] = [{**mute, "block_id": "b", "action_ts": "2"}]
    post_signed(
        server.url + "/slack/events", payload_body(payload), "application/x-www-form-urlencoded"
    )
    assert wait_until(
        lambda: "Muted until" in json.dumps((latest_update(slack, ts) or {}).get("blocks", []))
    )


def slash(server, slack, text: str) -> str:
    from liveserver import command_body

    _, body = post_signed(
        server.url + "/slack/events",
        command_body(text, slack.response_url()),
        "application/x-www-form-urlencoded",
    )
    return json.dumps(json.loads(body)["blocks"])


def test_mute_unmute_and_alerts_commands(server, slack):
    assert "Muted alerts for 3090 Network congestion from carrier" in slash(
        server, slack, "mute 3090 2h"
    )
    overview = slash(server, slack, "alerts")
    assert "Open alerts" in overview and "Muted" in overview and "3090" in overview
    assert "are on again" in slash(server, slack, "unmute 3090")
    assert "Tell me which cause" in slash(server, slack, "mute")


def test_retell_unknown_reason_is_stored_not_refused(server, slack):
    url = server.url + "/webhooks/retell"
    body, headers = sign_retell(retell_call_ended("error_brand_new_reason"), "retell-key")
    status, reply = request("POST", url, body, headers)
    assert status == 200 and json.loads(reply)["stored"]


def test_forwarded_headers_are_ignored_unless_a_trusted_proxy_is_configured(server):
    url = "https://bot.example.com/webhooks/plivo"
    body, signed = sign_plivo(url, plivo_hangup("4000"), "plivo-token")
    status, _ = request(
        "POST",
        server.url + "/webhooks/plivo",
        body,
        {**signed, "X-Forwarded-Proto": "https", "X-Forwarded-Host": "bot.example.com"},
    )
    assert status == 401  # TRUSTED_PROXIES=1 honours them: see test_webhook_forgery_e2e.py


@pytest.mark.parametrize(
    "case", ["unsigned", "tampered", "stale", "oversized", "malformed", "not configured"]
)
def test_bad_callbacks_are_refused_and_store_nothing(server, case):
    before = hangups(server)
    url = server.url + "/webhooks/plivo"
    body, headers = sign_plivo(url, plivo_hangup("3130", call_id=f"bad-{case}"), "plivo-token")
    expected = 401
    if case == "unsigned":
        headers = {"Content-Type": headers["Content-Type"]}
    elif case == "tampered":
        body = body.replace(b"3130", b"1010")
    elif case == "stale":
        url = server.url + "/webhooks/retell"
        stamp = int(time.time() * 1000) - 10 * 60 * 1000
        body, headers = sign_retell(retell_call_ended(), "retell-key", stamp)
    elif case == "oversized":
        body, expected = body + b"&pad=" + b"x" * (1024 * 1024), 413
    elif case == "malformed":
        body, headers = sign_plivo(
            url, [("Event", "Hangup"), ("HangupCauseCode", "x")], "plivo-token"
        )
        expected = 400
    elif case == "not configured":
        url, expected = server.url + "/webhooks/vobiz", 403
    if case == "oversized":
        status, reply = post_raw(url, body, headers), ""
    else:
        status, reply = request("POST", url, body, headers)
    assert status == expected, reply
    assert hangups(server) == before


def test_metrics_report_hangups_incidents_and_outbox_depth(server):
    status, text = request("GET", server.url + "/metrics", b"", METRICS)
    assert status == 200
    for name in (
        "hangup_bot_hangups_total{",
        "hangup_bot_incidents_opened_total",
        "hangup_bot_outbox_depth",
        "hangup_bot_incidents_open",
    ):
        assert name in text
    assert 'category="Carrier Errors",code="3130",provider="plivo"' in text


# -- crash and restart ----------------------------------------------------------------------------


def top_level_alerts(slack: FakeSlack, channel: str) -> list[int]:
    """The outbox ids that the alerts posted to `channel` carry in their metadata."""
    return [
        m["metadata"]["event_payload"]["outbox_id"]
        for m in slack.messages.get(channel, [])
        if not m["thread_ts"] and m["metadata"]
    ]


def burst(server: LiveServer, acknowledged: list[str], stop: threading.Event, prefix: str) -> None:
    """Callbacks for five first-sight causes from five callers, until stopped."""
    for i in range(3000):
        if stop.is_set():
            return
        call = f"{prefix}-{i}"
        params = plivo_hangup(
            ("3130", "1010", "7011", "8011", "2030")[i % 5], f"+1415555{i % 5:04d}", call
        )
        try:
            if send_plivo(server, params)[0] == 200:
                acknowledged.append(call)
        except (OSError, http.client.HTTPException):  # killed mid-request or mid-response
            return


def test_killed_mid_burst_and_restarted_loses_no_event_and_posts_each_alert_once(slack, tmp_path):
    env = server_env(slack, tmp_path, channel="CCRASH01")
    db = tmp_path / "alerts.sqlite3"
    acknowledged: list[str] = []
    stop = threading.Event()
    first = LiveServer(env).start()
    loader = threading.Thread(target=burst, args=(first, acknowledged, stop, "kill"))
    loader.start()
    assert wait_until(lambda: len(acknowledged) > 150, 30)
    os.killpg(first.process.pid, signal.SIGKILL)  # master and workers, mid-burst, no goodbye
    first.process.wait()
    first.stop()  # closes its log
    stop.set()
    loader.join()
    second = LiveServer(env).start()
    try:
        with sqlite3.connect(db) as connection:
            stored = {r[0] for r in connection.execute("select call_id from events")}
            incidents = connection.execute("select count(*) from incidents").fetchone()[0]
        assert set(acknowledged) <= stored
        assert incidents == 5
        assert wait_until(lambda: len(set(top_level_alerts(slack, "CCRASH01"))) >= incidents, 60)
        time.sleep(2)
        posted = top_level_alerts(slack, "CCRASH01")
        assert len(posted) == len(set(posted)) == incidents
    finally:
        second.stop()


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="TEST_DATABASE_URL is not set")
def test_two_servers_sharing_postgresql_never_post_the_same_alert_twice(
    slack, tmp_path, database_url
):
    if database_url.startswith("sqlite"):
        pytest.skip("this test is about PostgreSQL")
    env = server_env(slack, tmp_path, database=database_url, channel="CSHARED1")
    servers = [LiveServer(env).start(), LiveServer(env).start()]
    try:
        calls = [
            plivo_hangup(("3130", "1010", "7011")[i % 3], f"+1415556{i % 3:04d}", f"pg-{i}")
            for i in range(600)
        ]
        with ThreadPoolExecutor(8) as pool:
            statuses = list(
                pool.map(lambda n: send_plivo(servers[n % 2], calls[n])[0], range(len(calls)))
            )
        assert statuses == [200] * len(calls)
        assert wait_until(lambda: len(set(top_level_alerts(slack, "CSHARED1"))) >= 3, 60)
        time.sleep(3)
        posted = top_level_alerts(slack, "CSHARED1")
        assert len(posted) == len(set(posted)) == 3
    finally:
        for server in servers:
            server.stop()
