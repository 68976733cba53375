"""Time passing on open incidents: refresh the message, resolve after a quiet spell, remind while
it keeps firing, and forget events past their retention. Safe in every process at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hangup_bot.alerts import policy
from hangup_bot.store import incidents as rows
from hangup_bot.store import outbox

if TYPE_CHECKING:
    from hangup_bot.alerts.pipeline import Alerts


def tick(alerts: Alerts) -> None:
    """Refresh, resolve or remind open incidents; safe to run in every process at once.
    About once an hour, forget events and tallies past their retention."""
    now = alerts.clock()
    with alerts.store.begin() as db:
        for incident in rows.open_incidents(db):
            _advance(alerts, db, incident, now)
        if now - alerts._purged >= 3600:
            alerts._purged = now
            rows.purge(
                db,
                events_before=now - alerts.rules.retention_days * 86400,
                tallies_before=now - 2 * alerts.rules.window_seconds - 60,
            )
            alerts.store.counters.compact(db)  # fold counter label sets past the cap


def _noticed(db, incident: dict[str, Any]) -> dict[str, Any]:
    """Take in the calls stored since the last look: a later last_seen, and a message to
    refresh (callbacks only store events; they never wait on the incident's row)."""
    latest = rows.latest_received(db, incident["key"])
    if latest is None or latest <= incident["last_seen"]:
        return incident
    if rows.transition(
        db,
        incident["id"],
        {"last_seen": incident["last_seen"]},
        {"last_seen": latest, "dirty": True},
    ):
        return {**incident, "last_seen": latest, "dirty": True}
    return incident


def _advance(alerts: Alerts, db, incident: dict[str, Any], now: float) -> None:
    incident = _noticed(db, incident)
    due = policy.due(
        now,
        incident["last_seen"],
        incident["posted_at"],
        incident["reminded_at"],
        incident["dirty"],
        alerts.rules,
    )
    ident, channel = incident["id"], incident["channel"]
    if due.resolve:
        if rows.transition(
            db, ident, {"status": "open"}, {"status": "resolved", "resolved_at": now}
        ):
            quiet = round((now - incident["last_seen"]) / 60)
            outbox.enqueue(db, ident, "update", channel, now)
            outbox.note(
                db,
                ident,
                channel,
                now,
                f"Resolved: no new calls with this cause for {quiet} min.",
            )
            alerts.store.count(db, "incidents_resolved", {"channel": channel})
        return
    if due.update and rows.transition(
        db,
        ident,
        {"dirty": True, "posted_at": incident["posted_at"]},
        {"dirty": False, "posted_at": now},
    ):
        outbox.enqueue(db, ident, "update", channel, now)
    if (
        due.remind
        and not alerts.store.muted(db, incident["family"], now)
        and rows.transition(
            db, ident, {"reminded_at": incident["reminded_at"]}, {"reminded_at": now}
        )
    ):
        quiet = round((now - incident["last_seen"]) / 60)
        outbox.note(
            db,
            ident,
            channel,
            now,
            f"Still firing: {incident['count']:,} calls so far; last one {quiet} min ago.",
        )
