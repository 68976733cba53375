"""The domain records of the alert pipeline: what a provider told us, and what we alert on."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class HangupEvent:
    """One call's end, as one provider reported it."""

    provider: str
    code: str  # the code or reason exactly as sent ("3130", "dial_busy", "busy")
    call_id: str
    dedupe_key: str  # a redelivered callback has the same key
    cause: str | None = None
    source: str | None = None
    direction: str | None = None
    from_number: str | None = None
    to_number: str | None = None
    duration: int | None = None
    occurred_at: float | None = None  # epoch seconds, when the provider says it ended


@dataclass(frozen=True)
class Incident:
    """One alert message: one event family (and optionally caller ID) in one channel."""

    id: int
    key: str
    channel: str
    family: str
    title: str
    status: str  # "open" or "resolved"
    count: int
    total: int  # calls of the providers involved in the window when it opened
    first_seen: float
    last_seen: float
    providers: dict[str, int] = field(default_factory=dict)  # "plivo:3130" -> count
    samples: tuple[str, ...] = ()  # call ids
    numbers: tuple[str, ...] = ()  # affected caller / called numbers
    slack_ts: str | None = None
    acknowledged_by: str | None = None
    acknowledged_at: float | None = None
    resolved_at: float | None = None
