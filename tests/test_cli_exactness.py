"""The command line never misleads: exit codes, help, unknown values, other providers' codes,
long queries, eval files, and a broken catalog directory among several."""

from __future__ import annotations

import json

from test_cli import run


def test_json_exits_1_when_nothing_matched_and_0_when_answered():
    missed = run("--json", "which", "tts", "voice", "is", "best")
    assert missed.returncode == 1 and json.loads(missed.stdout)["matches"] == []
    assert run("--json", "6020").returncode == 0


def test_help_prints_usage():
    done = run("help")
    assert done.returncode == 0
    assert (
        done.stdout.startswith("hangup QUERY...") and "No hangup cause matches" not in done.stdout
    )


def test_a_retell_value_one_typo_away_is_read_as_the_known_one():
    done = run("retell", "dial_bussy")
    assert done.stdout.startswith("Read dial_bussy as dial_busy.\n\ndial_busy (Retell AI)")


def test_an_unknown_retell_value_shows_the_closest_known_reasons():
    done = run("retell", "dial_buzy_signal")
    assert "dial_buzy_signal is not a value of Retell AI" in done.stdout
    assert "The closest known ones follow." in done.stdout and "dial_busy" in done.stdout
    assert "if any" not in done.stdout


def test_an_unknown_retell_value_with_nothing_close_says_so():
    done = run("retell", "some_new_value")
    assert "No known value is close to it." in done.stdout
    assert "follow" not in done.stdout


def test_a_code_of_another_provider_says_whose_it_is_and_shows_it():
    done = run("--provider", "plivo", "5030")
    assert done.returncode == 0
    assert done.stdout.startswith("5030 is not a Plivo code; it is a Vobiz code:")
    assert "5030 Concurrency Limit Breached (Vobiz)" in done.stdout


def test_a_long_query_is_not_echoed_in_full():
    query = "zzqx " * 60
    done = run(*query.split())
    echoed = next(line for line in done.stdout.splitlines() if "No hangup cause matches" in line)
    assert "…" in echoed and len(echoed) < 120


def test_eval_refuses_a_line_whose_expect_is_a_string_naming_the_line(tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        '{"query": "6020", "expect": ["plivo:6020"]}\n{"query": "x", "expect": "plivo:3010"}\n'
    )
    done = run("eval", str(cases))
    assert done.returncode == 2
    assert f"{cases}:2: expect must be a list of ids" in done.stderr


def test_a_broken_directory_in_the_environment_warns_and_the_rest_still_answer(tmp_path):
    good, broken = tmp_path / "good", tmp_path / "broken"
    good.mkdir()
    broken.mkdir()
    (good / "ours.yml").write_text(
        "provider: plivo\nentries:\n  - code: '3130'\n"
        "    next_steps: ['Rotate the caller ID pool.']\n"
    )
    (broken / "x.yml").write_text("provider: [")
    done = run("3130", env={"HANGUP_CATALOG_DIRS": f"{broken}:{good}"})
    assert done.returncode == 0
    assert "Rotate the caller ID pool." in done.stdout
    assert f"{broken}/x.yml: malformed YAML" in done.stderr and "warning" in done.stderr


def test_serve_refuses_to_start_with_a_broken_catalog_directory_naming_the_file(tmp_path):
    (tmp_path / "x.yml").write_text("provider: [")
    done = run(
        "serve",
        env={
            "HANGUP_CATALOG_DIRS": str(tmp_path),
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_API_URL": "http://127.0.0.1:9/api/",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        },
    )
    assert done.returncode == 2
    assert "hangup serve: cannot start, catalog errors:" in done.stderr
    assert f"{tmp_path}/x.yml: malformed YAML" in done.stderr and "Traceback" not in done.stderr


def test_catalog_check_warns_on_a_step_cut_by_a_hash_and_still_passes(tmp_path):
    (tmp_path / "plivo.yml").write_text(
        "provider: plivo\nentries:\n  - code: '3130'\n"
        "    next_steps:\n      - Page #voice-oncall now\n"
    )
    done = run("catalog", "check", str(tmp_path))
    assert done.returncode == 0
    assert "step 'Page' ends where a '#' began" in done.stdout and "1 warning(s)" in done.stdout


def test_feedback_without_a_database_says_where_it_looked(tmp_path):
    done = run("feedback", env={"DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}"})
    assert done.returncode == 1 and "no database at" in done.stdout
