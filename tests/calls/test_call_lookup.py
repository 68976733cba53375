"""Looking calls up over real HTTP against local fakes of each provider's API."""

from __future__ import annotations

import time
import uuid

import pytest
from fakeproviders import (
    PLIVO_TOKEN,
    RETELL_KEY,
    FakeProvider,
    bolna_execution,
    environment,
    plivo_busy_call,
    retell_call,
    twilio_call,
    vobiz_cdr,
)

from hangup_bot.calls.lookup import Lookup, NoCallId
from hangup_bot.calls.settings import CallSettings
from hangup_bot.knowledge.events import HangupEvent
from hangup_bot.store.database import Store
from hangup_bot.store.incidents import add_events

PROVIDERS = ("plivo", "vobiz", "twilio", "retell", "bolna")


@pytest.fixture(scope="module")
def fakes():
    started = {p: FakeProvider(p, slow_seconds=7.0).start() for p in PROVIDERS}
    yield started
    for fake in started.values():
        fake.stop()


@pytest.fixture
def lookup(fakes, engine):
    for fake in fakes.values():
        fake.calls.clear()
        fake.plan.clear()
        fake.requests.clear()
    made = []

    def build(env=None, store=None, only=PROVIDERS):
        settings = CallSettings.from_env(
            env if env is not None else environment({p: fakes[p] for p in only})
        )
        made.append(Lookup(settings, engine, store))
        return made[-1]

    yield build
    for one in made:
        one.close()


def new_uuid() -> str:
    return str(uuid.uuid4())


def test_plivo_busy_call_is_explained_with_who_hung_up_and_the_duration(fakes, lookup):
    call_id = new_uuid()
    fakes["plivo"].calls[call_id] = plivo_busy_call(call_id)
    outcome = lookup().find(call_id)
    record = outcome.record
    assert outcome.exit_status == 0
    assert outcome.answer.matches[0].entry.id == "plivo:3010"
    assert (record.provider, record.code, record.hangup_source) == ("plivo", "3010", "Callee")
    assert (record.duration, record.billed_duration, record.rang_seconds) == (0, 0, 10)
    assert record.started_at == "2026-11-30T12:19:30Z"
    assert record.ended_at == "2026-11-30T12:19:40Z"


def test_an_unnamed_id_is_asked_of_plivo_vobiz_and_bolna_and_the_first_found_wins(fakes, lookup):
    call_id = new_uuid()
    fakes["vobiz"].calls[call_id] = vobiz_cdr(call_id)
    fakes["bolna"].calls[call_id] = bolna_execution(call_id)
    outcome = lookup().find(call_id)
    assert outcome.record.provider == "vobiz"
    assert outcome.record.rang_seconds == 8 and outcome.record.billed_duration == 177
    assert outcome.answer.matches[0].entry.id == "vobiz:4000"
    assert any(call_id in p for p in fakes["plivo"].requests)
    assert not fakes["twilio"].requests and not fakes["retell"].requests


def test_unknown_id_names_the_providers_and_the_auth_ids_checked(lookup):
    call_id = new_uuid()
    outcome = lookup(only=("plivo", "vobiz")).find(call_id)
    assert outcome.exit_status == 1
    message = outcome.message(lookup(only=("plivo", "vobiz")).settings)
    assert message.splitlines()[0] == (
        f"no call {call_id} at Plivo or Vobiz; checked with PLIVO_AUTH_ID MA…XY, "
        "VOBIZ_AUTH_ID MA…01"
    )
    assert "set BOLNA_API_KEY" in message


def test_a_retell_id_resolves_through_get_call_with_the_sdk(fakes, lookup):
    call_id = "call_" + uuid.uuid4().hex
    fakes["retell"].calls[call_id] = retell_call(call_id)
    outcome = lookup().find(call_id)
    assert fakes["retell"].requests == [f"/v2/get-call/{call_id}"]
    assert outcome.record.code == "dial_busy" and outcome.record.duration == 4
    assert outcome.record.console_url.endswith(f"history={call_id}")
    assert outcome.answer.matches[0].entry.id == "retell:dial_busy"
    assert not fakes["plivo"].requests


def test_a_twilio_sid_goes_to_twilio_only_and_reads_the_parent_call(fakes, lookup):
    sid, parent = "CA" + uuid.uuid4().hex, "CA" + uuid.uuid4().hex
    fakes["twilio"].calls[sid] = twilio_call(sid, "no-answer", parent)
    outcome = lookup().find(sid)
    assert outcome.record.parent_call_id == parent
    assert outcome.record.direction == "outbound-api"
    assert outcome.answer.matches[0].entry.id == "twilio:no-answer"
    assert not fakes["plivo"].requests


def test_a_failed_twilio_call_takes_its_error_code_from_the_notifications(fakes, lookup):
    sid = "CA" + uuid.uuid4().hex
    fakes["twilio"].calls[sid] = twilio_call(sid, "failed")
    fakes["twilio"].notifications[sid] = [{"error_code": "13227", "log": "0"}]
    outcome = lookup().find(sid)
    assert outcome.record.code == "13227" and outcome.record.status == "failed"


def test_bolna_hangup_by_and_reason_come_from_the_execution(fakes, lookup):
    execution = new_uuid()
    fakes["bolna"].calls[execution] = bolna_execution(execution)
    outcome = lookup(only=("bolna",)).find(execution)
    assert outcome.record.hangup_source == "Callee"
    assert outcome.answer.matches[0].entry.code == "Call recipient hung up"
    assert "Carried by plivo" in outcome.record.notes[0]


