"""Who hung up, in words: the provider's hangup source read with the call's direction.

Plivo and Vobiz write `Caller` / `Callee`, Bolna `hangup_by` with the same names; which person
that is depends on the direction: on an outbound call the callee is the person dialed, on an
inbound call the caller is the person who rang your number.
"""

from __future__ import annotations

PEOPLE = {
    ("callee", "outbound"): "the person called (callee, outbound call)",
    ("callee", "inbound"): "your side, the number that was called (callee, inbound call)",
    ("caller", "outbound"): "your side, which placed the call (caller, outbound call)",
    ("caller", "inbound"): "the person who called in (caller, inbound call)",
}
OTHERS = {
    "api request": "your application, through the API (API Request)",
    "answer xml": "your application's XML (Answer XML)",
    "carrier": "the carrier or phone network (Carrier)",
    "error": "an error ended it (Error)",
    "plivo": "Plivo itself (Plivo)",
    "vobiz": "Vobiz itself (Vobiz)",
    "unknown": "unknown: the provider could not tell (Unknown)",
}


def direction_of(direction: str | None) -> str | None:
    """`outbound-api`, `outbound-dial`, `outbound` -> outbound; `inbound` -> inbound."""
    if not direction:
        return None
    low = direction.lower()
    return "outbound" if low.startswith("outbound") else "inbound" if low == "inbound" else None


def who_hung_up(source: str | None, direction: str | None) -> str | None:
    if not source:
        return None
    low = source.strip().lower()
    side = direction_of(direction)
    if low in ("caller", "callee"):
        return PEOPLE.get((low, side or ""), f"the {low} (direction unknown)")
    return OTHERS.get(low, source)
