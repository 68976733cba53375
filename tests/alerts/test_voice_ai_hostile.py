"""Signed but hostile Vapi and Telnyx bodies: each is an event that fits the store, ignored, or a
400 with a reason; never an exception, never a value the database cannot hold."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from providers import sign_telnyx, sign_vapi, telnyx_hangup, telnyx_keys, vapi_report

from hangup_bot.alerts.intake import Refused, WebhookRequest, accept

KEY, PUBLIC = telnyx_keys()
SECRETS = {"vapi": "s3cret", "telnyx": PUBLIC}
ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=300),
    st.sampled_from(["\x00", "\ud800", "<!channel>", "x" * 5000, "9999-12-31T23:59:59Z"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
LIMITS = {
    "code": 200,
    "call_id": 200,
    "cause": 200,
    "source": 80,
    "from_number": 80,
    "to_number": 80,
}


def check(provider: str, body: bytes, headers: dict) -> None:
    request = WebhookRequest(
        "POST", f"https://bot.example.com/webhooks/{provider}",
        {k.lower(): v for k, v in headers.items()}, body, [], [],
    )  # fmt: skip
    try:
        event = accept(provider, request, SECRETS)
    except Refused as refused:
        assert refused.status == 400 and refused.reason
        return
    if event is None:
        return
    for name, limit in LIMITS.items():
        value = getattr(event, name)
        assert value is None or (isinstance(value, str) and len(value) <= limit), name
        if isinstance(value, str):
            value.encode("utf-8")  # no lone surrogates
            assert "\x00" not in value
    assert event.duration is None or 0 <= event.duration < 2**31


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    field=st.sampled_from(["endedReason", "call", "durationSeconds", "endedAt", "type"]), value=ODD
)
def test_hostile_vapi_reports_are_stored_safely_or_refused_with_400(field, value):
    report = vapi_report()
    if field == "call":
        report["message"]["call"]["id"] = value
        report["message"]["call"]["customer"] = {"number": value}
    else:
        report["message"][field] = value
    check("vapi", *sign_vapi(report, "s3cret"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    field=st.sampled_from(
        ["hangup_cause", "call_leg_id", "sip_hangup_cause", "from", "start_time", "end_time"]
    ),
    value=ODD,
)
def test_hostile_telnyx_hangups_are_stored_safely_or_refused_with_400(field, value):
    event = telnyx_hangup()
    event["data"]["payload"][field] = value
    check("telnyx", *sign_telnyx(event, KEY))


@given(st.binary(max_size=200))
@settings(max_examples=100, deadline=None)
def test_signed_garbage_gets_400_or_is_ignored(garbage):
    check("vapi", *_signed_raw(garbage))


def _signed_raw(body: bytes) -> tuple[bytes, dict]:
    import hashlib
    import hmac
    import time

    stamp = str(int(time.time()))
    digest = hmac.new(b"s3cret", stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return body, {"x-signature": digest, "x-timestamp": stamp}


def test_a_refusal_reason_never_echoes_what_the_body_carried():
    body, headers = sign_vapi(
        {"message": {"type": "end-of-call-report", "call": {"id": "<!channel>"}}}, "s3cret"
    )
    try:
        accept(
            "vapi",
            WebhookRequest("POST", "u", {k.lower(): v for k, v in headers.items()}, body, [], []),
            SECRETS,
        )
    except Refused as refused:
        assert "<!channel>" not in refused.reason and json.dumps(refused.reason)