def test_rate_limited_then_found_is_retried(fakes, lookup):
    call_id = new_uuid()
    fakes["plivo"].calls[call_id] = plivo_busy_call(call_id)
    fakes["plivo"].plan[call_id] = ["429", "500"]
    outcome = lookup(only=("plivo",)).find(call_id)
    assert outcome.found
    assert len([p for p in fakes["plivo"].requests if call_id in p]) == 3


def test_refused_credentials_name_the_variable_never_the_value(fakes, lookup):
    env = environment({"plivo": fakes["plivo"], "retell": fakes["retell"]})
    env["PLIVO_AUTH_TOKEN"] = "wrong-" + PLIVO_TOKEN
    env["RETELL_API_KEY"] = "wrong-" + RETELL_KEY
    found = lookup(env)
    plivo = found.find(new_uuid(), "plivo")
    retell = found.find("call_" + uuid.uuid4().hex)
    for outcome in (plivo, retell):
        message = outcome.message(found.settings)
        assert outcome.exit_status == 2
        assert "refused the credentials (401)" in message
        assert PLIVO_TOKEN not in message and RETELL_KEY not in message
    assert "PLIVO_AUTH_ID (MA…XY) and PLIVO_AUTH_TOKEN" in plivo.message(found.settings)
    assert "RETELL_API_KEY" in retell.message(found.settings)


@pytest.mark.parametrize("provider", ["plivo", "retell"])
def test_a_slow_provider_is_reported_within_six_seconds(fakes, lookup, provider):
    call_id = new_uuid() if provider == "plivo" else "call_" + uuid.uuid4().hex
    fakes[provider].plan[call_id] = ["slow"]
    started = time.monotonic()
    outcome = lookup(only=(provider,)).find(call_id, provider)
    took = time.monotonic() - started
    assert outcome.exit_status == 1
    assert "did not answer within 5 s" in outcome.message(lookup().settings)
    assert took < 6.5


@pytest.mark.parametrize("provider", ["plivo", "retell"])
def test_malformed_json_is_a_clear_message(fakes, lookup, provider):
    call_id = new_uuid() if provider == "plivo" else "call_" + uuid.uuid4().hex
    fakes[provider].plan[call_id] = ["malformed"]
    outcome = lookup(only=(provider,)).find(call_id, provider)
    assert outcome.exit_status == 1
    assert "answered with malformed JSON" in outcome.message(lookup().settings)


def test_a_provider_down_says_so(lookup):
    env = {
        "PLIVO_AUTH_ID": "MA1234",
        "PLIVO_AUTH_TOKEN": "t",
        "PLIVO_API_URL": "http://127.0.0.1:9",
    }
    outcome = lookup(env).find(new_uuid())
    message = outcome.message(lookup(env).settings)
    assert "Plivo is unreachable at http://127.0.0.1:9" in message
    assert "set VOBIZ_AUTH_ID and VOBIZ_AUTH_TOKEN" in message


def test_nothing_configured_says_which_variables_to_set(lookup):
    outcome = lookup({}).find("call_" + uuid.uuid4().hex)
    assert outcome.exit_status == 2
    assert outcome.message(lookup({}).settings) == (
        "set RETELL_API_KEY to look calls up at Retell AI"
    )


@pytest.mark.parametrize("text", ["hello", "3010", "+14155550111", "CA123"])
def test_text_that_is_no_call_id_is_refused(lookup, text):
    with pytest.raises(NoCallId):
        lookup().find(text)


def test_a_stored_webhook_event_answers_and_the_api_fills_what_it_lacks(
    fakes, lookup, database_url
):
    store = Store(database_url)
    call_id = new_uuid()
    event = HangupEvent(
        provider="plivo",
        code="3010",
        call_id=call_id,
        dedupe_key=f"plivo:{call_id}:call",
        source="Callee",
        direction="outbound",
        from_number="+14155550111",
        to_number="+919812345678",
        duration=0,
    )
    with store.begin() as db:
        add_events(db, [(event, None, None)], time.time())
    fakes["plivo"].calls[call_id] = plivo_busy_call(call_id)
    outcome = lookup(store=store).find(call_id)
    assert outcome.record.sources == ("webhook", "api")
    assert outcome.record.started_at == "2026-11-30T12:19:30Z"
    assert not fakes["vobiz"].requests and not fakes["bolna"].requests
    alone = lookup({}, store=store).find(call_id)
    assert alone.found and alone.record.code == "3010"
    assert "Set PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN" in alone.record.notes[0]
    store.dispose()


def test_odd_types_in_a_providers_answer_are_shown_as_text_or_left_out(fakes, lookup):
    call_id = new_uuid()
    body = plivo_busy_call(call_id)
    body |= {"from_number": 14155550111, "hangup_source": {"x": 1}, "call_duration": "abc"}
    body |= {"hangup_cause_code": 3010.0, "to_number": ["+1"], "bill_duration": float("inf")}
    fakes["plivo"].calls[call_id] = body
    record = lookup(only=("plivo",)).find(call_id).record
    assert record.from_number == "14155550111" and record.to_number is None
    assert record.hangup_source is None and record.duration is None
    assert record.billed_duration is None


def test_odd_retell_timestamps_do_not_break_the_answer(fakes, lookup):
    call_id = "call_" + uuid.uuid4().hex
    body = retell_call(call_id) | {"start_timestamp": 1e300, "end_timestamp": "soon"}
    fakes["retell"].calls[call_id] = body | {"duration_ms": None, "from_number": None}
    record = lookup(only=("retell",)).find(call_id).record
    assert record.started_at is None and record.duration is None
    assert record.code == "dial_busy"
