"""Alert numbers and contents over real HTTP, on SQLite and PostgreSQL: the count, share and
rate of the window, the breakdown and samples seeded from the window, the running total, a
row that cannot be rendered, and text from requests escaped everywhere Slack renders it."""

from __future__ import annotations

import re

import pytest
from alertserver import (
    BACKENDS,
    METRICS,
    bolna,
    latest,
    plivo,
    retell,
    retell_reason,
    shown,
    slash,
    start,
    twilio,
)
from liveserver import request, wait_until
from providers import retell_call_ended

CHANNEL = "CNUMBERS"
RULES = """
first_sight: [plivo:3130, plivo:1010, plivo:7011, plivo:8011, retell:dial_busy]
update_seconds: 1
lease_seconds: 3
"""
EVIL = "<!channel> <@U123> <https://evil|click>"


@pytest.fixture(params=BACKENDS)
def fresh_server(request, slack, tmp_path):
    """A server of its own, so the window holds only this test's calls."""
    slack.reset()
    live = start(slack, tmp_path, request.param, CHANNEL, RULES)
    yield live
    live.stop()


def incident_totals(server) -> list[tuple[str, int, int]]:
    """(title, count, total) of the open incidents, as `/metrics` cannot show them."""
    from sqlalchemy import create_engine, text

    from hangup_bot.store.database import database_url

    engine = create_engine(database_url(server.env["DATABASE_URL"]))
    try:
        with engine.connect() as db:
            found = db.execute(text("SELECT title, count, total FROM incidents ORDER BY id"))
            return [tuple(r) for r in found]
    finally:
        engine.dispose()


def test_the_share_reads_n_of_m_calls_in_the_window_with_the_rate(fresh_server, slack):
    assert plivo(fresh_server, "4000", call_id="normal-1") == 200
    for i in range(30):
        assert plivo(fresh_server, "3130", call_id=f"spam-{i}") == 200
    message = wait_until(
        lambda: (
            "30 of 31 Plivo calls in the last 10 min (97%)"
            in shown(m := latest(slack, CHANNEL, "3130 Spam block"))
            and m
        ),
        30,
    )
    assert message, shown(latest(slack, CHANNEL, "3130 Spam block"))
    assert "≈3/min" in shown(message)
    assert "1800%" not in shown(message) and "3000%" not in shown(message)
    assert "30 calls, 97%, ≈3/min" in message["text"]
    assert wait_until(lambda: incident_totals(fresh_server) == [("3130 Spam block", 30, 31)], 15)


def test_breakdown_and_samples_are_seeded_from_the_window_not_only_later_calls(fresh_server, slack):
    for i in range(100):
        assert plivo(fresh_server, "4000", call_id=f"fine-{i}") == 200
    for i in range(25):
        assert plivo(fresh_server, "3090", call_id=f"jam-{i}") == 200
    title = "3090 Network congestion"

    def settled():
        text = shown(latest(slack, CHANNEL, title))
        return "25 of 125 Plivo calls" in text and ": 25" in text and text

    text = wait_until(settled, 30)
    assert text, shown(latest(slack, CHANNEL, title))
    seen_as = re.search(r"\*Seen as:\* ([^\\]*)", text).group(1)
    assert seen_as.endswith(": 25"), seen_as
    assert "jam-24" in text and "jam-0" not in text  # the newest calls, from the whole window
    assert "25 calls, 20%" in latest(slack, CHANNEL, title)["text"]


def test_a_caller_id_sent_as_a_json_number_holds_back_no_other_alert(fresh_server, slack):
    payload = retell_call_ended("dial_busy", call_id="call_numeric_from")
    payload["call"]["from_number"] = 14155550111
    assert retell(fresh_server, payload) == 200
    for code in ("1010", "7011", "8011"):
        assert plivo(fresh_server, code, caller="+14155550199") == 200
    titles = ["dial_busy", "1010 Canceled", "7011 Error Reaching", "8011 Invalid Answer XML"]
    assert wait_until(lambda: all(latest(slack, CHANNEL, t) for t in titles), 30), [
        bool(latest(slack, CHANNEL, t)) for t in titles
    ]
    assert "14155550111" in shown(latest(slack, CHANNEL, "dial_busy"))
    _, metrics = request("GET", fresh_server.url + "/metrics", b"", METRICS)
    assert "hangup_bot_outbox_depth" in metrics


def test_reasons_from_requests_are_escaped_in_every_field_slack_renders(fresh_server, slack):
    for i in range(20):  # unknown reasons alert on rate: 20 calls and 10% of the provider's
        assert retell_reason(fresh_server, EVIL) == 200
        assert bolna(fresh_server, EVIL) == 200
        assert twilio(fresh_server, EVIL, sid=f"CA{i:032d}") == 200
    messages = wait_until(
        lambda: (
            len(found := [m for m in slack.posts(CHANNEL) if "channel" in m.body["text"]]) >= 3
            and found
        ),
        30,
    )
    assert messages and len(messages) == 3
    for post in messages:
        rendered = shown(post.body)
        for raw in ("<!channel>", "<@U123>", "<https://evil|click>"):
            assert raw not in rendered
        assert "&lt;!channel&gt;" in post.body["text"]
    updates = [shown(c.body) for c in slack.of("chat.update")]
    assert not [u for u in updates if "<!channel>" in u or "<@U123>" in u]
    overview = slash(fresh_server, slack, "alerts")
    assert "channel" in overview
    for raw in ("<!channel>", "<@U123>", "<https://evil|click>"):
        assert raw not in overview
