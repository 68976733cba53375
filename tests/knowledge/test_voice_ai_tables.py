"""Vapi and LiveKit tables: every documented value answers by its code as the top match, families
fill in the provider that failed, and values newer than the catalog still find their family."""

from __future__ import annotations

from pathlib import Path

import pytest

VAPI = (Path(__file__).parents[1] / "fixtures" / "vapi_ended_reasons.txt").read_text().split()
LIVEKIT_DISCONNECT = [
    "UNKNOWN_REASON", "CLIENT_INITIATED", "DUPLICATE_IDENTITY", "SERVER_SHUTDOWN",
    "PARTICIPANT_REMOVED", "ROOM_DELETED", "STATE_MISMATCH", "JOIN_FAILURE", "MIGRATION",
    "SIGNAL_CLOSE", "ROOM_CLOSED", "USER_UNAVAILABLE", "USER_REJECTED", "SIP_TRUNK_FAILURE",
    "CONNECTION_TIMEOUT", "MEDIA_FAILURE", "AGENT_ERROR",
]  # fmt: skip


def test_the_vapi_table_is_the_sdks_whole_enum():
    assert len(VAPI) == len(set(VAPI)) == 571


@pytest.mark.parametrize("value", VAPI)
def test_every_vapi_ended_reason_answers_by_its_code_as_the_top_match(engine, value):
    answer = engine.answer(f"vapi {value}")
    assert answer.matches and answer.matches[0].entry.id == f"vapi:{value}"


def livekit_codes(engine) -> list[str]:
    return [e.code for e in engine.catalog.of("livekit")]


def test_livekit_holds_every_disconnect_reason_and_call_status(engine):
    codes = set(livekit_codes(engine))
    assert set(LIVEKIT_DISCONNECT) <= codes
    assert {"dialing", "ringing", "automation", "active", "hangup"} <= codes
    assert {"SCS_ERROR", "SIP_STATUS_BUSY_HERE", "SIP_STATUS_GLOBAL_DECLINE"} <= codes


def test_every_livekit_value_answers_by_its_code_as_the_top_match(engine):
    for code in livekit_codes(engine):
        answer = engine.answer(f"livekit {code}")
        assert answer.matches and answer.matches[0].entry.id == f"livekit:{code}", code


def test_a_family_value_names_the_provider_that_failed(engine):
    top = engine.answer("vapi pipeline-error-groq-llm-failed").matches[0].entry
    assert top.family == "pipeline-error-{llm}-llm-failed" and top.part == "groq"
    assert "Groq" in top.description and "{llm}" not in top.description


def test_an_unknown_value_of_a_known_family_answers_with_the_family_filled_in(engine):
    answer = engine.answer("vapi pipeline-error-acmeai-429-exceeded-quota")
    top = answer.matches[0].entry
    assert (top.code, top.family) == (
        "pipeline-error-acmeai-429-exceeded-quota",
        "pipeline-error-{llm}-429-exceeded-quota",
    )
    assert "acmeai" in top.description
    assert any("may be newer" in note for note in answer.notes)


def test_an_unknown_value_with_only_a_known_prefix_gets_the_catch_all_family(engine):
    top = engine.answer("call.in-progress.error-vapifault-brand-new-thing").matches[0].entry
    assert top.family == "call.in-progress.error-vapifault-{any}"
    assert engine.catalog.get("vapi:call.in-progress.error-vapifault-brand-new-thing") == top


@pytest.mark.parametrize(
    ("query", "linked"),
    [
        ("vapi customer-busy", {"sip:USER_BUSY", "plivo:3010", "retell:dial_busy"}),
        ("vapi silence-timed-out", {"retell:inactivity"}),
        ("vapi exceeded-max-duration", {"retell:max_duration_reached", "plivo:6000"}),
        ("vapi customer-did-not-answer", {"sip:NO_ANSWER", "retell:dial_no_answer"}),
        ("livekit USER_REJECTED", {"sip:CALL_REJECTED", "vapi:customer-busy"}),
        ("livekit MEDIA_FAILURE", {"sip:MEDIA_TIMEOUT", "plivo:6020"}),
    ],
)
def test_voice_ai_entries_link_to_the_same_event_elsewhere(engine, query, linked):
    top = engine.answer(query).matches[0].entry
    assert linked <= {ref.id for ref in top.related}
    for other in linked:  # links are two-way
        assert top.ref in engine.catalog.get(other).related


def test_pasted_livekit_twirp_errors_read_the_sip_status(engine):
    answer = engine.answer("livekit: twirp error unknown: sip status: 486: Busy Here")
    ranked = [m.entry.id for m in answer.matches]
    assert ranked[0] == "sip:486" and "livekit:SIP_STATUS_BUSY_HERE" in ranked[:3]


def test_a_newer_family_value_ranks_above_words_it_happens_to_contain(engine):
    """`...-400-bad-request-...` is the LLM family's, not SIP 400 Bad Request."""
    answer = engine.answer(
        "call.in-progress.error-vapifault-newco-400-bad-request-validation-failed"
    )
    assert answer.matches[0].entry.family == (
        "call.in-progress.error-vapifault-{llm}-400-bad-request-validation-failed"
    )
