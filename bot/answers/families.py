"""Values no entry holds but a pattern family fits: a new Vapi endedReason still answers.

`pipeline-error-newco-llm-failed` is not in the catalog, yet it is plainly the LLM family with
`newco` as the provider: the answer is the family's entry with that name filled in.
"""

from __future__ import annotations

import re

from hangup_bot.answers.results import Match, Result
from hangup_bot.knowledge.entries import Catalog

_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]")


def family_matches(catalog: Catalog, text: str, result: Result) -> list[Match]:
    families = catalog.families
    if families is None:
        return []
    with_families = [p for p in result.providers if p in families.providers]
    scope = with_families or sorted(families.providers)
    matches: list[Match] = []
    for token in _VALUE.findall(text):
        if "-" not in token:
            continue
        for provider in scope:
            if f"{provider}:{token.lower()}" in catalog.entries:
                break  # a value the catalog holds: its own entry answers by name
            entry = catalog.get(f"{provider}:{token.lower()}")
            if entry is not None and entry.family:
                matches.append(Match(entry, "family"))
                result.notes.append(
                    f"{token} is not in the catalog (it may be newer); it fits the "
                    f"{catalog.providers[provider].name} family {entry.family}."
                )
                break
    return matches
