"""`hangup call ID`, run as a user runs it, against local fakes of the providers' APIs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid

import pytest
from fakeproviders import (
    PLIVO_TOKEN,
    FakeProvider,
    environment,
    plivo_busy_call,
    retell_call,
)

HANGUP = shutil.which("hangup", path=os.path.dirname(sys.executable)) or "hangup"
CALL_VARIABLES = ("PLIVO_", "VOBIZ_", "TWILIO_", "RETELL_", "BOLNA_", "MASK_", "DATABASE_URL")


@pytest.fixture(scope="module")
def fakes():
    started = {p: FakeProvider(p).start() for p in ("plivo", "vobiz", "retell", "bolna")}
    yield started
    for fake in started.values():
        fake.stop()


def run(*args: str, env: dict | None = None, cwd=None):
    """The command with only the given provider settings (none of this machine's)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(CALL_VARIABLES)}
    return subprocess.run(
        [HANGUP, "call", *args],
        capture_output=True,
        text=True,
        env={**environ, **(env or {})},
        timeout=60,
        cwd=cwd,
    )


def test_busy_plivo_call_prints_the_cause_who_hung_up_and_the_duration(fakes, tmp_path):
    call_id = str(uuid.uuid4())
    fakes["plivo"].calls[call_id] = plivo_busy_call(call_id)
    done = run(call_id, env=environment(fakes), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("3010 Busy Line (Plivo)\n")
    assert f"Call        {call_id} (Plivo)" in out
    assert "Hung up by  the person called (callee, outbound call)" in out
    assert "Duration    0 s" in out and "Rang        10 s" in out
    assert "From        +14155550111" in out  # whole in a terminal
    assert "Answered    not answered" in out
    assert not (tmp_path / "hangup-bot.sqlite3").exists()  # a lookup creates no database


def test_json_adds_a_call_object(fakes):
    call_id = "call_" + uuid.uuid4().hex
    fakes["retell"].calls[call_id] = retell_call(call_id)
    done = run("--json", call_id, env=environment(fakes))
    body = json.loads(done.stdout)
    assert body["matches"][0]["id"] == "retell:dial_busy"
    call = body["call"]
    assert (call["provider"], call["call_id"], call["code"]) == ("retell", call_id, "dial_busy")
    assert call["from"] == "+14155550111" and call["duration"] == 4
    assert call["started_at"] == "2026-11-30T12:00:00Z"
    assert set(call) >= {"to", "ended_at", "billed_duration", "hung_up_by", "parent_call_id"}


def test_unknown_call_exits_1_naming_where_it_looked(fakes):
    call_id = str(uuid.uuid4())
    env = environment({"plivo": fakes["plivo"], "vobiz": fakes["vobiz"]})
    done = run(call_id, env=env)
    assert done.returncode == 1
    assert done.stderr.startswith(
        f"hangup call: no call {call_id} at Plivo or Vobiz; checked with PLIVO_AUTH_ID MA…XY"
    )
    assert PLIVO_TOKEN not in done.stderr


def test_no_provider_configured_exits_2_and_says_what_to_set():
    done = run("CA" + "a" * 32)
    assert done.returncode == 2
    assert done.stderr == (
        "hangup call: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN to look calls up at Twilio\n"
    )


@pytest.mark.parametrize("args", [["not-an-id"], [], ["--provider", "acme", "call_abcdef12"]])
def test_bad_usage_exits_2(args):
    done = run(*args)
    assert done.returncode == 2 and done.stderr and not done.stdout


def test_a_call_id_alone_points_to_the_lookup():
    done = subprocess.run([HANGUP, "CA" + "0" * 32], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == f"{'CA' + '0' * 32} looks like a call id: hangup call {'CA' + '0' * 32}\n"


def test_a_question_starting_with_call_is_answered_from_the_catalog():
    done = run("recipient", "was", "busy")
    assert done.returncode == 0
    assert done.stdout.startswith("Call recipient was busy (Bolna)")
