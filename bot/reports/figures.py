"""The figures of a report, from counted calls: totals, the answered share, the top causes, the
categories, who hung up, the change against the previous period of the same length, and the
series the chart draws. Pure: the callers count (SQL, a CSV file), this adds up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from hangup_bot.knowledge.entries import Catalog
from hangup_bot.reports.groups import GROUPS, Group, group_of


class ReportError(ValueError):
    """Bad input for a report: the message says what is accepted."""


@dataclass(frozen=True)
class Span:
    name: str  # "24h"
    seconds: int
    bucket: int  # seconds per bar of the chart
    label: str  # "24 h"

    @property
    def buckets(self) -> int:
        return max(1, self.seconds // self.bucket) if self.bucket else 1


SPANS = {
    "24h": Span("24h", 86400, 3600, "24 h"),
    "7d": Span("7d", 7 * 86400, 86400, "7 days"),
    "30d": Span("30d", 30 * 86400, 86400, "30 days"),
}
WHOLE_FILE = Span("file", 0, 0, "the whole export")


def parse_span(text: str | None) -> Span:
    key = (text or "24h").strip().lower()
    if key not in SPANS:
        raise ReportError(f"Unknown period {text!r}: use one of {', '.join(SPANS)}.")
    return SPANS[key]


@dataclass(frozen=True)
class Tally:
    """`count` calls with one cause in one bar: `bucket` 0 is the period's oldest bar; the
    previous period's calls have negative buckets. `answered` is None when nobody said."""

    bucket: int
    provider: str
    code: str
    source: str | None
    answered: bool | None
    count: int = 1


@dataclass(frozen=True)
class CauseCount:
    label: str  # "3010 Busy Line"
    provider: str  # the provider's name
    category: str  # the provider's own category, "Call Rejections"
    group: Group
    count: int
    previous: int


@dataclass(frozen=True)
class Report:
    span: Span
    start: float  # epoch seconds; the period is [start, end)
    end: float
    provider: str | None  # the provider's name when the report is for one
    calls: int
    answered: int
    previous_calls: int
    previous_answered: int
    causes: tuple[CauseCount, ...]  # most calls first
    groups: tuple[tuple[Group, int, int], ...]  # (group, calls, previous calls), most first
    sources: tuple[tuple[str, int], ...]  # who hung up, most first
    series: dict[str, list[int]] = field(default_factory=dict)  # group id -> calls per bar
    notes: tuple[str, ...] = ()  # what a CSV reader used and skipped

    def share(self, count: int) -> float:
        return count / self.calls if self.calls else 0.0

    def previous_share(self, count: int) -> float | None:
        return count / self.previous_calls if self.previous_calls else None

    def bucket_start(self, index: int) -> float:
        return self.start + index * self.span.bucket


def build(
    tallies: Iterable[Tally],
    catalog: Catalog,
    span: Span,
    end: float,
    provider: str | None = None,
    notes: tuple[str, ...] = (),
) -> Report:
    """Add up `tallies` into the report of the `span` ending at `end`."""
    causes: Counter = Counter()
    previous: Counter = Counter()
    sources: Counter = Counter()
    answered = [0, 0]  # this period, the previous one
    series = {g.id: [0] * span.buckets for g in GROUPS}
    entries: dict[tuple[str, str], object] = {}
    for t in tallies:
        key = (t.provider, t.code)
        if key not in entries:
            entries[key] = catalog.get(f"{t.provider}:{t.code}")
        entry = entries[key]
        ok = t.answered if t.answered is not None else bool(entry and entry.severity == "expected")
        if t.bucket < 0:
            previous[key] += t.count
            answered[1] += t.count if ok else 0
            continue
        causes[key] += t.count
        answered[0] += t.count if ok else 0
        sources[_who(t.source or (entry.source if entry else None))] += t.count
        series[group_of(entry).id][min(t.bucket, span.buckets - 1)] += t.count
    lines = [_cause(catalog, key, entries[key], n, previous[key]) for key, n in causes.items()]
    lines += [
        _cause(catalog, key, entries[key], 0, n) for key, n in previous.items() if key not in causes
    ]
    lines.sort(key=lambda c: (-c.count, -c.previous, c.label))
    groups = [
        (
            g,
            sum(c.count for c in lines if c.group == g),
            sum(c.previous for c in lines if c.group == g),
        )
        for g in GROUPS
    ]
    return Report(
        span=span,
        start=end - span.seconds,
        end=end,
        provider=catalog.providers[provider].name if provider in catalog.providers else provider,
        calls=sum(causes.values()),
        answered=answered[0],
        previous_calls=sum(previous.values()),
        previous_answered=answered[1],
        causes=tuple(lines),
        groups=tuple(sorted((g for g in groups if g[1] or g[2]), key=lambda g: (-g[1], -g[2]))),
        sources=tuple(sources.most_common()),
        series={k: v for k, v in series.items() if any(v)},
        notes=notes,
    )


def _cause(catalog: Catalog, key: tuple[str, str], entry, count: int, before: int) -> CauseCount:
    provider, code = key
    if entry is None:
        name = catalog.providers[provider].name if provider in catalog.providers else provider
        return CauseCount(code, name, "unknown code", group_of(None), count, before)
    label = f"{entry.code} {entry.cause}" if entry.code != entry.cause else entry.code
    return CauseCount(
        label,
        catalog.providers[entry.provider].name,
        catalog.category_of(entry).name,
        group_of(entry),
        count,
        before,
    )


def _who(source: str | None) -> str:
    text = (source or "").strip()
    if not text:
        return "Unknown"
    return text[0].upper() + text[1:] if text.islower() else text


def percent(share: float) -> str:
    """20% or 20.5%: one decimal at most, none when it is whole."""
    text = f"{share * 100:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def change(now: float, before: float | None) -> str:
    """The change of a share in percentage points, `+5 pp`, or `new` with nothing before."""
    if before is None:
        return "new"
    points = (now - before) * 100
    if abs(points) < 0.05:
        return "±0 pp"
    text = f"{points:+.1f}"
    return (text[:-2] if text.endswith(".0") else text) + " pp"


def count_change(now: int, before: int, span: Span) -> str:
    """`+12% against the previous 24 h (89 calls)`."""
    if span is WHOLE_FILE:
        return ""
    if not before:
        return f"no calls in the previous {span.label}"
    rate = (now - before) / before * 100
    return f"{rate:+.0f}% against the previous {span.label}, {before:,} calls"
