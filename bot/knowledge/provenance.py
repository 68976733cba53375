"""Provenance: the `reference` of an entry (the page or SDK file its meaning comes from).

An entry's `source` already names who hung up, so where a fact came from lives under
`reference: {url, title, read, per_code}`. `hangup catalog check` requires one on every entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from hangup_bot.knowledge.entries import Entry, Reference

SHAPE = "reference needs url (http or https), title and read (a date, YYYY-MM-DD)"
KEYS = {"url", "title", "read", "per_code"}


def parse_reference(value: object) -> tuple[Reference | None, str | None]:
    """A `reference:` mapping as a Reference, or the reason it is not one."""
    if value is None:
        return None, None
    if not isinstance(value, dict):
        return None, SHAPE
    unknown = sorted(set(value) - KEYS)
    if unknown:
        return None, f"reference: unknown field(s) {', '.join(map(str, unknown))}"
    url, title, read = value.get("url"), value.get("title"), value.get("read")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return None, SHAPE
    if not isinstance(title, str) or not title.strip():
        return None, SHAPE
    if isinstance(read, dt.date):
        read = read.isoformat()
    try:
        dt.date.fromisoformat(str(read))
    except ValueError:
        return None, SHAPE
    per_code = value.get("per_code", False)
    if not isinstance(per_code, bool):
        return None, "reference: per_code must be true or false"
    return Reference(url, " ".join(title.split()), str(read), per_code), None


def unreferenced(entries: Iterable[Entry]) -> list[Entry]:
    """Entries that say nowhere where their meaning was taken from."""
    return [e for e in entries if e.reference is None]
