"""A looked-up call in Slack: the call's facts above the cause card the catalog gives, a Share
button, and the offer to look up a call id sent on its own. Everything shown is escaped."""

from __future__ import annotations

from typing import Any

from hangup_bot.answers.engine import Answer
from hangup_bot.calls.records import CallRecord
from hangup_bot.knowledge.entries import Catalog
from hangup_bot.render.blocks import MAX_BLOCKS, answer_message, clip, context, escape, section
from hangup_bot.render.call import facts

SHARE_CALL = "share_call"
LOOKUP_CALL = "lookup_call"
Block = dict[str, Any]


def call_message(
    record: CallRecord,
    answer: Answer | None,
    catalog: Catalog,
    *,
    masked: bool,
    share: bool = False,
    shared_by: str | None = None,
) -> tuple[str, list[Block]]:
    entry = answer.matches[0].entry if answer and answer.matches else None
    rows = facts(record, entry, masked)
    lines = [f"*{escape(label)}:* {_value(label, value)}" for label, value in rows]
    blocks: list[Block] = [section("*The call*\n" + "\n".join(lines))]
    if record.notes:
        blocks.append(context(escape(" ".join(record.notes))))
    if answer is not None and answer.matches:
        text, card = answer_message(answer, catalog)
        blocks += [{"type": "divider"}, *card]
    else:
        said = record.code or "no hangup cause"
        text = f"{record.provider_name} call {record.call_id}: {said}"
        blocks.append(context(escape(f"The record gives {said}, which the catalog does not know.")))
    if shared_by:
        blocks.append(context(f"Shared by <@{escape(shared_by)}>"))
    if share:
        blocks.append(
            _button("Share in channel", SHARE_CALL, f"{record.provider}:{record.call_id}")
        )
    head = f"{record.provider_name} call {record.call_id}"
    return escape(clip(f"{head}: {text}", 300)), blocks[:MAX_BLOCKS]


def offer_message(call_id: str) -> tuple[str, list[Block]]:
    """`/hangup CA0123…` alone: say what it looks like, and offer the lookup."""
    shown = escape(clip(call_id, 100))
    text = f"`{shown}` looks like a call id. Look the call up at its provider?"
    return f"{shown} looks like a call id", [
        section(text),
        _button("Look up this call", LOOKUP_CALL, clip(call_id, 200)),
        context(f"Or type `/hangup call {shown}`."),
    ]


def problem_message(message: str) -> tuple[str, list[Block]]:
    return escape(clip(message, 300)), [section(escape(message))]


def pending_message(call_id: str) -> tuple[str, list[Block]]:
    text = f"Looking up call `{escape(clip(call_id, 100))}`…"
    return text, [context(text)]


def _value(label: str, value: str) -> str:
    if label == "Console" and value.startswith("https://"):
        return f"<{escape(value)}|open in the console>"
    return escape(value)


def _button(label: str, action: str, value: str) -> Block:
    return {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": action,
                "text": {"type": "plain_text", "text": label},
                "value": value,
            }
        ],
    }
