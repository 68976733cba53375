"""Vapi and LiveKit fields in Slack over real HTTP: a watched channel's alert and the message
shortcut are explained with the platform's own entries."""

from __future__ import annotations

import itertools
import json
import time

import pytest
from liveserver import SECRET, TOKEN, LiveServer, event_body, payload_body, post_signed

WATCHED = "CWATCHVAI"
ids = itertools.count(1)


@pytest.fixture(scope="module")
def server(slack, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "bot.sqlite3"
    live = LiveServer(
        {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.api_url,
            "WATCH_CHANNELS": WATCHED,
            "DATABASE_URL": f"sqlite:///{db}",
        }
    ).start()
    yield live
    live.stop()


@pytest.fixture(autouse=True)
def fresh(slack):
    with slack.lock:
        slack.calls.clear()


def ts() -> str:
    return f"{int(time.time())}.{next(ids):06d}"


def test_a_watched_channel_alert_naming_a_vapi_ended_reason_is_explained(server, slack):
    stamp = ts()
    event = {
        "type": "message",
        "subtype": "bot_message",
        "bot_id": "BVAPIALERTS",
        "channel": WATCHED,
        "ts": stamp,
        "channel_type": "channel",
        "text": "Call c-81 ended. endedReason: voicemail",
    }
    status, _ = post_signed(
        server.url + "/slack/events", event_body(event, f"EvV{stamp}"), "application/json"
    )
    assert status == 200
    [post] = slack.wait_for("chat.postMessage")
    assert post.body["thread_ts"] == stamp
    text = json.dumps(post.body["blocks"])
    assert "voicemail (Vapi)" in text and "voicemail_reached" in text


def test_the_shortcut_explains_a_livekit_disconnect_reason_by_its_number(server, slack):
    stamp = ts()
    payload = {
        "type": "message_action",
        "callback_id": "explain_hangup_causes",
        "token": "x",
        "trigger_id": "1.2",
        "action_ts": stamp,
        "team": {"id": "T1"},
        "user": {"id": "U7", "name": "ana"},
        "channel": {"id": "C9", "name": "agents"},
        "message": {
            "type": "message",
            "text": "agent log: disconnect_reason=12",
            "ts": stamp,
            "user": "U2",
        },
        "response_url": "https://hooks.invalid/x",
    }
    status, _ = post_signed(
        server.url + "/slack/events", payload_body(payload), "application/x-www-form-urlencoded"
    )
    assert status == 200
    [post] = slack.wait_for("chat.postMessage")
    assert post.body["channel"] == "C9" and post.body["thread_ts"] == stamp
    assert "USER_REJECTED (LiveKit)" in json.dumps(post.body["blocks"])
