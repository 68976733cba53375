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
    assert message in only_problem(catalog_dir, "symptoms.yml", text)


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


TEAM_LOG_LINE = """\
symptoms:
  - logs: ['ERR_MEDIA_GONE after \\d+ ms']
    means: [sip:MEDIA_TIMEOUT]
"""


def test_a_team_log_line_pattern_answers_like_a_code(catalog_dir):
    engine = Engine(load_catalog([catalog_dir({"symptoms.yml": TEAM_LOG_LINE})]))
    answer = engine.answer("gateway: ERR_MEDIA_GONE after 30000 ms, call torn down")
    assert answer.matches[0].entry.id == "sip:MEDIA_TIMEOUT"
    assert answer.matches[0].why == "log line: ERR_MEDIA_GONE after 30000 ms"


def test_a_log_line_pattern_that_is_not_a_pattern_names_the_file_and_the_reason(catalog_dir):
    bad = TEAM_LOG_LINE.replace("\\d+ ms", "(unclosed")
    _catalog, errors = check_catalog([catalog_dir({"symptoms.yml": bad})])
    assert len(errors) == 1
    assert "symptoms.yml" in str(errors[0]) and "is not a valid pattern" in str(errors[0])


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("words:\n  alike: [hangup]\n", "'alike' (an idea -> the list"),
        ("words:\n  alike: {hangup: hung up}\n", "'alike' (an idea -> the list"),
        ("words:\n  how_to: how to detect\n", "'how_to'"),
        ("words:\n  alike: {hangup: [yes]}\n", "is not a word"),
        ("words:\n  not_a_call: register\n", "'not_a_call', 'a_call'"),
        ("words:\n  a_call: [call, no]\n", "is not a word"),
        ("words:\n  openers: how do i\n", "'openers' (lists)"),
    ],
)
def test_a_malformed_vocabulary_names_the_file_and_the_shape(catalog_dir, words, message):
    assert message in only_problem(catalog_dir, "words.yml", words)


def test_own_terms_must_be_true_or_false(catalog_dir):
    provider = "provider: acme\nname: Acme\nown_terms: sometimes\nentries: []\n"
    _catalog, errors = check_catalog([catalog_dir({"acme.yml": provider})])
    assert [e.message for e in errors] == ["own_terms must be true or false"]


@pytest.mark.parametrize(
    ("call_ids", "message"),
    [("call_ids: '^CA'", "call_ids must be a list of patterns"), ("call_ids: ['(CA']", "(CA")],
)
def test_call_id_patterns_must_be_a_list_of_valid_patterns(catalog_dir, call_ids, message):
    provider = f"provider: acme\nname: Acme\n{call_ids}\nentries: []\n"
    assert message in only_problem(catalog_dir, "acme.yml", provider)


@pytest.mark.parametrize(
    "text",
    [
        "telnyx call v3:S_AwERIk dropped",
        'a PBX sends CANCEL with "Call completed elsewhere" (RFC 3326) to the other phones',
        "register => 5001:secret@pbx.example.com/5001 and every call gets 503",
        "VERBOSE[4400][C-00000062] app_dial.c: == Everyone is busy/congested (1:0/1/0)",
    ],
)
def test_ids_addresses_and_rfc_numbers_are_not_read_as_codes_or_values(engine, text):
    notes = " ".join(engine.answer(text).notes)
    assert not any(word in notes for word in ("S_AwERIk", "3326", "5001", "4400")), notes


@pytest.mark.parametrize(
    ("text", "not_read"),
    [
        ("since v2.27.0 every call drops", "27"),
        ("calls fail after upgrading to version 0.522", "522"),
        ("linphone 5.2.5 drops the call", "5"),
    ],
)
def test_a_version_number_is_not_a_code(engine, text, not_read):
    for match in engine.answer(text).matches:
        assert not_read not in match.why.split() and not_read not in match.entry.code.split("-")


