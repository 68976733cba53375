"""Hostile but signed input to `hangup serve`, on SQLite and PostgreSQL: each request is stored
with its values made to fit, or refused with 400 and a reason, or 413; never a 500."""

from __future__ import annotations

import json
import uuid

import pytest
from liveserver import payload_body, post_signed, request, slack_headers
from providers import bolna_execution, plivo_hangup, retell_call_ended, sign_plivo
from rawhttp import send_chunked
from retell.lib.webhook_auth import symmetric
from webhookserver import DATABASES, Stored, fresh_database, plivo, retell, start, twilio


@pytest.fixture(scope="module", params=DATABASES)
def served(request, slack, tmp_path_factory):
    database = fresh_database(request.param, tmp_path_factory.mktemp("input"))
    server = start(slack, database)
    stored = Stored(database)
    yield server, stored
    stored.close()
    server.stop()


def reply(result: tuple[int, str]) -> tuple[int, dict]:
    status, body = result
    return status, json.loads(body)


def test_infinite_huge_and_negative_durations_are_stored_clamped_or_as_unknown(served):
    server, stored = served
    tag = uuid.uuid4().hex[:8]
    durations = {"inf": None, "1e400": None, "2147483648": 2147483647, "-5": 0, "NaN": None}
    for i, duration in enumerate(durations):
        params = plivo_hangup("3010", call_id=f"dur-{tag}-{i}", Duration=duration)
        assert reply(plivo(server, params)) == (
            200,
            {"ok": True, "stored": True, "duplicate": False},
        )
    kept = [row["duration"] for row in stored.events(f"dur-{tag}-%")]
    assert kept == list(durations.values())


def test_fields_longer_than_their_columns_are_cut_and_nul_bytes_dropped(served):
    server, stored = served
    call = f"long-{uuid.uuid4().hex[:8]}"
    params = plivo_hangup(
        "3010",
        caller="+1" + "4" * 79,
        call_id=call,
        Direction="o" * 41,
        HangupCauseName="Busy\x00 Line",
    )
    assert plivo(server, params)[0] == 200
    [row] = stored.events(call)
    assert (len(row["from_number"]), len(row["direction"]), row["cause"]) == (80, 40, "Busy Line")


def test_a_400_character_call_uuid_is_stored_once_and_its_redeliveries_are_duplicates(served):
    server, stored = served
    call = uuid.uuid4().hex + "x" * 368
    params = plivo_hangup("3010", call_id=call)
    answers = [reply(plivo(server, params)) for _ in range(3)]
    assert answers[0] == (200, {"ok": True, "stored": True, "duplicate": False})
    assert answers[1:] == [(200, {"ok": True, "stored": False, "duplicate": True})] * 2
    assert len(stored.events(call[:32] + "%")) == 1


def test_a_400_character_retell_reason_is_stored_cut_to_fit(served):
    server, stored = served
    payload = retell_call_ended("error_" + "z" * 394)
    assert reply(retell(server, payload))[0] == 200
    [row] = stored.events(payload["call"]["call_id"])
    assert row["code"] == ("error_" + "z" * 394)[:120]


def test_numbers_where_text_belongs_are_stored_as_text(served):
    server, stored = served
    payload = retell_call_ended("dial_busy")
    payload["call"].update(call_status=5, from_number=14155550111, direction=True)
    assert reply(retell(server, payload))[0] == 200
    [row] = stored.events(payload["call"]["call_id"])
    assert (row["cause"], row["from_number"], row["direction"]) == ("5", "14155550111", "true")


@pytest.mark.parametrize(
    "field,value,reason",
    [
        ("from_number", {"nested": 1}, "call.from_number must be text, not an object"),
        ("call_id", ["a", "b"], "call.call_id must be text, not a list"),
        ("disconnection_reason", 7, "call.disconnection_reason is missing or not text"),
    ],
)
def test_objects_or_lists_where_text_belongs_get_400_naming_the_field(served, field, value, reason):
    server, _ = served
    payload = retell_call_ended("dial_busy")
    payload["call"][field] = value
    assert reply(retell(server, payload)) == (400, {"ok": False, "error": reason})


def test_a_lone_surrogate_is_stored_as_a_replacement_character(served):
    server, stored = served
    payload = retell_call_ended("dial_busy")
    payload["call"]["from_number"] = "+1415\ud800"
    assert reply(retell(server, payload))[0] == 200
    [row] = stored.events(payload["call"]["call_id"])
    assert row["from_number"] == "+1415\ufffd"


