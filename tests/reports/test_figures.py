"""The report's figures, checked against events stored in a real database (SQLite, and
PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import pytest
from storedevents import store_events

from hangup_bot.reports.figures import SPANS, ReportError, Tally, build, change, percent
from hangup_bot.reports.stored import parse_words, stored_report
from hangup_bot.store.database import Store

END = 1_800_000_000.0  # a fixed "now"
HOUR = 3600


@pytest.fixture
def store(database_url):
    store = Store(database_url)
    yield store
    store.dispose()


def test_stored_report_counts_each_event_in_its_hour_and_the_previous_day_apart(store, engine):
    store_events(
        store,
        [
            (END - 30, "plivo", "4000", "Callee", 40),  # the last hour
            (END - 23.5 * HOUR, "plivo", "3010", "Callee", 0),  # the first hour
            (END - 24 * HOUR, "plivo", "3010", None, 0),  # exactly the start: this period
            (END - 24 * HOUR - 1, "plivo", "3130", "Carrier", 0),  # the previous period
            (END - 47 * HOUR, "plivo", "4000", None, 30),  # the previous period
            (END - 48 * HOUR - 1, "plivo", "4000", None, 30),  # before both: not counted
            (END, "plivo", "4000", None, 30),  # the period ends before END
        ],
    )
    report = stored_report(engine, store, SPANS["24h"], END)
    assert (report.calls, report.answered) == (3, 1)
    assert (report.previous_calls, report.previous_answered) == (2, 1)
    assert [(c.label, c.count, c.previous) for c in report.causes] == [
        ("3010 Busy Line", 2, 0),
        ("4000 Normal Hangup", 1, 1),
        ("3130 Spam block", 0, 1),
    ]
    assert report.series["destination"][0] == 2 and report.series["expected"][23] == 1
    assert sum(map(sum, report.series.values())) == 3
    # as the callback said it, or the catalog's source for the cause when it said nothing
    assert report.sources == (("Callee", 2), ("Call recipient", 1))


def test_stored_report_for_one_provider_leaves_the_others_out(store, engine):
    store_events(
        store,
        [(END - 60, "plivo", "3010", None, 0), (END - 60, "twilio", "busy", None, 0)],
    )
    report = stored_report(engine, store, SPANS["7d"], END, "twilio")
    assert report.calls == 1 and report.provider == "Twilio"
    assert report.causes[0].label == "busy" and report.causes[0].category == "Call status"


def test_a_code_the_catalog_does_not_know_is_its_own_cause_in_its_own_category(engine):
    report = build([Tally(0, "plivo", "9999", None, None, 5)], engine.catalog, SPANS["24h"], END)
    assert report.causes[0].label == "9999" and report.causes[0].group.id == "unknown"
    assert report.answered == 0  # no duration, not a normal completion


def test_category_totals_add_up_to_the_calls(engine):
    tallies = [
        Tally(i % 24, "plivo", code, None, None)
        for i, code in enumerate(["4000", "3010", "3090", "5010", "1010", "4000"] * 7)
    ]
    report = build(tallies, engine.catalog, SPANS["24h"], END)
    assert sum(n for _, n, _ in report.groups) == report.calls == 42


def test_shares_and_changes_read_as_people_write_them():
    assert [percent(0.2), percent(0.205), percent(1 / 3), percent(0)] == [
        "20%",
        "20.5%",
        "33.3%",
        "0%",
    ]
    assert [change(0.25, 0.2), change(0.2, 0.25), change(0.2, 0.2), change(0.2, None)] == [
        "+5 pp",
        "-5 pp",
        "±0 pp",
        "new",
    ]


def test_report_words_take_a_period_and_a_provider_in_either_order(engine):
    assert parse_words(["plivo", "7d"], engine.catalog) == (SPANS["7d"], "plivo")
    assert parse_words([], engine.catalog) == (SPANS["24h"], None)


@pytest.mark.parametrize("words", [["2w"], ["24h", "7d"], ["acme"]])
def test_report_words_that_are_neither_list_the_accepted_ones(engine, words):
    with pytest.raises(
        ReportError, match="Periods: 24h, 7d, 30d; providers: asterisk, bolna, livekit, plivo"
    ):
        parse_words(words, engine.catalog)


def test_names_from_callbacks_reach_slack_escaped(engine):
    from hangup_bot.reports.blocks import report_message

    tallies = [
        Tally(0, "retell", "<!channel>", "<@U123>", False),
        Tally(1, "plivo", "3010", None, False),
    ]
    text, shown = report_message(build(tallies, engine.catalog, SPANS["24h"], END), "24h||1")
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert "<@U123>" not in text and "&lt;@U123&gt;" in text
    assert len(shown[0]["text"]["text"]) <= 3000
