"""Alert policy: placement, thresholds and timing; pure functions."""

from __future__ import annotations

import pytest

from hangup_bot.alerts.policy import AlertRules, RulesError, due, place, should_open
from hangup_bot.alerts.rules import load_alert_rules
from hangup_bot.knowledge.events import HangupEvent

RULES = load_alert_rules(None, "CALERTS")


def event(provider="plivo", code="3130", **extra) -> HangupEvent:
    return HangupEvent(provider, code, "c1", f"{provider}:c1", **extra)


def test_normal_completions_are_never_alerted(engine):
    assert place(event(code="4000"), engine.catalog, RULES) is None
    assert place(event("retell", "user_hangup"), engine.catalog, RULES) is None


def test_spam_block_alerts_on_first_sight_in_the_default_channel(engine):
    placed = place(event(code="3130"), engine.catalog, RULES)
    assert placed.first_sight and placed.channel == "CALERTS"
    assert should_open(placed, 1, 1000, RULES)


def test_vobiz_codes_are_covered_by_the_plivo_first_sight_list(engine):
    assert place(event("vobiz", "1010"), engine.catalog, RULES).first_sight


def test_carrier_causes_alert_on_count_and_share(engine):
    placed = place(event(code="3090"), engine.catalog, RULES)
    assert not placed.first_sight
    assert not should_open(placed, 19, 20, RULES)  # too few
    assert not should_open(placed, 25, 1000, RULES)  # too small a share
    assert should_open(placed, 25, 200, RULES)


def test_busy_from_several_providers_is_one_incident_family(engine):
    keys = {
        place(event(p, c), engine.catalog, RULES).key
        for p, c in [("plivo", "3010"), ("twilio", "busy"), ("retell", "dial_busy")]
    }
    assert keys == {"CALERTS|sip:USER_BUSY"}


def test_routes_pick_the_channel_by_provider_category_or_code(engine):
    rules = AlertRules.from_dict(
        {
            "routes": [
                {"provider": "retell", "channel": "CRETELL"},
                {"category": "URL Errors", "channel": "CDEV"},
                {"code": "3130", "channel": "CTRUST"},
            ]
        },
        "CALERTS",
        "rules.yml",
    )
    assert place(event("retell", "dial_busy"), engine.catalog, rules).channel == "CRETELL"
    assert place(event(code="7011"), engine.catalog, rules).channel == "CDEV"
    assert place(event(code="3130"), engine.catalog, rules).channel == "CTRUST"
    assert place(event(code="3090"), engine.catalog, rules).channel == "CALERTS"


def test_split_by_caller_keeps_one_incident_per_caller_id(engine):
    rules = AlertRules.from_dict({"split_by": "caller"}, "C1", "rules.yml")
    a = place(event(from_number="+1555"), engine.catalog, rules)
    b = place(event(from_number="+1666"), engine.catalog, rules)
    assert a.key != b.key and a.key.endswith("|from:+1555")


def test_no_channel_means_no_alert(engine):
    assert place(event(), engine.catalog, load_alert_rules(None, None)) is None


def test_bad_rules_are_reported_by_file_and_key():
    with pytest.raises(RulesError) as caught:
        AlertRules.from_dict(
            {"window_minutes": -1, "split_by": "moon", "routes": [{"provider": "x"}]},
            None,
            "ops.yml",
        )
    assert caught.value.problems == [
        "ops.yml: routes[0] needs a channel and may match provider, category or code",
        "ops.yml: split_by is none, caller or destination_prefix",
        "ops.yml: window_minutes must be a positive number",
    ]


def test_timing_update_at_most_once_per_interval_then_resolve_then_remind():
    rules = RULES
    assert due(100, 99, 50, 0, True, rules).update is False  # posted 50 s ago
    assert due(111, 110, 50, 0, True, rules).update is True
    assert due(111, 110, 50, 0, False, rules).update is False  # nothing new
    assert due(100 + 1800, 100, 50, 0, True, rules).resolve is True
    assert due(4 * 3600 + 10, 4 * 3600, 0, 0, False, rules).remind is True
