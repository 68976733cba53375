"""Alert policy: which hangups open an incident, where it goes, when its message changes. Pure.

Rules come from YAML (`alerts.yml` in the package, or the file `ALERT_RULES` names); every value
has a sensible default, and a bad value is reported by file and key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hangup_bot.knowledge.entries import Catalog
from hangup_bot.knowledge.events import HangupEvent

SEVERITY_THRESHOLDS = {
    "carrier": (20, 0.10),
    "platform": (10, 0.05),
    "needs_action": (20, 0.10),
    "destination": (50, 0.50),
}


class RulesError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Route:
    channel: str
    provider: str | None = None
    category: str | None = None
    code: str | None = None

    def matches(self, event: HangupEvent, category: str | None) -> bool:
        return (
            (self.provider is None or self.provider == event.provider)
            and (self.code is None or self.code == event.code)
            and (self.category is None or (category or "").lower() == self.category.lower())
        )


@dataclass(frozen=True)
class AlertRules:
    channel: str | None = None
    routes: tuple[Route, ...] = ()
    first_sight: frozenset[str] = frozenset()
    thresholds: dict[str, tuple[int, float]] = field(
        default_factory=lambda: dict(SEVERITY_THRESHOLDS)
    )
    window_seconds: int = 600
    update_seconds: int = 60
    resolve_after_seconds: int = 1800
    remind_after_seconds: int = 4 * 3600
    split_by: str = "none"  # "none", "caller" or "destination_prefix"
    prefix_digits: int = 4
    samples: int = 5
    lease_seconds: int = 30
    retention_days: int = 30

    @property
    def enabled(self) -> bool:
        return bool(self.channel or self.routes)

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], default_channel: str | None, source: str
    ) -> AlertRules:
        problems: list[str] = []

        def number(key: str, default: float, kind: type = int) -> Any:
            value = data.get(key, default)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                problems.append(f"{source}: {key} must be a positive number")
                return default
            return kind(value)

        routes = []
        for i, item in enumerate(data.get("routes") or []):
            if (
                not isinstance(item, dict)
                or not item.get("channel")
                or set(item) - {"channel", "provider", "category", "code"}
            ):
                problems.append(
                    f"{source}: routes[{i}] needs a channel and may match provider, "
                    "category or code"
                )
                continue
            routes.append(
                Route(
                    str(item["channel"]),
                    item.get("provider"),
                    item.get("category"),
                    None if item.get("code") is None else str(item["code"]),
                )
            )
        thresholds = dict(SEVERITY_THRESHOLDS)
        for severity, limit in (data.get("thresholds") or {}).items():
            if not isinstance(limit, dict) or not {"min_calls", "min_share"} <= set(limit):
                problems.append(f"{source}: thresholds.{severity} needs min_calls and min_share")
                continue
            thresholds[str(severity)] = (int(limit["min_calls"]), float(limit["min_share"]))
        split = data.get("split_by", "none")
        if split not in ("none", "caller", "destination_prefix"):
            problems.append(f"{source}: split_by is none, caller or destination_prefix")
        rules = cls(
            channel=data.get("channel") or default_channel,
            routes=tuple(routes),
            first_sight=frozenset(str(x) for x in data.get("first_sight") or ()),
            thresholds=thresholds,
            window_seconds=number("window_minutes", 10) * 60,
            update_seconds=number("update_seconds", 60),
            resolve_after_seconds=number("resolve_after_minutes", 30) * 60,
            remind_after_seconds=number("remind_after_minutes", 240) * 60,
            split_by=split,
            prefix_digits=number("prefix_digits", 4),
            samples=number("samples", 5),
            lease_seconds=number("lease_seconds", 30),
            retention_days=number("retention_days", 30),
        )
        if problems:
            raise RulesError(problems)
        return rules


@dataclass(frozen=True)
class Placement:
    """Where an event counts: its incident key, channel and family; None when never alerted."""

    key: str
    channel: str
    family: str
    title: str
    severity: str
    first_sight: bool


def place(event: HangupEvent, catalog: Catalog, rules: AlertRules) -> Placement | None:
    entry = catalog.get(f"{event.provider}:{event.code}")
    severity = entry.severity if entry else "carrier"  # unknown codes alert on rate
    if severity == "expected":
        return None  # normal completions are counted, never alerted
    category = catalog.category_of(entry).name if entry else None
    channel = next((r.channel for r in rules.routes if r.matches(event, category)), rules.channel)
    if not channel:
        return None
    family = catalog.family(entry) if entry else f"{event.provider}:{event.code}"
    key = f"{channel}|{family}"
    if rules.split_by == "caller" and event.from_number:
        key += f"|from:{event.from_number}"
    elif rules.split_by == "destination_prefix" and event.to_number:
        key += f"|to:{event.to_number[: rules.prefix_digits + 1]}"
    ids = {f"{event.provider}:{event.code}", family}
    if entry and catalog.provider(entry.provider).parent:
        ids.add(f"{catalog.provider(entry.provider).parent}:{entry.code}")
    title = f"{entry.code} {entry.cause}" if entry and entry.code != entry.cause else event.code
    return Placement(key, channel, family, title, severity, bool(ids & rules.first_sight))


def should_open(placement: Placement, count: int, total: int, rules: AlertRules) -> bool:
    """Open on first sight, or when the count and share in the window pass the threshold."""
    if placement.first_sight:
        return True
    min_calls, min_share = rules.thresholds.get(placement.severity, SEVERITY_THRESHOLDS["carrier"])
    return count >= min_calls and total > 0 and count / total >= min_share


@dataclass(frozen=True)
class Due:
    update: bool = False
    resolve: bool = False
    remind: bool = False


def due(
    now: float,
    last_seen: float,
    posted_at: float | None,
    reminded_at: float,
    dirty: bool,
    rules: AlertRules,
) -> Due:
    """What an open incident needs now: a fresher message, resolution, or a reminder."""
    if now - last_seen >= rules.resolve_after_seconds:
        return Due(resolve=True)
    update = dirty and posted_at is not None and now - posted_at >= rules.update_seconds
    still_firing = now - last_seen < rules.window_seconds
    remind = still_firing and now - reminded_at >= rules.remind_after_seconds
    return Due(update=update, remind=remind)
