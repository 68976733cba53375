"""An incident as a Slack alert message: provider and account, the window's count, share and
rate, the codes it was seen as, linked sample calls, caller IDs, meaning, next steps, buttons."""

from __future__ import annotations

import time
from typing import Any

from hangup_bot.knowledge.entries import Catalog, Entry
from hangup_bot.knowledge.figures import Figures
from hangup_bot.render.alert_parts import (
    ACK_ACTION,
    MUTE_ACTIONS,
    RESOLVE_ACTION,
    UNMUTE_ACTION,
    buttons,
    inert,
    sample_link,
)
from hangup_bot.render.blocks import MAX_BLOCKS, Block, clip, context, escape, header, section
from hangup_bot.render.wording import path

__all__ = ["ACK_ACTION", "MUTE_ACTIONS", "RESOLVE_ACTION", "UNMUTE_ACTION", "incident_message"]


def when(epoch: float) -> str:
    """A Slack date token: each reader sees it in their own time zone."""
    fallback = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(epoch))
    return f"<!date^{int(epoch)}^{{date_short_pretty}} {{time}}|{fallback}>"


def rate(per_minute: float) -> str:
    if per_minute >= 3 or per_minute == int(per_minute):
        return f"≈{per_minute:,.0f}/min"
    return f"≈{per_minute:.1f}/min"


def _providers(figures: Figures, catalog: Catalog) -> str:
    names = [catalog.provider(p).name if p in catalog.providers else p for p in figures.providers]
    return " + ".join(names) or "provider"


def lines_of(incident: dict[str, Any], figures: Figures, catalog: Catalog) -> tuple[str, str]:
    """The one-line summary (plain words) and its headline figures, shared by header and text."""
    who = _providers(figures, catalog)
    if figures.accounts:
        who += f" (account {', '.join(figures.accounts)})"
    if incident["status"] == "resolved" or not figures.count:
        calls = figures.since_opened
        return who, f"{calls:,} call{'s' * (calls != 1)}"
    share = f", {figures.share:.0%}" if figures.share is not None else ""
    calls = f"{figures.count:,} call{'s' * (figures.count != 1)}"
    return who, f"{calls}{share}, {rate(figures.per_minute)}"


def incident_message(
    incident: dict[str, Any],
    catalog: Catalog,
    figures: Figures,
    mute: dict[str, Any] | None = None,
) -> tuple[str, list[Block]]:
    """The alert's fallback text and blocks, from the incident row and its figures."""
    entry = next((catalog.get(c) for c in figures.by_code if catalog.get(c)), None)
    resolved = incident["status"] == "resolved"
    mark = "✅ Resolved:" if resolved else "🔴"
    who, headline = lines_of(incident, figures, catalog)
    title = str(incident["title"])
    lead = f"{mark} {title} · {who}: {headline}"
    lines = []
    if figures.count and not resolved:
        share = f" ({figures.share:.0%})" if figures.share is not None else ""
        lines.append(
            f"*{figures.count:,} of {figures.total:,} {escape(_providers(figures, catalog))} "
            f"calls in the last {figures.window_minutes} min{share}* · "
            f"{rate(figures.per_minute)}"
        )
    lines.append(
        f"{figures.since_opened:,} call{'s' * (figures.since_opened != 1)} since "
        f"{when(incident['first_seen'])} · last {when(incident['last_seen'])}"
    )
    if figures.accounts:
        lines.append("*Account:* " + ", ".join(escape(a) for a in figures.accounts))
    if figures.by_code:
        lines.append(
            "*Seen as:* "
            + ", ".join(f"{escape(_name(c, catalog))}: {n:,}" for c, n in figures.by_code.items())
        )
    if figures.samples:
        lines.append("*Sample calls:* " + ", ".join(sample_link(s) for s in figures.samples))
    if figures.callers:
        lines.append(
            "*Caller IDs (From):* "
            + ", ".join(f"{escape(clip(n, 40))} ({c:,})" for n, c in figures.callers)
        )
    blocks: list[Block] = [header(inert(lead)), section("\n".join(lines))]
    if entry:
        blocks += _meaning(entry)
    muted = bool(mute and mute["until"] > time.time())
    notes = []
    if incident["acknowledged_by"]:
        notes.append(
            f"Acknowledged by <@{escape(incident['acknowledged_by'])}> "
            f"{when(incident['acknowledged_at'])}"
        )
    if muted:
        by = f" by <@{escape(mute['muted_by'])}>" if mute.get("muted_by") else ""
        notes.append(f"Muted until {when(mute['until'])}{by}")
    if resolved:
        by = f" by <@{escape(incident['resolved_by'])}>" if incident.get("resolved_by") else ""
        notes.append(f"Resolved {when(incident['resolved_at'])}{by}")
    if notes:
        blocks.append(context(" · ".join(notes)))
    if not resolved:
        blocks.append(buttons(incident, muted))
    return clip(escape(lead), 300), blocks[:MAX_BLOCKS]


def _meaning(entry: Entry) -> list[Block]:
    found = [
        section(f"*What it means*\n{escape(entry.description)}"),
        section(
            "*What to do*\n"
            + "\n".join(f"{i}. {escape(s)}" for i, s in enumerate(entry.next_steps, 1))
        ),
    ]
    if entry.console_paths:
        found.append(
            section("*Where to look*\n" + "\n".join(escape(path(p)) for p in entry.console_paths))
        )
    return found


def _name(code: str, catalog: Catalog) -> str:
    entry = catalog.get(code)
    if not entry:
        return code
    provider = catalog.provider(entry.provider).name
    return f"{provider} {entry.code}" + ("" if entry.code == entry.cause else f" {entry.cause}")
