"""`hangup report`: the report in a terminal, from the configured database or a CSV export,
and the chart as a PNG file when asked."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from hangup_bot.answers.engine import Engine
from hangup_bot.config import DEFAULT_DATABASE
from hangup_bot.reports import csvlog
from hangup_bot.reports.figures import Report, ReportError, build, parse_span
from hangup_bot.reports.stored import check_provider, stored_report
from hangup_bot.reports.table import empty_notice, render_table

USAGE = """\
hangup report [--since 24h|7d|30d] [--provider P] [--png FILE]
                                    hangup causes over a period, from the stored events
hangup report --csv FILE [--since 24h|7d|30d] [--provider P] [--png FILE]
                                    the same from a provider's call-log CSV export
"""


def run(args: list[str], catalog_dirs: list[Path]) -> int:
    parser = argparse.ArgumentParser(prog="hangup report", usage=USAGE, add_help=False)
    parser.add_argument("-h", "--help", action="store_true")
    parser.add_argument("--since")
    parser.add_argument("--provider")
    parser.add_argument("--png", type=Path)
    parser.add_argument("--csv", type=Path)
    opts, extra = parser.parse_known_args(args)
    if opts.help:
        print(USAGE, end="")
        return 0
    if extra:
        print(f"hangup report: not understood: {' '.join(extra)}\n{USAGE}", end="", file=sys.stderr)
        return 2
    engine = Engine.load(catalog_dirs)
    try:
        provider = check_provider(engine.catalog, opts.provider)
        report = (
            _from_csv(opts, engine, provider) if opts.csv else _from_store(opts, engine, provider)
        )
    except ReportError as exc:
        print(f"hangup report: {exc}", file=sys.stderr)
        return 2
    if not report.calls:
        if not opts.csv:
            print(empty_notice(report))
        else:
            print(f"No {report.provider + ' ' if report.provider else ''}calls in {opts.csv}.")
        return 1
    print(render_table(report), end="")
    if opts.png:
        from hangup_bot.reports.chart import render_png

        try:
            opts.png.write_bytes(render_png(report))
        except OSError as exc:
            print(f"hangup report: cannot write {opts.png}: {exc.strerror}", file=sys.stderr)
            return 2
        print(f"\nChart written to {opts.png}")
    return 0


def _from_store(opts: argparse.Namespace, engine: Engine, provider: str | None) -> Report:
    span = parse_span(opts.since)
    url = os.environ.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).exists():
        return build([], engine.catalog, span, time.time(), provider)  # nothing stored yet
    from sqlalchemy.exc import SQLAlchemyError  # SQLAlchemy only when a database is read

    from hangup_bot.store.database import Store

    try:
        store = Store(url)
        try:
            return stored_report(engine, store, span, time.time(), provider)
        finally:
            store.dispose()
    except SQLAlchemyError as exc:  # the message may hold the URL: name the kind of error only
        raise ReportError(
            f"cannot read the database of DATABASE_URL ({type(exc).__name__}); is it running?"
        ) from exc


def _from_csv(opts: argparse.Namespace, engine: Engine, provider: str | None) -> Report:
    try:
        text = opts.csv.read_text(encoding="utf-8-sig", errors="strict")
    except UnicodeDecodeError as exc:
        raise ReportError(f"{opts.csv} is not UTF-8 text (byte {exc.start}).") from exc
    except OSError as exc:
        raise ReportError(f"cannot read {opts.csv}: {exc.strerror}") from exc
    export = csvlog.read_export(text, engine, provider)
    span, end, tallies, note = csvlog.tallies(
        export, parse_span(opts.since) if opts.since else None
    )
    if provider:
        tallies = [t for t in tallies if t.provider == provider]
    notes = export.notes() + ((note,) if note else ())
    return build(tallies, engine.catalog, span, end, provider, notes)
