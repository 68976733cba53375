"""Text a user typed, echoed back exactly as typed: never formatted, never a mention or a link,
and cut when long."""

from __future__ import annotations

from hangup_bot.render.escaping import escape

ELLIPSIS = "…"
ECHO = 120  # characters of a question echoed back


def cut(text: str, limit: int = ECHO) -> str:
    """One line, at most `limit` characters, ending in … when cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + ELLIPSIS


def as_typed(text: str) -> str:
    """Slack mrkdwn that shows `text` literally: inside an inline code span nothing is bold,
    italic or struck, and escaped `<` `>` `&` keep mentions and links inert. A backtick, which
    would end the span, is shown as a look-alike."""
    return "`" + escape(text.replace("`", "ˋ")) + "`" if text else ""
