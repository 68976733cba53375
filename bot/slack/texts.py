"""Plain text out of Slack messages: the text, attachments and blocks that alert tools post."""

from __future__ import annotations

import html
import re
from typing import Any

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
# Fields voice-AI platforms log: Vapi's endedReason, LiveKit's disconnect reason and call status.
_VAPI = re.compile(r"\bended_?reason[\"']?\s*[:=]\s*[\"']?([a-z0-9][a-z0-9.-]*[a-z0-9])", re.I)
_LIVEKIT = re.compile(
    r"\b(disconnect_?reason|sip\.callStatus)[\"']?\s*[:=]\s*[\"']?([A-Za-z0-9_]+)", re.I
)
# LiveKit's DisconnectReason by number, as some logs print it (disconnect_reason: 13).
LIVEKIT_REASONS = (
    "UNKNOWN_REASON", "CLIENT_INITIATED", "DUPLICATE_IDENTITY", "SERVER_SHUTDOWN",
    "PARTICIPANT_REMOVED", "ROOM_DELETED", "STATE_MISMATCH", "JOIN_FAILURE", "MIGRATION",
    "SIGNAL_CLOSE", "ROOM_CLOSED", "USER_UNAVAILABLE", "USER_REJECTED", "SIP_TRUNK_FAILURE",
    "CONNECTION_TIMEOUT", "MEDIA_FAILURE", "AGENT_ERROR",
)  # fmt: skip
_LINK = re.compile(r"<(?:[^>|]+\|)?([^>]+)>")


def plain(text: str, drop_mentions: bool = False) -> str:
    """Slack mrkdwn to plain text: links to their labels, entities decoded."""
    if drop_mentions:
        text = _MENTION.sub(" ", text)
    return html.unescape(_LINK.sub(r"\1", text))


def message_text(message: dict[str, Any]) -> str:
    """Everything readable in a message, including other tools' attachments and blocks."""
    parts = [message.get("text") or ""]
    for attachment in message.get("attachments") or []:
        for key in ("pretext", "title", "text", "fallback", "footer"):
            parts.append(attachment.get(key) or "")
        for item in attachment.get("fields") or []:
            parts.append(f"{item.get('title') or ''}: {item.get('value') or ''}")
    for block in message.get("blocks") or []:
        parts.extend(_block_texts(block))
    text = plain("\n".join(p for p in parts if p))
    return "\n".join([text, *voice_ai_fields(text)])


def voice_ai_fields(text: str) -> list[str]:
    """Vapi and LiveKit fields in a message, as lines naming their platform (`vapi voicemail`,
    `livekit USER_REJECTED`), so a one-word value or a reason's number reads as theirs."""
    found = [f"vapi {value}" for value in _VAPI.findall(text)]
    for key, value in _LIVEKIT.findall(text):
        if key.lower() == "sip.callstatus":
            found.append(f"livekit sip.callStatus: {value}")
        elif value.isdigit():
            number = int(value)
            if number < len(LIVEKIT_REASONS):
                found.append(f"livekit {LIVEKIT_REASONS[number]}")
        else:
            found.append(f"livekit {value}")
    return list(dict.fromkeys(found))


def _block_texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["text"]] if isinstance(node.get("text"), str) else []
        for value in node.values():
            if isinstance(value, dict | list):
                found += _block_texts(value)
        return found
    if isinstance(node, list):
        return [t for item in node for t in _block_texts(item)]
    return []
