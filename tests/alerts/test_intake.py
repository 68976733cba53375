"""Provider webhooks to HangupEvents: verified, parsed, or refused with the right status."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qsl

import pytest
from providers import (
    bolna_execution,
    plivo_hangup,
    retell_call_ended,
    sign_plivo,
    sign_retell,
    sign_twilio,
    sign_vobiz,
)

from hangup_bot.alerts.intake import Refused, WebhookRequest, accept

SECRETS = {
    "plivo": "ptoken",
    "vobiz": "vtoken",
    "retell": "rkey",
    "twilio": "ttoken",
    "bolna": "btoken",
}
URL = "https://bot.example.com/webhooks/"


def form_request(provider: str, body: bytes, headers: dict, query: str = "") -> WebhookRequest:
    url = URL + provider + (f"?{query}" if query else "")
    return WebhookRequest(
        "POST",
        url,
        {k.lower(): v for k, v in headers.items()},
        body,
        parse_qsl(body.decode()),
        parse_qsl(query),
    )


def json_request(provider: str, body: bytes, headers: dict, query: str = "") -> WebhookRequest:
    url = URL + provider + (f"?{query}" if query else "")
    return WebhookRequest(
        "POST", url, {k.lower(): v for k, v in headers.items()}, body, [], parse_qsl(query)
    )


def test_plivo_hangup_becomes_an_event():
    params = plivo_hangup("3130", call_id="uuid-1")
    event = accept(
        "plivo", form_request("plivo", *sign_plivo(URL + "plivo", params, "ptoken")), SECRETS
    )
    assert (event.provider, event.code, event.call_id, event.from_number) == (
        "plivo",
        "3130",
        "uuid-1",
        "+14155550100",
    )
    assert event.dedupe_key == "plivo:uuid-1:call"


def test_plivo_dial_callback_uses_the_b_leg():
    params = [
        ("DialAction", "hangup"),
        ("DialBLegUUID", "b-1"),
        ("DialBLegHangupCauseCode", "3010"),
        ("DialBLegHangupCauseName", "Busy Line"),
    ]
    event = accept(
        "plivo", form_request("plivo", *sign_plivo(URL + "plivo", params, "ptoken")), SECRETS
    )
    assert (event.code, event.call_id, event.cause) == ("3010", "b-1", "Busy Line")


def test_a_callback_that_is_not_a_hangup_is_ignored():
    params = [("CallUUID", "u"), ("Event", "StartApp")]
    assert (
        accept(
            "plivo", form_request("plivo", *sign_plivo(URL + "plivo", params, "ptoken")), SECRETS
        )
        is None
    )


def test_vobiz_signature_covers_the_url_not_the_params():
    body, headers = sign_vobiz(URL + "vobiz", plivo_hangup("5030"), "vtoken")
    assert accept("vobiz", form_request("vobiz", body, headers), SECRETS).code == "5030"


def test_retell_call_ended_and_an_unknown_reason_are_accepted():
    body, headers = sign_retell(retell_call_ended("error_brand_new"), "rkey")
    event = accept("retell", json_request("retell", body, headers), SECRETS)
    assert event.code == "error_brand_new" and event.duration == 3


def test_retell_other_events_are_ignored():
    body, headers = sign_retell({"event": "call_started", "call": {"call_id": "c"}}, "rkey")
    assert accept("retell", json_request("retell", body, headers), SECRETS) is None


def test_twilio_status_callback_prefers_the_error_code():
    params = [
        ("CallSid", "CA1"),
        ("CallStatus", "failed"),
        ("ErrorCode", "13227"),
        ("From", "+1"),
        ("To", "+44"),
    ]
    event = accept(
        "twilio", form_request("twilio", *sign_twilio(URL + "twilio", params, "ttoken")), SECRETS
    )
    assert (event.code, event.dedupe_key) == ("13227", "twilio:CA1:failed")


def test_bolna_needs_its_token_and_dedupes_on_execution_and_status():
    payload = bolna_execution(execution="ex-1")
    body = json.dumps(payload).encode()
    event = accept("bolna", json_request("bolna", body, {"X-Bolna-Token": "btoken"}), SECRETS)
    assert (event.code, event.dedupe_key) == ("Call recipient was busy", "bolna:ex-1:completed")
    by_query = accept("bolna", json_request("bolna", body, {}, "token=btoken"), SECRETS)
    assert by_query.code == "Call recipient was busy"
    with pytest.raises(Refused) as refused:
        accept("bolna", json_request("bolna", body, {"X-Bolna-Token": "wrong"}), SECRETS)
    assert refused.value.status == 401


def test_an_endpoint_without_its_secret_refuses_everything_with_403_naming_no_variable():
    body, headers = sign_plivo(URL + "plivo", plivo_hangup(), "ptoken")
    with pytest.raises(Refused) as refused:
        accept("plivo", form_request("plivo", body, headers), {"plivo": None})
    assert refused.value.status == 403
    assert refused.value.reason == "plivo webhooks are not configured on this server"


@pytest.mark.parametrize("change", ["tamper", "unsigned", "wrong_url"])
def test_tampered_or_unsigned_plivo_callbacks_get_401(change):
    body, headers = sign_plivo(URL + "plivo", plivo_hangup("3130"), "ptoken")
    if change == "tamper":
        body = body.replace(b"3130", b"4000")
    if change == "unsigned":
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    request = form_request("plivo", body, headers, "x=1" if change == "wrong_url" else "")
    with pytest.raises(Refused) as refused:
        accept("plivo", request, SECRETS)
    assert refused.value.status == 401


def test_stale_retell_signature_gets_401():
    body, headers = sign_retell(retell_call_ended(), "rkey", int(time.time() * 1000) - 400_000)
    with pytest.raises(Refused) as refused:
        accept("retell", json_request("retell", body, headers), SECRETS)
    assert refused.value.status == 401


@pytest.mark.parametrize(
    "params,reason",
    [
        ([("Event", "Hangup"), ("HangupCauseCode", "3130")], "CallUUID is missing"),
        (
            [("CallUUID", "u"), ("Event", "Hangup"), ("HangupCauseCode", "abc")],
            "HangupCauseCode is missing or not a number",
        ),
    ],
)
def test_malformed_plivo_payload_gets_400_with_the_reason(params, reason):
    with pytest.raises(Refused) as refused:
        accept(
            "plivo", form_request("plivo", *sign_plivo(URL + "plivo", params, "ptoken")), SECRETS
        )
    assert (refused.value.status, refused.value.reason) == (400, reason)


def test_malformed_retell_json_gets_400():
    body = b'{"event": "call_ended", "call": '
    headers = sign_retell({}, "rkey")[1]
    from retell.lib.webhook_auth import symmetric

    headers["x-retell-signature"] = symmetric["sign"](body.decode(), "rkey")
    with pytest.raises(Refused) as refused:
        accept("retell", json_request("retell", body, headers), SECRETS)
    assert refused.value.status == 400


def test_unknown_provider_gets_404():
    with pytest.raises(Refused) as refused:
        accept("acme", form_request("acme", b"", {}), SECRETS)
    assert refused.value.status == 404


def test_plivo_get_callbacks_sign_and_carry_the_fields_in_the_query():
    import base64
    import hashlib
    import hmac
    from urllib.parse import urlencode

    from hangup_bot.alerts.signatures import plivo_v3_message

    query = urlencode(plivo_hangup("3010", call_id="get-1"))
    url = f"{URL}plivo?{query}"
    nonce = "424242"
    digest = hmac.new(
        b"ptoken", plivo_v3_message("GET", url, [], nonce).encode(), hashlib.sha256
    ).digest()
    request = WebhookRequest(
        "GET",
        url,
        {
            "x-plivo-signature-v3": base64.b64encode(digest).decode(),
            "x-plivo-signature-v3-nonce": nonce,
        },
        b"",
        [],
        parse_qsl(query),
    )
    event = accept("plivo", request, SECRETS)
    assert (event.code, event.call_id) == ("3010", "get-1")
