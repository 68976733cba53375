"""Build webhook requests exactly as each provider sends and signs them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from urllib.parse import urlencode

from nacl.signing import SigningKey
from retell.lib.webhook_auth import symmetric
from twilio.request_validator import RequestValidator

from hangup_bot.alerts.signatures import plivo_v3_message

FORM = "application/x-www-form-urlencoded"


def plivo_hangup(
    code: str = "3130", caller: str = "+14155550100", call_id: str | None = None, **extra: str
) -> list[tuple[str, str]]:
    return [
        ("CallUUID", call_id or str(uuid.uuid4())),
        ("Direction", "outbound"),
        ("Event", "Hangup"),
        ("From", caller),
        ("To", "+919876543210"),
        ("HangupCauseCode", code),
        ("HangupCauseName", "Spam block"),
        ("HangupSource", "Carrier"),
        ("CallStatus", "failed"),
        ("Duration", "0"),
        *extra.items(),
    ]


def sign_plivo(
    url: str, params: list[tuple[str, str]], token: str, nonce: str = "98765432109876543210"
) -> tuple[bytes, dict[str, str]]:
    digest = hmac.new(
        token.encode(), plivo_v3_message("POST", url, params, nonce).encode(), hashlib.sha256
    ).digest()
    headers = {
        "Content-Type": FORM,
        "X-Plivo-Signature-V3": base64.b64encode(digest).decode(),
        "X-Plivo-Signature-V3-Nonce": nonce,
    }
    return urlencode(params).encode(), headers


def sign_vobiz(
    url: str, params: list[tuple[str, str]], token: str, nonce: str = "55555"
) -> tuple[bytes, dict[str, str]]:
    base = url.split("?")[0]
    digest = hmac.new(token.encode(), f"{base}.{nonce}".encode(), hashlib.sha256).digest()
    headers = {
        "Content-Type": FORM,
        "X-Vobiz-Signature-V3": base64.b64encode(digest).decode(),
        "X-Vobiz-Signature-V3-Nonce": nonce,
        "User-Agent": "Vobiz",
    }
    return urlencode(params).encode(), headers


def retell_call_ended(reason: str = "dial_busy", call_id: str | None = None) -> dict:
    return {
        "event": "call_ended",
        "call": {
            "call_id": call_id or f"call_{uuid.uuid4().hex}",
            "call_status": "not_connected",
            "direction": "outbound",
            "from_number": "+14155550111",
            "to_number": "+14155550122",
            "start_timestamp": 1700000000000,
            "end_timestamp": 1700000003000,
            "disconnection_reason": reason,
            "agent_id": "agent_1",
        },
    }


def sign_retell(payload: dict, key: str, stamp: int | None = None) -> tuple[bytes, dict]:
    body = json.dumps(payload)
    return body.encode(), {
        "Content-Type": "application/json",
        "x-retell-signature": symmetric["sign"](body, key, stamp),
    }


def sign_twilio(url: str, params: list[tuple[str, str]], token: str) -> tuple[bytes, dict]:
    signature = RequestValidator(token).compute_signature(url, dict(params))
    return urlencode(params).encode(), {"Content-Type": FORM, "X-Twilio-Signature": signature}


def bolna_execution(
    reason: str = "Call recipient was busy", execution: str | None = None, status: str = "completed"
) -> dict:
    return {
        "id": execution or str(uuid.uuid4()),
        "status": status,
        "conversation_duration": 0,
        "telephony_data": {
            "hangup_by": "Callee",
            "hangup_reason": reason,
            "hangup_provider_code": 3010,
            "provider": "plivo",
            "call_type": "outbound",
            "to_number": "+919812345678",
            "from_number": "+918012345678",
            "provider_call_id": "p-1",
        },
    }


def vapi_report(reason: str = "pipeline-error-openai-llm-failed", call_id: str | None = None):
    return {
        "message": {
            "type": "end-of-call-report",
            "timestamp": 1700000003000,
            "endedReason": reason,
            "startedAt": "2026-12-01T10:00:00.000Z",
            "endedAt": "2026-12-01T10:00:42.000Z",
            "durationSeconds": 42.3,
            "call": {
                "id": call_id or str(uuid.uuid4()),
                "type": "outboundPhoneCall",
                "customer": {"number": "+14155550123"},
                "phoneNumber": {"number": "+14155550100"},
            },
        }
    }


def sign_vapi(payload: dict, secret: str, stamp: int | None = None, hmac_mode: bool = True):
    """Vapi's HMAC credential with its defaults (x-signature, x-timestamp, `{timestamp}.{body}`,
    SHA-256, hex), or the plain X-Vapi-Secret header."""
    body = json.dumps(payload).encode()
    if not hmac_mode:
        return body, {"Content-Type": "application/json", "X-Vapi-Secret": secret}
    stamp = int(time.time() * 1000) if stamp is None else stamp
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "x-signature": digest, "x-timestamp": str(stamp)}
    return body, headers


def telnyx_hangup(cause: str = "user_busy", leg: str | None = None, sip: str = "486") -> dict:
    return {
        "data": {
            "record_type": "event",
            "event_type": "call.hangup",
            "id": str(uuid.uuid4()),
            "occurred_at": "2026-12-01T10:00:05.000000Z",
            "payload": {
                "call_control_id": "v3:" + uuid.uuid4().hex,
                "call_leg_id": leg or str(uuid.uuid4()),
                "call_session_id": str(uuid.uuid4()),
                "connection_id": "1494404757140276705",
                "direction": "outgoing",
                "from": "+13125550100",
                "to": "+13125550199",
                "hangup_cause": cause,
                "hangup_source": "callee",
                "sip_hangup_cause": sip,
                "start_time": "2026-12-01T10:00:00.000000Z",
                "end_time": "2026-12-01T10:00:05.000000Z",
                "state": "hangup",
            },
        },
        "meta": {"attempt": 1, "delivered_to": "https://bot.example.com/webhooks/telnyx"},
    }


def telnyx_keys() -> tuple[SigningKey, str]:
    """A fresh Ed25519 key pair (PyNaCl), the public half base64 as Telnyx shows it."""
    key = SigningKey.generate()
    return key, base64.b64encode(bytes(key.verify_key)).decode()


def sign_telnyx(payload: dict, key: SigningKey, stamp: int | None = None) -> tuple[bytes, dict]:
    body = json.dumps(payload).encode()
    stamp = int(time.time()) if stamp is None else stamp
    signature = key.sign(f"{stamp}|".encode() + body).signature
    return body, {
        "Content-Type": "application/json",
        "telnyx-signature-ed25519": base64.b64encode(signature).decode(),
        "telnyx-timestamp": str(stamp),
    }
