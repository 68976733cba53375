"""The alert surfaces in Slack: `/hangup mute|unmute|alerts` and the alert message's buttons
(Acknowledge, Resolve, Mute 1 h / 24 h, Unmute). Each button press changes the incident and
leaves a note in the alert's thread saying who did it and when (see `alerts.actions`)."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import App

from hangup_bot.alerts.pipeline import Alerts
from hangup_bot.answers.engine import Engine
from hangup_bot.render import blocks
from hangup_bot.render.alert_parts import ACK_ACTION, MUTE_ACTIONS, RESOLVE_ACTION, UNMUTE_ACTION
from hangup_bot.render.incident import when

DURATIONS = "`30m`, `90m`, `2h`, `24h`, `1d`, `7d` (from 1 minute up to 30 days)"
MAX_MUTE = 30 * 86400
_DURATION = re.compile(r"(\d{1,6})\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)?")


def duration(text: str) -> int | None:
    """`90m`, `2h`, `1d` (or a bare number of hours) in seconds; None if it is not one."""
    found = _DURATION.fullmatch(text.strip().lower())
    if not found:
        return None
    unit = (found.group(2) or "h")[0]
    seconds = int(found.group(1)) * {"m": 60, "h": 3600, "d": 86400}[unit]
    return seconds if 60 <= seconds <= MAX_MUTE else None


def _say(text: str) -> tuple[str, list[dict]]:
    return text, [blocks.section(text)]


class AlertCommands:
    def __init__(self, engine: Engine, alerts: Alerts | None):
        self.engine = engine
        self.alerts = alerts

    def register(self, app: App) -> None:
        app.action(ACK_ACTION)(ack=_ack, lazy=[self.acknowledge])
        app.action(RESOLVE_ACTION)(ack=_ack, lazy=[self.resolve])
        app.action(UNMUTE_ACTION)(ack=_ack, lazy=[self.unmute_button])
        for action in MUTE_ACTIONS:
            app.action(action)(ack=_ack, lazy=[self.mute_button])

    # -- /hangup mute | unmute | alerts --------------------------------------------------------

    def command(self, verb: str, args: list[str], user: str | None) -> tuple[str, list[dict]]:
        if self.alerts is None or not self.alerts.rules.enabled:
            return _say("Alerts are off here: set ALERT_CHANNEL and a provider's webhook secret.")
        if verb == "alerts":
            open_now, mutes = self.alerts.overview()
            return overview(open_now, mutes)
        seconds = duration(args[-1]) if verb == "mute" and len(args) > 1 else None
        target = " ".join(args[:-1] if seconds else args)
        if verb == "mute" and seconds is None and len(args) > 1 and self._names(args[:-1]):
            return _say(
                f"“{blocks.escape(blocks.clip(args[-1], 40))}” is not a duration I take. "
                f"Say how long, for example `/hangup mute {blocks.escape(args[0])} 2h`: "
                f"{DURATIONS}. Nothing was muted."
            )
        answer = self._names(target.split()) if target else None
        if not answer:
            usage = "`/hangup mute 3130 2h`" if verb == "mute" else "`/hangup unmute 3130`"
            return _say(f"Tell me which cause, for example {usage}.")
        entry = answer.matches[0].entry
        family = self.engine.catalog.family(entry)
        label = f"{entry.code} {entry.cause}" if entry.code != entry.cause else entry.code
        shown = blocks.escape(label)
        if verb == "unmute":
            done = self.alerts.unmute(family, user)
            return _say(
                f"Alerts for {shown} are on again."
                if done
                else f"Alerts for {shown} were not muted."
            )
        until = self.alerts.mute(family, label, seconds or 3600, user)
        return _say(
            f"Muted alerts for {shown} until {when(until)}"
            + ("" if seconds else " (1 h: add a duration such as `2h` for longer)")
            + f". `/hangup unmute {blocks.escape(target)}` turns them back on."
        )

    def _names(self, words: list[str]):
        answer = self.engine.codes_in(" ".join(words))
        return answer if answer.matches else None

    # -- buttons -----------------------------------------------------------------------------

    def acknowledge(self, body: dict[str, Any]) -> None:
        if self.alerts:
            self.alerts.acknowledge(_incident_id(body), _user(body))

    def resolve(self, body: dict[str, Any]) -> None:
        if self.alerts:
            self.alerts.resolve(_incident_id(body), _user(body))

    def mute_button(self, body: dict[str, Any], respond) -> None:
        action = (body.get("actions") or [{}])[0]
        seconds = MUTE_ACTIONS.get(action.get("action_id"))
        if self.alerts and seconds:
            title = self.alerts.mute_incident(_incident_id(body), seconds, _user(body))
            if title:
                respond(
                    text=f"Muted alerts for {blocks.escape(title)}.",
                    response_type="ephemeral",
                    replace_original=False,
                )

    def unmute_button(self, body: dict[str, Any], respond) -> None:
        if self.alerts:
            title = self.alerts.unmute_incident(_incident_id(body), _user(body))
            if title:
                respond(
                    text=f"Alerts for {blocks.escape(title)} are on again.",
                    response_type="ephemeral",
                    replace_original=False,
                )


def _ack(ack) -> None:
    ack()


def _user(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id", ""))[:40]


def _incident_id(body: dict[str, Any]) -> int:
    value = str((body.get("actions") or [{}])[0].get("value") or "0")
    return int(value) if value.isdigit() and len(value) < 12 else 0


def overview(open_now: list[dict], mutes: list[dict]) -> tuple[str, list[dict]]:
    """`/hangup alerts`: open alerts and active mutes; every stored text escaped."""
    lines = (
        ["*Open alerts*"]
        + [
            f"• {blocks.escape(str(i['title']))}: {i['count']:,} calls in "
            f"<#{blocks.escape(i['channel'])}>, since {when(i['first_seen'])}"
            for i in open_now
        ]
        if open_now
        else ["No open alerts."]
    )
    lines += (
        ["*Muted*"]
        + [
            f"• {blocks.escape(str(m['label']))} until {when(m['until'])}"
            + (f" (by <@{blocks.escape(m['muted_by'])}>)" if m.get("muted_by") else "")
            for m in mutes
        ]
        if mutes
        else ["Nothing muted."]
    )
    return "Open alerts and mutes", [blocks.section(blocks.clip("\n".join(lines), 2900))]
