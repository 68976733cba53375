"""Group commit: many threads each need their item durably stored before they answer; one of
them commits everything waiting in a single transaction, so the cost of a commit (an fsync on
SQLite, a round trip on PostgreSQL) is shared instead of paid per request.

No background thread: the first waiting caller leads a batch and then hands the lead to the next
caller still waiting, waking exactly the callers whose items it committed. That also makes the
object safe to build before a fork.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection

from hangup_bot.store.timeouts import describe, unavailable

T = TypeVar("T")
log = logging.getLogger(__name__)


class _Slot:
    __slots__ = ("done", "error", "item", "lead", "result", "wake")

    def __init__(self, item: Any):
        self.item = item
        self.done = False
        self.lead = False  # this caller commits the next batch
        self.result: Any = None
        self.error: BaseException | None = None
        self.wake = threading.Event()


class GroupCommit(Generic[T]):
    def __init__(
        self,
        begin: Callable[[], Any],
        apply: Callable[[Connection, list[T]], list[Any]],
        max_batch: int = 64,
    ):
        self.begin = begin  # a context manager factory yielding a connection in a transaction
        self.apply = apply  # items -> one result per item, inside the transaction
        self.max_batch = max_batch
        self._lock = threading.Lock()
        self._pending: list[_Slot] = []
        self._leading = False

    def submit(self, item: T) -> Any:
        """Store `item` (with whatever else is waiting) and return its result once committed."""
        slot = _Slot(item)
        with self._lock:
            self._pending.append(slot)
            if not self._leading:
                self._leading = slot.lead = True
        while not slot.done:
            if not slot.lead:
                slot.wake.wait()  # until our batch is committed, or we are made the leader
                slot.wake.clear()
                continue
            with self._lock:
                batch = self._pending[: self.max_batch]
                del self._pending[: self.max_batch]
            try:
                self._commit(batch)
            finally:
                with self._lock:  # hand the lead to the first caller still waiting, if any
                    slot.lead = False
                    self._leading = bool(self._pending)
                    if self._pending:
                        self._pending[0].lead = True
                        self._pending[0].wake.set()
                for other in batch:
                    if other is not slot:
                        other.wake.set()
        if slot.error is not None:
            raise slot.error
        return slot.result

    def _commit(self, batch: list[_Slot]) -> None:
        try:
            with self.begin() as db:
                results = self.apply(db, [s.item for s in batch])
            for slot, result in zip(batch, results, strict=True):
                slot.result = result
        except Exception as exc:
            if len(batch) == 1 or unavailable(exc):  # a database not answering fails them all
                for slot in batch:
                    slot.error = exc
            else:  # one bad item (or a race) must not fail the others: one at a time
                log.info(
                    "batch of %d failed (%s); committing one by one", len(batch), describe(exc)
                )
                for slot in batch:
                    self._commit([slot])
                return
        for slot in batch:
            slot.done = True
