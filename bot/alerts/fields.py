"""Values a provider sent, made safe to store: text cut to its column, NUL and unpaired
surrogates removed, numbers finite and inside a 32-bit column, dedupe keys that fit.

Every parser reads its fields through `text` and `number`, and every event passes through
`fit` before it leaves the intake, so each provider gets the same treatment. A value of the
wrong shape where text belongs (an object, a list) is refused with the field's name.
"""

from __future__ import annotations

import hashlib
import math
import re
from typing import Any

from hangup_bot.knowledge.events import HangupEvent
from hangup_bot.store.tables import events

INT_MAX = 2**31 - 1  # an SQL INTEGER on PostgreSQL
# A code becomes part of an incident key, family and title (incident columns of 200-300
# characters, with a channel and a caller beside it); real codes are under 60 characters.
CODE_LIMIT = 120
LIMITS = {
    column.name: column.type.length
    for column in events.columns
    if getattr(column.type, "length", None)
}
_UNPAIRED = re.compile("[\ud800-\udfff]")


class BadField(ValueError):
    """A field whose shape no provider sends (an object or a list where text belongs)."""


def clean(value: str, limit: int | None = None) -> str:
    """Without NUL bytes or unpaired surrogates, cut to `limit` characters."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    if not value.isascii():
        value = _UNPAIRED.sub("\ufffd", value)
    return value[:limit] if limit else value


def text(value: Any, name: str, limit: int | None = None) -> str | None:
    """A text field as sent: strings cleaned, numbers and booleans written out (some senders
    put `14155550111` for a phone number), None and "" as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif isinstance(value, int):
        value = str(value) if abs(value) < 10**30 else None
    elif isinstance(value, float):
        value = None if not math.isfinite(value) else f"{value:g}"
    elif not isinstance(value, str):
        raise BadField(f"{name} must be text, not {_kind(value)}")
    if value is None:
        return None
    return clean(value, limit) or None


def number(value: Any, low: int = 0, high: int = INT_MAX) -> int | None:
    """An integer from a string or JSON number, clamped to [low, high]; None when it is not
    a finite number (`inf`, `1e400`, `NaN`, text)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return max(low, min(high, value))
    if isinstance(value, str):
        value = value.strip()
        if len(value) > 40:
            return None
    try:
        parsed = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(parsed):
        return None
    return int(max(low, min(high, parsed)))


def fit_key(key: str) -> str:
    """A dedupe key that fits its column: a long one keeps its start and gains the hash of the
    whole, so identical redeliveries still get identical keys and different calls do not."""
    key = clean(key)
    if len(key) <= LIMITS["dedupe_key"]:
        return key
    digest = hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()
    return f"{key[:200]}~sha256:{digest}"


def fit(event: HangupEvent) -> HangupEvent:
    """The event with every value inside its column."""
    limit = LIMITS
    return HangupEvent(
        provider=clean(event.provider, limit["provider"]),
        code=clean(event.code, CODE_LIMIT),
        call_id=clean(event.call_id, limit["call_id"]),
        dedupe_key=fit_key(event.dedupe_key),
        cause=_cut(event.cause, limit["cause"]),
        source=_cut(event.source, limit["source"]),
        direction=_cut(event.direction, limit["direction"]),
        from_number=_cut(event.from_number, limit["from_number"]),
        to_number=_cut(event.to_number, limit["to_number"]),
        duration=number(event.duration),
        occurred_at=event.occurred_at
        if event.occurred_at is not None and math.isfinite(event.occurred_at)
        else None,
    )


def _cut(value: str | None, limit: int) -> str | None:
    return None if value is None else clean(value, limit) or None


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list"}.get(type(value), type(value).__name__)
