"""The message for one outbox row, as the sender is about to send it: the incident's figures
brought up to date from the stored events, rendered; and when rendering fails, the alert's plain
form instead (counted), so one odd incident never holds back the messages queued after it."""

from __future__ import annotations

import logging
import time
from typing import Any

from hangup_bot.alerts.pipeline import Alerts
from hangup_bot.knowledge.entries import Catalog
from hangup_bot.render.alert_parts import plain_form
from hangup_bot.render.blocks import Block
from hangup_bot.render.incident import incident_message
from hangup_bot.store import figures as numbers
from hangup_bot.store import incidents as rows
from hangup_bot.store.database import RACES

log = logging.getLogger(__name__)


def message(
    alerts: Alerts, catalog: Catalog, incident: dict[str, Any], mute: dict[str, Any] | None
) -> tuple[str, list[Block] | None]:
    """(text, blocks) for the alert's post or update; blocks None for the plain form."""
    now = time.time()
    rules = alerts.rules
    with alerts.store.begin() as db:
        fresh = numbers.refresh_totals(db, incident, now)
        if (fresh.get("counted_at") or 0) < fresh["last_seen"]:
            # calls still in flight at this moment: another refresh will follow
            rows.transition(db, fresh["id"], {"dirty": fresh["dirty"]}, {"dirty": True})
        try:
            figures = numbers.figures(db, fresh, now, rules.window_seconds, rules.samples)
        except RACES:
            raise
        except Exception as exc:
            return _plain(alerts, db, fresh, exc)
    try:
        return incident_message(fresh, catalog, figures, mute)
    except Exception as exc:
        with alerts.store.begin() as db:
            return _plain(alerts, db, fresh, exc)


def _plain(alerts: Alerts, db, incident: dict[str, Any], exc: Exception):
    log.warning(
        "alert %s could not be rendered (%s); posting its plain form",
        incident["id"],
        type(exc).__name__,
    )
    alerts.store.count(db, "alerts_plain", {"reason": type(exc).__name__[:60]})
    return plain_form(incident), None
