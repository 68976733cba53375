"""Alert delivery and what on-call can do with an alert, over real HTTP on SQLite and
PostgreSQL: a post Slack recorded before the connection dropped is not posted again, a run of
429s keeps each channel's order, and the message's header, links and buttons."""

from __future__ import annotations

import json
import time

import pytest
from alertserver import BACKENDS, alert, latest, plivo, press, shown, slash, start, thread, twilio
from liveserver import wait_until

CHANNEL = "CDELIVER"
RULES = """
first_sight: [plivo:1010, plivo:7011, plivo:8011, plivo:2030, plivo:3130, plivo:6020]
split_by: caller
update_seconds: 1
lease_seconds: 3
"""


@pytest.fixture(scope="module", params=BACKENDS)
def server(request, slack, tmp_path_factory):
    slack.reset()
    live = start(slack, tmp_path_factory.mktemp("delivery"), request.param, CHANNEL, RULES)
    yield live
    live.stop()


def outbox_ids(slack) -> list[int]:
    """The outbox rows the channel's top-level alerts came from, in the order Slack got them."""
    return [
        m["metadata"]["event_payload"]["outbox_id"]
        for m in slack.messages.get(CHANNEL, [])
        if not m["thread_ts"] and m["metadata"]
    ]


def test_a_post_slack_recorded_before_the_connection_dropped_is_posted_once(server, slack):
    slack.drop_after_recording("chat.postMessage")
    assert plivo(server, "1010", caller="+14155551001") == 200
    assert wait_until(lambda: alert(slack, CHANNEL, "1010 Canceled"), 20)
    assert wait_until(lambda: slack.of("conversations.history"), 20)  # it looked before retrying
    time.sleep(3)
    assert len(alert(slack, CHANNEL, "1010 Canceled")) == 1
    assert not slack.drops


def test_a_run_of_429s_keeps_each_channels_order(server, slack):
    before = len(outbox_ids(slack))
    slack.rate_limit("chat.postMessage", seconds=4, retry_after=1)
    for i in range(6):  # six callers: six alerts, queued in this order
        assert plivo(server, "7011", caller=f"+1415555200{i}") == 200
    assert wait_until(lambda: len(outbox_ids(slack)) >= before + 6, 60)
    assert slack.refused > 0
    posted = outbox_ids(slack)
    assert posted == sorted(posted), posted
    assert len(posted) == len(set(posted))


def test_the_header_names_provider_account_count_share_and_rate_with_linked_samples(server, slack):
    assert plivo(server, "8011", caller="+14155553001", call_id="c-8011-a", query="?account=main")
    message = wait_until(lambda: latest(slack, CHANNEL, "8011 Invalid Answer XML"), 20)
    header = next(b for b in message["blocks"] if b["type"] == "header")["text"]["text"]
    assert header.startswith("🔴 8011 Invalid Answer XML · Plivo (account main): 1 call, ")
    assert "≈" in header and "/min" in header
    text = shown(message)
    assert "*Caller IDs (From):* +14155553001 (1)" in text
    assert "<https://console.plivo.com/voice/logs/calls/c-8011-a/|c-8011-a>" in text
    assert twilio(server, "13227", sid="CA" + "7" * 32, account="AC0000000042") == 200


def test_every_button_leaves_a_note_saying_who_and_when(server, slack):
    title = "2030 Destination Country Barred"
    assert plivo(server, "2030", caller="+14155554001") == 200
    message = wait_until(lambda: latest(slack, CHANNEL, title), 20)
    ts = message["ts"]

    def button(action: str) -> dict:
        current = latest(slack, CHANNEL, title)
        actions = next(b for b in current["blocks"] if b["type"] == "actions")
        return next(e for e in actions["elements"] if e["action_id"] == action)

    labels = [e["text"]["text"] for e in _actions(message)]
    assert labels == ["Acknowledge", "Resolve", "Mute 1 h", "Mute 24 h"]
    steps = [
        ("incident_ack", "Acknowledged by <@U42> on <!date^"),
        ("incident_mute_1h", "Muted for 1 h by <@U42> on <!date^"),
        ("incident_unmute", "Unmuted by <@U42> on <!date^"),
        ("incident_resolve", "Resolved by <@U42> on <!date^"),
    ]
    for action, note in steps:
        pressed = button(action)
        assert press(server, slack, pressed, CHANNEL, "U42") == 200
        assert wait_until(lambda n=note: [t for t in thread(slack, ts) if n in t], 20), (
            action,
            thread(slack, ts),
        )
        if action == "incident_mute_1h":
            assert wait_until(
                lambda: "Unmute" in [e["text"]["text"] for e in _actions(latest_of(slack, title))]
            )
    final = wait_until(lambda: "Resolved" in shown(m := latest(slack, CHANNEL, title)) and m)
    assert final and not _actions(final)
    assert "by <@U42>" in shown(final)


def overview_text(server, slack) -> str:
    return json.loads(slash(server, slack, "alerts"))[0]["text"]["text"]


def latest_of(slack, title):
    return latest(slack, CHANNEL, title)


def _actions(message: dict | None) -> list[dict]:
    found = [b for b in (message or {}).get("blocks") or [] if b["type"] == "actions"]
    return found[0]["elements"] if found else []


def test_a_mute_with_a_bad_duration_is_refused_with_the_accepted_forms(server, slack):
    for bad in ("forever", "0m", "9999d", "soon"):
        reply = slash(server, slack, f"mute 6020 {bad}", user="U7")
        assert "is not a duration" in reply and "2h" in reply and "Nothing was muted" in reply
    assert "Nothing muted" in overview_text(server, slack)
    assert "Muted alerts for 6020" in slash(server, slack, "mute 6020 2h", user="U7")
    overview = overview_text(server, slack)
    assert "6020" in overview and "(by <@U7>)" in overview
    assert "are on again" in slash(server, slack, "unmute 6020", user="U7")
