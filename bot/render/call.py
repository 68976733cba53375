"""A looked-up call's facts, in the words every surface shows, as terminal lines and as the
`call` object of `--json`. Numbers can be masked (`+1 415 ••• 0111`) for posts others see."""

from __future__ import annotations

import re
from typing import Any

import phonenumbers

from hangup_bot.calls.parties import who_hung_up
from hangup_bot.calls.records import CallRecord
from hangup_bot.knowledge.entries import Entry

DOT = "•••"


def mask(number: str | None) -> str | None:
    """`+14155550111` -> `+1 415 ••• 0111`; other addresses keep only their last four digits."""
    if not number:
        return number
    try:
        parsed = phonenumbers.parse(number if number.startswith("+") else "+" + number)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_possible_number(parsed):
        national = str(parsed.national_number)
        return f"+{parsed.country_code} {national[:3]} {DOT} {national[-4:]}"
    digits = re.findall(r"\d", number)
    if len(digits) < 6:
        return number
    keep = len(digits) - 4
    seen = 0

    def hide(match: re.Match) -> str:
        nonlocal seen
        seen += 1
        return "•" if seen <= keep else match.group(0)

    return re.sub(r"\d", hide, number)


def seconds(value: int | None) -> str | None:
    if value is None:
        return None
    minutes, secs = divmod(int(value), 60)
    return f"{value} s" if not minutes else f"{value} s ({minutes} min {secs:02d} s)"


def hung_up_by(record: CallRecord, entry: Entry | None) -> str | None:
    """The record's hangup source read with the direction; else what the cause implies."""
    said = who_hung_up(record.hangup_source, record.direction)
    if said:
        return said
    if entry is not None and entry.source:
        return f"{entry.source} (what this cause means; the record does not say)"
    return None


def facts(record: CallRecord, entry: Entry | None, masked: bool) -> list[tuple[str, str]]:
    """(label, value) pairs in the order shown; facts the record lacks are left out."""
    show = mask if masked else (lambda n: n)
    rang = seconds(record.rang_seconds)
    rows = [
        ("Call", f"{record.call_id} ({record.provider_name})"),
        ("Direction", record.direction),
        ("From", show(record.from_number)),
        ("To", show(record.to_number)),
        ("Status", record.status if record.status != record.code else None),
        ("Started", record.started_at),
        ("Rang", rang),
        ("Answered", record.answered_at or ("not answered" if record.ended_at else None)),
        ("Ended", record.ended_at),
        ("Duration", seconds(record.duration)),
        ("Billed", seconds(record.billed_duration)),
        ("Hung up by", hung_up_by(record, entry)),
        ("Parent call", record.parent_call_id),
        ("Console", record.console_url),
    ]
    if record.answered_at is None and record.provider in ("retell", "twilio", "bolna"):
        rows = [r for r in rows if r[0] != "Answered"]  # these records do not say
    return [(label, str(value)) for label, value in rows if value not in (None, "")]


def call_dict(record: CallRecord, entry: Entry | None, masked: bool = False) -> dict[str, Any]:
    """The `call` object of `hangup call --json`."""
    show = mask if masked else (lambda n: n)
    return {
        "provider": record.provider,
        "provider_name": record.provider_name,
        "call_id": record.call_id,
        "code": record.code,
        "cause": record.cause,
        "status": record.status,
        "direction": record.direction,
        "from": show(record.from_number),
        "to": show(record.to_number),
        "started_at": record.started_at,
        "rang_seconds": record.rang_seconds,
        "answered_at": record.answered_at,
        "ended_at": record.ended_at,
        "duration": record.duration,
        "billed_duration": record.billed_duration,
        "hangup_source": record.hangup_source,
        "hung_up_by": hung_up_by(record, entry),
        "parent_call_id": record.parent_call_id,
        "console_url": record.console_url,
        "sources": list(record.sources),
        "notes": list(record.notes),
    }


def terminal_lines(record: CallRecord, entry: Entry | None, bold=lambda s: s) -> str:
    """The call's facts as an aligned block for a terminal (numbers whole)."""
    rows = facts(record, entry, masked=False)
    width = max(len(label) for label, _ in rows)
    lines = [bold("The call")]
    lines += [f"  {label.ljust(width)}  {value}" for label, value in rows]
    lines += [f"  {note}" for note in record.notes]
    return "\n".join(lines)
