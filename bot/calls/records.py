"""The call record every provider's answer is read into, and the forms of call ids."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace

TWILIO_SID = re.compile(r"^CA[0-9a-f]{32}$")
RETELL_ID = re.compile(r"^call_[0-9A-Za-z]{6,64}$")
UUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
LOOSE_ID = re.compile(r"^(?=.*\d)[0-9A-Za-z][0-9A-Za-z_-]{7,99}$")  # an id has a digit
# Providers asked, in turn, for an id whose form names none of them.
UNNAMED_ORDER = ("plivo", "vobiz", "bolna")
NAMES = {
    "plivo": "Plivo",
    "vobiz": "Vobiz",
    "twilio": "Twilio",
    "retell": "Retell AI",
    "bolna": "Bolna",
}


def providers_for(call_id: str) -> tuple[str, ...] | None:
    """The providers that may hold this id, best first; None when it is no call id at all."""
    if TWILIO_SID.match(call_id):
        return ("twilio",)
    if RETELL_ID.match(call_id):
        return ("retell",)
    if UUID.match(call_id) or LOOSE_ID.match(call_id):
        return UNNAMED_ORDER
    return None


def looks_like_call_id(text: str) -> bool:
    """True for text that is one call id and nothing else (a UUID, CA..., call_...)."""
    text = text.strip()
    return bool(TWILIO_SID.match(text) or RETELL_ID.match(text) or UUID.match(text))


INT_FIELDS = ("rang_seconds", "duration", "billed_duration")


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


@dataclass(frozen=True)
class CallRecord:
    """One call as its provider keeps it. Times are ISO 8601 text as the provider gave them
    (normalised to UTC where the provider said the offset); durations are seconds."""

    provider: str
    call_id: str
    code: str | None = None  # what the catalog is asked: a code, reason or status
    cause: str | None = None  # the provider's own name for it
    status: str | None = None
    direction: str | None = None  # inbound / outbound
    from_number: str | None = None
    to_number: str | None = None
    started_at: str | None = None
    rang_seconds: int | None = None
    answered_at: str | None = None
    ended_at: str | None = None
    duration: int | None = None
    billed_duration: int | None = None
    hangup_source: str | None = None  # as the provider wrote it (Callee, hangup_by, ...)
    parent_call_id: str | None = None
    console_url: str | None = None
    sources: tuple[str, ...] = ()  # "webhook", "api"
    notes: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        """Whatever type a provider sent, text fields hold text and durations whole seconds."""
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("sources", "notes") or value is None:
                continue
            if f.name in INT_FIELDS:
                fixed = _whole(value)
            elif isinstance(value, bool) or not isinstance(value, str | int | float):
                fixed = None  # an object or list where a text belongs: not shown
            else:
                fixed = str(value)
            if fixed != value:
                object.__setattr__(self, f.name, fixed)

    @property
    def provider_name(self) -> str:
        return NAMES.get(self.provider, self.provider)

    def merged(self, other: CallRecord) -> CallRecord:
        """This record, with the facts it lacks taken from `other` (same call)."""
        changes = {
            f.name: getattr(other, f.name)
            for f in fields(self)
            if f.name not in ("sources", "notes") and getattr(self, f.name) in (None, "")
        }
        return replace(
            self,
            **changes,
            sources=tuple(dict.fromkeys((*self.sources, *other.sources))),
            notes=(*self.notes, *other.notes),
        )


class ProviderError(Exception):
    """Base of what a lookup at one provider can end in, other than a record."""

    kind = "failed"

    def __init__(self, provider: str, message: str):
        self.provider = provider
        self.message = message
        super().__init__(message)


class NotFound(ProviderError):
    kind = "not_found"


class Refused(ProviderError):
    kind = "refused"  # credentials refused (401/403)


class Unavailable(ProviderError):
    kind = "unavailable"  # down, slow, 5xx or 429 past the retries, or malformed answers


class NotConfigured(ProviderError):
    kind = "not_configured"
