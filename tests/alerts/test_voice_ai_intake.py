"""Vapi end-of-call reports and Telnyx call.hangup webhooks: verified, parsed, or refused.

Telnyx signatures are made with PyNaCl and checked by the bot with `cryptography`: two
independent Ed25519 implementations."""

from __future__ import annotations

import base64
import json
import time

import pytest
from nacl.signing import SigningKey
from providers import sign_telnyx, sign_vapi, telnyx_hangup, telnyx_keys, vapi_report

from hangup_bot.alerts import telnyx
from hangup_bot.alerts.intake import Refused, WebhookRequest, accept
from hangup_bot.answers.engine import Engine
from hangup_bot.config import Config, ConfigError

KEY, PUBLIC = telnyx_keys()
SECRETS = {"vapi": "vapi-secret", "telnyx": PUBLIC}
URL = "https://bot.example.com/webhooks/"


def json_request(provider: str, body: bytes, headers: dict) -> WebhookRequest:
    return WebhookRequest(
        "POST", URL + provider, {k.lower(): v for k, v in headers.items()}, body, [], []
    )


def refusal(provider: str, body: bytes, headers: dict, secrets=SECRETS) -> tuple[int, str]:
    with pytest.raises(Refused) as refused:
        accept(provider, json_request(provider, body, headers), secrets)
    return refused.value.status, refused.value.reason


@pytest.mark.parametrize("hmac_mode", [True, False], ids=["hmac", "x-vapi-secret"])
def test_a_vapi_end_of_call_report_becomes_an_event(hmac_mode):
    body, headers = sign_vapi(
        vapi_report("customer-busy", "call-1"), "vapi-secret", None, hmac_mode
    )
    event = accept("vapi", json_request("vapi", body, headers), SECRETS)
    assert (event.provider, event.code, event.call_id, event.dedupe_key) == (
        "vapi",
        "customer-busy",
        "call-1",
        "vapi:call-1:end-of-call-report",
    )
    assert (event.direction, event.from_number, event.to_number, event.duration) == (
        "outbound",
        "+14155550100",
        "+14155550123",
        42,
    )


def test_vapi_accepts_the_secret_as_a_bearer_token():
    body = json.dumps(vapi_report()).encode()
    event = accept(
        "vapi", json_request("vapi", body, {"Authorization": "Bearer vapi-secret"}), SECRETS
    )
    assert event.code == "pipeline-error-openai-llm-failed"


def test_vapi_messages_other_than_the_report_are_ignored():
    body, headers = sign_vapi(
        {"message": {"type": "status-update", "status": "ringing"}}, "vapi-secret"
    )
    assert accept("vapi", json_request("vapi", body, headers), SECRETS) is None


@pytest.mark.parametrize("change", ["tampered", "unsigned", "stale", "wrong_secret"])
def test_bad_vapi_requests_get_401(change):
    stamp = int(time.time() * 1000) - (400_000 if change == "stale" else 0)
    secret = "other" if change == "wrong_secret" else "vapi-secret"
    body, headers = sign_vapi(vapi_report("customer-busy"), secret, stamp)
    if change == "tampered":
        body = body.replace(b"customer-busy", b"customer-ended-call")
    if change == "unsigned":
        headers = {"Content-Type": "application/json"}
    assert refusal("vapi", body, headers)[0] == 401


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (
            {"message": {"type": "end-of-call-report", "endedReason": "x"}},
            "message.call.id is missing",
        ),
        (
            {"message": {"type": "end-of-call-report", "call": {"id": "c"}}},
            "message.endedReason is missing",
        ),
        ([1, 2], "body must be a JSON object"),
        ({"call": {}}, "body must be a JSON object with a 'message' object"),
    ],
)
def test_malformed_vapi_reports_get_400_with_the_reason(payload, reason):
    body, headers = sign_vapi(payload, "vapi-secret")
    assert refusal("vapi", body, headers) == (400, reason)


