"""One taxonomy: FreeSWITCH causes, SIP responses, Q.850, Twilio and Telnyx, linked both ways.

Generated from the reference tables (../shared/reference), through a committed fixture so the
checks also run in a plain clone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import reftables

FIXTURE = json.loads((Path(__file__).parents[1] / "fixtures" / "reference_tables.json").read_text())


@pytest.mark.skipif(not reftables.REFERENCE.is_dir(), reason="../shared/reference is not here")
def test_committed_fixture_matches_the_reference_tables():
    assert reftables.reference_tables() == FIXTURE


def linked(engine, a: str, b: str) -> bool:
    entry = engine.catalog.get(a)
    return entry is not None and b in {r.id for r in entry.related}


@pytest.mark.parametrize("row", FIXTURE["freeswitch"], ids=lambda r: r[0])
def test_every_freeswitch_cause_is_present_with_its_q850_and_sip(engine, row):
    name, value, _reported, sent, default = row
    entry = engine.catalog.get(f"sip:{name}")
    assert entry is not None and entry.cause == name
    assert entry.sip_sent == sent
    if 0 < value <= 127:
        assert entry.q850[0] == value
        assert linked(engine, entry.id, f"q850:{value}")
    if not default:
        assert linked(engine, entry.id, f"sip:{sent}")


@pytest.mark.parametrize("row", FIXTURE["received"], ids=lambda r: str(r[0]))
def test_every_sip_response_links_to_the_freeswitch_cause_it_produces(engine, row):
    response, cause = row
    assert engine.catalog.get(f"sip:{response}") is not None
    assert linked(engine, f"sip:{response}", f"sip:{cause}")
    assert response in engine.catalog.get(f"sip:{cause}").sip


@pytest.mark.parametrize("row", FIXTURE["sip_to_q850"], ids=lambda r: str(r[0]))
def test_every_sip_response_links_to_its_rfc3398_q850_cause(engine, row):
    response, cause = row
    assert engine.catalog.get(f"sip:{response}") is not None
    if cause is not None:
        assert linked(engine, f"sip:{response}", f"q850:{cause}")


@pytest.mark.parametrize("row", FIXTURE["q850_to_sip"], ids=lambda r: str(r[0]))
def test_every_q850_cause_links_to_its_rfc3398_sip_response(engine, row):
    cause, response = row
    assert engine.catalog.get(f"q850:{cause}") is not None
    if response is not None:
        assert linked(engine, f"q850:{cause}", f"sip:{response}")


@pytest.mark.parametrize("code", [485, 487, 488, 604, 606])
def test_responses_where_rfc3398_and_freeswitch_disagree_say_so(engine, code):
    note = engine.catalog.get(f"sip:{code}").note
    assert note and "FreeSWITCH" in note


@pytest.mark.parametrize("cause", [88, 111, 127])
def test_q850_causes_where_rfc3398_and_freeswitch_disagree_say_so(engine, cause):
    assert "FreeSWITCH" in engine.catalog.get(f"q850:{cause}").note


TWILIO = [
    "completed",
    "busy",
    "failed",
    "no-answer",
    "canceled",
    "13224",
    "13227",
    "13214",
    "13223",
    "13225",
    "21216",
    "32009",
    "31005",
    "32011",
    "32017",
    "11200",
    "11205",
    "12100",
    "15003",
]
TELNYX = [
    "call_rejected",
    "normal_clearing",
    "originator_cancel",
    "timeout",
    "time_limit",
    "user_busy",
    "not_found",
    "no_answer",
    "unspecified",
]


def test_twilio_statuses_and_voice_errors_and_telnyx_causes_are_there(engine):
    """The reference table's codes are all there (tests/data/sourced_codes.yml pins the rest)."""
    assert set(TWILIO) <= {e.code for e in engine.catalog.of("twilio")}
    assert set(TELNYX) <= {e.code for e in engine.catalog.of("telnyx")}


def test_busy_is_one_event_seen_from_everywhere(engine):
    related = {r.id for r in engine.catalog.get("plivo:3010").related}
    for same in (
        "sip:USER_BUSY",
        "sip:486",
        "q850:17",
        "retell:dial_busy",
        "bolna:Call recipient was busy",
        "twilio:busy",
        "telnyx:user_busy",
    ):
        assert same in related or linked(engine, "sip:USER_BUSY", same), same


@pytest.mark.parametrize(
    ("entry_id", "family"),
    [
        ("plivo:3010", "sip:USER_BUSY"),
        ("sip:486", "sip:USER_BUSY"),
        ("twilio:busy", "sip:USER_BUSY"),
        ("telnyx:user_busy", "sip:USER_BUSY"),
        ("vobiz:3010", "sip:USER_BUSY"),
        ("sip:USER_BUSY", "sip:USER_BUSY"),
        ("retell:error_asr", "retell:error_asr"),
    ],
)
def test_incident_family_joins_the_same_event_across_providers(engine, entry_id, family):
    assert engine.catalog.family(engine.catalog.get(entry_id)) == family


@pytest.mark.parametrize(
    ("query", "first", "note"),
    [
        ("sip 486", "sip:486", "Read 486 as a SIP response."),
        ("486", "sip:486", "Read 486 as a SIP response."),
        ("q850 34", "sip:NORMAL_CIRCUIT_CONGESTION", "Read 34 as a Q.850 cause number."),
        ("cause 17", "sip:USER_BUSY", "Read 17 as a Q.850 cause number."),
        ("17", "sip:USER_BUSY", "Read 17 as a Q.850 cause number."),
        ("twilio 13227", "twilio:13227", None),
        ("telnyx user_busy", "telnyx:user_busy", None),
        ("freeswitch RECOVERY_ON_TIMER_EXPIRE", "sip:RECOVERY_ON_TIMER_EXPIRE", None),
    ],
)
def test_taxonomy_queries_answer_with_the_entry_and_say_what_was_assumed(
    engine, query, first, note
):
    answer = engine.answer(query)
    assert answer.matches[0].entry.id == first
    assert answer.matches[0].entry.related
    if note:
        assert note in answer.notes


def test_q850_34_also_lists_the_q850_entry_itself(engine):
    assert "q850:34" in [m.entry.id for m in engine.answer("q850 34").matches][:3]


def test_unknown_sip_response_names_its_class(engine):
    answer = engine.answer("sip 499")
    assert answer.matches == ()
    assert answer.notes == (
        "SIP response 499 is not in the catalog; it lies in the range of "
        "SIP 4xx Client Failure (400-499).",
    )
