"""An incident as a Slack alert message: counts, times, samples, meaning, next steps, buttons."""

from __future__ import annotations

import json
import time
from typing import Any

from hangup_bot.knowledge.entries import Catalog, Entry
from hangup_bot.render.blocks import MAX_BLOCKS, Block, clip, context, escape, header, section
from hangup_bot.render.wording import path

ACK_ACTION = "incident_ack"
MUTE_ACTIONS = {"incident_mute_1h": 3600, "incident_mute_24h": 24 * 3600}


def when(epoch: float) -> str:
    """A Slack date token: each reader sees it in their own time zone."""
    fallback = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(epoch))
    return f"<!date^{int(epoch)}^{{date_short_pretty}} {{time}}|{fallback}>"


def incident_message(
    incident: dict[str, Any], catalog: Catalog, mute: dict[str, Any] | None = None
) -> tuple[str, list[Block]]:
    """The alert's fallback text and blocks, from the incident row as stored."""
    codes = json.loads(incident["providers"])
    entry = _entry(codes, catalog)
    count, total = incident["count"], incident["total"]
    resolved = incident["status"] == "resolved"
    mark = "✅ Resolved:" if resolved else "🔴"
    lead = f"{mark} {incident['title']}: {count:,} call{'s' * (count != 1)}"
    share = f" ({count / total:.0%} of calls in the window)" if total and not resolved else ""
    lines = [
        f"*{count:,} calls*{share} · first {when(incident['first_seen'])} · "
        f"last {when(incident['last_seen'])}"
    ]
    by_code = ", ".join(f"{escape(_name(c, catalog))}: {n:,}" for c, n in codes.items())
    lines.append(f"*Seen as:* {by_code}")
    samples = json.loads(incident["samples"])
    if samples:
        lines.append("*Sample calls:* " + ", ".join(f"`{escape(s)}`" for s in samples))
    numbers = json.loads(incident["numbers"])
    if numbers:
        lines.append("*Numbers:* " + ", ".join(escape(n) for n in numbers))
    blocks: list[Block] = [header(lead), section("\n".join(lines))]
    if entry:
        blocks.append(section(f"*What it means*\n{escape(entry.description)}"))
        blocks.append(
            section(
                "*What to do*\n"
                + "\n".join(f"{i}. {escape(s)}" for i, s in enumerate(entry.next_steps, 1))
            )
        )
        if entry.console_paths:
            blocks.append(
                section(
                    "*Where to look*\n" + "\n".join(escape(path(p)) for p in entry.console_paths)
                )
            )
    notes = []
    if incident["acknowledged_by"]:
        notes.append(
            f"Acknowledged by <@{escape(incident['acknowledged_by'])}> "
            f"{when(incident['acknowledged_at'])}"
        )
    if mute and mute["until"] > time.time():
        by = f" by <@{escape(mute['muted_by'])}>" if mute.get("muted_by") else ""
        notes.append(f"Muted until {when(mute['until'])}{by}")
    if resolved:
        notes.append(f"Resolved {when(incident['resolved_at'])}")
    if notes:
        blocks.append(context(" · ".join(notes)))
    if not resolved:
        blocks.append(_buttons(incident))
    return clip(lead, 300), blocks[:MAX_BLOCKS]


def _buttons(incident: dict[str, Any]) -> Block:
    value = str(incident["id"])
    elements = []
    if not incident["acknowledged_by"]:
        elements.append(
            {
                "type": "button",
                "action_id": ACK_ACTION,
                "value": value,
                "style": "primary",
                "text": {"type": "plain_text", "text": "Acknowledge"},
            }
        )
    elements += [
        {
            "type": "button",
            "action_id": "incident_mute_1h",
            "value": value,
            "text": {"type": "plain_text", "text": "Mute 1 h"},
        },
        {
            "type": "button",
            "action_id": "incident_mute_24h",
            "value": value,
            "text": {"type": "plain_text", "text": "Mute 24 h"},
        },
    ]
    return {"type": "actions", "elements": elements}


def _entry(codes: dict[str, int], catalog: Catalog) -> Entry | None:
    for code in codes:
        entry = catalog.get(code)
        if entry:
            return entry
    return None


def _name(code: str, catalog: Catalog) -> str:
    entry = catalog.get(code)
    if not entry:
        return code
    provider = catalog.provider(entry.provider).name
    return f"{provider} {entry.code}" + ("" if entry.code == entry.cause else f" {entry.cause}")
