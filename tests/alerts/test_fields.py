"""Values from requests made to fit their columns (the parsing layer every provider shares)."""

from __future__ import annotations

import pytest

from hangup_bot.alerts import fields, payload
from hangup_bot.knowledge.events import HangupEvent
from hangup_bot.store.tables import events


def test_limits_are_read_from_the_events_table():
    assert fields.LIMITS["from_number"] == events.c.from_number.type.length == 80


@pytest.mark.parametrize(
    "sent,stored",
    [("inf", None), ("1e400", None), ("NaN", None), ("12.7", 12), ("-3", 0), (2**40, 2**31 - 1)],
)
def test_numbers_are_finite_and_inside_a_32_bit_column(sent, stored):
    assert fields.number(sent) == stored


def test_a_long_dedupe_key_is_hashed_so_equal_keys_stay_equal_and_others_differ():
    long_a, long_b = "plivo:" + "a" * 400 + ":call", "plivo:" + "a" * 399 + "b:call"
    assert fields.fit_key(long_a) == fields.fit_key(long_a)
    assert fields.fit_key(long_a) != fields.fit_key(long_b)
    assert len(fields.fit_key(long_a)) <= fields.LIMITS["dedupe_key"]


def test_text_refuses_objects_and_lists_naming_the_field():
    with pytest.raises(fields.BadField, match=r"call\.to_number must be text, not a list"):
        fields.text([1], "call.to_number")


def test_fit_cuts_drops_nul_and_replaces_unpaired_surrogates():
    event = HangupEvent("retell", "x" * 300, "c\x00all", "k", from_number="\ud800" + "1" * 99)
    fitted = fields.fit(event)
    assert (len(fitted.code), fitted.call_id) == (fields.CODE_LIMIT, "call")
    assert fitted.from_number == "\ufffd" + "1" * 79


def test_payload_depth_is_measured_without_recursion():
    deep = {"a": 1}
    for _ in range(5000):
        deep = {"a": deep}
    assert payload.shape(deep) == (5001, False)
    with pytest.raises(payload.BadPayload, match="nested too deeply"):
        payload.read_object(b"[" * 100_000 + b"]" * 100_000)
