"""What people do to an alert (Acknowledge, Resolve, Mute, Unmute, from its buttons or
`/hangup`): each changes the incident, refreshes its message and says in its thread who did it
and when. Functions over the pipeline's store and clock."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from hangup_bot.store import incidents as rows
from hangup_bot.store import outbox

if TYPE_CHECKING:
    from hangup_bot.alerts.pipeline import Alerts

_USER = re.compile(r"[UW][A-Z0-9]{1,30}")


def who(user: str | None) -> str:
    """A Slack user mention for an id Slack gave us; anything else is not echoed."""
    return f"<@{user}>" if user and _USER.fullmatch(user) else "someone"


def at(epoch: float) -> str:
    """A Slack date token (each reader sees their own time zone), with a UTC fallback."""
    fallback = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(epoch))
    return f"<!date^{int(epoch)}^{{date_short_pretty}} at {{time}}|{fallback}>"


def _changed(alerts: Alerts, db, incident: dict[str, Any], now: float, note: str) -> None:
    outbox.enqueue(db, incident["id"], "update", incident["channel"], now)
    outbox.note(db, incident["id"], incident["channel"], now, note)


def acknowledge(alerts: Alerts, incident_id: int, user: str) -> bool:
    now = alerts.clock()
    with alerts.store.begin() as db:
        incident = rows.incident(db, incident_id)
        if not incident or not rows.transition(
            db,
            incident_id,
            {"acknowledged_by": None, "status": "open"},
            {"acknowledged_by": user[:40], "acknowledged_at": now},
        ):
            return False
        _changed(alerts, db, incident, now, f"Acknowledged by {who(user)} on {at(now)}.")
    return True


def resolve(alerts: Alerts, incident_id: int, user: str) -> bool:
    now = alerts.clock()
    with alerts.store.begin() as db:
        incident = rows.incident(db, incident_id)
        if not incident or not rows.transition(
            db,
            incident_id,
            {"status": "open"},
            {"status": "resolved", "resolved_at": now, "resolved_by": user[:40]},
        ):
            return False
        _changed(
            alerts,
            db,
            incident,
            now,
            f"Resolved by {who(user)} on {at(now)}. New calls with this cause open a new alert.",
        )
        alerts.store.count(db, "incidents_resolved", {"channel": incident["channel"]})
    return True


def mute_family(alerts: Alerts, family: str, label: str, seconds: int, user: str | None) -> float:
    """Mute an event family; every open alert of it says so in its thread."""
    now = alerts.clock()
    until = now + seconds
    alerts.store.mute(family, label, until, user[:40] if user else None)
    hours = f"{seconds // 3600} h" if seconds % 3600 == 0 else f"{seconds // 60} min"
    with alerts.store.begin() as db:
        for incident in rows.open_incidents(db):
            if incident["family"] == family:
                note = f"Muted for {hours} by {who(user)} on {at(now)}, until {at(until)}."
                _changed(alerts, db, incident, now, note)
    return until


def unmute_family(alerts: Alerts, family: str, user: str | None) -> bool:
    if not alerts.store.unmute(family):
        return False
    now = alerts.clock()
    with alerts.store.begin() as db:
        for incident in rows.open_incidents(db):
            if incident["family"] == family:
                _changed(alerts, db, incident, now, f"Unmuted by {who(user)} on {at(now)}.")
    return True


def incident_family(alerts: Alerts, incident_id: int) -> dict[str, Any] | None:
    with alerts.store.begin() as db:
        return rows.incident(db, incident_id)
