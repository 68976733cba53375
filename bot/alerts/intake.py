"""Provider hangup webhooks: verify the signature, then parse to a HangupEvent. No framework.

`accept` raises `Refused` (with the HTTP status and a reason) for anything that must not be
stored, and returns None for a genuine callback that is not a hangup (a ringing status, a
`call_started`), which is acknowledged and ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hangup_bot.alerts import fields, payload, telnyx, vapi, verify
from hangup_bot.config import WEBHOOK_SECRETS
from hangup_bot.knowledge.events import HangupEvent

PROVIDERS = tuple(WEBHOOK_SECRETS)
TWILIO_FINAL = {"completed", "busy", "failed", "no-answer", "canceled"}


class Refused(Exception):
    def __init__(self, status: int, reason: str):
        self.status = status
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class WebhookRequest:
    method: str
    url: str  # the public URL the provider called, query included
    headers: Mapping[str, str]  # keys lowercased
    body: bytes
    form: list[tuple[str, str]]  # POST form parameters
    query: list[tuple[str, str]]

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def accept(
    provider: str,
    request: WebhookRequest,
    secrets: Mapping[str, str | None],
    now: float | None = None,
) -> HangupEvent | None:
    if provider not in PROVIDERS:
        raise Refused(404, f"no webhook for provider {provider!r}")
    secret = secrets.get(provider)
    if not secret:
        raise Refused(403, f"{provider} webhooks are not configured on this server")
    if not verify.verified(provider, request, secret, now):
        raise Refused(401, f"{provider} signature is missing, invalid or too old")
    try:
        event = PARSERS[provider](provider, request)
    except (fields.BadField, payload.BadPayload) as exc:
        raise Refused(400, str(exc)) from exc
    return fields.fit(event) if event else None


def _fields(request: WebhookRequest) -> dict[str, str]:
    return dict(request.query if request.method == "GET" else request.form)


def _plivo(provider: str, request: WebhookRequest) -> HangupEvent | None:
    data = _fields(request)
    if data.get("DialAction"):
        if data["DialAction"].lower() != "hangup":
            return None
        prefix = "DialBLeg"
        call_id, code = data.get("DialBLegUUID", ""), data.get("DialBLegHangupCauseCode", "")
    else:
        if data.get("Event") and data["Event"].lower() != "hangup":
            return None
        prefix = ""
        call_id, code = data.get("CallUUID", ""), data.get("HangupCauseCode", "")
    call_id, code = fields.clean(call_id).strip(), code.strip()
    if not call_id:
        raise Refused(400, f"{'DialBLegUUID' if prefix else 'CallUUID'} is missing")
    if not (code.isascii() and code.isdigit() and len(code) <= 10):
        raise Refused(400, f"{prefix}HangupCauseCode is missing or not a number")
    return HangupEvent(
        provider=provider,
        code=code,
        call_id=call_id,
        dedupe_key=f"{provider}:{call_id}:{prefix or 'call'}",
        cause=data.get(f"{prefix}HangupCauseName") or data.get("HangupCause"),
        source=data.get(f"{prefix}HangupSource"),
        direction=data.get("Direction"),
        from_number=data.get("From"),
        to_number=data.get("To"),
        duration=fields.number(data.get("Duration")),
    )


def _json(request: WebhookRequest) -> dict[str, Any]:
    return payload.read_object(request.body or b"")


def _object(value: Any, name: str) -> dict[str, Any] | None:
    if value is None or isinstance(value, dict):
        return value
    raise Refused(400, f"{name} must be a JSON object")


def _retell(provider: str, request: WebhookRequest) -> HangupEvent | None:
    body = _json(request)
    if body.get("event") != "call_ended":
        return None
    call = _object(body.get("call"), "call") or {}
    call_id = fields.text(call.get("call_id"), "call.call_id")
    if not call_id:
        raise Refused(400, "call.call_id is missing")
    reason = call.get("disconnection_reason")
    if not isinstance(reason, str) or not fields.clean(reason).strip():
        raise Refused(400, "call.disconnection_reason is missing or not text")
    start = fields.number(call.get("start_timestamp"), 0, 10**15)
    end = fields.number(call.get("end_timestamp"), 0, 10**15)
    return HangupEvent(
        provider=provider,
        code=fields.clean(reason).strip(),
        call_id=call_id,
        dedupe_key=f"retell:{call_id}:call_ended",
        cause=fields.text(call.get("call_status"), "call.call_status"),
        direction=fields.text(call.get("direction"), "call.direction"),
        from_number=fields.text(call.get("from_number"), "call.from_number"),
        to_number=fields.text(call.get("to_number"), "call.to_number"),
        duration=max(0, end - start) // 1000 if start is not None and end is not None else None,
        occurred_at=end / 1000 if end else None,
    )


def _bolna(provider: str, request: WebhookRequest) -> HangupEvent | None:
    body = _json(request)
    telephony = _object(body.get("telephony_data"), "telephony_data")
    reason = fields.text((telephony or {}).get("hangup_reason"), "telephony_data.hangup_reason")
    if not telephony or not reason or not reason.strip():
        return None  # an execution update before the call ended
    execution = fields.text(body.get("id"), "id") or fields.text(
        body.get("execution_id"), "execution_id"
    )
    if not execution:
        raise Refused(400, "execution id is missing")
    status = fields.text(body.get("status"), "status") or ""
    return HangupEvent(
        provider=provider,
        code=reason.strip(),
        call_id=execution,
        dedupe_key=f"bolna:{execution}:{status}",
        cause=fields.text(
            telephony.get("hangup_provider_code"), "telephony_data.hangup_provider_code"
        ),
        source=fields.text(telephony.get("hangup_by"), "telephony_data.hangup_by"),
        direction=fields.text(telephony.get("call_type"), "telephony_data.call_type"),
        from_number=fields.text(telephony.get("from_number"), "telephony_data.from_number"),
        to_number=fields.text(telephony.get("to_number"), "telephony_data.to_number"),
        duration=fields.number(body.get("conversation_duration")),
    )


def _twilio(provider: str, request: WebhookRequest) -> HangupEvent | None:
    data = _fields(request)
    status = (data.get("CallStatus") or "").strip().lower()
    call_id = fields.clean(data.get("CallSid") or "").strip()
    if not call_id:
        raise Refused(400, "CallSid is missing")
    if not status:
        raise Refused(400, "CallStatus is missing")
    if status not in TWILIO_FINAL:
        return None
    code = fields.clean(data.get("ErrorCode") or "").strip() or status
    return HangupEvent(
        provider=provider,
        code=code,
        call_id=call_id,
        dedupe_key=f"twilio:{call_id}:{status}",
        cause=data.get("ErrorMessage") or data.get("SipResponseCode"),
        direction=data.get("Direction"),
        from_number=data.get("From"),
        to_number=data.get("To"),
        duration=fields.number(data.get("CallDuration")),
    )


def _outside(provider: str, request: WebhookRequest) -> HangupEvent | None:
    """Providers parsed in a module of their own (vapi, telnyx): a ValueError is a 400."""
    try:
        return OUTSIDE[provider].parse(request)
    except ValueError as exc:
        raise Refused(400, str(exc)) from exc


OUTSIDE = {"vapi": vapi, "telnyx": telnyx}
PARSERS = {"plivo": _plivo, "vobiz": _plivo, "retell": _retell, "bolna": _bolna, "twilio": _twilio}
PARSERS.update(dict.fromkeys(OUTSIDE, _outside))
