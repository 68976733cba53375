"""Reports from the stored events (what provider webhooks delivered), and reading what a user
asked for (`24h plivo`, `7d`) into a period and a provider."""

from __future__ import annotations

from hangup_bot.answers.engine import Engine
from hangup_bot.knowledge.entries import Catalog
from hangup_bot.reports.figures import SPANS, Report, ReportError, Span, Tally, build, parse_span
from hangup_bot.store import history
from hangup_bot.store.database import Store


def stored_report(
    engine: Engine, store: Store, span: Span, end: float, provider: str | None = None
) -> Report:
    with store.begin() as db:
        rows = history.counted(db, end - span.seconds, end, span.bucket, provider)
    return build((Tally(*row) for row in rows), engine.catalog, span, end, provider)


def check_provider(catalog: Catalog, text: str | None) -> str | None:
    if not text:
        return None
    wanted = text.strip().lower()
    if wanted not in catalog.providers:
        raise ReportError(f"Unknown provider {text!r}: use one of {', '.join(catalog.providers)}.")
    return wanted


def parse_words(words: list[str], catalog: Catalog) -> tuple[Span, str | None]:
    """`24h plivo`, `plivo 7d`, `30d`, or nothing (24 h, every provider)."""
    span, provider = None, None
    for word in words:
        key = word.strip().lower()
        if key in SPANS and span is None:
            span = SPANS[key]
        elif key in catalog.providers and provider is None:
            provider = key
        else:
            raise ReportError(
                f"Not a period or a provider: {word!r}. Periods: {', '.join(SPANS)}; "
                f"providers: {', '.join(catalog.providers)}."
            )
    return span or parse_span(None), provider
