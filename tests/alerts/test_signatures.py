"""Each provider's webhook signature, cross-checked against the provider's own SDK (test-only
dependencies) or its documented example."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

import pytest
from plivo.utils.signature_v3 import validate_v3_signature
from retell.lib.webhook_auth import symmetric
from twilio.request_validator import RequestValidator

from hangup_bot.alerts import signatures

TOKEN = "MAtesttoken1234567890"
NONCE = "12345678901234567890"
PARAMS = [
    ("CallUUID", "abc-123"),
    ("Event", "Hangup"),
    ("HangupCauseCode", "4000"),
    ("HangupCauseName", "Normal Hangup"),
]


def b64_hmac(secret: str, message: str) -> str:
    return base64.b64encode(
        hmac.new(secret.encode(), message.encode(), hashlib.sha256).digest()
    ).decode()


def test_plivo_v3_matches_the_documented_example():
    assert signatures.plivo_v3_message("POST", "https://example.com/hangup", PARAMS, NONCE) == (
        "https://example.com/hangup?CallUUIDabc-123EventHangupHangupCauseCode4000"
        "HangupCauseNameNormal Hangup.12345678901234567890"
    )


@pytest.mark.parametrize(
    "method,url,params",
    [
        ("POST", "https://bot.example.com/webhooks/plivo", PARAMS),
        ("POST", "https://bot.example.com/webhooks/plivo?team=voice&a=1", PARAMS),
        ("POST", "https://bot.example.com/webhooks/plivo?team=voice", []),
        ("GET", "https://bot.example.com/webhooks/plivo?b=2", PARAMS),
    ],
)
def test_plivo_v3_agrees_with_the_plivo_sdk(method, url, params):
    signature = b64_hmac(TOKEN, signatures.plivo_v3_message(method, url, params, NONCE))
    assert validate_v3_signature(method, url, NONCE, TOKEN, signature, dict(params))
    assert signatures.plivo_v3_valid(TOKEN, method, url, params, NONCE, f"zzz,{signature}")
    assert not signatures.plivo_v3_valid(
        TOKEN, method, url, [*params, ("X", "1")], NONCE, signature
    )
    assert not signatures.plivo_v3_valid("other", method, url, params, NONCE, signature)


def test_vobiz_v3_and_v2_sign_the_url_and_nonce_only():
    url = "https://bot.example.com/webhooks/vobiz?x=1"
    v3 = b64_hmac(TOKEN, f"https://bot.example.com/webhooks/vobiz.{NONCE}")
    v2 = b64_hmac(TOKEN, f"https://bot.example.com/webhooks/vobiz{NONCE}")
    assert signatures.vobiz_valid(TOKEN, url, NONCE, v3, "v3")
    assert signatures.vobiz_valid(TOKEN, url, NONCE, v2, "v2")
    assert not signatures.vobiz_valid(TOKEN, url, NONCE, v2, "v3")
    assert not signatures.vobiz_valid(TOKEN, url, "other-nonce", v3, "v3")


def test_retell_agrees_with_the_retell_sdk():
    body = '{"event":"call_ended","call":{"call_id":"c1"}}'
    header = symmetric["sign"](body, TOKEN)
    assert signatures.retell_valid(TOKEN, body, header)
    assert not signatures.retell_valid(TOKEN, body.replace("c1", "c2"), header)
    assert not signatures.retell_valid("other", body, header)


def test_retell_refuses_a_signature_older_than_five_minutes():
    body = "{}"
    stamp = int(time.time() * 1000) - 6 * 60 * 1000
    header = symmetric["sign"](body, TOKEN, stamp)
    assert symmetric["verify"](body, TOKEN, header) is False
    assert not signatures.retell_valid(TOKEN, body, header)


@pytest.mark.parametrize(
    "url",
    ["https://bot.example.com/webhooks/twilio", "https://bot.example.com:443/webhooks/twilio?x=1"],
)
def test_twilio_agrees_with_the_twilio_sdk(url):
    params = [("CallSid", "CA1"), ("CallStatus", "busy"), ("From", "+14155550100")]
    expected = RequestValidator(TOKEN).compute_signature(url, dict(params))
    assert signatures.twilio_valid(TOKEN, url, params, expected)
    assert RequestValidator(TOKEN).validate(url, dict(params), expected)
    assert not signatures.twilio_valid(TOKEN, url, [*params, ("To", "x")], expected)


def test_twilio_accepts_the_url_with_or_without_its_default_port():
    params = [("CallSid", "CA1")]
    signed_with_port = RequestValidator(TOKEN).compute_signature(
        "https://bot.example.com:443/webhooks/twilio", dict(params)
    )
    assert signatures.twilio_valid(
        TOKEN, "https://bot.example.com/webhooks/twilio", params, signed_with_port
    )


def test_shared_token_compares_exactly():
    assert signatures.token_valid("s3cret", "s3cret")
    assert not signatures.token_valid("s3cret", "s3cre")
    assert not signatures.token_valid("s3cret", "")
