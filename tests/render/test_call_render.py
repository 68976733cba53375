"""A call's facts as shown: masked numbers for the channel, whole ones in private, escaped."""

from __future__ import annotations

import json

import pytest

from hangup_bot.calls.records import CallRecord
from hangup_bot.render.call import mask
from hangup_bot.render.callblocks import call_message, offer_message


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("+14155550111", "+1 415 ••• 0111"),
        ("919812345678", "+91 981 ••• 5678"),
        ("sip:4155550111@pbx.example.com", "sip:••••••0111@pbx.example.com"),
        ("client:agent", "client:agent"),
        (None, None),
    ],
)
def test_numbers_are_masked_to_country_prefix_and_last_four(number, shown):
    assert mask(number) == shown


def record(**extra) -> CallRecord:
    return CallRecord(
        provider="plivo",
        call_id="3f2c1a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f",
        code="3010",
        direction="outbound",
        from_number="+14155550111",
        to_number="+919812345678",
        duration=0,
        hangup_source="Callee",
        **extra,
    )


def test_channel_posts_mask_numbers_and_private_answers_show_them(engine):
    answer = engine.answer("3010", "plivo")
    _, shared = call_message(record(), answer, engine.catalog, masked=True)
    _, private = call_message(record(), answer, engine.catalog, masked=False, share=True)
    shared_text, private_text = json.dumps(shared), json.dumps(private, ensure_ascii=False)
    assert "+14155550111" not in shared_text and "+1 415 \\u2022\\u2022\\u2022 0111" in shared_text
    assert "+14155550111" in private_text and "share_call" in private_text
    assert "3010 Busy Line (Plivo)" in private_text
    assert "the person called (callee, outbound call)" in private_text


def test_what_a_provider_sent_stays_inert_in_slack(engine):
    hostile = record(parent_call_id="<!channel> <@U1>")
    _, shown = call_message(hostile, None, engine.catalog, masked=True)
    text = json.dumps(shown)
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text


def test_a_call_id_alone_offers_the_lookup():
    _, shown = offer_message("CA" + "0" * 32)
    assert shown[1]["elements"][0]["action_id"] == "lookup_call"
    assert "/hangup call CA" in json.dumps(shown)
