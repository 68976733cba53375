"""Questions as people really write them: symptoms, durations, pasted logs, questions that are not
about a call ending, and answers that are not sure."""

from __future__ import annotations

import pytest

from hangup_bot.answers.engine import Engine
from hangup_bot.answers.symptoms import durations
from hangup_bot.knowledge.loader import check_catalog, load_catalog

TEAM_SYMPTOM = """\
symptoms:
  - says: [robot voice then silence]
    means: [sip:MEDIA_TIMEOUT]
    tell: Robotic audio before the drop is packet loss on the media path.
"""


def ids(engine, text):
    return [m.entry.id for m in engine.answer(text).matches]


def test_a_team_symptom_file_teaches_a_new_observation(catalog_dir):
    engine = Engine(load_catalog([catalog_dir({"symptoms.yml": TEAM_SYMPTOM})]))
    assert ids(engine, "customers hear a robot voice, then silence, then nothing")[0] == (
        "sip:MEDIA_TIMEOUT"
    )


def test_a_symptom_pointing_at_an_unknown_entry_names_the_file_and_the_phrase(catalog_dir):
    bad = TEAM_SYMPTOM.replace("sip:MEDIA_TIMEOUT", "sip:NO_SUCH_CAUSE")
    _catalog, errors = check_catalog([catalog_dir({"symptoms.yml": bad})])
    assert [str(e).split("/")[-1] for e in errors] == [
        "symptoms.yml: entry 'robot voice then silence': means unknown entry 'sip:NO_SUCH_CAUSE'"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("symptoms: {says: x}\n", "'symptoms' must be a list"),
        ("symptoms:\n  - {says: [x], means: [sip:486], colour: red}\n", "a symptom takes"),
        ("symptoms:\n  - {says: x, means: [sip:486]}\n", "must be non-empty lists of text"),
        ("symptoms:\n  - {says: [x], means: [sip:486], seconds: [9, 3]}\n", "[low, high]"),
        ("symptoms:\n  - {says: [x], means: [sip:486], tell: [a]}\n", "'tell' must be text"),
    ],
)
def test_each_malformed_symptom_is_reported_by_file(catalog_dir, text, message):
    _catalog, errors = check_catalog([catalog_dir({"symptoms.yml": text})])
    assert len(errors) == 1 and "symptoms.yml" in str(errors[0]) and message in str(errors[0])


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("drops after 30 s", [30.0]),
        ("right at the 33 second mark", [33.0]),
        ("after 20 or 30 seconds", [20.0, 30.0]),
        ("ends after 2 min", [120.0]),
        ("it takes around 16-17 seconds for the call to end", []),
        ("calls since 10am", []),
    ],
)
def test_call_lengths_are_read_and_delays_are_not(text, seconds):
    assert durations(text) == seconds


def test_a_clock_time_is_not_a_code(engine):
    assert "plivo:6000" not in ids(engine, "calls to India keep failing since 10am")


def test_an_http_status_with_an_api_error_is_not_a_sip_response(engine):
    answer = engine.answer("429 account_concurrency_exceeded")
    assert "sip:429" not in [m.entry.id for m in answer.matches]
    assert answer.matches[0].entry.id == "retell:concurrency_limit_reached"


def test_a_sip_only_number_after_an_http_word_is_still_sip(engine):
    assert ids(engine, 'Call Flow Control "Feature Code" returning 488 error')[0] == "sip:488"


def test_a_pasted_freeswitch_line_answers_with_its_bracketed_cause(engine):
    line = (
        "Hangup sofia/drachtio_mrf/nobody@10.0.0.1:5060 [CS_EXECUTE] [MEDIA_TIMEOUT] "
        'Reason: SIP;cause=604;text="MEDIA_TIMEOUT"'
    )
    assert ids(engine, line)[0] == "sip:MEDIA_TIMEOUT"


def test_a_voice_sdk_error_carrying_a_sip_response_answers_with_the_response(engine):
    answer = engine.answer("Android: Call Error: 31484, Address Incomplete")
    assert answer.matches[0].entry.id == "sip:484"
    assert "Read 31484 as Twilio's Voice SDK error for SIP 484." in answer.notes


def test_a_question_about_a_call_that_will_not_end_is_not_answered(engine):
    answer = engine.answer("I hang up through the REST API but my phone keeps on ringing")
    assert answer.matches == ()
    assert "does not end" in answer.notes[0]


def test_a_vague_question_about_an_ending_gets_the_likeliest_causes_and_what_tells_them_apart(
    engine,
):
    answer = engine.answer("calls get cut randomly in the middle, no pattern")
    assert 2 <= len(answer.matches) <= 3
    assert all(m.why.startswith("could be") for m in answer.matches)
    assert answer.notes[0].startswith("Not sure: these are the likeliest causes")
    assert len(answer.notes) == 2  # and what tells them apart


def test_a_question_off_topic_and_vague_is_not_guessed_at(engine):
    assert ids(engine, "sms to airtel numbers fail since morning") == []


def test_a_misspelt_cause_name_says_how_it_was_read(engine):
    answer = engine.answer("NORMAL_CLEARNG")
    assert answer.matches[0].entry.id == "sip:NORMAL_CLEARING"
    assert answer.notes == ("Read NORMAL_CLEARNG as NORMAL_CLEARING.",)
