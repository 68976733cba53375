"""The digest's schedule, and the digest posting through a real Web API client to the fake
Slack, from a real database: once per period, once after downtime, again after a failure."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from slack_sdk import WebClient
from storedevents import store_events

from hangup_bot.config import Config, ConfigError
from hangup_bot.reports.figures import ReportError
from hangup_bot.reports.schedule import parse_schedule
from hangup_bot.slack.digest import RETRY_SECONDS, Digest, build_digest
from hangup_bot.store import digests
from hangup_bot.store.database import Store


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def test_a_daily_schedule_is_due_at_its_local_time_every_day():
    schedule = parse_schedule("daily 09:00 Asia/Kolkata")  # 03:30 UTC
    assert schedule.span.name == "24h"
    assert schedule.latest(at("2026-12-01T03:30:00")) == at("2026-12-01T03:30:00")
    assert schedule.latest(at("2026-12-01T03:29:59")) == at("2026-11-30T03:30:00")
    assert schedule.latest(at("2026-12-01T20:00:00")) == at("2026-12-01T03:30:00")


def test_a_weekly_schedule_is_due_on_its_weekday():
    schedule = parse_schedule("weekly mon 09:00 UTC")
    assert schedule.span.name == "7d"
    # 2026-11-30 is a Monday
    assert schedule.latest(at("2026-12-03T12:00:00")) == at("2026-11-30T09:00:00")
    assert schedule.latest(at("2026-11-30T08:59:00")) == at("2026-11-23T09:00:00")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("hourly 09:00", "daily 09:00 Asia/Kolkata"),
        ("weekly 09:00 UTC", "needs a weekday"),
        ("daily 25:00 UTC", "not a time of day"),
        ("daily 09:00 Mars/Olympus", "unknown time zone"),
    ],
)
def test_a_bad_schedule_stops_the_server_with_a_clear_message(text, says):
    config = Config(report_channel="CREPORTS", report_schedule=text)
    with pytest.raises(ConfigError, match=says):
        build_digest(config, None, None, None)
    with pytest.raises(ReportError):
        parse_schedule(text)


def test_report_settings_are_checked_with_the_others():
    with pytest.raises(ConfigError) as caught:
        Config.from_env(
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "REPORT_SCHEDULE": "x"}
        )
    assert any("REPORT_CHANNEL is not" in p for p in caught.value.problems)
    with pytest.raises(ConfigError, match="REPORT_CHANNEL must be a channel id"):
        Config.from_env(
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "REPORT_CHANNEL": "#ops"}
        )


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(database_url):
    store = Store(database_url)
    yield store
    store.dispose()


@pytest.fixture
def channel() -> str:
    """A channel of this test alone (the fake Slack is shared by the module)."""
    return "C" + uuid.uuid4().hex[:10].upper()


def digest_for(engine, store, slack, channel: str, clock: Clock) -> Digest:
    client = WebClient(token="xoxb-test", base_url=slack.api_url)
    return Digest(engine, store, client, channel, parse_schedule("daily 09:00 UTC"), clock)


def test_after_three_days_down_the_digest_is_posted_once_for_the_latest_day(
    engine, store, slack, channel
):
    store_events(
        store,
        [
            (at("2026-12-04T08:00:00"), "plivo", "3010", None, 0),
            (at("2026-12-05T08:00:00"), "plivo", "4000", None, 30),
        ],
    )
    clock = Clock(at("2026-12-04T17:00:00"))  # down since 1 Dec; due 2, 3 and 4 Dec at 09:00
    digest = digest_for(engine, store, slack, channel, clock)
    assert digest.run_once() is True
    assert digest.run_once() is False  # the same period: nothing more
    shared = slack.completed_files(channel)
    assert len(shared) == 1
    assert "*1 calls*" in shared[0]["initial_comment"]
    assert "Digest: daily 09:00 UTC" in shared[0]["initial_comment"]
    assert [key for key, _ in digests.posted(store)] == [
        f"{channel}|daily 09:00 UTC|{int(at('2026-12-04T09:00:00'))}"
    ]
    clock.now = at("2026-12-05T09:00:30")  # the next day's
    assert digest.run_once() is True
    assert len(slack.completed_files(channel)) == 2


def test_an_empty_period_still_posts_the_digest_saying_no_calls_were_stored(
    engine, store, slack, channel
):
    digest = digest_for(engine, store, slack, channel, Clock(at("2026-12-04T10:00:00")))
    assert digest.run_once() is True
    posts = slack.posts(channel)
    assert len(posts) == 1 and "No calls stored in the last 24 h" in posts[0].body["text"]


def test_a_failed_post_is_retried_a_minute_later_and_then_posted_once(
    engine, store, slack, channel
):
    clock = Clock(at("2026-12-04T10:00:00"))
    digest = digest_for(engine, store, slack, channel, clock)
    slack.fail("chat.postMessage", 500)
    assert digest.run_once() is False
    assert digest.run_once() is False  # still waiting out the retry
    clock.now += RETRY_SECONDS + 1
    assert digest.run_once() is True
    assert len(slack.posts(channel)) == 1


def test_a_claim_whose_holder_died_is_taken_over_and_a_finished_one_never(store):
    assert digests.claim(store, "k", 1.0, "a", now=100.0, lease=300.0)
    assert not digests.claim(store, "k", 1.0, "b", now=200.0, lease=300.0)  # a still holds it
    assert digests.claim(store, "k", 1.0, "b", now=401.0, lease=300.0)  # a died: b takes over
    digests.finish(store, "k", 402.0)
    assert not digests.claim(store, "k", 1.0, "c", now=10_000.0, lease=300.0)
