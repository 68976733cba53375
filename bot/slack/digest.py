"""The scheduled digest: the report posted to REPORT_CHANNEL once per period (REPORT_SCHEDULE),
by exactly one process of any machine (claimed in the database), and after downtime once for
the latest period that came due, never once per missed period."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from hangup_bot.answers.engine import Engine
from hangup_bot.config import Config, ConfigError
from hangup_bot.reports.figures import ReportError
from hangup_bot.reports.schedule import Schedule, parse_schedule
from hangup_bot.reports.stored import stored_report
from hangup_bot.slack.reports import post_report
from hangup_bot.store import digests
from hangup_bot.store.database import Store

log = logging.getLogger(__name__)
CHECK_SECONDS = 30.0
LEASE_SECONDS = 300.0  # a claim older than this, not finished, is taken over
RETRY_SECONDS = 60.0


class Digest:
    def __init__(
        self,
        engine: Engine,
        store: Store,
        client: WebClient,
        channel: str,
        schedule: Schedule,
        clock: Callable[[], float] = time.time,
    ):
        self.engine, self.store, self.client = engine, store, client
        self.channel, self.schedule, self.clock = channel, schedule, clock
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{id(self)}"
        self._stop = threading.Event()

    def key(self, due: float) -> str:
        return f"{self.channel}|{self.schedule.text}|{int(due)}"

    def run_once(self) -> bool:
        """Post the latest due digest if no process has; True when this call posted it."""
        now = self.clock()
        due = self.schedule.latest(now)
        key = self.key(due)
        if not digests.claim(self.store, key, due, self.worker, now, LEASE_SECONDS):
            return False
        try:
            report = stored_report(self.engine, self.store, self.schedule.span, due)
            note = f"Digest: {self.schedule.text}"
            post_report(self.client, report, self.channel, note, self.schedule.zone)
        except (SlackApiError, OSError) as exc:
            log.warning("digest for %s not posted, retrying later: %s", self.channel, exc)
            digests.retry_after(self.store, key, self.worker, now + RETRY_SECONDS)
            return False
        digests.finish(self.store, key, self.clock())
        return True

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="hangup-digest", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # the loop must survive anything; the claim lets another retry
                log.exception("digest loop failed; retrying")
            self._stop.wait(CHECK_SECONDS)


def build_digest(config: Config, engine: Engine, store: Store, client: WebClient) -> Digest | None:
    """The digest the configuration asks for, or None without REPORT_CHANNEL."""
    if not config.report_channel:
        return None
    try:
        schedule = parse_schedule(config.report_schedule)
    except ReportError as exc:
        raise ConfigError([str(exc)]) from exc
    log.warning("Digest on: %s to %s.", schedule.text, config.report_channel)
    return Digest(engine, store, client, config.report_channel, schedule)
