"""Pieces of an alert message: the buttons, links to the providers' call logs, text made inert
for plain_text fields, and the plain form posted when a message cannot be rendered."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from hangup_bot.knowledge.figures import Sample
from hangup_bot.render.blocks import Block, clip, escape

ACK_ACTION = "incident_ack"
RESOLVE_ACTION = "incident_resolve"
UNMUTE_ACTION = "incident_unmute"
MUTE_ACTIONS = {"incident_mute_1h": 3600, "incident_mute_24h": 24 * 3600}

# The page of one call in each provider's console, where the provider has one.
CALL_LOGS = {
    "plivo": "https://console.plivo.com/voice/logs/calls/{id}/",
    "twilio": "https://console.twilio.com/us1/monitor/logs/calls/{id}",
    "retell": "https://dashboard.retellai.com/call-history?history={id}",
}


def inert(text: Any) -> str:
    """Text for a plain_text field: angle brackets become look-alikes, so nothing a provider
    sent can read as a mention or a link wherever Slack shows it."""
    return str(text).replace("<", "‹").replace(">", "›")


def sample_link(sample: Sample) -> str:
    """A call id linked to its page in the provider's console, or the bare id in code."""
    shown = f"`{escape(clip(sample.call_id, 80))}`"
    template = CALL_LOGS.get(sample.provider)
    if not template:
        return shown
    url = template.format(id=quote(sample.call_id, safe=""))
    return f"<{escape(url)}|{escape(clip(sample.call_id, 80))}>"


def _button(action: str, label: str, value: str, style: str | None = None) -> dict[str, Any]:
    button = {
        "type": "button",
        "action_id": action,
        "value": value,
        "text": {"type": "plain_text", "text": label},
    }
    if style:
        button["style"] = style
    return button


def buttons(incident: dict[str, Any], muted: bool) -> Block:
    value = str(incident["id"])
    elements = []
    if not incident.get("acknowledged_by"):
        elements.append(_button(ACK_ACTION, "Acknowledge", value, "primary"))
    elements.append(_button(RESOLVE_ACTION, "Resolve", value))
    if muted:
        elements.append(_button(UNMUTE_ACTION, "Unmute", value))
    else:
        elements.append(_button("incident_mute_1h", "Mute 1 h", value))
        elements.append(_button("incident_mute_24h", "Mute 24 h", value))
    return {"type": "actions", "elements": elements}


def plain_form(incident: dict[str, Any]) -> str:
    """The alert in one escaped line, for when its full message cannot be rendered."""
    mark = "✅ Resolved:" if incident.get("status") == "resolved" else "🔴"
    count = incident.get("count")
    calls = f"{count:,} calls" if isinstance(count, int) else "calls"
    return (
        f"{mark} {escape(clip(str(incident.get('title') or 'hangup alert'), 200))}: {calls}. "
        "The full alert could not be shown; see `/hangup alerts`."
    )
