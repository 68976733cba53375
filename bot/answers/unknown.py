"""Saying something useful about a code or value the catalog does not hold: the category whose
range holds it, the nearest codes, or that a reason may be newer than the catalog."""

from __future__ import annotations

import re
from collections.abc import Collection

from rapidfuzz import fuzz, process

from hangup_bot.answers.results import Result
from hangup_bot.knowledge.entries import Catalog, Category

CAUSE_NAMES = "sip"  # the provider of hangup_cause names (USER_BUSY), shown first for SIP/Q.850


def via_sources(catalog: Catalog, code: str, result: Result) -> str | None:
    """A provider that reports another's codes (Bolna's hangup_by) gets a note on them."""
    for pid in result.providers:
        provider = catalog.providers.get(pid)
        statuses = [s for s in provider.sources if code in s.codes] if provider else []
        if statuses:
            for status in statuses:
                side = f" ({status.direction} calls)" if status.direction else ""
                result.notes.append(
                    f"{provider.name} reports {code} with hangup_by {status.name}{side}: "
                    f"{status.description}"
                )
            return next(
                (
                    p
                    for p in catalog.providers
                    if p != pid and any(e.code == code for e in catalog.of(p))
                ),
                None,
            )
    return None


def explain_unknown(
    catalog: Catalog, value: int, result: Result, kind: str = "hangup code"
) -> None:
    """Name the category whose range holds an undefined number, and its nearest codes."""
    if kind == "hangup code":
        scope = [p for p in result.providers if catalog.of(p)] or list(catalog.providers)
    else:
        scope = [CAUSE_NAMES if kind == "SIP response" else "q850"]
    for pid in scope:
        numeric = [e for e in catalog.of(pid) if e.number is not None]
        if not numeric:
            continue
        provider = catalog.providers[pid]
        where = _where(value, provider.categories)
        if where is None:
            continue
        near = sorted(numeric, key=lambda e: (abs(e.number - value), e.number))[:3]
        if kind == "hangup code":
            result.notes.append(f"{value} is not a {provider.name} hangup code; {where}.")
        else:
            result.notes.append(f"{kind} {value} is not in the catalog; {where}.")
        result.suggestions += [e for e in near if e not in result.suggestions]
        return
    if kind == "hangup code" and value < 10000:  # five digits may be anything: stay quiet
        result.notes.append(f"No provider in the catalog defines code {value}.")


def unknown_values(catalog: Catalog, known: Collection[str], text: str, result: Result) -> None:
    """A reason-shaped value (dial_busy, USER_BUSY) that no entry has: say so, kindly."""
    for value in _SNAKE.findall(text):
        if value.lower() in known or _is_field_name(value, text) or _is_identifier(value):
            continue
        named = [
            catalog.providers[p]
            for p in result.providers
            if not any(e.number is not None for e in catalog.of(p))
        ]
        who = named[0].name if named else "any provider"
        close = _closest(catalog, value, [p.id for p in named] or list(catalog.providers))
        result.suggestions += [e for e in close if e not in result.suggestions]
        result.notes.append(
            f"{value} is not a value of {who} that this catalog knows; it may be newer than "
            "the catalog. "
            + (
                "The closest known ones follow."
                if result.suggestions or result.matches
                else "No known value is close to it."
            )
        )
        return


def _closest(catalog: Catalog, value: str, providers: list[str]) -> list:
    """Known values spelled most like `value` (dial_busy for dial_bussy), best first."""
    entries = [e for p in providers for e in catalog.of(p) if e.number is None]
    found = process.extract(
        value.lower(), [e.code.lower() for e in entries], scorer=fuzz.ratio, limit=3
    )
    return [entries[i] for _code, score, i in found if score >= 60]


_SNAKE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b")


def _is_identifier(value: str) -> bool:
    """A call id's tail (`v3:S_AwERIk`): a reason is written all in one case."""
    return not (value.islower() or value.isupper())


def _is_field_name(value: str, text: str) -> bool:
    return re.search(re.escape(value) + r"\s*[:=]", text) is not None


def _where(value: int, categories: tuple[Category, ...]) -> str | None:
    ranged = sorted((c for c in categories if c.range), key=lambda c: c.range)
    for category in ranged:
        if category.contains(value):
            return f"it lies in the range of {category.label}"
    below = [c for c in ranged if c.range[1] < value]
    above = [c for c in ranged if c.range[0] > value]
    if below and above and value // 1000 in (below[-1].range[1] // 1000, above[0].range[0] // 1000):
        return f"it lies between {below[-1].label} and {above[0].label}"
    return None
