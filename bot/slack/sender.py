"""Deliver the outbox to Slack: in order, one message a second per channel, honouring 429
Retry-After, backing off on 5xx and network errors, and never posting one message twice.

Before a retried post, the sender looks for the message in the channel (posts carry metadata
naming their outbox row), so a crash between Slack's answer and our commit does not repost.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import urllib.error
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from hangup_bot.alerts.pipeline import Alerts
from hangup_bot.knowledge.entries import Catalog
from hangup_bot.slack import compose
from hangup_bot.store import incidents as rows
from hangup_bot.store import outbox
from hangup_bot.store.database import RACES, Store

log = logging.getLogger(__name__)
METADATA_TYPE = "hangup_bot_alert"
CHANNEL_GAP = 1.0
TICK_SECONDS = 1.0  # how often open incidents are checked for refresh, resolution, reminders


class Sender:
    def __init__(self, alerts: Alerts, store: Store, client: WebClient, catalog: Catalog):
        self.alerts = alerts
        self.store = store
        self.client = client
        self.catalog = catalog
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{id(self)}"
        self._stop = threading.Event()
        self._ticked = 0.0

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="hangup-sender", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.run_once()
            except Exception:  # the loop must survive anything; the outbox keeps the work
                log.exception("alert sender loop failed; retrying")
                busy = 0
            self._stop.wait(0.05 if busy else 0.25)

    def run_once(self) -> int:
        now = time.time()
        if now - self._ticked >= TICK_SECONDS:  # a write transaction: not on every loop
            self._ticked = now
            self.alerts.tick()
        with self.store.begin() as db:
            claimed = outbox.claim_outbox(
                db,
                self.worker,
                now,
                self.alerts.rules.lease_seconds,
                limit=10,
                skip_locked=not self.store.sqlite,
            )
        for row in claimed:  # one row's trouble never holds back the others
            try:
                self.deliver(row)
            except RACES as exc:  # the database is busy: the claim lapses and it is retried
                log.warning("alert message %s: database busy (%s)", row["id"], type(exc).__name__)
            except Exception as exc:
                self._park(row, exc)
        return len(claimed)

    def _park(self, row: dict[str, Any], exc: Exception) -> None:
        """A row that cannot be sent at all is set aside with its reason, logged and counted,
        instead of being retried forever."""
        reason = type(exc).__name__[:60]
        log.error("alert message %s parked: %s", row["id"], reason)
        with self.store.begin() as db:
            outbox.finish(db, row["id"], time.time(), f"parked: {reason}")
            self.store.count(db, "alerts_parked", {"reason": reason})

    def deliver(self, row: dict[str, Any]) -> None:
        with self.store.begin() as db:
            if not outbox.renew(
                db, row["id"], self.worker, time.time() + self.alerts.rules.lease_seconds
            ):
                return  # our claim lapsed while earlier rows were sent; another worker has it
            incident = rows.incident(db, row["incident_id"])
            if incident is None or (row["kind"] == "post" and incident["slack_ts"]):
                outbox.finish(db, row["id"], time.time())
                return
            if row["kind"] != "post" and not incident["slack_ts"]:
                # rows leave a channel in order, so its post is done: Slack refused it for good
                outbox.finish(db, row["id"], time.time(), "its alert was never posted")
                return
            if not outbox.take_slot(db, row["channel"], time.time(), CHANNEL_GAP):
                outbox.retry_later(db, row["id"], time.time() + 0.3)
                return
            mute = self.store.mute_of(db, incident["family"], time.time())
        try:
            self._send(row, incident, mute)
        except SlackApiError as exc:
            self._failed(
                row,
                exc.response.status_code,
                exc.response.get("error", "error"),
                exc.response.headers.get("Retry-After") or exc.response.headers.get("retry-after"),
            )
        except (urllib.error.URLError, OSError) as exc:
            self._failed(row, 0, f"network: {exc}", None)

    def _send(self, row: dict[str, Any], incident: dict[str, Any], mute) -> None:
        kind, channel = row["kind"], row["channel"]
        if kind in ("post", "thread") and row["attempts"] and self._already_posted(row, incident):
            return
        with self.store.begin() as db:
            outbox.attempted(db, row["id"])
        metadata = {"event_type": METADATA_TYPE, "event_payload": {"outbox_id": row["id"]}}
        if kind == "post":
            text, shown = compose.message(self.alerts, self.catalog, incident, mute)
            reply = self.client.chat_postMessage(
                channel=channel, text=text, blocks=shown, metadata=metadata
            )
            self._posted(row, reply["ts"])
        elif kind == "update":
            text, shown = compose.message(self.alerts, self.catalog, incident, mute)
            self.client.chat_update(
                channel=channel, ts=incident["slack_ts"], text=text, blocks=shown or []
            )
            with self.store.begin() as db:
                outbox.finish(db, row["id"], time.time())
                outbox.supersede_updates(db, incident["id"], row["id"], time.time())
        else:
            self.client.chat_postMessage(
                channel=channel, thread_ts=incident["slack_ts"], text=row["text"], metadata=metadata
            )
            with self.store.begin() as db:
                outbox.finish(db, row["id"], time.time())

    def _posted(self, row: dict[str, Any], ts: str) -> None:
        with self.store.begin() as db:
            rows.transition(
                db,
                row["incident_id"],
                {"slack_ts": None},
                {"slack_ts": ts, "posted_at": time.time()},
            )
            outbox.finish(db, row["id"], time.time())

    def _already_posted(self, row: dict[str, Any], incident: dict[str, Any]) -> bool:
        """After an attempt whose outcome we never recorded: is the message in Slack already?"""
        if row["kind"] == "post":
            found = self.client.conversations_history(
                channel=row["channel"],
                oldest=str(row["created_at"] - 60),
                limit=200,
                include_all_metadata=True,
            )
        else:
            found = self.client.conversations_replies(
                channel=row["channel"],
                ts=incident["slack_ts"],
                limit=200,
                include_all_metadata=True,
            )
        for message in found.get("messages") or []:
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("outbox_id") == row["id"]:
                if row["kind"] == "post":
                    self._posted(row, message["ts"])
                else:
                    with self.store.begin() as db:
                        outbox.finish(db, row["id"], time.time())
                return True
        return False

    def _failed(self, row: dict[str, Any], status: int, error: str, retry_after) -> None:
        now = time.time()
        with self.store.begin() as db:
            self.store.count(db, "slack_api_errors", {"error": error[:60]})
            if status == 429:
                wait = float(retry_after or 1)
                outbox.pause_channel(db, row["channel"], now + wait)
                outbox.retry_later(db, row["id"], now + wait, error)
                self.store.count(db, "slack_api_retries", {"reason": "rate_limited"})
            elif status >= 500 or status == 0:
                wait = min(60.0, 0.5 * 2 ** min(row["attempts"], 7))
                outbox.retry_later(db, row["id"], now + wait, error)
                self.store.count(db, "slack_api_retries", {"reason": "server_or_network"})
            else:  # Slack refused for good (channel_not_found, not_in_channel, invalid_auth)
                log.error("Slack refused alert %s for %s: %s", row["id"], row["channel"], error)
                outbox.finish(db, row["id"], now, error)
