"""Answers as Slack Block Kit (plain dicts) with a plain-text fallback for notifications.

Everything shown is escaped for Slack's mrkdwn, so text a user typed (`<!channel>`, `<@U1>`,
`<http://x|y>`) stays inert. Limits: 50 blocks a message, 3,000 characters a section, 150 a
header; every card stays within them.
"""

from __future__ import annotations

import json
from typing import Any

from hangup_bot.answers.engine import NO_ANSWER_HINT, Answer
from hangup_bot.knowledge.entries import Catalog, Entry
from hangup_bot.render import usage
from hangup_bot.render.card import (
    MAX_HEADER,
    MAX_SECTION,
    Block,
    button,
    card,
    clip,
    context,
    header,
    link_buttons,
    section,
)
from hangup_bot.render.escaping import escape
from hangup_bot.render.verbatim import as_typed, cut
from hangup_bot.render.wording import label, primary, title

__all__ = ["MAX_HEADER", "MAX_SECTION", "Block", "clip", "context", "escape", "header", "section"]

MAX_BLOCKS = 50
MAX_OTHERS = 5  # buttons for other possibilities (one actions block)
SHARE_ACTION = "share_answer"
SHOW_ACTION = "show_cause"  # + "_N"; the value is the entry id, the card is shown privately
NOT_HELPFUL_ACTION = "not_helpful"
USAGE = usage.SLACK


def answer_message(
    answer: Answer,
    catalog: Catalog,
    *,
    share: bool = False,
    shared_by: str | None = None,
    surface: str = "slack",
) -> tuple[str, list[Block]]:
    """One best answer as a full card, then a compact list of the other possibilities, each
    with a button that shows its card privately; Share (when asked) and Not helpful."""
    if not answer.matches:
        return nothing_message(answer, catalog, surface=surface)
    best, *others = primary(answer)
    others += [m for m in answer.matches if m not in others and m is not best]
    blocks: list[Block] = []
    if answer.notes:
        blocks.append(context(escape(" ".join(answer.notes))))
    blocks += card(best.entry, catalog)
    buttons = link_buttons(best.entry, catalog)
    if share:
        buttons.append(
            button("Share in channel", SHARE_ACTION, clip(answer.query, 1900), style="primary")
        )
    buttons.append(not_helpful(answer, surface))
    blocks.append({"type": "actions", "elements": buttons})
    if others:
        blocks += other_possibilities([m.entry for m in others], catalog, exact=best.exact)
    if shared_by:
        blocks.append(
            context(f"Shared by <@{escape(shared_by)}> · asked: {as_typed(cut(answer.query))}")
        )
    return fallback(answer, catalog), blocks[:MAX_BLOCKS]


def other_possibilities(others: list[Entry], catalog: Catalog, exact: bool) -> list[Block]:
    """A short list, one line each, and a button per possibility (at most five)."""
    heading = "Also matching" if exact else "Other possibilities"
    lines = [
        f"• *{escape(catalog.provider(e.provider).name)} {escape(label(e))}*: "
        f"{escape(cut(e.description, 90))}"
        for e in others[:MAX_OTHERS]
    ]
    if len(others) > MAX_OTHERS:
        rest = ", ".join(f"{catalog.provider(e.provider).name} {label(e)}" for e in others[5:15])
        lines.append(escape(f"{len(others) - MAX_OTHERS} more: {rest}"))
    shown = [
        button(f"{catalog.provider(e.provider).name} {label(e)}", f"{SHOW_ACTION}_{i}", e.id)
        for i, e in enumerate(others[:MAX_OTHERS])
    ]
    return [
        section(f"*{heading}*\n" + "\n".join(lines)),
        {"type": "actions", "elements": shown},
    ]


def not_helpful(answer: Answer, surface: str) -> Block:
    """The button carries the question and what was answered, for the feedback table."""
    shown = [m.entry.id for m in answer.matches[:5]]
    value = json.dumps({"q": clip(answer.query, 1200), "a": shown, "s": surface[:20]})
    for char in "<>&":  # JSON escapes, so no raw mention or link rides in the payload either
        value = value.replace(char, f"\\u{ord(char):04x}")
    return button("Not helpful", NOT_HELPFUL_ACTION, value)