def test_bolna_and_twilio_odd_values_fit_too(served):
    server, stored = served
    execution = f"bolna-{uuid.uuid4().hex[:8]}"
    payload = bolna_execution(execution=execution)
    payload["telephony_data"].update(hangup_by=["Callee"])
    status, body = request(
        "POST",
        server.url + "/webhooks/bolna",
        json.dumps(payload).encode(),
        {"Content-Type": "application/json", "X-Bolna-Token": "bolna-token"},
    )
    assert (status, json.loads(body)["error"]) == (
        400,
        "telephony_data.hangup_by must be text, not a list",
    )
    sid = f"CA{uuid.uuid4().hex}"
    params = [("CallSid", sid), ("CallStatus", "failed"), ("ErrorCode", "1" * 300)]
    params += [("From", "\x00" * 5 + "+1" * 60), ("CallDuration", "1e400")]
    assert twilio(server, params)[0] == 200
    [row] = stored.events(sid)
    assert (len(row["code"]), row["from_number"], row["duration"]) == (120, "+1" * 40, None)


def deep(depth: int) -> str:
    return '{"event": "call_ended", "call": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize("provider", ["retell", "bolna"])
def test_json_nested_50000_deep_gets_400(served, provider):
    server, _ = served
    body = deep(50_000)
    headers = {"Content-Type": "application/json"}
    if provider == "retell":
        headers["x-retell-signature"] = symmetric["sign"](body, "retell-key")
    else:
        headers["X-Bolna-Token"] = "bolna-token"
    status, text = request("POST", f"{server.url}/webhooks/{provider}", body.encode(), headers)
    assert (status, json.loads(text)["error"]) == (400, "body is nested too deeply")


def test_slack_events_nested_50000_deep_gets_400(served):
    server, _ = served
    body = ('{"type": "event_callback", "event": ' + "[" * 50_000 + "]" * 50_000 + "}").encode()
    status, text = post_signed(server.url + "/slack/events", body, "application/json")
    assert (status, json.loads(text)["error"]) == (400, "body is nested too deeply")


def test_slack_timestamp_that_is_not_a_number_gets_400(served):
    server, _ = served
    body = b'{"type": "url_verification", "challenge": "c"}'
    headers = {**slack_headers(body, content_type="application/json")}
    headers["X-Slack-Request-Timestamp"] = "abc"
    status, text = request("POST", server.url + "/slack/events", body, headers)
    assert (status, json.loads(text)["error"]) == (
        400,
        "X-Slack-Request-Timestamp must be a Unix time in seconds",
    )


def test_slack_body_of_invalid_utf8_gets_400(served):
    server, _ = served
    body = b'{"type": "url_verification", "challenge": "\xff\xfe"}'
    status, text = post_signed(server.url + "/slack/events", body, "application/json")
    assert (status, json.loads(text)["error"]) == (400, "body and query must be valid UTF-8")


def test_slack_body_shaped_wrong_gets_400_naming_the_field(served):
    server, _ = served
    body = json.dumps({"type": "event_callback", "team": 5, "event": {"type": "message"}})
    status, text = post_signed(server.url + "/slack/events", body.encode(), "application/json")
    assert (status, json.loads(text)["error"]) == (400, "team must be text or an object")


@pytest.mark.parametrize("path", ["/webhooks/plivo", "/slack/events"])
def test_a_chunked_body_over_1_mb_gets_413(served, path):
    server, stored = served
    url = server.url + path
    call = f"chunked-{uuid.uuid4().hex[:8]}"
    body, headers = sign_plivo(url, plivo_hangup("3010", call_id=call), "plivo-token")
    body += b"&pad=" + b"x" * (1024 * 1024)
    if path == "/slack/events":
        headers = slack_headers(body)
    assert send_chunked(url, body, headers) == 413
    assert stored.events(call) == []


def test_a_small_chunked_body_is_read_whole_and_stored(served):
    server, stored = served
    url = server.url + "/webhooks/plivo"
    call = f"chunked-small-{uuid.uuid4().hex[:8]}"
    body, headers = sign_plivo(url, plivo_hangup("3010", call_id=call), "plivo-token")
    assert send_chunked(url, body, headers, chunk=7) == 200
    assert len(stored.events(call)) == 1


@pytest.mark.parametrize(
    "body,content_type,reason",
    [
        (
            b'{"type": "event_callback", "event": {"type": "message", "text": "\\ud800"}}',
            "application/json",
            "body holds an unpaired surrogate (\\ud800-\\udfff)",
        ),
        (
            payload_body({"type": "block_actions", "actions": [{"value": "3010"}]}),
            "application/x-www-form-urlencoded",
            "actions[0].action_id is missing",
        ),
        (
            payload_body({"type": "block_actions", "user": ["U1"], "actions": []}),
            "application/x-www-form-urlencoded",
            "user must be text or an object",
        ),
    ],
    ids=["unpaired surrogate", "action without action_id", "user as a list"],
)
def test_slack_bodies_bolt_would_choke_on_get_400_with_the_reason(
    served, body, content_type, reason
):
    server, _ = served
    status, text = post_signed(server.url + "/slack/events", body, content_type)
    assert (status, json.loads(text)["error"]) == (400, reason)
