"""The alert server for end-to-end tests: started as the Procfile does on SQLite or on the
PostgreSQL of TEST_DATABASE_URL, with every provider's secret set, and helpers that send
callbacks signed exactly as each provider signs them and read what reached the fake Slack."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fakeslack import FakeSlack
from liveserver import SECRET, TOKEN, LiveServer, command_body, payload_body, post_signed, request
from providers import (
    bolna_execution,
    plivo_hangup,
    retell_call_ended,
    sign_plivo,
    sign_retell,
    sign_twilio,
)

SECRETS = {
    "PLIVO_AUTH_TOKEN": "plivo-token",
    "RETELL_API_KEY": "retell-key",
    "TWILIO_AUTH_TOKEN": "twilio-token",
    "BOLNA_WEBHOOK_TOKEN": "bolna-token",
}
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=pytest.mark.skipif(
            not os.environ.get("TEST_DATABASE_URL"), reason="TEST_DATABASE_URL is not set"
        ),
    ),
]


def empty_database(backend: str, tmp: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp / 'alerts.sqlite3'}"
    from sqlalchemy import create_engine

    from hangup_bot.store.database import database_url
    from hangup_bot.store.migrate import drop_everything

    url = os.environ["TEST_DATABASE_URL"]
    engine = create_engine(database_url(url))
    drop_everything(engine)
    engine.dispose()
    return url


METRICS_TOKEN = "metrics-token"
METRICS = {"Authorization": f"Bearer {METRICS_TOKEN}"}  # /metrics asks for it


def start(slack: FakeSlack, tmp: Path, backend: str, channel: str, rules: str) -> LiveServer:
    (tmp / "rules.yml").write_text(rules)
    env = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "ALERT_CHANNEL": channel,
        "ALERT_RULES": str(tmp / "rules.yml"),
        "DATABASE_URL": empty_database(backend, tmp),
        "METRICS_TOKEN": METRICS_TOKEN,
        **SECRETS,
    }
    return LiveServer(env).start()


def plivo(server: LiveServer, code: str, caller: str = "+14155550100", call_id=None, query=""):
    url = server.url + "/webhooks/plivo" + query
    body, headers = sign_plivo(url, plivo_hangup(code, caller, call_id), "plivo-token")
    return request("POST", url, body, headers)[0]


def retell(server: LiveServer, payload: dict) -> int:
    body, headers = sign_retell(payload, "retell-key")
    return request("POST", server.url + "/webhooks/retell", body, headers)[0]


def retell_reason(server: LiveServer, reason: str) -> int:
    return retell(server, retell_call_ended(reason))


def bolna(server: LiveServer, reason: str) -> int:
    body = json.dumps(bolna_execution(reason)).encode()
    headers = {"Content-Type": "application/json", "X-Bolna-Token": "bolna-token"}
    return request("POST", server.url + "/webhooks/bolna", body, headers)[0]


def twilio(server: LiveServer, error_code: str, sid: str, account: str = "AC0123456789") -> int:
    url = server.url + "/webhooks/twilio"
    params = [
        ("CallSid", sid),
        ("AccountSid", account),
        ("CallStatus", "failed"),
        ("ErrorCode", error_code),
        ("From", "+14155550177"),
        ("To", "+14155550188"),
        ("Direction", "outbound-api"),
    ]
    body, headers = sign_twilio(url, params, "twilio-token")
    return request("POST", url, body, headers)[0]


def slash(server: LiveServer, slack: FakeSlack, text: str, user: str = "U1") -> str:
    """What `/hangup TEXT` answers, as the JSON of its blocks."""
    _, body = post_signed(
        server.url + "/slack/events",
        command_body(text, slack.response_url(), user=user),
        "application/x-www-form-urlencoded",
    )
    return json.dumps(json.loads(body)["blocks"])


def press(server: LiveServer, slack: FakeSlack, button: dict, channel: str, user: str) -> int:
    """Press a button of an alert message as `user`."""
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "team": {"id": "T1"},
        "api_app_id": "A1",
        "token": "x",
        "trigger_id": "1",
        "channel": {"id": channel},
        "response_url": slack.response_url("button"),
        "actions": [{**button, "block_id": "b", "action_ts": "1"}],
    }
    body = payload_body(payload)
    return post_signed(server.url + "/slack/events", body, "application/x-www-form-urlencoded")[0]


def alert(slack: FakeSlack, channel: str, title: str) -> list[dict]:
    """Top-level posts in `channel` whose text names `title`."""
    return [c.body for c in slack.posts(channel) if title in (c.body.get("text") or "")]


def latest(slack: FakeSlack, channel: str, title: str) -> dict | None:
    """The alert as it reads now: its post, or the newest chat.update of it."""
    posts = alert(slack, channel, title)
    if not posts:
        return None
    ts = next(m["ts"] for m in slack.messages[channel] if title in (m["text"] or ""))
    updates = [c.body for c in slack.of("chat.update") if c.body.get("ts") == ts]
    return {**(updates[-1] if updates else posts[0]), "ts": ts}


def shown(message: dict | None) -> str:
    """Everything Slack renders of a message: its text and blocks."""
    if not message:
        return ""
    return (message.get("text") or "") + "\n" + json.dumps(message.get("blocks") or [])


def thread(slack: FakeSlack, ts: str) -> list[str]:
    return [
        c.body.get("text") or ""
        for c in slack.of("chat.postMessage")
        if c.body.get("thread_ts") == ts
    ]
