"""Counters stay bounded: past the cap a new label set is counted as "other", and compaction
folds any excess (rows written before the cap) without losing a count."""

from __future__ import annotations

from hangup_bot.store.database import Store


def labels(code: str, provider: str = "plivo") -> dict[str, str]:
    return {"provider": provider, "code": code, "category": "unknown"}


def test_new_label_sets_past_the_cap_are_counted_as_other(database_url):
    store = Store(database_url, max_series=10)
    try:
        with store.begin() as db:
            for i in range(25):
                store.count(db, "hangups", labels(f"9{i:03d}"), 2)
            store.count(db, "hangups", labels("9000"), 1)  # a known one still counts as itself
        counted = {tuple(sorted(ls.items())): value for _, ls, value in store.counted()}
    finally:
        store.dispose()
    assert len(counted) == 11
    assert counted[tuple(sorted(labels("9000").items()))] == 3
    other = {"provider": "plivo", "code": "other", "category": "other"}
    assert counted[tuple(sorted(other.items()))] == 30
    assert sum(counted.values()) == 51


def test_compaction_folds_the_smallest_label_sets_and_keeps_every_count(database_url):
    store = Store(database_url, max_series=1000)
    try:
        with store.begin() as db:
            for i in range(40):
                store.count(db, "hangups", labels(f"8{i:03d}", ("plivo", "twilio")[i % 2]), i + 1)
            store.count(db, "slack_api_errors", {"error": "ratelimited"}, 4)
        store.counters.max_series = 12
        with store.begin() as db:
            folded = store.counters.compact(db)
        counted = store.counted()
    finally:
        store.dispose()
    hangups = {(ls["provider"], ls["code"]): v for name, ls, v in counted if name == "hangups"}
    assert folded == 30
    assert len(hangups) == 12
    assert sum(hangups.values()) == sum(range(1, 41))
    assert ("twilio", "8039") in hangups and ("plivo", "8000") not in hangups  # biggest kept
    assert {k for k in hangups if k[1] == "other"} == {("plivo", "other"), ("twilio", "other")}
    assert ("slack_api_errors", {"error": "ratelimited"}, 4) in counted
