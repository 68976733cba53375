"""Stored "Not helpful" marks as terminal lines, JSON Lines and a Slack message."""

from __future__ import annotations

import time
from typing import Any

from hangup_bot.render.blocks import Block, context, escape, section
from hangup_bot.render.verbatim import as_typed, cut

SHOWN = 10


def _when(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(seconds))


def export(row: dict[str, Any]) -> dict[str, Any]:
    """One line of `hangup feedback --json`: add an `expect` and it is an eval line."""
    return {
        "query": row["query"],
        "answered": row["answer"],
        "surface": row["surface"],
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(row["created_at"])),
    }


def lines(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No answers have been marked Not helpful.\n"
    out = [f"{len(rows)} answer(s) marked Not helpful, newest first:"]
    for row in rows:
        answered = ", ".join(row["answer"]) or "nothing"
        out.append(f"  {_when(row['created_at'])}  {cut(row['query'], 100)!r}")
        out.append(f"    answered: {answered}  ({row['surface']})")
    return "\n".join(out) + "\n"


def message(rows: list[dict[str, Any]], count: int) -> tuple[str, list[Block]]:
    """`/hangup feedback`: the newest marks, each with its question as typed and the answer."""
    if not rows:
        return "No feedback yet", [section("No answers have been marked *Not helpful* yet.")]
    items = []
    for row in rows[:SHOWN]:
        answered = ", ".join(row["answer"]) or "nothing"
        who = f" by <@{escape(row['user_id'])}>" if row.get("user_id") else ""
        items.append(
            f"• {as_typed(cut(row['query'], 150))} → {escape(answered)}"
            f" ({escape(row['surface'])}{who}, {_when(row['created_at'])})"
        )
    shown = [
        section(f"*Marked Not helpful* ({count} in all, newest first)\n" + "\n".join(items)),
        context("`hangup feedback --json` exports them all; add an `expect` to make a test line."),
    ]
    return f"{count} answers marked Not helpful", shown
