"""Telnyx Call Control webhooks: `call.hangup` becomes a HangupEvent.

Telnyx signs `{telnyx-timestamp}|{raw body}` with Ed25519 and sends the signature, base64, in
`telnyx-signature-ed25519`; it is checked with the account's public key (Mission Control, Keys
& Credentials, Public Key; base64), and refused when the timestamp is more than five minutes off.
Other event types are acknowledged and ignored.
"""

from __future__ import annotations

import base64
import binascii
import time
from functools import lru_cache
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from hangup_bot.alerts import json_fields as fields
from hangup_bot.knowledge.events import HangupEvent

TOLERANCE_SECONDS = 5 * 60
MAX_DURATION = 10**7  # seconds; anything longer is a bad timestamp, not a call


class Incoming(Protocol):
    body: bytes

    def header(self, name: str) -> str: ...


@lru_cache(maxsize=4)  # the configured key, decoded once rather than on every request
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
    data = fields.json_object(request.body).get("data")
    if not isinstance(data, dict):
        raise ValueError("body must be a JSON object with a 'data' object")
    if data.get("event_type") != "call.hangup":
        return None
    call = data.get("payload")
    if not isinstance(call, dict):
        raise ValueError("data.payload is missing")
    leg = call.get("call_leg_id") or call.get("call_control_id")
    call_id = fields.key(leg, "data.payload.call_leg_id")
    cause = fields.key(call.get("hangup_cause"), "data.payload.hangup_cause")
    start, end = fields.epoch(call.get("start_time")), fields.epoch(call.get("end_time"))
    took = int(end - start) if start is not None and end is not None else None
    direction = {"incoming": "inbound", "outgoing": "outbound"}.get(str(call.get("direction")))
    return HangupEvent(
        provider="telnyx",
        code=cause,
        call_id=call_id,
        dedupe_key=f"telnyx:{call_id}:call.hangup",
        cause=fields.text(call.get("sip_hangup_cause"), 200),
        source=fields.text(call.get("hangup_source"), 80),
        direction=direction,
        from_number=fields.text(call.get("from"), 80),
        to_number=fields.text(call.get("to"), 80),
        duration=took if took is not None and 0 <= took < MAX_DURATION else None,
        occurred_at=end or fields.epoch(data.get("occurred_at")),
    )
