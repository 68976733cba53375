"""An incident's figures, read from the stored events and tallies when its message is rendered
(not on every batch of callbacks): the window's count and share, the codes it was seen as, recent
calls and caller IDs; and the running count and total since it opened, brought up to date."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, and_, update

from hangup_bot.knowledge.figures import Figures, Sample
from hangup_bot.store.sql import raw
from hangup_bot.store.tables import incidents

LAG = 2.0  # seconds: a callback's transaction may commit this long after its received_at
RECENT = 1000  # a quiet incident's breakdown comes from its latest events, at most this many


def window_start(now: float, window_seconds: int) -> float:
    """The window starts on a whole minute, as the per-minute tallies do."""
    return (int(now - window_seconds) // 60) * 60.0


def _in(names: list[str], prefix: str) -> tuple[str, dict[str, str]]:
    params = {f"{prefix}{i}": name for i, name in enumerate(names)}
    return ", ".join(f":{p}" for p in params) or "NULL", params


def _stored_providers(incident: dict[str, Any]) -> list[str]:
    try:
        codes = json.loads(incident.get("providers") or "{}")
    except ValueError:
        return []
    return sorted({str(code).split(":", 1)[0] for code in codes})


def refresh_totals(db: Connection, incident: dict[str, Any], now: float) -> dict[str, Any]:
    """Add the events received since the last refresh to the incident's count and total (its
    providers' calls), once even with several processes refreshing; returns the row as now."""
    cut = now - LAG
    previous = incident.get("counted_at")
    start = incident["last_seen"] if previous is None else previous
    if cut <= start:
        return incident
    key = {"key": incident["key"], "start": start, "cut": cut}
    found = raw(
        db,
        "SELECT provider, COUNT(*) FROM events WHERE incident_key = :key AND received_at > :start "
        "AND received_at <= :cut GROUP BY provider",
        key,
    ).all()
    added = sum(int(n) for _, n in found)
    names = sorted({p for p, _ in found} | set(_stored_providers(incident)))
    listed, params = _in(names, "p")
    total = raw(
        db,
        f"SELECT COUNT(*) FROM events WHERE provider IN ({listed}) AND received_at > :start "
        "AND received_at <= :cut",
        {**key, **params},
    ).scalar_one()
    values = {
        "count": incident["count"] + added,
        "total": incident["total"] + int(total),
        "counted_at": cut,
    }
    column = incidents.c.counted_at
    changed = db.execute(
        update(incidents)
        .where(
            and_(
                incidents.c.id == incident["id"],
                column.is_(None) if previous is None else column == previous,
            )
        )
        .values(**values)
    ).rowcount
    return {**incident, **values} if changed else incident


def figures(
    db: Connection, incident: dict[str, Any], now: float, window_seconds: int, samples: int
) -> Figures:
    """What the message shows, from the events of the window (or, for a quiet incident, its
    latest events), so the header, the breakdown and the samples agree."""
    start = window_start(now, window_seconds)
    key = incident["key"]
    scope = (
        "SELECT provider, code, from_number, account FROM events WHERE incident_key = :key "
        "AND received_at >= :start"
    )
    params: dict[str, Any] = {"key": key, "start": start}
    quiet = not raw(db, f"SELECT 1 FROM ({scope}) AS w LIMIT 1", params).first()
    if quiet:  # nothing in the window (resolving, or long muted): its latest calls instead
        scope = (
            "SELECT provider, code, from_number, account FROM events WHERE incident_key = :key "
            f"ORDER BY received_at DESC LIMIT {RECENT}"
        )
    by_code: dict[str, int] = {}
    per_provider: dict[str, int] = {}
    for provider, code, n in raw(
        db,
        f"SELECT provider, code, COUNT(*) FROM ({scope}) AS w GROUP BY provider, code "
        "ORDER BY COUNT(*) DESC, provider, code",
        params,
    ):
        by_code[f"{provider}:{code}"] = int(n)
        per_provider[provider] = per_provider.get(provider, 0) + int(n)
    providers = sorted(per_provider, key=lambda p: (-per_provider[p], p)) or _stored_providers(
        incident
    )
    callers = tuple(
        (str(number), int(n))
        for number, n in raw(
            db,
            f"SELECT from_number, COUNT(*) FROM ({scope}) AS w WHERE from_number IS NOT NULL "
            "GROUP BY from_number ORDER BY COUNT(*) DESC, from_number LIMIT :n",
            {**params, "n": samples},
        )
    )
    accounts = tuple(
        str(a)
        for (a,) in raw(
            db,
            f"SELECT DISTINCT account FROM ({scope}) AS w WHERE account IS NOT NULL "
            "ORDER BY account LIMIT 3",
            params,
        )
    )
    recent = tuple(
        Sample(str(provider), str(call_id))
        for provider, call_id in raw(
            db,
            "SELECT provider, call_id FROM events WHERE incident_key = :key "
            "ORDER BY received_at DESC, id DESC LIMIT :n",
            {"key": key, "n": samples},
        )
    )
    scopes, names = _in([f"p:{p}" for p in providers], "s")
    total = raw(
        db,
        f"SELECT COALESCE(SUM(count), 0) FROM tallies WHERE scope IN ({scopes}) "
        "AND minute >= :minute",
        {**names, "minute": int(start // 60)},
    ).scalar_one()
    count = 0 if quiet else sum(by_code.values())
    counted = incident.get("counted_at")
    live = raw(  # received since the running count was last brought up to date
        db,
        "SELECT COUNT(*) FROM events WHERE incident_key = :key AND received_at > :counted",
        {"key": key, "counted": incident["last_seen"] if counted is None else counted},
    ).scalar_one()
    return Figures(
        window_minutes=max(1, round(window_seconds / 60)),
        count=count,
        total=max(int(total), count) if not quiet else 0,
        providers=tuple(providers),
        by_code=by_code,
        samples=recent,
        callers=callers,
        accounts=accounts,
        since_opened=int(incident["count"]) + int(live),
    )
