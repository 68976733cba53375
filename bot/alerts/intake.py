"""Provider hangup webhooks: verify the signature, then parse to a HangupEvent. No framework.

`accept` raises `Refused` (with the HTTP status and a reason) for anything that must not be
stored, and returns None for a genuine callback that is not a hangup (a ringing status, a
`call_started`), which is acknowledged and ignored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hangup_bot.alerts import signatures, telnyx, vapi
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
        raise Refused(
            403, f"{provider} webhooks are off: set {WEBHOOK_SECRETS[provider]} to accept them"
        )
    if not _verified(provider, request, secret, now):
        raise Refused(401, f"{provider} signature is missing, invalid or too old")
    return PARSERS[provider](provider, request)


def _verified(provider: str, request: WebhookRequest, secret: str, now: float | None) -> bool:
    if provider == "plivo":
        nonce = request.header("X-Plivo-Signature-V3-Nonce")
        return any(
            signatures.plivo_v3_valid(
                secret, request.method, request.url, request.form, nonce, request.header(h)
            )
            for h in ("X-Plivo-Signature-V3", "X-Plivo-Signature-Ma-V3")
        )
    if provider == "vobiz":
        checks = (("V3", "v3"), ("Ma-V3", "v3"), ("V2", "v2"), ("Ma-V2", "v2"))
        return any(
            signatures.vobiz_valid(
                secret,
                request.url,
                request.header(f"X-Vobiz-Signature-{v.upper()}-Nonce"),
                request.header(f"X-Vobiz-Signature-{name}"),
                v,
            )
            for name, v in checks
        )
    if provider == "retell":
        now_ms = None if now is None else int(now * 1000)
        return signatures.retell_valid(
            secret,
            request.body.decode("utf-8", "replace"),
            request.header("x-retell-signature"),
            now_ms,
        )
    if provider in OUTSIDE:
        return OUTSIDE[provider].verified(request, secret, now)
    if provider == "twilio":
        return signatures.twilio_valid(
            secret, request.url, request.form, request.header("X-Twilio-Signature")
        )
    bearer = request.header("Authorization").removeprefix("Bearer ").strip()
    given = request.header("X-Bolna-Token") or bearer or dict(request.query).get("token", "")
    return signatures.token_valid(secret, given)


def _fields(request: WebhookRequest) -> dict[str, str]:
    return dict(request.query if request.method == "GET" else request.form)


def _int(value: Any) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


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
    if not call_id:
        raise Refused(400, f"{'DialBLegUUID' if prefix else 'CallUUID'} is missing")
    if not code.isdigit():
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
        duration=_int(data.get("Duration")),
    )


def _json(request: WebhookRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"")
    except ValueError as exc:
        raise Refused(400, "body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise Refused(400, "body must be a JSON object")
    return body


def _retell(provider: str, request: WebhookRequest) -> HangupEvent | None:
    body = _json(request)
    if body.get("event") != "call_ended":
        return None
    call = body.get("call")
    if not isinstance(call, dict) or not call.get("call_id"):
        raise Refused(400, "call.call_id is missing")
    reason = call.get("disconnection_reason")
    if not isinstance(reason, str) or not reason:
        raise Refused(400, "call.disconnection_reason is missing")
    start, end = _int(call.get("start_timestamp")), _int(call.get("end_timestamp"))
    return HangupEvent(
        provider=provider,
        code=reason,
        call_id=str(call["call_id"]),
        dedupe_key=f"retell:{call['call_id']}:call_ended",
        cause=call.get("call_status"),
        direction=call.get("direction"),
        from_number=call.get("from_number"),
        to_number=call.get("to_number"),
        duration=(end - start) // 1000 if start is not None and end is not None else None,
        occurred_at=end / 1000 if end else None,
    )


def _bolna(provider: str, request: WebhookRequest) -> HangupEvent | None:
    body = _json(request)
    telephony = body.get("telephony_data")
    if not isinstance(telephony, dict) or not telephony.get("hangup_reason"):
        return None  # an execution update before the call ended
    execution = body.get("id") or body.get("execution_id")
    if not execution:
        raise Refused(400, "execution id is missing")
    return HangupEvent(
        provider=provider,
        code=str(telephony["hangup_reason"]),
        call_id=str(execution),
        dedupe_key=f"bolna:{execution}:{body.get('status', '')}",
        cause=str(telephony.get("hangup_provider_code") or "") or None,
        source=telephony.get("hangup_by"),
        direction=telephony.get("call_type"),
        from_number=telephony.get("from_number"),
        to_number=telephony.get("to_number"),
        duration=_int(body.get("conversation_duration")),
    )


def _twilio(provider: str, request: WebhookRequest) -> HangupEvent | None:
    data = _fields(request)
    status = (data.get("CallStatus") or "").lower()
    if not data.get("CallSid"):
        raise Refused(400, "CallSid is missing")
    if not status:
        raise Refused(400, "CallStatus is missing")
    if status not in TWILIO_FINAL:
        return None
    code = data.get("ErrorCode") or status
    return HangupEvent(
        provider=provider,
        code=code,
        call_id=data["CallSid"],
        dedupe_key=f"twilio:{data['CallSid']}:{status}",
        cause=data.get("ErrorMessage") or data.get("SipResponseCode"),
        direction=data.get("Direction"),
        from_number=data.get("From"),
        to_number=data.get("To"),
        duration=_int(data.get("CallDuration")),
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
