"""Watched channels and the message shortcut read Vapi and LiveKit fields as those platforms'."""

from __future__ import annotations

import pytest

from hangup_bot.slack.texts import message_text


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ({"text": "Call ended. endedReason: voicemail"}, "vapi:voicemail"),
        ({"text": "ended_reason=customer-did-not-answer id=42"}, "vapi:customer-did-not-answer"),
        (
            {"text": '{"type":"end-of-call-report","endedReason":"silence-timed-out"}'},
            "vapi:silence-timed-out",
        ),
        (
            {"text": "endedReason: pipeline-error-newco-llm-failed"},
            "vapi:pipeline-error-newco-llm-failed",
        ),
        ({"text": "participant left, disconnect_reason=USER_REJECTED"}, "livekit:USER_REJECTED"),
        ({"text": "caller left the room (disconnect_reason: 13)"}, "livekit:SIP_TRUNK_FAILURE"),
        ({"text": "attributes: sip.callStatus=hangup"}, "livekit:hangup"),
        (
            {
                "text": "Call alert",
                "attachments": [{"fields": [{"title": "endedReason", "value": "customer-busy"}]}],
            },
            "vapi:customer-busy",
        ),
    ],
)
def test_voice_ai_fields_in_a_message_name_their_cause(engine, message, expected):
    answer = engine.codes_in(message_text(message))
    assert answer.matches and answer.matches[0].entry.id == expected


def test_a_disconnect_reason_number_out_of_range_names_nothing(engine):
    assert not engine.codes_in(message_text({"text": "disconnect_reason: 99"})).matches


def test_messages_without_voice_ai_fields_read_as_before():
    assert (
        message_text({"text": "code 6020"}) == "code 6020\n"
        or message_text({"text": "code 6020"}) == "code 6020"
    )
