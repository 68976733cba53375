"""Answer -> a plain dictionary (the `--json` contract) and the wording every surface shares."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from hangup_bot.answers.engine import Answer
from hangup_bot.answers.matching import Match
from hangup_bot.knowledge.entries import SEVERITIES, Catalog, Entry

ARROW = " → "


def entry_dict(entry: Entry, catalog: Catalog) -> dict[str, Any]:
    provider = catalog.provider(entry.provider)
    category = catalog.category_of(entry)
    return {
        "id": entry.id,
        "provider": entry.provider,
        "provider_name": provider.name,
        "code": entry.code,
        "cause": entry.cause,
        "category": category.name,
        "category_range": list(category.range) if category.range else None,
        "description": entry.description,
        "hangup_source": entry.source,
        "severity": entry.severity,
        "retry_can_help": entry.retry,
        "next_steps": list(entry.next_steps),
        "console_paths": [list(p) for p in entry.console_paths],
        "related": [{"provider": r.provider, "code": r.code} for r in entry.related],
        "related_by_provider": {
            p: [e.code for e in group] for p, group in _grouped_ids(entry, catalog)
        },
        "q850": list(entry.q850),
        "sip_responses": list(entry.sip),
        "sip_sent": entry.sip_sent,
        "note": entry.note,
        "call_status": entry.call_status,
        "deprecated": entry.deprecated,
        "docs": entry.docs,
        "runbook": entry.runbook,
        "reference": asdict(entry.reference) if entry.reference else None,
        "support": provider.support,
    }


def answer_dict(answer: Answer, catalog: Catalog) -> dict[str, Any]:
    return {
        "query": answer.query,
        "matches": [{**entry_dict(m.entry, catalog), "why": m.why} for m in answer.matches],
        "notes": list(answer.notes),
        "suggestions": [
            {"provider": e.provider, "code": e.code, "cause": e.cause} for e in answer.suggestions
        ],
        "hint": answer.hint,
    }


def title(entry: Entry, catalog: Catalog) -> str:
    provider = catalog.provider(entry.provider).name
    if entry.code == entry.cause:
        return f"{entry.cause} ({provider})"
    return f"{entry.code} {entry.cause} ({provider})"


def facts(entry: Entry, catalog: Catalog) -> list[str]:
    """Short facts shown under the title: category, who hangs up, severity, retry."""
    out = [catalog.category_of(entry).label]
    if entry.source:
        out.append(f"hung up by: {entry.source}")
    if entry.call_status:
        out.append(f"call status: {entry.call_status}")
    out.append(SEVERITIES[entry.severity])
    out.append("retrying can help" if entry.retry else "retrying won't help")
    if entry.deprecated:
        out.append("no longer sent (older data)")
    return out


def signalling(entry: Entry) -> str | None:
    """Q.850 and SIP numbers of an entry, for one line under its facts."""
    parts = []
    if entry.q850:
        parts.append("Q.850 " + ", ".join(map(str, entry.q850)))
    if entry.sip and entry.sip != (entry.number,):
        parts.append("from SIP " + ", ".join(map(str, entry.sip)))
    if entry.sip_sent:
        parts.append(f"sends SIP {entry.sip_sent}")
    return " · ".join(parts) or None


def path(steps: tuple[str, ...]) -> str:
    return ARROW.join(steps)


def equivalents(entry: Entry, catalog: Catalog) -> list[tuple[str, list[Entry]]]:
    """Related entries grouped by provider, most common providers first."""
    groups: dict[str, list[Entry]] = {}
    for other in catalog.related(entry):
        groups.setdefault(other.provider, []).append(other)
    order = sorted(groups, key=lambda p: (catalog.provider(p).rank, p))
    return [(catalog.provider(p).name, groups[p]) for p in order]


def label(entry: Entry) -> str:
    if entry.code == entry.cause:
        return entry.code
    return f"{entry.code} {entry.cause}"


def primary(answer: Answer) -> list[Match]:
    """Matches worth a full card: one per event, leaving out inherited copies of a shown code."""
    shown: list[Match] = []
    codes = set()
    for match in answer.matches:
        if match.entry.code in codes and match.entry.code.isdigit():
            continue
        codes.add(match.entry.code)
        shown.append(match)
    return shown


def _grouped_ids(entry: Entry, catalog: Catalog) -> list[tuple[str, list[Entry]]]:
    grouped: dict[str, list[Entry]] = {}
    for other in catalog.related(entry):
        grouped.setdefault(other.provider, []).append(other)
    return list(grouped.items())
