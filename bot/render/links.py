"""Where an entry points: its documentation page and the provider's call-log page."""

from __future__ import annotations

from hangup_bot.knowledge.entries import Catalog, Entry


def docs_link(entry: Entry, catalog: Catalog) -> str | None:
    """The page about this code: the entry's own `docs` first, then the provider's page per
    code (Twilio has one for each error code), then the provider's page on hangup causes."""
    provider = catalog.provider(entry.provider)
    if entry.docs and entry.docs != provider.docs:
        return entry.docs
    if provider.code_docs and entry.number is not None:
        return provider.code_docs.replace("{code}", entry.code)
    return entry.docs or provider.docs


def calls_link(entry: Entry, catalog: Catalog) -> str | None:
    """The provider's console page listing calls, where this call's details are."""
    return catalog.provider(entry.provider).calls_url
