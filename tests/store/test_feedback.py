""" "Not helpful" marks on a real database (SQLite always, PostgreSQL when TEST_DATABASE_URL is
set): stored with the question and the answer, read back newest first."""

from __future__ import annotations

from hangup_bot.store import feedback
from hangup_bot.store.database import Store


def test_marks_are_kept_with_question_and_answer_newest_first(database_url):
    store = Store(database_url)
    try:
        feedback.record(store, "calls die at 2 minutes", ["sip:MEDIA_TIMEOUT"], "slash", "U1", 10.0)
        feedback.record(store, "hi there zzqx", [], "mention", None, 20.0)
        rows = feedback.recent(store)
        assert [(r["query"], r["answer"], r["surface"], r["user_id"]) for r in rows] == [
            ("hi there zzqx", [], "mention", None),
            ("calls die at 2 minutes", ["sip:MEDIA_TIMEOUT"], "slash", "U1"),
        ]
        assert feedback.total(store) == 2
        assert len(feedback.recent(store, 1)) == 1
    finally:
        store.dispose()


def test_a_very_long_question_is_stored_cut_not_refused(database_url):
    store = Store(database_url)
    try:
        feedback.record(store, "x" * 10_000, ["plivo:3010"], "dm", "U1")
        [row] = feedback.recent(store)
        assert len(row["query"]) == feedback.MAX_QUERY
    finally:
        store.dispose()
