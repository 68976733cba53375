"""Provider time stamps to one form: ISO 8601 in UTC (`2026-03-25T10:00:08Z`)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any


def iso(value: Any) -> str | None:
    """Plivo's `2017-05-22 17:49:40+05:30`, Vobiz's `2026-03-25T10:00:08Z`, Twilio's RFC 2822,
    or epoch milliseconds (Retell); None for nothing, and the text unchanged if unreadable."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return _utc(datetime.fromtimestamp(value / 1000, UTC))
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            stamp = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return text
    if stamp.tzinfo is None:
        return stamp.isoformat(timespec="seconds")  # no offset given: shown as given
    return _utc(stamp)


def seconds_between(start: str | None, end: str | None) -> int | None:
    try:
        a = datetime.fromisoformat(str(start).replace("Z", "+00:00"))
        b = datetime.fromisoformat(str(end).replace("Z", "+00:00"))
        return max(int((b - a).total_seconds()), 0)
    except (TypeError, ValueError):
        return None


def number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError, OverflowError):
        return None


def _utc(stamp: datetime) -> str:
    return stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
