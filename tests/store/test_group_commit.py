"""Group commit: every caller gets its own result, batches form under load, a bad item fails
alone."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import pytest

from hangup_bot.store.group_commit import GroupCommit


def committer(record: list[list]):
    @contextmanager
    def begin():
        time.sleep(0.005)  # a commit takes a while, so callers pile up behind it
        yield None

    def apply(_db, items):
        if "bad" in items:
            raise ValueError("bad item")
        record.append(list(items))
        return [f"stored {i}" for i in items]

    return GroupCommit(begin, apply)


def test_concurrent_callers_each_get_their_own_result_in_shared_batches():
    batches: list[list] = []
    group = committer(batches)
    results: dict[int, str] = {}

    def call(n: int) -> None:
        results[n] = group.submit(n)

    threads = [threading.Thread(target=call, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {n: f"stored {n}" for n in range(40)}
    assert sorted(i for batch in batches for i in batch) == list(range(40))
    assert len(batches) < 40  # some callers shared a commit


def test_a_bad_item_fails_alone_and_the_others_are_stored():
    batches: list[list] = []
    group = committer(batches)
    outcome: dict[str, object] = {}

    def call(item: str) -> None:
        try:
            outcome[item] = group.submit(item)
        except ValueError as exc:
            outcome[item] = exc

    threads = [threading.Thread(target=call, args=(i,)) for i in ("a", "bad", "b", "c")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert isinstance(outcome.pop("bad"), ValueError)
    assert outcome == {"a": "stored a", "b": "stored b", "c": "stored c"}


def test_a_single_caller_raises_its_own_error():
    with pytest.raises(ValueError):
        committer([]).submit("bad")
