"""The Slack app over real HTTP: the server started as the Procfile does, requests signed as Slack
signs them, and a local fake Slack Web API that records what the bot posts."""

from __future__ import annotations

import itertools
import json
import time

import pytest
from fakeslack import BOT_ID, BOT_USER
from liveserver import (
    SECRET,
    TOKEN,
    LiveServer,
    command_body,
    event_body,
    payload_body,
    post_raw,
    post_signed,
    request,
    slack_headers,
)

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
WATCHED = "CWATCH01"
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


def events_url(server) -> str:
    return server.url + "/slack/events"


def send_event(server, event: dict, event_id: str | None = None, **headers: str):
    body = event_body(event, event_id or f"Ev{next(ids)}")
    return post_signed(events_url(server), body, JSON, **headers)


def message_ts() -> str:
    return f"{int(time.time())}.{next(ids):06d}"


def all_text(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


# -- /hangup -------------------------------------------------------------------------------------


def test_slash_command_answers_ephemeral_with_a_card_and_a_share_button(server, slack):
    status, body = post_signed(events_url(server), command_body("6020", slack.response_url()), FORM)
    assert status == 200
    reply = json.loads(body)
    assert reply["response_type"] == "ephemeral"
    assert reply["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "6020 Media Timeout (Plivo)"},
    }
    text = all_text(reply["blocks"])
    for part in (
        "What it means",
        "What to do",
        "Console → Voice → Logs → Calls",
        "*Same event:*",
        "*Ended by:* Plivo",
        "share_answer",
        "not_helpful",
    ):
        assert part in text
    assert "Media Timeout" in reply["text"]


@pytest.mark.parametrize("text", ["", "help"])
def test_slash_command_help_shows_usage(server, slack, text):
    status, body = post_signed(events_url(server), command_body(text, slack.response_url()), FORM)
    assert status == 200
    assert "/hangup vobiz 5030" in all_text(json.loads(body)["blocks"])


def test_slash_command_list_shows_a_providers_causes(server, slack):
    _, body = post_signed(
        events_url(server), command_body("list vobiz", slack.response_url()), FORM
    )
    text = all_text(json.loads(body)["blocks"])
    assert "Vobiz: 54 causes" in text and "5030 Concurrency Limit Breached" in text


def test_unknown_input_gets_suggestions_and_usage_never_a_trace(server, slack):
    _, body = post_signed(events_url(server), command_body("3060", slack.response_url()), FORM)
    text = all_text(json.loads(body)["blocks"])
    assert "lies between Call Rejections (3000-3050) and Carrier Errors (3070-3140)" in text
    assert "Nearest known codes" in text and "Try a code" in text
    assert "Traceback" not in text


def test_user_input_echoed_back_stays_inert(server, slack):
    hostile = "<!channel> <!here> <@U999> <http://evil.example|click> & zzqx"
    _, body = post_signed(events_url(server), command_body(hostile, slack.response_url()), FORM)
    reply = json.loads(body)
    text = all_text(reply["blocks"]) + reply["text"]
    assert "&lt;!channel&gt;" in text and "&lt;!here&gt;" in text and "&lt;@U999&gt;" in text
    for raw in ("<!channel>", "<!here>", "<@U999>", "<http://evil.example"):
        assert raw not in text


def test_share_button_posts_the_card_in_channel_saying_who_shared_it(server, slack):
    payload = {
        "type": "block_actions",
        "user": {"id": "U42", "name": "ana"},
        "team": {"id": "T1"},
        "api_app_id": "A1",
        "token": "x",
        "trigger_id": "1.2",
        "container": {"type": "message"},
        "channel": {"id": "C1"},
        "response_url": slack.response_url("share"),
        "actions": [
            {
                "action_id": "share_answer",
                "block_id": "b",
                "type": "button",
                "value": "6020",
                "action_ts": "1.2",
            }
        ],
    }
    status, _ = post_signed(events_url(server), payload_body(payload), FORM)
    assert status == 200
    posts = slack.wait_for("response", 2)
    shared = next(c.body for c in posts if c.body.get("response_type") == "in_channel")
    assert "Shared by <@U42>" in all_text(shared["blocks"])
    assert "6020 Media Timeout" in all_text(shared["blocks"])
    assert "share_answer" not in all_text(shared["blocks"])
    assert any(c.body.get("delete_original") for c in posts)


# -- mentions, DMs, watched channels ---------------------------------------------------------------


def mention(channel: str, text: str, ts: str) -> dict:
    return {
        "type": "app_mention",
        "user": "U1",
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }


def test_mention_is_answered_in_its_thread(server, slack):
    ts = message_ts()
    assert (
        send_event(
            server, mention("C1", f"<@{BOT_USER}> why do calls drop with media timeout?", ts)
        )[0]
        == 200
    )
    [post] = slack.wait_for("chat.postMessage")
    assert post.body["channel"] == "C1" and post.body["thread_ts"] == ts
    assert "Media Timeout" in all_text(post.body["blocks"])


def test_retried_mention_is_answered_once(server, slack):
    ts, event_id = message_ts(), f"Ev{next(ids)}"
    event = mention("C1", f"<@{BOT_USER}> 3010", ts)
    send_event(server, event, event_id)
    send_event(
        server,
        event,
        event_id,
        **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    send_event(
        server,
        event,
        event_id,
        **{"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_timeout"},
    )
    slack.wait_for("chat.postMessage")
    slack.settle()
    assert len(slack.of("chat.postMessage")) == 1


def test_mention_in_a_watched_channel_is_answered_once(server, slack):
    ts = message_ts()
    text = f"<@{BOT_USER}> hangup_cause_code=3130 on every call"
    send_event(server, mention(WATCHED, text, ts))
    send_event(
        server,
        {
            "type": "message",
            "channel": WATCHED,
            "user": "U1",
            "text": text,
            "ts": ts,
            "channel_type": "channel",
        },
    )
    slack.wait_for("chat.postMessage")
    slack.settle()
    assert len(slack.of("chat.postMessage")) == 1


def test_message_naming_several_codes_gets_one_card_and_a_button_for_each_other(server, slack):
    send_event(server, mention("C1", f"<@{BOT_USER}> 3010 6020 3130 2030 7011", message_ts()))
    [post] = slack.wait_for("chat.postMessage")
    headers = [b["text"]["text"] for b in post.body["blocks"] if b["type"] == "header"]
    assert headers == ["3010 Busy Line (Plivo)"]
    buttons = [
        e["text"]["text"]
        for b in post.body["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"].startswith("show_cause_")
    ]
    assert "Plivo 6020 Media Timeout" in buttons and "Plivo 3130 Spam block" in buttons
    assert len(post.body["blocks"]) <= 12


def test_direct_message_is_answered_in_a_thread(server, slack):
    ts = message_ts()
    send_event(
        server,
        {
            "type": "message",
            "channel": "D1",
            "user": "U1",
            "text": "sip 486",
            "ts": ts,
            "channel_type": "im",
        },
    )
    [post] = slack.wait_for("chat.postMessage")
    assert post.body["channel"] == "D1" and post.body["thread_ts"] == ts
    assert "USER_BUSY" in all_text(post.body["blocks"])


def test_watched_channel_alert_from_another_bot_is_explained_in_its_thread(server, slack):
    ts = message_ts()
    send_event(
        server,
        {
            "type": "message",
            "subtype": "bot_message",
            "bot_id": "BGRAFANA",
            "channel": WATCHED,
            "ts": ts,
            "channel_type": "channel",
            "text": "",
            "attachments": [
                {
                    "title": "[FIRING] Voice failures",
                    "text": "hangup_cause_code=3130 HangupCause=USER_BUSY on 41 calls",
                }
            ],
        },
    )
    [post] = slack.wait_for("chat.postMessage")
    assert post.body["thread_ts"] == ts
    text = all_text(post.body["blocks"])
    assert "3130 Spam block" in text and "USER_BUSY" in text


@pytest.mark.parametrize(
    "event",
    [
        {"text": "deploy finished, all green", "channel": WATCHED},
        {"text": "hangup_cause_code=3130", "channel": "CNOTWATCHED"},
        {
            "text": "hangup_cause_code=3130",
            "channel": WATCHED,
            "bot_id": BOT_ID,
            "subtype": "bot_message",
        },
        {"text": "hangup_cause_code=3130", "channel": WATCHED, "subtype": "message_changed"},
    ],
    ids=["no codes", "not watched", "own message", "edit"],
)
def test_watched_channel_stays_quiet_when_it_should(server, slack, event):
    send_event(
        server,
        {"type": "message", "user": "U1", "ts": message_ts(), "channel_type": "channel", **event},
    )
    slack.settle()
    assert slack.of("chat.postMessage") == []


# -- shortcut and home --------------------------------------------------------------------------


def shortcut(text: str, ts: str) -> dict:
    return {
        "type": "message_action",
        "callback_id": "explain_hangup_causes",
        "token": "x",
        "trigger_id": "1.2",
        "action_ts": ts,
        "team": {"id": "T1"},
        "user": {"id": "U7", "name": "ana"},
        "channel": {"id": "C9", "name": "alerts"},
        "message": {"type": "message", "text": text, "ts": ts, "user": "U2"},
        "response_url": "https://hooks.invalid/x",
    }


def test_shortcut_explains_the_causes_of_a_message_in_its_thread(server, slack):
    ts = message_ts()
    status, _ = post_signed(
        events_url(server),
        payload_body(shortcut("Alert: disconnection_reason: dial_busy", ts)),
        FORM,
    )
    assert status == 200
    [post] = slack.wait_for("chat.postMessage")
    assert post.body["channel"] == "C9" and post.body["thread_ts"] == ts
    assert "dial_busy" in all_text(post.body["blocks"])


def test_shortcut_on_a_message_without_causes_tells_the_user_privately(server, slack):
    post_signed(events_url(server), payload_body(shortcut("lunch at 1?", message_ts())), FORM)
    [ephemeral] = slack.wait_for("chat.postEphemeral")
    assert ephemeral.body["user"] == "U7" and "no hangup codes" in ephemeral.body["text"]
    assert slack.of("chat.postMessage") == []


def test_app_home_is_published(server, slack):
    send_event(
        server,
        {
            "type": "app_home_opened",
            "user": "U5",
            "channel": "D5",
            "tab": "home",
            "event_ts": message_ts(),
        },
    )
    [publish] = slack.wait_for("views.publish")
    assert publish.body["user_id"] == "U5"
    view = publish.body["view"]
    view = json.loads(view) if isinstance(view, str) else view
    text = all_text(view["blocks"])
    assert view["type"] == "home" and "/hangup 6020" in text and "causes" in text


# -- refusals ------------------------------------------------------------------------------------


def test_url_verification_challenge_is_answered(server):
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"}).encode()
    status, text = post_signed(events_url(server), body, JSON)
    assert status == 200 and "abc123" in text


def refused(server, slack, body: bytes, headers: dict[str, str]) -> int:
    status, _ = request("POST", events_url(server), body, headers)
    slack.settle(0.3)
    assert slack.calls == [], "a refused request must not reach Slack"
    return status


def test_bad_signature_is_refused_with_401(server, slack):
    body = command_body("6020", slack.response_url())
    headers = slack_headers(body, secret="wrong-secret")
    assert refused(server, slack, body, headers) == 401


def test_missing_signature_headers_are_refused_with_401(server, slack):
    body = command_body("6020", slack.response_url())
    assert refused(server, slack, body, {"Content-Type": FORM}) == 401


def test_stale_timestamp_is_refused_with_401(server, slack):
    body = command_body("6020", slack.response_url())
    headers = slack_headers(body, timestamp=int(time.time()) - 6 * 60)
    assert refused(server, slack, body, headers) == 401


def test_tampered_body_is_refused_with_401(server, slack):
    body = command_body("6020", slack.response_url())
    headers = slack_headers(body)
    assert refused(server, slack, body.replace(b"6020", b"3010"), headers) == 401


@pytest.mark.parametrize(
    "body,content_type",
    [
        (b"{not json", JSON),
        (b"payload=%7Bnot+json", FORM),
        (b"[1, 2, 3]", JSON),
        (b"", FORM),
    ],
    ids=["broken json", "broken payload", "json array", "empty"],
)
def test_malformed_payloads_get_400_and_no_crash(server, slack, body, content_type):
    assert refused(server, slack, body, slack_headers(body, content_type=content_type)) == 400
    assert request("GET", server.url + "/healthz", b"", {})[0] == 200


def test_oversized_request_is_refused_with_413(server, slack):
    body = b"text=" + b"x" * (1024 * 1024 + 10)
    assert post_raw(events_url(server), body, slack_headers(body)) == 413
    slack.settle(0.3)
    assert slack.calls == []


def test_without_alert_settings_the_server_says_alerts_are_off(server):
    assert "Alerts are off" in server.output()