def cause_message(entry: Entry, catalog: Catalog) -> tuple[str, list[Block]]:
    """The full card of one cause, for the person who asked for it."""
    shown = card(entry, catalog)
    buttons = link_buttons(entry, catalog)
    if buttons:
        shown.append({"type": "actions", "elements": buttons})
    return escape(clip(f"{title(entry, catalog)}: {entry.description}", 300)), shown


def fallback(answer: Answer, catalog: Catalog) -> str:
    """What a notification or a screen reader shows."""
    if not answer.matches:
        return escape(" ".join(answer.notes) or "No hangup cause matches that.")
    top = answer.matches[0].entry
    text = f"{title(top, catalog)}: {top.description}"
    return escape(clip(text, 300))


def nothing_message(
    answer: Answer, catalog: Catalog, surface: str = "slack"
) -> tuple[str, list[Block]]:
    lines = [escape(n) for n in answer.notes]
    if not lines:
        asked = cut(answer.query)
        lines.append(
            f"No hangup cause matches {as_typed(asked)}."
            if asked
            else "Ask me about a hangup cause."
        )
    if answer.suggestions:
        lines.append(
            "*Nearest known codes:* "
            + ", ".join(
                escape(f"{catalog.provider(e.provider).name} {label(e)}")
                for e in answer.suggestions
            )
        )
    blocks = [
        section("\n".join(lines)),
        context(escape(NO_ANSWER_HINT)),
        {"type": "actions", "elements": [not_helpful(answer, surface)]},
    ]
    return fallback(answer, catalog), blocks


def help_message(greeting: bool = False) -> tuple[str, list[Block]]:
    """Usage with examples; after a greeting or a bare mention, a hello first."""
    shown = [section(USAGE), context(usage.SHORTCUT)]
    if greeting:
        shown.insert(0, section(usage.GREETING))
    return "How to ask hangup-bot", shown


def list_message(catalog: Catalog, provider_id: str | None) -> tuple[str, list[Block]]:
    """Every cause of one provider, by category; without a provider, the providers."""
    if provider_id is None or provider_id not in catalog.providers:
        known = ", ".join(f"`{p}` ({len(catalog.of(p))})" for p in catalog.providers)
        lead = f"Unknown provider “{escape(provider_id)}”. " if provider_id else ""
        return "Providers", [section(f"{lead}Try `/hangup list PROVIDER` with one of: {known}")]
    provider = catalog.provider(provider_id)
    blocks: list[Block] = [header(f"{provider.name}: {len(catalog.of(provider_id))} causes")]
    for category in provider.categories:
        members = [e for e in catalog.of(provider_id) if e.category == category.id]
        if members:
            text = f"*{escape(category.label)}*\n" + "\n".join(escape(label(e)) for e in members)
            blocks.append(section(text))
    if len(blocks) > MAX_BLOCKS:
        cut = context("List cut short; use `hangup list` in a terminal.")
        blocks = [*blocks[: MAX_BLOCKS - 1], cut]
    return f"{provider.name} hangup causes", blocks


def home_view(catalog: Catalog) -> dict[str, Any]:
    """The App Home tab: what the bot does, how to ask, what it knows."""
    counts = "\n".join(
        f"• *{escape(p.name)}*: {len(catalog.of(p.id))} causes" for p in catalog.providers.values()
    )
    return {
        "type": "home",
        "blocks": [
            header("hangup-bot: why did this call end?"),
            section(
                "I explain call hangup causes from Plivo, Vobiz, Bolna, Retell AI, Twilio, "
                "Telnyx, SIP and FreeSWITCH: what the cause means, who hung up, what to do next, "
                "where to look in the provider's console, and the same event in the other "
                "providers' terms."
            ),
            section(USAGE),
            section(f"*What I know* ({len(catalog)} causes)\n{counts}"),
            section(usage.SHORTCUT),
        ],
    }
