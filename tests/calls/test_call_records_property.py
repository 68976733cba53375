"""Whatever JSON a provider answers with, reading it and showing it never fails."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from hangup_bot.calls import providers, retell
from hangup_bot.calls.records import ProviderError
from hangup_bot.render.call import call_dict, terminal_lines
from hangup_bot.render.callblocks import call_message

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=5)
KEYS = [
    "call_uuid", "hangup_cause_code", "hangup_source", "from_number", "to_number",
    "initiation_time", "answer_time", "end_time", "call_duration", "bill_duration",
    "parent_call_uuid", "call_direction", "status", "start_time", "duration", "sid",
    "start_timestamp", "end_timestamp", "duration_ms", "disconnection_reason", "direction",
    "created_at", "updated_at", "id", "ring_time", "billsec", "uuid",
]  # fmt: skip
bodies = st.dictionaries(st.sampled_from(KEYS), values, max_size=12)
nested = st.fixed_dictionaries({"data": bodies, "telephony_data": bodies}) | bodies
READERS = [providers.plivo, providers.vobiz, providers.twilio, providers.bolna, retell.record]


@settings(max_examples=150, deadline=None)
@given(body=nested, which=st.integers(0, len(READERS) - 1))
def test_any_answer_is_read_and_shown_without_failing(engine, body, which):
    try:
        record = READERS[which](body, "3f2c1a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f")
    except ProviderError:
        return
    answer = engine.answer(record.code, record.provider) if record.code else None
    json.dumps(call_dict(record, None, masked=True))
    terminal_lines(record, None)
    call_message(record, answer, engine.catalog, masked=True, share=True)
