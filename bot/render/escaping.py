"""Escaping for Slack's mrkdwn: the three characters Slack treats as control characters."""

from __future__ import annotations


def escape(text: str) -> str:
    """`<!channel>`, `<@U1>` and `<http://x|y>` become inert text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
