"""Telnyx Call Control webhooks: `call.hangup` becomes a HangupEvent.

Telnyx signs `{telnyx-timestamp}|{raw body}` with Ed25519 and sends the signature, base64, in
`telnyx-signature-ed25519`; it is checked with the account's public key (Mission Control, Keys
& Credentials, Public Key; base64), and refused when the timestamp is more than five minutes off.
Other event types are acknowledged and ignored.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from datetime import datetime
from typing import Any, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from hangup_bot.knowledge.events import HangupEvent

TOLERANCE_SECONDS = 5 * 60


class Incoming(Protocol):
    body: bytes

    def header(self, name: str) -> str: ...


def public_key(text: str) -> Ed25519PublicKey | None:
    """The base64 public key as Telnyx shows it; None when it is not a 32-byte Ed25519 key."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        return None


def signature_valid(key: str, body: bytes, timestamp: str, signature: str, now: float) -> bool:
    verifier = public_key(key)
    if verifier is None or not timestamp.strip().isdigit() or not signature:
        return False
    if abs(now - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    try:
        verifier.verify(base64.b64decode(signature, validate=True), f"{timestamp}|".encode() + body)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def verified(request: Incoming, key: str, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    return signature_valid(
        key,
        request.body,
        request.header("telnyx-timestamp").strip(),
        request.header("telnyx-signature-ed25519").strip(),
        now,
    )


def parse(request: Incoming) -> HangupEvent | None:
    """The hangup_cause, source, SIP code, numbers and times; ValueError says what is wrong."""
    try:
        body = json.loads(request.body or b"")
    except ValueError as exc:
        raise ValueError("body is not valid JSON") from exc
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise ValueError("body must be a JSON object with a 'data' object")
    if data.get("event_type") != "call.hangup":
        return None
    payload = data.get("payload")
    if not isinstance(payload, dict):
        raise ValueError("data.payload is missing")
    call_id = payload.get("call_leg_id") or payload.get("call_control_id")
    if not isinstance(call_id, str) or not call_id:
        raise ValueError("data.payload.call_leg_id is missing")
    cause = payload.get("hangup_cause")
    if not isinstance(cause, str) or not cause:
        raise ValueError("data.payload.hangup_cause is missing")
    start, end = _epoch(payload.get("start_time")), _epoch(payload.get("end_time"))
    direction = {"incoming": "inbound", "outgoing": "outbound"}.get(str(payload.get("direction")))
    took = int(end - start) if start is not None and end is not None and end >= start else None
    return HangupEvent(
        provider="telnyx",
        code=cause,
        call_id=call_id,
        dedupe_key=f"telnyx:{call_id}:call.hangup",
        cause=_text(payload.get("sip_hangup_cause")),
        source=_text(payload.get("hangup_source")),
        direction=direction,
        from_number=_text(payload.get("from")),
        to_number=_text(payload.get("to")),
        duration=took,
        occurred_at=end or _epoch(data.get("occurred_at")),
    )


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return None
    return str(value)[:200] or None


def _epoch(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None
