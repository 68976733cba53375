"""The `hangup` console script, run as a user runs it (a real process)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from fakeslack import FakeSlack

HANGUP = shutil.which("hangup", path=os.path.dirname(sys.executable)) or "hangup"
CONTRACT = {
    "provider",
    "code",
    "cause",
    "category",
    "description",
    "next_steps",
    "console_paths",
    "related",
}


def run(*args: str, stdin: str | None = None, env: dict | None = None):
    """The command as a user runs it, without this machine's catalog or Slack settings."""
    environ = {
        k: v
        for k, v in os.environ.items()
        if k != "HANGUP_CATALOG_DIRS" and not k.startswith("SLACK_")
    }
    return subprocess.run(
        [HANGUP, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**environ, **(env or {})},
        timeout=60,
    )


def test_lookup_prints_a_readable_card():
    done = run("6020")
    assert done.returncode == 0
    out = done.stdout
    assert out.startswith("6020 Media Timeout (Plivo)\nTimeouts (6000-6020) · hung up by: Plivo")
    for heading in ("What it means", "What to do", "Where to look", "Same event in other terms"):
        assert heading in out
    assert "Console → Voice → Logs → Calls" in out
    assert "Retell AI: error_no_audio_received" in out
    assert "Vobiz 6020 Media Timeout" in out


def test_console_path_is_a_path_of_steps():
    assert "Console → Voice → Geo Permissions" in run("2030").stdout


def test_provider_option_answers_for_that_provider():
    out = run("--provider", "vobiz", "5030").stdout
    assert out.startswith("5030 Concurrency Limit Breached (Vobiz)")
    assert "Plivo" not in out.split("Same event in other terms")[0]


def test_json_contract():
    done = run("--json", "sip", "486")
    body = json.loads(done.stdout)
    assert body["query"] == "sip 486"
    first = body["matches"][0]
    assert set(first) >= CONTRACT
    assert (first["provider"], first["code"], first["cause"]) == ("sip", "486", "Busy Here")
    assert {"provider": "plivo", "code": "3010"} in first["related"]
    assert all(isinstance(p, list) for p in first["console_paths"])


def test_json_for_nothing_has_empty_matches_and_a_hint():
    body = json.loads(run("--json", "anyone", "up", "for", "lunch?").stdout)
    assert body["matches"] == [] and body["hint"]


def test_json_stdin_answers_one_line_per_query_in_order():
    done = run("--json", "-", stdin="6020\nretell dial_busy\nlunch at 1?\n")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [b["query"] for b in lines] == ["6020", "retell dial_busy", "lunch at 1?"]
    assert [b["matches"][0]["code"] if b["matches"] else None for b in lines] == [
        "6020",
        "dial_busy",
        None,
    ]


def test_no_match_exits_1_with_a_hint():
    done = run("which", "tts", "voice", "is", "best")
    assert done.returncode == 1
    assert "Try a code" in done.stdout


def test_no_arguments_prints_usage_with_examples():
    done = run()
    assert done.returncode == 2
    assert "hangup vobiz 5030" in done.stdout and "hangup catalog check" in done.stdout
    assert run("--help").returncode == 0


def test_list_one_provider():
    out = run("list", "vobiz").stdout
    assert out.startswith("Vobiz (54 causes)")
    assert "  System Errors (5000-5030)\n" in out and "    5030 Concurrency Limit Breached" in out


def test_list_unknown_provider_fails_clearly():
    done = run("list", "acme")
    assert done.returncode == 2 and "Unknown provider 'acme'" in done.stderr


def test_catalog_check_passes_on_the_shipped_catalog():
    done = run("catalog", "check")
    assert done.returncode == 0
    assert done.stdout.startswith("Catalog OK: ")


def test_catalog_check_lists_every_problem_and_fails(tmp_path):
    (tmp_path / "bad.yml").write_text(
        "provider: plivo\nentries:\n  - code: '3333'\n"
        "    next_steps: [x]\n  - code: '3010'\n    nope: 1\n"
    )
    done = run("catalog", "check", str(tmp_path))
    assert done.returncode == 1
    assert "bad.yml: entry '3333': missing field 'cause'" in done.stdout
    assert "bad.yml: entry '3010': unknown field(s) nope" in done.stdout
    assert "problem(s) found" in done.stdout


