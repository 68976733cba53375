"""The alert pipeline: a verified webhook becomes a stored event, the policy decides, and the
decision lands in the outbox in the same transaction. The sender delivers from there."""

from __future__ import annotations

import json
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from hangup_bot.alerts import intake, policy, upkeep
from hangup_bot.alerts.policy import AlertRules, Placement
from hangup_bot.knowledge.entries import Catalog
from hangup_bot.knowledge.events import HangupEvent
from hangup_bot.store import incidents as rows
from hangup_bot.store import outbox
from hangup_bot.store.database import RACES, Store
from hangup_bot.store.group_commit import GroupCommit
from hangup_bot.store.timeouts import describe, unavailable

log = logging.getLogger("hangup_bot")


class Alerts:
    def __init__(
        self,
        catalog: Catalog,
        store: Store,
        rules: AlertRules,
        secrets: Mapping[str, str | None],
        clock: Callable[[], float] = time.time,
    ):
        self.catalog = catalog
        self.store = store
        self.rules = rules
        self.secrets = secrets
        self.clock = clock
        self.writer = GroupCommit(store.begin, self._apply)
        self._purged = 0.0

    # -- intake ------------------------------------------------------------------------------

    def receive(self, provider: str, request: intake.WebhookRequest) -> tuple[int, dict[str, Any]]:
        """Verify, parse and store one callback; the answer is sent only after the commit."""
        try:
            event = intake.accept(provider, request, self.secrets, self.clock())
        except intake.Refused as refused:
            return refused.status, {"ok": False, "error": refused.reason}
        if event is None:
            return 200, {"ok": True, "stored": False, "reason": "not a hangup"}
        placement = policy.place(event, self.catalog, self.rules) if self.rules.enabled else None
        for attempt in range(5):
            if not self.store.health.admit():  # down: say so now instead of queueing on it
                return 503, {"ok": False, "error": "the database is not answering; retry later"}
            try:
                stored = self.writer.submit((event, placement))
                return 200, {"ok": True, "stored": stored, "duplicate": not stored}
            except RACES as exc:  # a race with another process, or the database is down
                log.warning(
                    "storing a %s callback failed (attempt %d): %s",
                    provider,
                    attempt,
                    describe(exc),
                )
                if unavailable(exc):
                    break
                time.sleep(0.05 * (attempt + 1))
        return 503, {"ok": False, "error": "could not store the event; retry"}

    def _apply(self, db, batch: list[tuple[HangupEvent, Placement | None]]) -> list[bool]:
        """Store a batch of callbacks and count them into incidents, in the caller's
        transaction; one result per callback: stored (True) or a redelivery (False)."""
        now = self.clock()
        seen = rows.existing_keys(db, [e.dedupe_key for e, _ in batch])
        fresh: list[tuple[HangupEvent, Placement | None]] = []
        results = []
        for event, placement in batch:
            results.append(event.dedupe_key not in seen)
            if event.dedupe_key not in seen:
                seen.add(event.dedupe_key)
                fresh.append((event, placement))
        if not fresh:
            return results
        rows.add_events(db, [(e, p.key if p else None) for e, p in fresh], now)
        tallies: Counter[str] = Counter()
        hangups: Counter[tuple[str, str, str]] = Counter()
        by_key: dict[str, list[HangupEvent]] = defaultdict(list)
        places: dict[str, Placement] = {}
        for event, placement in fresh:
            tallies[f"p:{event.provider}"] += 1
            entry = self.catalog.get(f"{event.provider}:{event.code}")
            category = self.catalog.category_of(entry).name if entry else "unknown"
            hangups[(event.provider, event.code, category)] += 1
            if placement:
                tallies[f"k:{placement.key}"] += 1
                by_key[placement.key].append(event)
                places[placement.key] = placement
        for (provider, code, category), count in sorted(hangups.items()):
            labels = {"provider": provider, "code": code, "category": category}
            self.store.count(db, "hangups", labels, count)
        rows.add_tallies(db, tallies, now)
        muted = self.store.active_targets(db, now) if by_key else set()
        for key, events in by_key.items():
            if places[key].family not in muted:
                self._count(db, events, places[key], now)
        return results

    def _count(self, db, batch: list[HangupEvent], placement: Placement, now: float) -> None:
        lock = not self.store.sqlite  # SQLite's BEGIN IMMEDIATE already serialises writers
        current = rows.open_incident(db, placement.key, lock)
        if current:
            rows.bump(db, current, batch, now, self.rules.samples)
            return
        last = batch[-1]
        since = now - self.rules.window_seconds
        count, total = rows.window_counts(db, placement.key, last.provider, since)
        if not policy.should_open(placement, count, total, self.rules):
            return
        number = rows.affected_number(last)
        opened = rows.open_new(
            db,
            {
                "key": placement.key,
                "status": "open",
                "channel": placement.channel,
                "family": placement.family,
                "title": placement.title,
                "count": count,
                "total": total,
                "first_seen": rows.first_seen(db, placement.key, since) or now,
                "last_seen": now,
                "providers": json.dumps(dict(Counter(f"{e.provider}:{e.code}" for e in batch))),
                "samples": json.dumps([e.call_id for e in batch][-self.rules.samples :]),
                "numbers": json.dumps([number] if number else []),
                "reminded_at": now,
                "dirty": False,
            },
        )
        if opened is None:  # another process opened it a moment ago: count into that one
            rows.bump(
                db, rows.open_incident(db, placement.key, lock), batch, now, self.rules.samples
            )
        else:
            self.store.count(db, "incidents_opened", {"channel": placement.channel})

    def tick(self) -> None:
        """Refresh, resolve or remind open incidents (see `upkeep`)."""
        upkeep.tick(self)

    # -- people ------------------------------------------------------------------------------

    def acknowledge(self, incident_id: int, user: str) -> bool:
        now = self.clock()
        with self.store.begin() as db:
            incident = rows.incident(db, incident_id)
            if not incident or not rows.transition(
                db,
                incident_id,
                {"acknowledged_by": None},
                {"acknowledged_by": user, "acknowledged_at": now},
            ):
                return False
            outbox.enqueue(db, incident_id, "update", incident["channel"], now)
            outbox.note(db, incident_id, incident["channel"], now, f"Acknowledged by <@{user}>.")
        return True

    def mute_incident(self, incident_id: int, seconds: int, user: str) -> str | None:
        with self.store.begin() as db:
            incident = rows.incident(db, incident_id)
        if not incident:
            return None
        self.mute(incident["family"], incident["title"], seconds, user)
        with self.store.begin() as db:
            outbox.enqueue(db, incident_id, "update", incident["channel"], self.clock())
        return incident["title"]

    def mute(self, family: str, label: str, seconds: int, user: str | None) -> float:
        until = self.clock() + seconds
        self.store.mute(family, label, until, user)
        return until

    def overview(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Open incidents and active mutes, for `/hangup alerts`."""
        with self.store.begin() as db:
            open_now = rows.open_incidents(db)
        return open_now, self.store.active_mutes(self.clock())
