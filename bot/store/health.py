"""Whether the database answered lately, known without waiting for it.

Every transaction reports how it went. /healthz reads the last word at once (and while the
word is stale a probe in the background, one at a time, asks again); intake, while the
database is down, lets one caller a second try it and refuses the others with 503 at once
instead of queueing them on it. Recovery is noticed within about a second either way.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger("hangup_bot")


class Health:
    def __init__(self, probe: Callable[[], None], describe: Callable[[BaseException], str]):
        self._probe = probe
        self._describe = describe
        self.every = 1.0  # seconds a word stays fresh
        self.up = True
        self.since = time.time()
        self.reason: str | None = None
        self._checked = time.monotonic()
        self._probing = False
        self._lock = threading.Lock()

    def ok(self) -> None:
        self._checked = time.monotonic()
        if not self.up:
            self.up, self.since, self.reason = True, time.time(), None
            log.warning("The database is answering again.")

    def failed(self, exc: BaseException) -> None:
        self._checked = time.monotonic()
        reason = self._describe(exc)
        if self.up:
            self.up, self.since = False, time.time()
            log.error("The database is not answering: %s", reason)
        self.reason = reason

    def check(self) -> bool:
        """The last known state, at once; asks the database again in the background when it
        is stale (for /healthz)."""
        if time.monotonic() - self._checked >= self.every:
            self._start_probe()
        return self.up

    def admit(self) -> bool:
        """Whether a caller should try the database: always while it is up; while it is down,
        one caller a second (its transaction is the test), the others are refused at once."""
        if self.up:
            return True
        with self._lock:
            now = time.monotonic()
            if now - self._checked < self.every:
                return False
            self._checked = now
        return True

    def reset(self) -> None:
        """After a fork: no probe of the parent's is running here."""
        self._probing = False

    def _start_probe(self) -> None:
        with self._lock:
            if self._probing:
                return
            self._probing = True
        threading.Thread(target=self._run, name="database-probe", daemon=True).start()

    def _run(self) -> None:
        try:
            self._probe()  # reports through ok() / failed() itself
        except Exception as exc:
            self.failed(exc)
        finally:
            self._probing = False
