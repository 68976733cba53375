"""The answer card's buttons and private replies over real HTTP: another possibility's card for
the person who asked, "Not helpful" stored and read back, the shortcut where the bot is not a
member, greetings, and App Home."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import time

import pytest
from fakeslack import BOT_USER
from liveserver import (
    SECRET,
    TOKEN,
    LiveServer,
    command_body,
    event_body,
    payload_body,
    post_signed,
)

FORM = "application/x-www-form-urlencoded"
ids = itertools.count(1)
HANGUP = shutil.which("hangup", path=os.path.dirname(sys.executable)) or "hangup"


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'bot.sqlite3'}"


@pytest.fixture(scope="module")
def server(slack, database):
    live = LiveServer(
        {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.api_url,
            "DATABASE_URL": database,
        }
    ).start()
    yield live
    live.stop()


@pytest.fixture(autouse=True)
def fresh(slack):
    with slack.lock:
        slack.calls.clear()


def url(server) -> str:
    return server.url + "/slack/events"


def ts() -> str:
    return f"{int(time.time())}.{next(ids):06d}"


def button_press(slack, element: dict, name: str) -> dict:
    return {
        "type": "block_actions",
        "user": {"id": "U42", "name": "ana"},
        "team": {"id": "T1"},
        "api_app_id": "A1",
        "token": "x",
        "trigger_id": "1.2",
        "container": {"type": "message", "message_ts": ts()},
        "channel": {"id": "C1"},
        "response_url": slack.response_url(name),
        "actions": [
            {
                "action_id": element["action_id"],
                "block_id": "b",
                "type": "button",
                "value": element.get("value", ""),
                "action_ts": "1.2",
            }
        ],
    }


def slash(server, slack, text: str) -> list[dict]:
    status, body = post_signed(url(server), command_body(text, slack.response_url()), FORM)
    assert status == 200
    return json.loads(body)["blocks"]


def element(shown: list[dict], action_id: str) -> dict:
    return next(
        e
        for b in shown
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )


def test_another_possibility_button_shows_its_full_card_only_to_the_person(server, slack):
    shown = slash(server, slack, "3010")
    other = element(shown, "show_cause_0")
    assert other["value"] == "vobiz:3010"
    post_signed(url(server), payload_body(button_press(slack, other, "show")), FORM)
    [reply] = slack.wait_for("response")
    assert reply.path == "/response/show"
    assert reply.body["response_type"] == "ephemeral" and not reply.body["replace_original"]
    text = json.dumps(reply.body["blocks"], ensure_ascii=False)
    assert "3010 Busy Line (Vobiz)" in text and "What to do" in text


def test_not_helpful_is_stored_shown_in_feedback_and_exported(server, slack, database):
    question = "calls from +1 415 die at 2 minutes *bold*"
    shown = slash(server, slack, question)
    post_signed(
        url(server), payload_body(button_press(slack, element(shown, "not_helpful"), "nh")), FORM
    )
    [thanks] = slack.wait_for("response")
    assert "Thanks, noted" in thanks.body["text"] and thanks.body["response_type"] == "ephemeral"
    listing = json.dumps(slash(server, slack, "feedback"), ensure_ascii=False)
    assert (
        "Marked Not helpful" in listing and "`calls from +1 415 die at 2 minutes *bold*`" in listing
    )
    done = subprocess.run(
        [HANGUP, "feedback", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": database},
        timeout=60,
    )
    assert done.returncode == 0
    [line] = [json.loads(x) for x in done.stdout.splitlines()]
    assert line["query"] == question and line["surface"] == "slash"
    assert line["answered"] == json.loads(element(shown, "not_helpful")["value"])["a"]


def test_link_buttons_are_acknowledged_and_post_nothing(server, slack):
    shown = slash(server, slack, "twilio 13227")
    docs = next(
        e
        for b in shown
        if b["type"] == "actions"
        for e in b["elements"]
        if e.get("url", "").endswith("/13227")
    )
    status, _ = post_signed(url(server), payload_body(button_press(slack, docs, "link")), FORM)
    assert status == 200
    slack.settle()
    assert [c.method for c in slack.calls if c.method != "auth.test"] == []  # nothing posted


def shortcut(slack, channel: str, text: str, stamp: str) -> dict:
    return {
        "type": "message_action",
        "callback_id": "explain_hangup_causes",
        "token": "x",
        "trigger_id": "1.2",
        "action_ts": stamp,
        "team": {"id": "T1"},
        "user": {"id": "U7", "name": "ana"},
        "channel": {"id": channel, "name": "private-ops"},
        "message": {"type": "message", "text": text, "ts": stamp, "user": "U2"},
        "response_url": slack.response_url("shortcut"),
    }


def test_shortcut_where_the_bot_is_not_a_member_answers_privately_and_says_how_to_invite(
    server, slack
):
    slack.outside.add("COUTSIDE")
    try:
        body = payload_body(shortcut(slack, "COUTSIDE", "HangupCauseCode=3010", ts()))
        post_signed(url(server), body, FORM)
        [reply] = slack.wait_for("response")
    finally:
        slack.outside.discard("COUTSIDE")
    assert reply.path == "/response/shortcut" and reply.body["response_type"] == "ephemeral"
    text = json.dumps(reply.body["blocks"], ensure_ascii=False)
    assert "/invite @hangup-bot" in text and "3010 Busy Line (Plivo)" in text


def test_shortcut_without_codes_where_the_bot_is_not_a_member_still_answers(server, slack):
    slack.outside.add("COUTSIDE2")
    try:
        post_signed(url(server), payload_body(shortcut(slack, "COUTSIDE2", "lunch?", ts())), FORM)
        [reply] = slack.wait_for("response")
    finally:
        slack.outside.discard("COUTSIDE2")
    assert "no hangup codes" in reply.body["text"]


@pytest.mark.parametrize(
    "text", [f"<@{BOT_USER}>", f"<@{BOT_USER}> hi", f"hello <@{BOT_USER}> :wave:"]
)
def test_a_greeting_or_a_bare_mention_gets_usage_with_examples(server, slack, text):
    stamp = ts()
    event = {"type": "app_mention", "user": "U1", "text": text, "ts": stamp, "channel": "C1"}
    post_signed(
        url(server), event_body({**event, "event_ts": stamp}, f"EvC{next(ids)}"), "application/json"
    )
    [post] = slack.wait_for("chat.postMessage")
    shown = json.dumps(post.body["blocks"], ensure_ascii=False)
    assert "/hangup 6020" in shown and "No hangup cause matches" not in shown


def test_slash_hi_gets_usage_not_a_miss(server, slack):
    shown = json.dumps(slash(server, slack, "hi"), ensure_ascii=False)
    assert "/hangup 6020" in shown and "No hangup cause matches" not in shown


def test_app_home_says_how_to_use_the_shortcut(server, slack):
    stamp = ts()
    event = {
        "type": "app_home_opened",
        "user": "U5",
        "channel": "D5",
        "tab": "home",
        "event_ts": stamp,
    }
    post_signed(url(server), event_body(event, f"EvC{next(ids)}"), "application/json")
    [publish] = slack.wait_for("views.publish")
    view = publish.body["view"]
    view = json.loads(view) if isinstance(view, str) else view
    text = json.dumps(view["blocks"], ensure_ascii=False)
    assert "⋯ More actions" in text and "Explain hangup causes" in text
    assert "Add a message shortcut" not in text
