"""The call-log CSV readers on sample exports written for these tests (tests/fixtures/calllogs),
shaped as Plivo's, Vobiz's and Twilio's exports and as a hand-made CSV."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hangup_bot.answers.engine import Engine
from hangup_bot.reports.csvlog import read_export, tallies
from hangup_bot.reports.figures import ReportError, build
from hangup_bot.reports.table import render_table

LOGS = Path(__file__).resolve().parents[1] / "fixtures" / "calllogs"
ENGINE = Engine.load()
HANGUP = shutil.which("hangup", path=os.path.dirname(sys.executable)) or "hangup"


def report_of(name: str, engine, provider: str | None = None):
    export = read_export((LOGS / name).read_text(), engine, provider)
    span, end, counted, _ = tallies(export)
    return export, build(counted, engine.catalog, span, end, provider)


def causes(report) -> dict[str, int]:
    return {f"{c.provider}:{c.label}": c.count for c in report.causes}


def test_plivo_call_log_is_read_by_its_hangup_cause_code_column(engine):
    export, report = report_of("plivo_calls.csv", engine)
    assert export.kind == "Plivo (or Vobiz) call log" and not export.skipped
    assert dict((role, header) for role, header in export.used)["code"] == "Hangup cause code"
    assert report.span.name == "24h" and report.calls == 20
    assert causes(report) == {
        "Plivo:4000 Normal Hangup": 12,
        "Plivo:3010 Busy Line": 4,
        "Plivo:3000 No Answer": 2,
        "Plivo:3130 Spam block": 2,
    }
    assert report.answered == 12  # the calls with a duration over 0 s
    assert dict(report.sources) == {"Callee": 16, "Carrier": 4}


def test_vobiz_call_log_in_snake_case_is_read_as_vobiz_when_asked(engine):
    export, report = report_of("vobiz_calls.csv", engine, "vobiz")
    assert export.kind == "Vobiz call log"
    assert causes(report)["Vobiz:5030 Concurrency Limit Breached"] == 3
    assert {c.provider for c in report.causes} == {"Vobiz"}
    assert report.calls == 12 and report.answered == 6


def test_twilio_call_log_is_read_by_its_status_column(engine):
    export, report = report_of("twilio_calls.csv", engine)
    assert export.kind == "Twilio call log"
    assert dict(export.used) == {"reason": "Status", "time": "End Time", "duration": "Duration"}
    assert report.span.name == "7d" and report.calls == 15
    assert causes(report) == {
        "Twilio:completed": 8,
        "Twilio:busy": 3,
        "Twilio:no-answer": 2,
        "Twilio:canceled": 1,
        "Twilio:failed": 1,
    }


def test_any_csv_with_a_reason_column_is_looked_up_and_bad_rows_are_named_by_line(engine):
    export, report = report_of("generic_causes.csv", engine)
    assert export.skipped == ("line 6: no hangup cause", "line 8: time 'not a time' not understood")
    assert causes(report) == {
        "SIP / FreeSWITCH:NORMAL_CLEARING": 2,
        "SIP / FreeSWITCH:USER_BUSY": 1,
        "SIP / FreeSWITCH:NO_ANSWER": 1,
        "Retell AI:dial_busy": 1,
    }


def test_a_malformed_csv_names_the_line(engine):
    with pytest.raises(ReportError, match="line 3: a quoted field opened there is never closed"):
        read_export((LOGS / "malformed.csv").read_text(), engine)


def test_a_csv_without_a_cause_column_says_what_it_found_and_what_it_needs(engine):
    with pytest.raises(ReportError, match=r"line 1 has: id, when, who\). Expected one of"):
        read_export("id,when,who\n1,2026-01-01,ana\n", engine)


def test_a_row_with_the_wrong_number_of_fields_is_skipped_by_line(engine):
    export = read_export("code,when\n3010,2026-01-01 00:00:00\n4000\n", engine, "plivo")
    assert len(export.calls) == 1 and export.skipped == ("line 3: 1 fields, the header has 2",)


def test_an_empty_csv_is_refused_clearly(engine):
    with pytest.raises(ReportError, match="empty"):
        read_export("", engine)


def test_hangup_report_csv_names_the_columns_writes_a_png_and_needs_no_database(tmp_path):
    png = tmp_path / "chart.png"
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    done = subprocess.run(
        [HANGUP, "report", "--csv", str(LOGS / "plivo_calls.csv"), "--png", str(png)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "columns used: 'End time' (time)" in done.stdout
    assert "20 calls" in done.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.png"]  # no database file


def test_hangup_report_csv_of_a_malformed_file_exits_2_naming_the_line():
    done = subprocess.run(
        [HANGUP, "report", "--csv", str(LOGS / "malformed.csv")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "line 3" in done.stderr and not done.stdout


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(["4000", "USER_BUSY", '"', "\x00", "2026-11-30", "1e308", "0", ",", ""])
        ).map(",".join),
        max_size=6,
    ).map(lambda rows: "\n".join(["Hangup cause code,End time", *rows]))
    | st.text(max_size=200)
)
def test_any_text_is_read_or_refused_with_a_report_error_never_a_crash(text):
    try:
        export = read_export(text, ENGINE)
    except ReportError as exc:
        assert str(exc)
    else:
        render_table(build(*_counted(export)))


def _counted(export):
    span, end, counted, _ = tallies(export)
    return counted, ENGINE.catalog, span, end


def test_a_provider_that_contradicts_the_columns_is_refused(engine):
    with pytest.raises(ReportError, match="columns of a Twilio call log, not of 'plivo'"):
        read_export((LOGS / "twilio_calls.csv").read_text(), engine, "plivo")
