"""A report as a Slack message: Block Kit dicts, and the plain summary that goes with an
uploaded chart. Every name that came from a provider or a file is escaped."""

from __future__ import annotations

from typing import Any

from hangup_bot.reports.figures import Report, change, count_change, percent
from hangup_bot.reports.table import empty_notice, title, when

SHARE_REPORT = "share_report"
TOP = 5


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def summary(report: Report) -> str:
    """The figures in mrkdwn: the message text, and the comment of a shared chart."""
    if not report.calls:
        return empty_notice(report)
    before = report.previous_share(report.previous_answered) if report.previous_calls else None
    answered = report.share(report.answered)
    calls = count_change(report.calls, report.previous_calls, report.span)
    lines = [
        f"*{escape(title(report))}*",
        f"*{report.calls:,} calls* ({calls}) · answered {percent(answered)} "
        f"({change(answered, before)})",
        "*Top causes*",
    ]
    for c in report.causes[:TOP]:
        shift = change(report.share(c.count), report.previous_share(c.previous))
        lines.append(
            f"• {escape(c.label)} ({escape(c.provider)}): {c.count:,} calls, "
            f"{percent(report.share(c.count))} ({shift})"
        )
    lines.append("*By category*")
    lines += [
        f"• {g.label}: {n:,} ({percent(report.share(n))}, "
        f"{change(report.share(n), report.previous_share(before))})"
        for g, n, before in report.groups
        if n
    ]
    lines.append("*Who hung up*")
    lines += [
        f"• {escape(who)}: {n:,} ({percent(report.share(n))})" for who, n in report.sources[:TOP]
    ]
    return "\n".join(lines)


def report_message(
    report: Report, share_value: str | None = None, note: str = ""
) -> tuple[str, list[dict[str, Any]]]:
    """The asker's message: the figures, a note (where the chart went) and a Share button."""
    text = summary(report)
    shown: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": text[:2900]}}
    ]
    context = (
        f"{when(report.start)} to {when(report.end)}; answered means the call lasted over 0 s."
    )
    if note:
        context = f"{note} {context}"
    shown.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(context)}]})
    if share_value and report.calls:
        shown.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": SHARE_REPORT,
                        "text": {"type": "plain_text", "text": "Share in channel"},
                        "value": share_value,
                    }
                ],
            }
        )
    return text, shown
