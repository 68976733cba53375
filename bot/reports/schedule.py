"""The digest's schedule, `daily 09:00 Asia/Kolkata` or `weekly mon 09:00 UTC`: the period it
reports on and the latest time it was due. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hangup_bot.reports.figures import SPANS, ReportError, Span

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FORM = re.compile(
    r"^(?P<every>daily|weekly)\s+(?:(?P<day>[a-z]{3})\w*\s+)?(?P<h>\d{1,2}):(?P<m>\d{2})"
    r"(?:\s+(?P<zone>\S+))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Schedule:
    text: str
    weekday: int | None  # None: every day
    at: time
    zone: ZoneInfo

    @property
    def span(self) -> Span:
        return SPANS["24h"] if self.weekday is None else SPANS["7d"]

    def latest(self, now: float) -> float:
        """The last moment the digest was due, at or before `now` (epoch seconds)."""
        local = datetime.fromtimestamp(now, self.zone)
        day = local.date()
        if self.weekday is not None:
            day -= timedelta(days=(day.weekday() - self.weekday) % 7)
        due = datetime.combine(day, self.at, tzinfo=self.zone)
        if due.timestamp() > now:
            due = datetime.combine(
                day - timedelta(days=1 if self.weekday is None else 7), self.at, tzinfo=self.zone
            )
        return due.timestamp()


def parse_schedule(text: str) -> Schedule:
    found = _FORM.match(text.strip())
    usage = "write it as `daily 09:00 Asia/Kolkata` or `weekly mon 09:00 UTC`"
    if not found:
        raise ReportError(f"REPORT_SCHEDULE {text!r} is not understood: {usage}.")
    weekly = found["every"].lower() == "weekly"
    day = (found["day"] or "").lower()
    if weekly and day not in DAYS:
        raise ReportError(f"REPORT_SCHEDULE {text!r} needs a weekday ({', '.join(DAYS)}).")
    if not weekly and day:
        raise ReportError(f"REPORT_SCHEDULE {text!r}: a daily digest takes no weekday; {usage}.")
    hour, minute = int(found["h"]), int(found["m"])
    if hour > 23 or minute > 59:
        raise ReportError(f"REPORT_SCHEDULE {text!r}: {hour}:{minute:02d} is not a time of day.")
    try:
        zone = ZoneInfo(found["zone"] or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ReportError(
            f"REPORT_SCHEDULE {text!r}: unknown time zone {found['zone']!r} (use a name such as "
            "UTC, Asia/Kolkata or Europe/Berlin)."
        ) from exc
    return Schedule(text.strip(), DAYS.index(day) if weekly else None, time(hour, minute), zone)