def test_catalog_check_names_each_entry_without_a_reference(tmp_path):
    (tmp_path / "acme.yml").write_text(
        "provider: acme\nname: Acme\ncategories: [{id: all, name: All}]\nentries:\n"
        "  - {code: X1, cause: Gone, category: all, description: Ended., severity: expected,\n"
        "     retry: false, next_steps: [Nothing.]}\n"
    )
    done = run("catalog", "check", str(tmp_path))
    assert done.returncode == 1
    assert f"{tmp_path}/acme.yml: entry 'X1': no reference: say where its meaning comes from" in (
        done.stdout
    )
    assert run("--catalog", str(tmp_path), "acme", "X1").returncode == 0  # lookups still work


def test_json_carries_where_the_meaning_comes_from():
    match = json.loads(run("--json", "twilio", "11205").stdout)["matches"][0]
    assert match["reference"]["url"] == "https://www.twilio.com/docs/api/errors/11205"
    assert match["reference"]["read"] == "2026-12-01" and match["reference"]["per_code"] is True
    assert match["docs"] == match["reference"]["url"]


@pytest.mark.parametrize("how", ["option", "env"])
def test_own_catalog_directory_overrides_next_steps(tmp_path, how):
    (tmp_path / "ours.yml").write_text(
        "provider: plivo\nentries:\n  - code: '3130'\n    next_steps:\n"
        "      - 'Page #voice-oncall and rotate the caller ID pool.'\n"
    )
    args = ["--catalog", str(tmp_path), "3130"] if how == "option" else ["3130"]
    env = {"HANGUP_CATALOG_DIRS": str(tmp_path)} if how == "env" else None
    assert "Page #voice-oncall and rotate the caller ID pool." in run(*args, env=env).stdout


def test_broken_own_catalog_stops_lookup_with_a_clear_message(tmp_path):
    (tmp_path / "x.yml").write_text("provider: [")
    done = run("--catalog", str(tmp_path), "6020")
    assert done.returncode == 2
    assert "x.yml: malformed YAML" in done.stderr and "Traceback" not in done.stderr


def test_serve_without_slack_settings_names_each_missing_variable_and_exits_2():
    done = run("serve", env={"PORT": "not-a-port"})
    assert done.returncode == 2
    assert "SLACK_BOT_TOKEN is not set" in done.stderr
    assert "SLACK_SIGNING_SECRET is not set" in done.stderr
    assert "PORT must be a number" in done.stderr
    assert "Traceback" not in done.stderr


def test_socket_mode_needs_the_app_token():
    done = run("socket", env={"SLACK_BOT_TOKEN": "xoxb-1"})
    assert done.returncode == 2 and "SLACK_APP_TOKEN is not set" in done.stderr


@pytest.mark.parametrize("slack", ["refuses", "unreachable"])
def test_serve_says_clearly_when_slack_refuses_the_token_or_cannot_be_reached(tmp_path, slack):
    fake = FakeSlack(auth_error="invalid_auth").start()
    api = fake.api_url if slack == "refuses" else "http://127.0.0.1:9/api/"
    try:
        done = run(
            "serve",
            env={
                "SLACK_BOT_TOKEN": "xoxb-1",
                "SLACK_SIGNING_SECRET": "s",
                "SLACK_API_URL": api,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
            },
        )
    finally:
        fake.stop()
    assert done.returncode == 2
    expected = (
        "SLACK_BOT_TOKEN was refused by Slack (invalid_auth)"
        if slack == "refuses"
        else "Slack is unreachable at http://127.0.0.1:9/api/"
    )
    assert expected in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_with_bad_alert_rules_names_the_file_and_key(tmp_path):
    rules = tmp_path / "rules.yml"
    rules.write_text("window_minutes: -5\nsplit_by: moon\n")
    done = run(
        "serve",
        env={
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s",
            "ALERT_RULES": str(rules),
            "SLACK_API_URL": "http://127.0.0.1:9/api/",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        },
    )
    assert done.returncode == 2
    assert f"ALERT_RULES: {rules}: split_by is none, caller or destination_prefix" in done.stderr
    assert "window_minutes must be a positive number" in done.stderr
    assert "Traceback" not in done.stderr
