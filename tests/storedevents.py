"""Store hangup events at chosen times, as the webhook intake would have stored them."""

from __future__ import annotations

from hangup_bot.store.database import Store
from hangup_bot.store.incidents import EVENT_COLUMNS
from hangup_bot.store.sql import raw


def store_events(store: Store, events: list[tuple[float, str, str, str | None, int | None]]):
    """(received_at, provider, code, hangup source, duration) per event."""
    rows = [
        {
            "dedupe_key": f"{provider}:{at}:{i}",
            "provider": provider,
            "code": code,
            "call_id": str(i),
            "cause": None,
            "source": source,
            "direction": "outbound",
            "from_number": None,
            "to_number": None,
            "duration": duration,
            "account": None,
            "incident_key": None,
            "received_at": at,
        }
        for i, (at, provider, code, source, duration) in enumerate(events)
    ]
    sql = f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ("
    sql += ", ".join(f":{c}" for c in EVENT_COLUMNS) + ")"
    with store.begin() as db:
        raw(db, sql, rows)
