"""Vapi's server URL messages: the `end-of-call-report` becomes a HangupEvent.

Vapi authenticates server URL requests with a credential: a static secret (`X-Vapi-Secret`, or a
bearer token) or an HMAC over `{timestamp}.{body}` in `x-signature` with `x-timestamp` (the
defaults of Vapi's HMAC credential: SHA-256, hex). HMAC requests older than five minutes are
refused. Every other message type is acknowledged and ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any, Protocol

from hangup_bot.alerts import json_fields as payload
from hangup_bot.knowledge.events import HangupEvent

TOLERANCE_SECONDS = 5 * 60


class Incoming(Protocol):
    body: bytes

    def header(self, name: str) -> str: ...


def hmac_valid(secret: str, body: bytes, timestamp: str, signature: str, now: float) -> bool:
    """hex HMAC-SHA256(secret, `{timestamp}.{body}`), the timestamp within five minutes."""
    if not timestamp.strip().isdigit() or not signature:
        return False
    stamp = int(timestamp)
    seconds = stamp / 1000 if stamp > 10**11 else stamp  # milliseconds or seconds
    if abs(now - seconds) > TOLERANCE_SECONDS:
        return False
    message = timestamp.strip().encode() + b"." + body
    expected = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    given = signature.strip().removeprefix("sha256=").lower()
    return hmac.compare_digest(expected.encode(), given.encode())


def verified(request: Incoming, secret: str, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    signature = request.header("x-signature")
    if signature:
        return hmac_valid(secret, request.body, request.header("x-timestamp"), signature, now)
    bearer = request.header("Authorization").removeprefix("Bearer ").strip()
    given = request.header("X-Vapi-Secret") or bearer
    return bool(given) and hmac.compare_digest(secret.encode(), given.encode())


def parse(request: Incoming) -> HangupEvent | None:
    """The end-of-call report's endedReason, call id, numbers and duration; ValueError says
    what is wrong with a malformed one."""
    message = payload.json_object(request.body).get("message")
    if not isinstance(message, dict):
        raise ValueError("body must be a JSON object with a 'message' object")
    if message.get("type") != "end-of-call-report":
        return None
    call = message.get("call") if isinstance(message.get("call"), dict) else {}
    call_id = payload.key(call.get("id"), "message.call.id")
    ended = message.get("endedReason") or call.get("endedReason")
    reason = payload.key(ended, "message.endedReason")
    kind = payload.text(call.get("type"), 40) or ""
    direction = "outbound" if kind.startswith("outbound") else "inbound" if kind else None
    customer, own = _number(call.get("customer")), _number(call.get("phoneNumber"))
    return HangupEvent(
        provider="vapi",
        code=reason,
        call_id=call_id,
        dedupe_key=f"vapi:{call_id}:end-of-call-report",
        cause=kind or None,
        direction=direction,
        from_number=own if direction == "outbound" else customer,
        to_number=customer if direction == "outbound" else own,
        duration=_seconds(message.get("durationSeconds")),
        occurred_at=payload.epoch(message.get("endedAt")),
    )


def _number(party: Any) -> str | None:
    return payload.text(party.get("number"), 80) if isinstance(party, dict) else None


def _seconds(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return None
    return int(value) if 0 <= value < 10**7 else None
