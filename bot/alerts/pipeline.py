"""The alert pipeline: a verified webhook becomes a stored event, the policy decides, and the
decision lands in the outbox in the same transaction. The sender delivers from there."""

from __future__ import annotations

import json
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from hangup_bot.alerts import actions, intake, policy, replay, upkeep
from hangup_bot.alerts.accounts import account_of
from hangup_bot.alerts.policy import AlertRules, Placement
from hangup_bot.knowledge.entries import Catalog
from hangup_bot.knowledge.events import HangupEvent
from hangup_bot.store import figures
from hangup_bot.store import incidents as rows
from hangup_bot.store.database import RACES, Store
from hangup_bot.store.group_commit import GroupCommit
from hangup_bot.store.timeouts import describe, unavailable

log = logging.getLogger("hangup_bot")
Item = tuple[HangupEvent, Placement | None, str | None]  # an event, where it counts, its account


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
            replay.check(self.store, provider, request, self.secrets.get(provider), self.clock())
        except intake.Refused as refused:
            return refused.status, {"ok": False, "error": refused.reason}
        if event is None:
            return 200, {"ok": True, "stored": False, "reason": "not a hangup"}
        placement = policy.place(event, self.catalog, self.rules) if self.rules.enabled else None
        item = (event, placement, account_of(provider, request))
        for attempt in range(5):
            if not self.store.health.admit():  # down: say so now instead of queueing on it
                return 503, {"ok": False, "error": "the database is not answering; retry later"}
            try:
                stored = self.writer.submit(item)
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

    def _apply(self, db, batch: list[Item]) -> list[bool]:
        """Store a batch of callbacks, count them per minute and open the incidents they
        start, in the caller's transaction; one result per callback: stored (True) or a
        redelivery (False). An open incident's row is not touched here: its message reads
        its figures from the events when it is rendered (see `store.figures`)."""
        now = self.clock()
        first: dict[str, Item] = {}  # a callback sent twice in one batch is stored once
        for item in batch:
            first.setdefault(item[0].dedupe_key[:300], item)
        stored = rows.add_new_events(
            db, [(e, p.key if p else None, a) for e, p, a in first.values()], now
        )
        fresh = [item for key, item in first.items() if key in stored]
        results = []
        for event, _, _ in batch:  # stored (True) once; a redelivery, or a repeat, is False
            results.append(event.dedupe_key[:300] in stored)
            stored.discard(event.dedupe_key[:300])
        if not fresh:
            return results
        tallies: Counter[str] = Counter()
        hangups: Counter[tuple[str, str, str]] = Counter()
        by_key: dict[str, list[HangupEvent]] = defaultdict(list)
        places: dict[str, Placement] = {}
        for event, placement, _ in fresh:
            tallies[f"p:{event.provider}"] += 1
            entry = self.catalog.get(f"{event.provider}:{event.code}")
            category = self.catalog.category_of(entry).name if entry else "unknown"
            hangups[(event.provider, event.code, category)] += 1
            if placement:
                tallies[f"k:{placement.key}"] += 1
                by_key[placement.key].append(event)
                places[placement.key] = placement
        self.store.count_many(
            db,
            "hangups",
            [
                ({"provider": provider, "code": code, "category": category}, count)
                for (provider, code, category), count in hangups.items()
            ],
        )
        rows.add_tallies(db, tallies, now)
        waiting = sorted(set(by_key) - rows.open_keys(db, list(by_key))) if by_key else []
        muted: set[str] | None = None
        for key in waiting:
            last = by_key[key][-1]
            since = now - self.rules.window_seconds
            count, total = rows.window_counts(db, key, last.provider, since)
            if not policy.should_open(places[key], count, total, self.rules):
                continue
            if muted is None:  # read only when something would open
                muted = self.store.active_targets(db, now)
            if places[key].family not in muted:
                self._open(db, by_key[key], places[key], now)
        return results

    def _open(self, db, batch: list[HangupEvent], placement: Placement, now: float) -> None:
        """Open an incident for calls that passed the rule, seeded from the window."""
        since = now - self.rules.window_seconds
        first = rows.first_seen(db, placement.key, since) or now
        # Seeded with the calls old enough to be committed everywhere; the newer ones (this
        # batch too) are counted live when the message is rendered, then folded in.
        counted = now - figures.LAG
        seeded, codes = rows.counts_since(db, placement.key, first, counted)
        opened = rows.open_new(
            db,
            {
                "key": placement.key,
                "status": "open",
                "channel": placement.channel,
                "family": placement.family,
                "title": placement.title,
                "count": sum(codes.values()),
                "total": seeded,
                "first_seen": first,
                "last_seen": now,
                "providers": json.dumps(
                    codes or dict(Counter(f"{e.provider}:{e.code}" for e in batch))
                ),
                "samples": json.dumps([e.call_id for e in batch][-self.rules.samples :]),
                "numbers": json.dumps([]),
                "reminded_at": now,
                "dirty": False,
                "counted_at": counted,
            },
        )
        if opened is not None:  # else another process opened it a moment ago
            self.store.count(db, "incidents_opened", {"channel": placement.channel})

    def tick(self) -> None:
        """Refresh, resolve or remind open incidents (see `upkeep`)."""
        upkeep.tick(self)

    # -- people ------------------------------------------------------------------------------

    def acknowledge(self, incident_id: int, user: str) -> bool:
        return actions.acknowledge(self, incident_id, user)

    def resolve(self, incident_id: int, user: str) -> bool:
        return actions.resolve(self, incident_id, user)

    def mute_incident(self, incident_id: int, seconds: int, user: str) -> str | None:
        incident = actions.incident_family(self, incident_id)
        if not incident:
            return None
        self.mute(incident["family"], incident["title"], seconds, user)
        return incident["title"]

    def unmute_incident(self, incident_id: int, user: str) -> str | None:
        incident = actions.incident_family(self, incident_id)
        if not incident or not actions.unmute_family(self, incident["family"], user):
            return None
        return incident["title"]

    def mute(self, family: str, label: str, seconds: int, user: str | None) -> float:
        return actions.mute_family(self, family, label, seconds, user)

    def unmute(self, family: str, user: str | None) -> bool:
        return actions.unmute_family(self, family, user)

    def overview(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Open incidents and active mutes, for `/hangup alerts`."""
        with self.store.begin() as db:
            open_now = rows.open_incidents(db)
        return open_now, self.store.active_mutes(self.clock())
