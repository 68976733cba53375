"""`/hangup report [24h|7d|30d] [PROVIDER]` in Slack: the figures privately, with the chart
uploaded through Slack's external-upload flow (files_upload_v2), and Share in channel.

An ephemeral message cannot carry a file, and a file shared nowhere is visible to the bot
alone, so the asker's chart goes to their direct messages with the bot: still theirs only."""

from __future__ import annotations

import logging
import time
from datetime import UTC, tzinfo
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from hangup_bot.answers.engine import Engine
from hangup_bot.reports.blocks import SHARE_REPORT, escape, report_message, summary
from hangup_bot.reports.figures import SPANS, Report, ReportError
from hangup_bot.reports.stored import parse_words, stored_report
from hangup_bot.reports.table import title
from hangup_bot.store.database import Store

log = logging.getLogger(__name__)
SORRY = "Sorry, the report could not be made just now (the database did not answer). Try again."


class Reports:
    def __init__(self, engine: Engine, store: Store):
        self.engine = engine
        self.store = store

    def register(self, app: App, command: str) -> None:
        """Before the general /hangup listener: Bolt runs the first listener that matches."""
        app.command(command, matchers=[is_report])(ack=self.ack, lazy=[self.answer])
        app.action(SHARE_REPORT)(ack=_ack, lazy=[self.share])

    def ack(self, ack, command: dict[str, Any]) -> None:
        try:
            span, provider = parse_words(_words(command)[1:], self.engine.catalog)
        except ReportError as exc:  # it quotes what the user typed: escaped
            ack(response_type="ephemeral", text=escape(str(exc)))
            return
        who = f" for {provider}" if provider else ""
        ack(response_type="ephemeral", text=f"Counting calls of the last {span.label}{who}…")

    def answer(self, command: dict[str, Any], respond, client: WebClient) -> None:
        try:
            span, provider = parse_words(_words(command)[1:], self.engine.catalog)
        except ReportError:
            return  # the ack said why
        end = time.time()
        try:
            report = stored_report(self.engine, self.store, span, end, provider)
        except Exception:  # the database is down or busy: say so rather than stay silent
            log.exception("report for %s failed", span.name)
            respond(response_type="ephemeral", replace_original=True, text=SORRY)
            return
        note = ""
        if report.calls:
            try:
                direct = client.conversations_open(users=command.get("user_id") or "")
                upload(client, report, direct["channel"]["id"], f"*{escape(title(report))}*")
                note = "The chart is in your direct messages with me."
            except (SlackApiError, OSError, KeyError, TypeError) as exc:
                note = f"The chart could not be uploaded ({_error(exc)})."
                log.warning("report chart upload failed: %s", _error(exc))
        value = f"{span.name}|{provider or ''}|{end:.3f}"
        text, shown = report_message(report, value, note)
        respond(response_type="ephemeral", replace_original=True, text=text, blocks=shown)

    def share(self, body: dict[str, Any], respond, client: WebClient) -> None:
        value = (body.get("actions") or [{}])[0].get("value") or ""
        name, _, rest = value.partition("|")
        provider, _, end = rest.partition("|")
        if name not in SPANS or (provider and provider not in self.engine.catalog.providers):
            return
        try:
            end_at = float(end)
        except ValueError:
            return
        if not 1e9 < end_at <= time.time() + 60:  # a report that was offered, not any moment
            return
        report = stored_report(self.engine, self.store, SPANS[name], end_at, provider or None)
        channel = (body.get("channel") or {}).get("id")
        user = (body.get("user") or {}).get("id") or ""
        try:
            post_report(client, report, channel, f"Shared by <@{user}>" if user.isalnum() else "")
        except (SlackApiError, OSError) as exc:
            respond(
                response_type="ephemeral",
                replace_original=False,
                text=f"I could not post the report here ({_error(exc)}): invite me to the "
                "channel with `/invite @hangup-bot`, then share again.",
            )
            return
        respond(delete_original=True)


def post_report(
    client: WebClient, report: Report, channel: str | None, note: str = "", zone: tzinfo = UTC
) -> None:
    """The report for everyone in `channel`: the chart with the figures as its comment, or the
    figures alone when the period had no calls."""
    text = summary(report) + (f"\n_{note}_" if note else "")
    if not report.calls:
        client.chat_postMessage(channel=channel, text=text)
        return
    upload(client, report, channel=channel, comment=text, zone=zone)


def upload(
    client: WebClient,
    report: Report,
    channel: str | None,
    comment: str | None = None,
    zone: tzinfo = UTC,
) -> str:
    """Draw and upload the chart (private without a channel); its file id."""
    from hangup_bot.reports.chart import render_png

    png = render_png(report, zone)
    stamp = time.strftime("%Y%m%d-%H%M", time.gmtime(report.end))
    result = client.files_upload_v2(
        file=png,
        filename=f"hangup-report-{report.span.name}-{stamp}.png",
        title=f"Hangup causes, last {report.span.label}",
        alt_txt=f"Hangup causes by category over the last {report.span.label}",
        channel=channel,
        initial_comment=comment,
    )
    return (result.get("file") or {}).get("id") or ""


def is_report(command: dict[str, Any]) -> bool:
    words = _words(command)
    return bool(words) and words[0].lower() == "report"


def _words(command: dict[str, Any]) -> list[str]:
    return (command.get("text") or "").split()


def _ack(ack) -> None:
    ack()


def _error(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error", "error"))
    return type(exc).__name__
