"""Values read out of a provider's JSON webhook, made safe to store: ids and codes that fit the
event store's columns, text without NUL or lone surrogates, times as epoch seconds."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

MAX_KEY = 200  # the longest code or call id the event store keeps


def json_object(body: bytes) -> dict[str, Any]:
    """The body as a JSON object; ValueError otherwise."""
    try:
        data = json.loads(body or b"")
    except ValueError as exc:
        raise ValueError("body is not valid JSON") from exc
    if not isinstance(data, dict):
        raise ValueError("body must be a JSON object")
    return data


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800" in the JSON)
        return False
    return True


def key(value: Any, name: str) -> str:
    """An id or code an event is stored under: non-empty text of at most 200 characters."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} is missing")
    if len(value) > MAX_KEY or not _storable(value):
        raise ValueError(f"{name} must be text of at most {MAX_KEY} characters")
    return value


def text(value: Any, limit: int) -> str | None:
    """Optional text (or a number, such as a SIP code), cut to `limit`; None if unusable."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    value = str(value)[:limit]
    return value if value and _storable(value) else None


def epoch(value: Any) -> float | None:
    """An ISO 8601 time (`2026-12-01T10:00:05Z`) as epoch seconds, or None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except (ValueError, OverflowError, OSError):
        return None
