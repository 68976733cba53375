"""Configuration from the environment: every problem named at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hangup_bot.config import VARIABLES, Config, ConfigError

GOOD = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}


def test_good_http_environment():
    config = Config.from_env(
        {
            **GOOD,
            "WATCH_CHANNELS": "C01, G02",
            "PORT": "8080",
            "SLACK_API_URL": "http://127.0.0.1:9/api",
        }
    )
    assert config.watch_channels == {"C01", "G02"}
    assert config.port == 8080
    assert config.api_url == "http://127.0.0.1:9/api/"
    assert config.database_url == "sqlite:///hangup-bot.sqlite3"
    assert config.workers == 1  # SQLite: one writer process


def test_postgresql_runs_two_workers_by_default():
    config = Config.from_env({**GOOD, "DATABASE_URL": "postgres://u@db/x"})
    assert config.workers == 2


def test_every_problem_is_reported_at_once():
    with pytest.raises(ConfigError) as caught:
        Config.from_env(
            {
                "SLACK_BOT_TOKEN": "xoxp-user",
                "PORT": "99999",
                "WATCH_CHANNELS": "#ops",
                "SLACK_API_URL": "slack",
                "DATABASE_URL": "x",
            }
        )
    names = [p.split()[0] for p in caught.value.problems]
    assert names == [
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_API_URL",
        "WATCH_CHANNELS",
        "PORT",
        "DATABASE_URL",
    ]


def test_socket_mode_needs_an_app_token_not_a_signing_secret():
    with pytest.raises(ConfigError) as caught:
        Config.from_env({"SLACK_BOT_TOKEN": "xoxb-1"}, mode="socket")
    assert caught.value.problems == ["SLACK_APP_TOKEN is not set (an app-level token, xapp-...)"]
    assert (
        Config.from_env(
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, mode="socket"
        ).app_token
        == "xapp-1"
    )


def test_readme_configuration_table_lists_every_variable():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    table = readme[readme.index("## Configuration") :]
    table = table[: table.index("\n## ", 5)]
    assert set(re.findall(r"^\| `([A-Z_]+)` \|", table, re.M)) == set(VARIABLES)


def test_trusted_proxies_is_off_by_default_and_must_be_a_small_number():
    assert Config.from_env(GOOD).trusted_proxies == 0
    assert Config.from_env({**GOOD, "TRUSTED_PROXIES": "2"}).trusted_proxies == 2
    with pytest.raises(ConfigError) as caught:
        Config.from_env({**GOOD, "TRUSTED_PROXIES": "yes"})
    assert caught.value.problems == ["TRUSTED_PROXIES must be a number from 0 to 10, not 'yes'"]


def test_timeouts_and_metrics_settings_are_read_and_checked():
    config = Config.from_env(
        {
            **GOOD,
            "DATABASE_TIMEOUT": "2.5",
            "BODY_TIMEOUT": "4",
            "METRICS_TOKEN": "t",
            "METRICS_PORT": "9100",
            "METRICS_MAX_SERIES": "50",
        }
    )
    assert (config.database_timeout, config.body_timeout) == (2.5, 4.0)
    assert (config.metrics_token, config.metrics_port, config.metrics_max_series) == ("t", 9100, 50)
    defaults = Config.from_env(GOOD)
    assert (defaults.database_timeout, defaults.body_timeout) == (5.0, 10.0)
    assert (defaults.metrics_token, defaults.metrics_port) == (None, None)
    with pytest.raises(ConfigError) as caught:
        Config.from_env(
            {
                **GOOD,
                "DATABASE_TIMEOUT": "forever",
                "BODY_TIMEOUT": "0",
                "METRICS_PORT": "3000",
                "METRICS_MAX_SERIES": "5",
            }
        )
    names = [p.split()[0] for p in caught.value.problems]
    assert names == ["DATABASE_TIMEOUT", "BODY_TIMEOUT", "METRICS_PORT", "METRICS_MAX_SERIES"]


def test_the_database_commands_need_no_slack_tokens():
    config = Config.from_env({"DATABASE_URL": "postgres://u@db/x"}, mode="db")
    assert config.database_url == "postgres://u@db/x"
