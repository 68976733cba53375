"""Read a call-log CSV export into counted calls: Plivo's and Vobiz's call logs, Twilio's call
log, or any CSV with a hangup cause code or reason column. Pure: text in, tallies out, saying
which columns it used and which rows it skipped, by line."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from hangup_bot.answers.engine import Engine
from hangup_bot.reports import columns
from hangup_bot.reports.figures import SPANS, WHOLE_FILE, ReportError, Span, Tally

KINDS = {
    "plivo": "Plivo (or Vobiz) call log",
    "vobiz": "Vobiz call log",
    "twilio": "Twilio call log",
}


@dataclass(frozen=True)
class Call:
    at: float | None
    provider: str
    code: str
    source: str | None
    answered: bool | None


@dataclass(frozen=True)
class Export:
    kind: str  # "Plivo call log", "a CSV"
    calls: tuple[Call, ...]
    used: tuple[tuple[str, str], ...]  # (role, header)
    skipped: tuple[str, ...]  # "line 7: no hangup cause"

    def notes(self) -> tuple[str, ...]:
        used = ", ".join(f"{header!r} ({role})" for role, header in self.used)
        lines = [f"Read as a {self.kind}: {len(self.calls):,} calls; columns used: {used}."]
        if self.skipped:
            lines.append(f"Skipped {len(self.skipped):,} rows: " + "; ".join(self.skipped[:5]))
            if len(self.skipped) > 5:
                lines[-1] += f"; and {len(self.skipped) - 5:,} more"
        return tuple(lines)


def read_export(text: str, engine: Engine, provider: str | None = None) -> Export:
    """Parse `text` (the whole file); ReportError names the line of a malformed file."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), strict=True)
    started = 1  # the line the record being read began on
    try:
        headers = next(reader, None)
        if not headers or not any(h.strip() for h in headers):
            raise ReportError("The CSV file is empty: the first line should name its columns.")
        roles = columns.assign(headers)
        if "code" not in roles and "reason" not in roles:
            raise ReportError(
                "No hangup cause column in the CSV header (line 1 has: "
                + ", ".join(h.strip() for h in headers if h.strip())
                + f"). Expected one of: {columns.accepted_names()}."
            )
        kind = columns.kind_of(headers, provider)
        if kind is None:
            found = columns.kind_of(headers, None)
            raise ReportError(
                f"The CSV file has the columns of a {KINDS[found]}, not of {provider!r}: "
                f"drop --provider, or use {' or '.join(sorted(columns.FAMILIES[found]))}."
            )
        resolve = _Resolver(engine, kind)
        calls, skipped = [], []
        started = reader.line_num + 1
        for row in reader:
            line, started = started, reader.line_num + 1
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) != len(headers):
                skipped.append(f"line {line}: {len(row)} fields, the header has {len(headers)}")
                continue
            call, problem = _call(row, roles, resolve)
            if problem:
                skipped.append(f"line {line}: {problem}")
            else:
                calls.append(call)
    except csv.Error as exc:
        where = (
            f"line {started}"
            if "end of data" not in str(exc)
            else (f"line {started}: a quoted field opened there is never closed")
        )
        raise ReportError(f"The CSV file is malformed at {where} ({exc}).") from exc
    used = tuple(
        (role, headers[i].strip()) for role, i in sorted(roles.items(), key=lambda r: r[1])
    )
    return Export(KINDS.get(kind, "CSV file"), tuple(calls), used, tuple(skipped))


class _Resolver:
    """A code or reason as written -> (provider, code) of its catalog entry, remembered."""

    def __init__(self, engine: Engine, kind: str):
        self.engine, self.kind, self.seen = engine, kind, {}

    def __call__(self, value: str, hint: str | None) -> tuple[str, str]:
        key = (value, hint)
        if key not in self.seen:
            self.seen[key] = self._resolve(value, (hint or self.kind).lower())
        return self.seen[key]

    def _resolve(self, value: str, provider: str) -> tuple[str, str]:
        catalog = self.engine.catalog
        for code in (value, value.lower(), value.upper()):
            if provider and catalog.get(f"{provider}:{code}"):
                return provider, code
        found = self.engine.codes_in(f"{provider} {value}" if provider else value).entries
        mine = [e for e in found if e.provider == provider] or found
        if mine:
            return mine[0].provider, mine[0].code
        return provider or "unknown", value


def _call(row: list[str], roles: dict[str, int], resolve: _Resolver) -> tuple[Call | None, str]:
    def cell(role: str) -> str:
        return row[roles[role]].strip() if role in roles else ""

    value = cell("code") or cell("reason")
    if not value:
        return None, "no hangup cause"
    at = None
    if "time" in roles:
        at = parse_time(cell("time"))
        if at is None:
            return None, f"time {cell('time')[:40]!r} not understood"
    duration = _number(cell("duration"))
    if duration is not None:
        answered: bool | None = duration > 0
    elif "answered_at" in roles:
        answered = bool(cell("answered_at")) and cell("answered_at") not in ("-", "0")
    else:
        answered = None
    provider, code = resolve(value, cell("provider") or None)
    return Call(at, provider, code, cell("source") or None, answered), ""


EARLIEST, LATEST = 631152000, 4102444800  # 1990 to 2100: anything else is not a call's time


def parse_time(text: str) -> float | None:
    """ISO 8601 (`2026-12-01 10:02:03`, `...T10:02:03Z`, with an offset), RFC 2822, or epoch
    seconds or milliseconds. A time without a zone is read as UTC."""
    moment = _moment(text)
    return moment if moment is not None and EARLIEST <= moment <= LATEST else None


def _moment(text: str) -> float | None:
    text = text.strip().removesuffix(" UTC").removesuffix(" GMT")
    if not text:
        return None
    number = _number(text)
    if number is not None:
        return number / 1000 if number > 10**11 else float(number)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _number(text: str) -> int | None:
    try:
        return int(float(text)) if text else None
    except ValueError:
        return None


def tallies(export: Export, span: Span | None = None) -> tuple[Span, float, list[Tally], str]:
    """The export counted for a report: the span (given, or the shortest holding the file),
    its end (just after the latest call), the tallies, and a note on calls left out."""
    times = [c.at for c in export.calls if c.at is not None]
    if not times:
        return (
            WHOLE_FILE,
            0.0,
            [Tally(0, c.provider, c.code, c.source, c.answered) for c in export.calls],
            "",
        )
    if span is None:
        spread = max(times) - min(times)
        span = next((s for s in SPANS.values() if spread < s.seconds), SPANS["30d"])
    end = (max(times) // span.bucket + 1) * span.bucket  # the bar holding the latest call ends it
    start = end - span.seconds
    counted = [
        Tally(int((c.at - start) // span.bucket), c.provider, c.code, c.source, c.answered)
        for c in export.calls
        if c.at is not None and c.at >= start - span.seconds
    ]
    left_out = len(export.calls) - len(counted)
    note = f"{left_out:,} calls before the previous {span.label} left out." if left_out else ""
    return span, end, counted, note