def test_a_pasted_call_id_names_the_provider_that_gives_it(engine):
    text = "call CA832dbd2259a646e656fb63881d60055e ended: the caller hears a busy signal"
    assert engine.answer(text).matches[0].entry.id == "twilio:busy"
    assert engine.answer(text.replace("CA832", "XY832")).matches[0].entry.id != "twilio:busy"


def test_a_team_idea_makes_its_words_say_the_same_thing(catalog_dir):
    words = "words:\n  alike:\n    hangup: [kaat diya, kat gaya]\n"
    symptom = "symptoms:\n  - says: [customer hung up]\n    means: [sip:NORMAL_CLEARING]\n"
    engine = Engine(load_catalog([catalog_dir({"words.yml": words, "symptoms.yml": symptom})]))
    assert ids(engine, "customer ne call kaat diya beech mein")[0] == "sip:NORMAL_CLEARING"


@pytest.mark.parametrize(
    "text",
    [
        'create participant failed: {"status": 503, "msg": "twirp error unknown"}',
        "webhook error: Request failed with status code 503, then the call drops",
        'Failed to end call: Status 503, Response: {"code": 20503}',
        "TwirpError(code=internal, message=twirp error unknown: sip status 486, status=503)",
        "the poller fails: Telnyx 503 /v2/calls, then calls drop",
    ],
)
def test_a_status_an_http_api_gave_is_not_a_sip_response(engine, text):
    found = ids(engine, text)
    assert "sip:503" not in found and "sip:SERVICE_UNAVAILABLE" not in found


def test_a_websocket_close_code_and_a_sip_port_are_not_hangup_codes(engine):
    assert not {"plivo:1000", "vobiz:1000"} & set(ids(engine, "websocket closed (code: 1000)"))
    answer = engine.answer("Got SIP response 486 back from 54.172.60.3:5060")
    assert answer.matches[0].entry.id == "sip:486"
    assert not any("5060" in note for note in answer.notes)


def test_a_success_response_in_a_pasted_trace_is_not_the_cause(engine):
    trace = "INVITE 100 Trying 180 Ringing 200 OK ACK then BYE after 32 seconds, call dropped"
    assert "sip:200" not in ids(engine, trace)
    assert ids(engine, "sip 200")[0] == "sip:200"


def test_a_longer_name_in_a_message_ranks_before_a_one_word_status(engine):
    text = "twilio debugger: HTTP connection failure, the request failed after 15 s"
    assert ids(engine, text)[0] == "twilio:11205"


def test_a_name_the_message_says_it_never_got_is_not_the_answer(engine):
    text = (
        "our status callback never received 'busy' or 'no-answer' when the caller hung up "
        "while it was still ringing"
    )
    first = ids(engine, text)[0]
    assert first in ("sip:ORIGINATOR_CANCEL", "sip:487", "twilio:canceled")
    only_16 = "the trunk is not returning USER_BUSY to the phones, only Reason: Q.850;cause=16"
    assert ids(engine, only_16)[0] in ("sip:NORMAL_CLEARING", "q850:16")
    said = "the status callback received 'busy' when the caller hung up while it was still ringing"
    assert ids(engine, said)[0] in ("sip:USER_BUSY", "twilio:busy")


def test_a_word_the_catalog_knows_is_not_corrected_into_a_symptom(engine):
    text = "the gateway sends RTCP pings and, after not getting ping responses, hangs up the call"
    assert not [m for m in engine.answer(text).matches if "never rang" in m.why]


def test_the_tags_an_issue_title_starts_with_are_not_cause_names(engine):
    text = "[CRASH] Call drops after 15 minutes: the session timer expired, no 200 OK to refresh"
    assert ids(engine, text)[0] in ("sip:RECOVERY_ON_TIMER_EXPIRE", "sip:408")
    assert ids(engine, "[NORMAL_CLEARING] on every call")[0] == "sip:NORMAL_CLEARING"


