"""Plain text out of Slack messages: the text, attachments and blocks that alert tools post."""

from __future__ import annotations

import html
import re
from typing import Any

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
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
    return plain("\n".join(p for p in parts if p))


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
