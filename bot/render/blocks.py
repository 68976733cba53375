"""Answers as Slack Block Kit (plain dicts) with a plain-text fallback for notifications.

Everything shown is escaped for Slack's mrkdwn, so text a user typed (`<!channel>`, `<@U1>`,
`<http://x|y>`) stays inert. Limits: 50 blocks a message, 3,000 characters a section, 150 a
header; every card stays within them.
"""

from __future__ import annotations

from typing import Any

from hangup_bot.answers.engine import NO_ANSWER_HINT, Answer
from hangup_bot.knowledge.entries import Catalog, Entry
from hangup_bot.render.wording import equivalents, facts, label, path, primary, signalling, title

Block = dict[str, Any]
MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_CARDS = 3
SHARE_ACTION = "share_answer"
USAGE = (
    "*Ask me about a hangup cause*\n"
    "• `/hangup 6020` a code (also `err 6020`, `HangupCauseCode=6020`)\n"
    "• `/hangup vobiz 5030` a provider's code\n"
    "• `/hangup USER_BUSY`, `/hangup retell dial_busy` a cause as the provider sends it\n"
    "• `/hangup sip 486`, `/hangup cause 17` SIP responses and Q.850 causes\n"
    "• `/hangup calls drop after a minute of silence` plain words\n"
    "• `/hangup list plivo` every cause of a provider\n"
    "• `/hangup alerts`, `/hangup mute 3130 2h`, `/hangup unmute 3130` open alerts and mutes\n"
    "• `/hangup report 7d plivo` causes over 24h, 7d or 30d, with a chart\n"
    "Mention me (`@hangup-bot 3130?`) or message me directly to get the answer in a thread."
)


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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


def card(entry: Entry, catalog: Catalog) -> list[Block]:
    """One cause: header, facts, meaning, steps, where to look, equivalents, links."""
    looks = (
        (section("*Where to look*\n" + "\n".join(escape(path(p)) for p in entry.console_paths)),)
        if entry.console_paths
        else ()
    )
    blocks = [
        header(title(entry, catalog)),
        context(escape(" · ".join(filter(None, [*facts(entry, catalog), signalling(entry)])))),
        section(f"*What it means*\n{escape(entry.description)}"),
        section(
            "*What to do*\n"
            + "\n".join(f"{i}. {escape(step)}" for i, step in enumerate(entry.next_steps, 1))
        ),
        *looks,
    ]
    groups = equivalents(entry, catalog)
    if groups:
        lines = [
            f"• *{escape(name)}:* " + ", ".join(escape(_named(e)) for e in items)
            for name, items in groups
        ]
        blocks.append(section("*Same event in other terms*\n" + "\n".join(lines)))
    extra = []
    if entry.note:
        extra.append(f"Note: {escape(entry.note)}")
    for name, url in (("Runbook", entry.runbook), ("Docs", entry.docs)):
        if url:
            extra.append(f"<{escape(url)}|{name}>")
    if entry.severity == "platform" and catalog.provider(entry.provider).support:
        extra.append(escape(catalog.provider(entry.provider).support))
    if extra:
        blocks.append(context(" · ".join(extra)))
    return blocks


def answer_message(
    answer: Answer, catalog: Catalog, *, share: bool = False, shared_by: str | None = None
) -> tuple[str, list[Block]]:
    """The fallback text and the blocks for an answer, with a Share button when asked."""
    if not answer.matches:
        return nothing_message(answer, catalog)
    cards = primary(answer)
    shown, rest = cards[:MAX_CARDS], cards[MAX_CARDS:]
    blocks: list[Block] = []
    if answer.notes:
        blocks.append(context(escape(" ".join(answer.notes))))
    for i, match in enumerate(shown):
        if i:
            blocks.append({"type": "divider"})
        blocks += card(match.entry, catalog)
    others = [m.entry for m in answer.matches if m not in shown]
    if others:
        more = f"{len(rest)} more not shown. " if rest else ""
        blocks.append(
            context(
                escape(
                    more
                    + "Also matching: "
                    + ", ".join(
                        f"{catalog.provider(e.provider).name} {label(e)}" for e in others[:10]
                    )
                )
            )
        )
    if shared_by:
        blocks.append(
            context(f"Shared by <@{escape(shared_by)}> · asked: {escape(clip(answer.query, 200))}")
        )
    if share:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": SHARE_ACTION,
                        "style": "primary",
                        "text": {"type": "plain_text", "text": "Share in channel"},
                        "value": clip(answer.query, 1900),
                    }
                ],
            }
        )
    return fallback(answer, catalog), blocks[:MAX_BLOCKS]


def fallback(answer: Answer, catalog: Catalog) -> str:
    """What a notification or a screen reader shows."""
    if not answer.matches:
        return escape(" ".join(answer.notes) or "No hangup cause matches that.")
    top = answer.matches[0].entry
    text = f"{title(top, catalog)}: {top.description}"
    return escape(clip(text, 300))


def nothing_message(answer: Answer, catalog: Catalog) -> tuple[str, list[Block]]:
    lines = [escape(n) for n in answer.notes]
    if not lines:
        asked = clip(" ".join(answer.query.split()), 120)
        lines.append(
            f"No hangup cause matches “{escape(asked)}”."
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
    blocks = [section("\n".join(lines)), context(escape(NO_ANSWER_HINT))]
    return fallback(answer, catalog), blocks


def help_message() -> tuple[str, list[Block]]:
    return "How to ask hangup-bot", [section(USAGE)]


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
            context(
                "Add a message shortcut “Explain hangup causes” on any alert to explain the codes "
                "in it."
            ),
        ],
    }


def _named(entry: Entry) -> str:
    return f'"{entry.code}"' if " " in entry.code else label(entry)
