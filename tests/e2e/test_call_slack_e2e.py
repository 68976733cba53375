"""`/hangup call ID` over real HTTP: the server as the Procfile starts it, a fake Slack, and
local fakes of the Plivo and Vobiz call-record APIs."""

from __future__ import annotations

import json
import uuid

import pytest
from fakeproviders import PLIVO_TOKEN, FakeProvider, environment, plivo_busy_call
from liveserver import (
    SECRET,
    TOKEN,
    LiveServer,
    command_body,
    payload_body,
    post_signed,
    request,
)
from providers import plivo_hangup, sign_plivo

FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def fakes():
    started = {p: FakeProvider(p).start() for p in ("plivo", "vobiz")}
    yield started
    for fake in started.values():
        fake.stop()


@pytest.fixture(scope="module")
def server(slack, fakes, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "bot.sqlite3"
    live = LiveServer(
        {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.api_url,
            "DATABASE_URL": f"sqlite:///{db}",
            **environment(fakes),
        }
    ).start()
    yield live
    live.stop()


@pytest.fixture(autouse=True)
def fresh(slack):
    with slack.lock:
        slack.calls.clear()


def ask(server, slack, text: str, name: str) -> dict:
    status, body = post_signed(
        server.url + "/slack/events", command_body(text, slack.response_url(name)), FORM
    )
    assert status == 200
    return json.loads(body)


def responses(slack, name: str, count: int = 1) -> list[dict]:
    slack.wait_for("response", count)
    return [c.body for c in slack.of("response") if c.path.endswith("/" + name)]


def test_call_lookup_answers_privately_with_the_card_and_the_calls_facts(server, slack, fakes):
    call_id = str(uuid.uuid4())
    fakes["plivo"].calls[call_id] = plivo_busy_call(call_id)
    first = ask(server, slack, f"call {call_id}", "c1")
    assert first["response_type"] == "ephemeral"
    assert f"Looking up call `{call_id}`" in first["text"]
    (answer,) = responses(slack, "c1")
    text = json.dumps(answer["blocks"], ensure_ascii=False)
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is True
    assert '"text": "3010 Busy Line (Plivo)"' in text
    assert "*Hung up by:* the person called (callee, outbound call)" in text
    assert "*Duration:* 0 s" in text
    assert "+14155550111" in text  # whole in a private answer
    assert "share_call" in text


def test_shared_call_is_masked_for_the_channel(server, slack, fakes):
    call_id = str(uuid.uuid4())
    fakes["plivo"].calls[call_id] = plivo_busy_call(call_id)
    payload = {
        "type": "block_actions",
        "user": {"id": "U42", "name": "ana"},
        "team": {"id": "T1"},
        "api_app_id": "A1",
        "token": "x",
        "trigger_id": "1.2",
        "container": {"type": "message"},
        "channel": {"id": "C1"},
        "response_url": slack.response_url("s1"),
        "actions": [
            {
                "action_id": "share_call",
                "block_id": "b",
                "type": "button",
                "value": f"plivo:{call_id}",
                "action_ts": "1.2",
            }
        ],
    }
    status, _ = post_signed(server.url + "/slack/events", payload_body(payload), FORM)
    assert status == 200
    posts = responses(slack, "s1", 2)
    shared = next(p for p in posts if p.get("response_type") == "in_channel")
    text = json.dumps(shared["blocks"], ensure_ascii=False)
    assert "+1 415 ••• 0111" in text and "+14155550111" not in text
    assert "Shared by <@U42>" in text and "3010 Busy Line (Plivo)" in text


def test_unknown_call_says_where_it_looked(server, slack):
    call_id = str(uuid.uuid4())
    ask(server, slack, f"call {call_id}", "c2")
    (answer,) = responses(slack, "c2")
    assert answer["text"].startswith(
        f"no call {call_id} at Plivo or Vobiz; checked with PLIVO_AUTH_ID MA…XY"
    )
    assert PLIVO_TOKEN not in json.dumps(answer)


def test_a_call_id_alone_offers_the_lookup(server, slack):
    reply = ask(server, slack, "CA" + "0123456789abcdef" * 2, "c3")
    text = json.dumps(reply["blocks"])
    assert "looks like a call id" in text and "lookup_call" in text


def test_call_alone_asks_for_the_id(server, slack):
    reply = ask(server, slack, "call", "c4")
    assert "Give me the call id" in json.dumps(reply["blocks"])


def test_a_question_starting_with_call_is_answered_from_the_catalog(server, slack):
    reply = ask(server, slack, "call <!channel> dropped, line busy", "c7")
    text = json.dumps([b for b in reply["blocks"] if b["type"] != "actions"])
    assert "<!channel>" not in text and "Looking up" not in text
    slack.settle(0.3)
    assert not responses(slack, "c7", 0)


def test_a_call_that_arrived_by_webhook_is_answered_from_the_stored_event(server, slack):
    call_id = str(uuid.uuid4())
    url = server.url + "/webhooks/plivo"
    body, headers = sign_plivo(url, plivo_hangup("3130", call_id=call_id), PLIVO_TOKEN)
    status, _ = request("POST", url, body, headers)
    assert status == 200
    ask(server, slack, f"call {call_id}", "c5")
    (answer,) = responses(slack, "c5")
    text = json.dumps(answer["blocks"], ensure_ascii=False)
    assert "3130" in text and "Spam" in text
    assert "*Hung up by:* the carrier or phone network (Carrier)" in text


def test_text_that_is_no_call_id_is_refused_at_once(server, slack):
    reply = ask(server, slack, "call +1-415-555-0111", "c6")
    assert "is not a call id" in reply["text"]
    slack.settle(0.3)
    assert not responses(slack, "c6", 0)