def test_an_unknown_value_is_not_read_as_the_name_inside_it(engine):
    answer = engine.answer("trunk answered INTERNAL_SERVER_ERROR_X on every call")
    assert not [m for m in answer.matches if m.why == "named"]
    assert "INTERNAL_SERVER_ERROR_X is not a value" in answer.notes[0]


def test_several_codes_lead_with_the_one_the_message_describes(engine):
    text = (
        "the gateway answers 603 Decline, but the logs say no common codec between the offer "
        "and the answer, which should be 488"
    )
    assert ids(engine, text)[0] in ("sip:488", "sip:INCOMPATIBLE_DESTINATION")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[Feature] let the bot notice when a call goes to voicemail", "feature request"),
        ("[new-feature]: app_dial: abort Dial when early media never arrives", "feature request"),
        ("[Enhancement] retry on 486 busy", "feature request"),
        ("Feat : make the ring time before voicemail detection configurable, 15 sec", "feature"),
        ("Register FreeSWITCH: SIP/2.0 403 Forbidden when I attempt to register", "registering"),
        ("how do I pass a custom SIP header to the trunk from my agent?", "how-to question"),
        ("is there a way to detect that a human picked up instead of voicemail?", "how-to"),
    ],
)
def test_a_question_not_about_why_a_call_ended_gets_no_cause_and_says_why(engine, text, says):
    answer = engine.answer(text)
    assert answer.matches == ()
    assert says in answer.notes[0]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "[Bug] calls go to voicemail and the bot thinks a human answered",
            ("retell:voicemail_reached", "plivo:9100"),
        ),
        (
            "after the phone's registration expires, incoming calls get 480",
            ("sip:480", "sip:NO_USER_RESPONSE", "sip:USER_NOT_REGISTERED"),
        ),
        (
            "how do I stop calls dropping after a minute of silence?",
            ("sip:MEDIA_TIMEOUT", "plivo:6020"),
        ),
    ],
)
def test_a_question_about_an_ending_is_answered_whatever_its_form(engine, text, first):
    assert ids(engine, text)[0] in first


def test_a_call_status_value_says_it_is_a_status_not_a_reason(engine):
    answer = engine.answer("retell calls end with call_status not_connected")
    assert answer.notes[0] == (
        "not_connected is Retell AI's call status, not a reason; these reasons come with it."
    )
    assert {m.entry.call_status for m in answer.matches} == {"not_connected"}


def test_answers_do_not_depend_on_the_order_of_a_set(tmp_path):
    """The same question gets the same answer in every process (hash seeds differ)."""
    import subprocess
    import sys

    script = (
        "from hangup_bot.answers.engine import Engine\n"
        "e = Engine.load()\n"
        "for q in ['calls drop after 30 seconds of silence', 'SIP 503 from the trunk',\n"
        "          'caller hangs up while ringing', 'the phone never rang']:\n"
        "    print([m.entry.id for m in e.answer(q).matches])\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": str(seed), "PATH": "/usr/bin:/bin"},
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(runs) == 1


def test_a_pasted_log_line_says_how_it_was_read_and_what_its_figures_mean(engine):
    answer = engine.answer("app_dial.c: Everyone is busy/congested at this time (1:0/0/1)")
    assert "asterisk:CHANUNAVAIL" in [m.entry.id for m in answer.matches][:2]
    assert answer.notes[0] == (
        "Read the log line “Everyone is busy/congested at this time (1:0/0/1)” as CHANUNAVAIL."
    )
    assert "(tried:busy/congested/unavailable)" in answer.notes[1]


def only_problem(catalog_dir, name: str, text: str) -> str:
    """The one problem `catalog check` finds in a catalog of one file, which it must name."""
    _catalog, errors = check_catalog([catalog_dir({name: text})])
    assert len(errors) == 1 and name in str(errors[0]), errors
    return str(errors[0])
