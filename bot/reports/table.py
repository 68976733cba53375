"""A report as a terminal table, and the empty-period notice every surface shows."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime

from hangup_bot.reports.figures import WHOLE_FILE, Report, change, count_change, percent

TOP = 10


def when(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%d %H:%M UTC")


def title(report: Report) -> str:
    who = report.provider or "all providers"
    if report.span is WHOLE_FILE:
        return f"Hangup report: {report.span.label}, {who}"
    return f"Hangup report: the last {report.span.label}, {who}"


def empty_notice(report: Report) -> str:
    who = f" for {report.provider}" if report.provider else ""
    return (
        f"No calls stored in the last {report.span.label}{who}. Calls are stored when a "
        "provider sends its hangup callbacks to this server's /webhooks/<provider> endpoint "
        "(set the provider's secret, such as PLIVO_AUTH_TOKEN, and point its hangup URL there)."
    )


def render_table(report: Report) -> str:
    lines = [title(report)]
    if report.span is not WHOLE_FILE:
        lines.append(f"{when(report.start)} to {when(report.end)}")
    lines += [textwrap.fill(note, 100, subsequent_indent="  ") for note in report.notes] + [""]
    calls = count_change(report.calls, report.previous_calls, report.span)
    lines.append(f"{report.calls:,} calls   {calls}".rstrip())
    before = report.previous_share(report.previous_answered) if report.previous_calls else None
    answered = report.share(report.answered)
    lines.append(
        f"answered {percent(answered)}"
        + (f" ({change(answered, before)})" if report.span is not WHOLE_FILE else "")
    )
    width = max([len(_cause(c)) for c in report.causes[:TOP]] + [30])
    lines += ["", f"{'Top causes':<{width}}  {'calls':>7}  {'share':>6}  change"]
    for c in report.causes[:TOP]:
        lines.append(_row(_cause(c), c.count, report, c.previous, width))
    if len(report.causes) > TOP:
        lines.append(f"  and {len(report.causes) - TOP} more causes")
    lines += ["", f"{'By category':<{width}}  {'calls':>7}  {'share':>6}  change"]
    for group, count, previous in report.groups:
        lines.append(_row("  " + group.label, count, report, previous, width))
    lines += ["", f"{'Who hung up':<{width}}  {'calls':>7}  {'share':>6}"]
    for who, count in report.sources:
        lines.append(f"{'  ' + who:<{width}}  {count:>7,}  {percent(report.share(count)):>6}")
    return "\n".join(lines) + "\n"


def _cause(c) -> str:
    return f"  {c.label} ({c.provider})"


def _row(label: str, count: int, report: Report, previous: int, width: int) -> str:
    share = report.share(count)
    shift = "" if report.span is WHOLE_FILE else change(share, report.previous_share(previous))
    return f"{label:<{width}}  {count:>7,}  {percent(share):>6}  {shift}".rstrip()
