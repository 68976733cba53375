"""One cause as a Slack card that reads in seconds: the verdict first (who ended the call, is
there anything to do, will a retry help), then what it means, what to do, where to look, the
same event in other terms on one line, and link buttons."""

from __future__ import annotations

from typing import Any

from hangup_bot.knowledge.entries import Catalog, Entry
from hangup_bot.render.escaping import escape
from hangup_bot.render.links import calls_link, docs_link
from hangup_bot.render.wording import equivalents, label, path, signalling, title

Block = dict[str, Any]
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_BUTTON = 75
LINK_ACTION = "open_link"  # url buttons still send an action; it is acknowledged and ignored

ACTION_NEEDED = {
    "expected": "No, a normal outcome",
    "destination": "No, the called party decided",
    "needs_action": "Yes, on your side",
    "carrier": "Only if it repeats (carrier or network)",
    "platform": "Yes, tell the provider's support",
}


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section(markdown: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(markdown, MAX_SECTION)}}


def context(markdown: str) -> Block:
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": clip(markdown, MAX_SECTION)}],
    }


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, MAX_HEADER)}}


def button(text: str, action_id: str, value: str | None = None, **extra: Any) -> Block:
    found: Block = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": clip(text, MAX_BUTTON)},
        **extra,
    }
    if value is not None:
        found["value"] = value
    return found


def verdict(entry: Entry, catalog: Catalog) -> Block:
    """Who ended the call, whether it needs action, whether a retry helps: bold fields."""
    fields = [
        ("Ended by", entry.source or "not recorded for this cause"),
        ("Needs action", ACTION_NEEDED[entry.severity]),
        ("Retry", "can help" if entry.retry else "won't help"),
        ("Category", catalog.category_of(entry).label),
    ]
    if entry.call_status:
        fields.append(("Call status", entry.call_status))
    numbers = signalling(entry)
    if numbers:
        fields.append(("Signalling", numbers))
    if entry.deprecated:
        fields.append(("Still sent", "no, older data only"))
    return {
        "type": "section",
        "fields": [{"type": "mrkdwn", "text": f"*{name}:* {escape(v)}"} for name, v in fields],
    }


def same_event(entry: Entry, catalog: Catalog) -> str | None:
    groups = equivalents(entry, catalog)
    if not groups:
        return None
    parts = [
        f"{escape(name)} " + ", ".join(escape(_named(e)) for e in items) for name, items in groups
    ]
    return "*Same event:* " + " · ".join(parts)


def card(entry: Entry, catalog: Catalog) -> list[Block]:
    """The blocks of one cause, without buttons."""
    blocks = [
        header(title(entry, catalog)),
        verdict(entry, catalog),
        section(f"*What it means*\n{escape(entry.description)}"),
        section(
            "*What to do*\n"
            + "\n".join(f"{i}. {escape(step)}" for i, step in enumerate(entry.next_steps, 1))
        ),
    ]
    if entry.console_paths:
        looks = "\n".join(escape(path(p)) for p in entry.console_paths)
        blocks.append(section(f"*Where to look*\n{looks}"))
    extra = [text for text in (same_event(entry, catalog),) if text]
    if entry.note:
        extra.append(f"Note: {escape(entry.note)}")
    support = catalog.provider(entry.provider).support
    if entry.severity == "platform" and support:
        extra.append(escape(support))
    if extra:
        blocks.append(context(" · ".join(extra)))
    return blocks


def link_buttons(entry: Entry, catalog: Catalog) -> list[Block]:
    """Open call logs, the code's documentation, the team's runbook: whichever exist."""
    links = [
        ("Open call logs", calls_link(entry, catalog)),
        ("Docs", docs_link(entry, catalog)),
        ("Runbook", entry.runbook),
    ]
    return [
        button(text, f"{LINK_ACTION}_{i}", url=url) for i, (text, url) in enumerate(links) if url
    ]


def _named(entry: Entry) -> str:
    return f'"{entry.code}"' if " " in entry.code else label(entry)
