"""Reports end to end: signed Plivo callbacks stored by the server started as the Procfile
does, `/hangup report` answered with the figures and a chart uploaded through the fake Slack's
external-upload flow, Share in channel, and `hangup report` reading the same database."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import time
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest
from fakeslack import FakeSlack
from liveserver import (
    SECRET,
    TOKEN,
    LiveServer,
    command_body,
    payload_body,
    post_signed,
    request,
    wait_until,
)
from providers import plivo_hangup, sign_plivo

FORM = "application/x-www-form-urlencoded"
HANGUP = shutil.which("hangup", path=os.path.dirname(sys.executable)) or "hangup"
MIX = [("4000", 60)] * 60 + [("3010", 20)] * 20 + [("3000", 10)] * 10 + [("3130", 10)] * 10


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, after checking its signature and every chunk's CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, size = 8, None
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        at += 12 + length
    assert size is not None
    return size


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('reports') / 'reports.sqlite3'}"


@pytest.fixture(scope="module")
def server(slack: FakeSlack, database: str):
    env = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "PLIVO_AUTH_TOKEN": "plivo-token",
        "DATABASE_URL": database,
    }
    live = LiveServer(env).start()
    url = live.url + "/webhooks/plivo"

    def send(item: tuple[int, tuple[str, int]]) -> int:
        i, (code, _) = item
        duration = "45" if code == "4000" else "0"
        params = plivo_hangup(code, call_id=f"report-{i}", Duration=duration)
        params = [(k, v) for k, v in params if k != "HangupSource"] + [
            ("HangupSource", "Callee" if code in ("4000", "3010") else "Carrier")
        ]
        body, headers = sign_plivo(url, params, "plivo-token")
        return request("POST", url, body, headers)[0]

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(send, enumerate(MIX))) == {200}
    yield live
    live.stop()


def events_url(server: LiveServer) -> str:
    return server.url + "/slack/events"


def report_reply(slack: FakeSlack, name: str) -> dict:
    found = wait_until(lambda: [c for c in slack.of("response") if c.path.endswith(name)], 60)
    assert found, "no report reached the response_url"
    return found[-1].body


def test_report_24h_answers_100_calls_busy_line_at_20_percent_with_an_uploaded_chart(server, slack):
    status, ack = post_signed(
        events_url(server), command_body("report 24h", slack.response_url("rep24")), FORM
    )
    assert status == 200
    assert "Counting calls of the last 24 h" in json.loads(ack)["text"]
    reply = report_reply(slack, "rep24")
    assert reply["response_type"] == "ephemeral"
    assert "*100 calls*" in reply["text"]
    assert "3010 Busy Line (Plivo): 20 calls, 20%" in reply["text"]
    assert "4000 Normal Hangup (Plivo): 60 calls, 60%" in reply["text"]
    assert "answered 60%" in reply["text"]
    assert "Carrier: 20 (20%)" in reply["text"]
    button = next(b for b in reply["blocks"] if b["type"] == "actions")["elements"][0]
    assert button["text"]["text"] == "Share in channel"
    assert "The chart is in your direct messages with me." in json.dumps(reply["blocks"])
    # an ephemeral message cannot carry a file: the chart goes to the asker's direct messages
    assert slack.of("conversations.open")[-1].body["users"] == "U1"
    uploaded = slack.completed_files("DU1")
    assert uploaded, "no chart reached the asker's direct messages"
    assert uploaded[-1]["initial_comment"] == "*Hangup report: the last 24 h, all providers*"
    assert png_size(uploaded[-1]["data"]) == (1000, 480)
    assert [c.method for c in slack.calls if c.method.startswith(("files.", "upload"))][-3:] == [
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]


def test_share_in_channel_posts_the_chart_with_the_figures_for_everyone(server, slack):
    post_signed(events_url(server), command_body("report 24h plivo", slack.response_url("p")), FORM)
    button = next(b for b in report_reply(slack, "p")["blocks"] if b["type"] == "actions")
    payload = {
        "type": "block_actions",
        "user": {"id": "U1", "username": "ana"},
        "channel": {"id": "CSHARE1"},
        "team": {"id": "T1"},
        "api_app_id": "A1",
        "token": "x",
        "trigger_id": "1.2",
        "response_url": slack.response_url("share-report"),
        "container": {"type": "message", "is_ephemeral": True},
        "actions": [{**button["elements"][0], "type": "button", "block_id": "b"}],
    }
    assert post_signed(events_url(server), payload_body(payload), FORM)[0] == 200
    shared = wait_until(lambda: slack.completed_files("CSHARE1"), 60)
    assert len(shared) == 1
    assert "*100 calls*" in shared[0]["initial_comment"]
    assert "Shared by <@U1>" in shared[0]["initial_comment"]
    assert png_size(shared[0]["data"]) == (1000, 480)
    assert wait_until(lambda: any(c.body.get("delete_original") for c in slack.of("response")), 10)


def test_an_empty_period_says_no_calls_are_stored_and_how_they_get_stored(server, slack):
    post_signed(events_url(server), command_body("report 7d twilio", slack.response_url("e")), FORM)
    reply = report_reply(slack, "e")
    assert "No calls stored in the last 7 days for Twilio" in reply["text"]
    assert "/webhooks/" in reply["text"]


@pytest.mark.parametrize("text", ["report 2w", "report 24h nosuchprovider"])
def test_an_unknown_period_or_provider_lists_the_accepted_ones(server, slack, text):
    _, ack = post_signed(events_url(server), command_body(text, slack.response_url("x")), FORM)
    answer = json.loads(ack)["text"]
    assert "24h, 7d, 30d" in answer and "plivo" in answer


def run_cli(database: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database}
    return subprocess.run(
        [HANGUP, "report", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_the_terminal_report_prints_the_same_figures_and_writes_a_png(server, database, tmp_path):
    png = tmp_path / "chart.png"
    done = run_cli(database, "--since", "24h", "--png", str(png))
    assert done.returncode == 0, done.stderr
    assert "100 calls" in done.stdout
    assert "answered 60%" in done.stdout
    rows = {
        line.split("(Plivo)")[0].strip(): line.split()[-3:]
        for line in done.stdout.splitlines()
        if "(Plivo)" in line
    }
    assert rows["3010 Busy Line"] == ["20", "20%", "new"]
    assert rows["4000 Normal Hangup"] == ["60", "60%", "new"]
    assert png_size(png.read_bytes()) == (1000, 480)


def test_the_terminal_report_of_an_empty_database_says_how_events_get_stored(tmp_path):
    done = run_cli(f"sqlite:///{tmp_path / 'none.sqlite3'}", "--since", "30d")
    assert done.returncode == 1
    assert "No calls stored in the last 30 days" in done.stdout
    assert not (tmp_path / "none.sqlite3").exists()  # reading created nothing


def test_the_terminal_report_refuses_an_unknown_period_listing_the_accepted_ones(tmp_path):
    done = run_cli(f"sqlite:///{tmp_path / 'x.sqlite3'}", "--since", "2w")
    assert done.returncode == 2
    assert "Unknown period '2w': use one of 24h, 7d, 30d." in done.stderr


def test_the_terminal_report_of_an_unreachable_database_says_so_without_the_url():
    done = run_cli("postgres://report-user:s3cret@127.0.0.1:1/none", "--since", "24h")
    assert done.returncode == 2
    assert "cannot read the database of DATABASE_URL" in done.stderr
    assert "s3cret" not in done.stderr and "Traceback" not in done.stderr


def test_help_names_the_report_command(server, slack):
    _, ack = post_signed(events_url(server), command_body("help", slack.response_url("h")), FORM)
    assert "/hangup report 7d plivo" in ack


def test_share_that_slack_refuses_tells_the_user_instead_of_failing_silently(server, slack):
    payload = {
        "type": "block_actions",
        "user": {"id": "U2"},
        "channel": {"id": "CNOTIN1"},
        "team": {"id": "T1"},
        "api_app_id": "A1",
        "token": "x",
        "trigger_id": "1.2",
        "response_url": slack.response_url("share-refused"),
        "container": {"type": "message", "is_ephemeral": True},
        "actions": [
            {"action_id": "share_report", "value": f"24h||{time.time():.3f}", "type": "button"}
        ],
    }
    slack.fail("files.completeUploadExternal", 500, times=3)  # the first try and two retries
    assert post_signed(events_url(server), payload_body(payload), FORM)[0] == 200
    reply = report_reply(slack, "share-refused")
    assert "I could not post the report here" in reply["text"]
    assert not slack.completed_files("CNOTIN1")


def test_what_the_user_typed_is_echoed_back_escaped(server, slack):
    body = command_body("report <!channel> <@U999>", slack.response_url("x"))
    _, ack = post_signed(events_url(server), body, FORM)
    answer = json.loads(ack)["text"]
    assert "<!channel>" not in answer and "&lt;!channel&gt;" in answer