def test_a_telnyx_call_hangup_signed_with_ed25519_becomes_an_event():
    body, headers = sign_telnyx(telnyx_hangup("user_busy", "leg-1"), KEY)
    event = accept("telnyx", json_request("telnyx", body, headers), SECRETS)
    assert (event.code, event.call_id, event.cause, event.source, event.duration) == (
        "user_busy",
        "leg-1",
        "486",
        "callee",
        5,
    )
    assert event.dedupe_key == "telnyx:leg-1:call.hangup" and event.direction == "outbound"


@pytest.mark.parametrize("change", ["tampered", "unsigned", "stale", "other_key", "bad_base64"])
def test_bad_telnyx_requests_get_401(change):
    key = SigningKey.generate() if change == "other_key" else KEY
    stamp = int(time.time()) - (301 if change == "stale" else 0)
    body, headers = sign_telnyx(telnyx_hangup("user_busy"), key, stamp)
    if change == "tampered":
        body = body.replace(b"user_busy", b"normal_clearing")
    if change == "unsigned":
        headers = {"Content-Type": "application/json"}
    if change == "bad_base64":
        headers["telnyx-signature-ed25519"] = "not base64!"
    assert refusal("telnyx", body, headers)[0] == 401


def test_telnyx_events_other_than_hangup_are_ignored():
    payload = telnyx_hangup()
    payload["data"]["event_type"] = "call.answered"
    body, headers = sign_telnyx(payload, KEY)
    assert accept("telnyx", json_request("telnyx", body, headers), SECRETS) is None


def test_a_malformed_telnyx_hangup_gets_400_with_the_reason():
    payload = telnyx_hangup()
    del payload["data"]["payload"]["hangup_cause"]
    body, headers = sign_telnyx(payload, KEY)
    assert refusal("telnyx", body, headers) == (400, "data.payload.hangup_cause is missing")


@pytest.mark.parametrize("provider", ["vapi", "telnyx"])
def test_an_unconfigured_voice_ai_endpoint_refuses_with_403_naming_no_variable(provider):
    body, headers = sign_vapi(vapi_report(), "vapi-secret")
    status, reason = refusal(provider, body, headers, {})
    assert (status, reason) == (403, f"{provider} webhooks are not configured on this server")


def test_our_ed25519_check_agrees_with_pynacl_on_a_signature_it_made():
    message = b'{"data": {}}'
    signed = KEY.sign(b"1700000000|" + message)
    assert KEY.verify_key.verify(signed)  # PyNaCl accepts its own signature ...
    signature = base64.b64encode(signed.signature).decode()
    assert telnyx.signature_valid(PUBLIC, message, "1700000000", signature, 1700000000.0)
    assert not telnyx.signature_valid(PUBLIC, message + b" ", "1700000000", signature, 1700000000.0)


def test_a_telnyx_public_key_that_is_not_ed25519_stops_the_server_with_a_clear_message():
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "TELNYX_PUBLIC_KEY": "abc"}
    with pytest.raises(ConfigError) as error:
        Config.from_env(env)
    assert any("TELNYX_PUBLIC_KEY" in p for p in error.value.problems)


def test_a_new_vapi_value_is_stored_as_its_family(engine: Engine):
    """A webhook's endedReason newer than the catalog still finds its family's entry."""
    entry = engine.catalog.get("vapi:pipeline-error-newco-500-server-error")
    assert entry.family == "pipeline-error-{llm}-500-server-error" and entry.severity == "platform"


def test_vapi_telnyx_and_plivo_busy_calls_share_one_incident_family(engine: Engine):
    from hangup_bot.alerts.policy import AlertRules, place
    from hangup_bot.knowledge.events import HangupEvent

    rules = AlertRules(channel="CALERTS")
    keys = {
        place(HangupEvent(provider, code, "c", f"{provider}:c"), engine.catalog, rules).key
        for provider, code in (
            ("vapi", "customer-busy"),
            ("telnyx", "user_busy"),
            ("plivo", "3010"),
        )
    }
    assert keys == {"CALERTS|sip:USER_BUSY"}
