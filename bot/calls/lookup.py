"""`hangup call ID`: find the call (stored webhook event first, then the providers' APIs), and
the catalog's answer for how it ended.

Providers an id could belong to are asked at the same time, and the first in order that has the
call wins, so three providers take no longer than the slowest one (at most 6 s).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx

from hangup_bot.answers.engine import Answer, Engine
from hangup_bot.calls import providers, retell
from hangup_bot.calls.records import (
    NAMES,
    CallRecord,
    NotConfigured,
    NotFound,
    ProviderError,
    providers_for,
)
from hangup_bot.calls.settings import CREDENTIALS, CallSettings
from hangup_bot.store.calls import stored_event
from hangup_bot.store.database import Store


class NoCallId(ValueError):
    """The text is not a call id."""


@dataclass
class Outcome:
    call_id: str
    record: CallRecord | None = None
    answer: Answer | None = None
    problems: list[ProviderError] = field(default_factory=list)
    asked: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        return self.record is not None

    @property
    def exit_status(self) -> int:
        if self.found:
            return 0
        kinds = {p.kind for p in self.problems}
        return 2 if kinds & {"refused", "not_configured"} and "not_found" not in kinds else 1

    def message(self, settings: CallSettings) -> str:
        """Why there is no record, in one paragraph a person can act on."""
        missing = [p for p in self.problems if isinstance(p, NotFound)]
        lines = []
        if missing:
            where = " or ".join(NAMES[p.provider] for p in missing)
            used = ", ".join(settings.accounts[p.provider].checked_with() for p in missing)
            lines.append(f"no call {self.call_id} at {where}; checked with {used}")
        lines += [p.message for p in self.problems if not isinstance(p, NotFound)]
        return "\n".join(lines) or f"no call {self.call_id}"


class Lookup:
    """Built once per process: the HTTP client and SDK clients are reused."""

    def __init__(self, settings: CallSettings, engine: Engine, store: Store | None = None):
        self.settings = settings
        self.engine = engine
        self.store = store
        self.http = httpx.Client(follow_redirects=False, headers={"User-Agent": "hangup-bot"})
        self.retell = (
            retell.client_for(settings.accounts["retell"])
            if "retell" in settings.accounts
            else None
        )

    def close(self) -> None:
        self.http.close()

    def find(self, call_id: str, provider: str | None = None) -> Outcome:
        """Raises NoCallId for text that is not an id, ValueError for an unknown provider."""
        call_id = call_id.strip()
        candidates = providers_for(call_id)
        if candidates is None:
            raise NoCallId(f"{call_id[:80]!r} is not a call id (a UUID, CA…, call_… or an id)")
        if provider:
            if provider not in CREDENTIALS:
                raise ValueError(f"unknown provider {provider!r}; one of {', '.join(CREDENTIALS)}")
            candidates = (provider,)
        stored = self._stored(call_id, provider)
        if stored is not None:
            candidates = (stored.provider,)
        outcome = Outcome(call_id, asked=candidates)
        asked = [p for p in candidates if p in self.settings.accounts]
        outcome.problems += [
            NotConfigured(p, self.settings.missing(p))
            for p in candidates
            if p not in self.settings.accounts and stored is None
        ]
        results = self._ask(asked, call_id)
        found = next((r for r in results if isinstance(r, CallRecord)), None)
        outcome.problems += [r for r in results if isinstance(r, ProviderError)]
        if stored is not None:
            found = stored.merged(found) if found else stored
            if not asked:
                note = self.settings.missing(stored.provider)
                note = note[0].upper() + note[1:]
                found = stored.merged(
                    CallRecord(
                        stored.provider,
                        call_id,
                        notes=(
                            f"From the stored webhook event only. {note} for the call's times.",
                        ),
                    )
                )
            outcome.problems = [p for p in outcome.problems if not isinstance(p, NotFound)]
        if found is not None:
            outcome.record = found
            outcome.answer = self.explain(found)
        return outcome

    def explain(self, record: CallRecord) -> Answer | None:
        if not record.code:
            return None
        return self.engine.answer(record.code, record.provider)

    def _ask(self, asked: list[str], call_id: str) -> list[CallRecord | ProviderError]:
        if not asked:
            return []
        if len(asked) == 1:
            return [self._one(asked[0], call_id)]
        with ThreadPoolExecutor(max_workers=len(asked)) as pool:
            return list(pool.map(lambda p: self._one(p, call_id), asked))

    def _one(self, provider: str, call_id: str) -> CallRecord | ProviderError:
        account = self.settings.accounts[provider]
        try:
            if provider == "retell" and self.retell is not None:
                return retell.fetch(self.retell, account, call_id)
            return providers.fetch(self.http, account, call_id)
        except ProviderError as problem:
            return problem

    def _stored(self, call_id: str, provider: str | None) -> CallRecord | None:
        if self.store is None:
            return None
        row = stored_event(self.store, call_id)
        if row is None or (provider and row["provider"] != provider):
            return None
        return CallRecord(
            provider=row["provider"],
            call_id=call_id,
            code=row["code"],
            cause=row["cause"],
            direction=row["direction"],
            from_number=row["from_number"],
            to_number=row["to_number"],
            duration=row["duration"],
            hangup_source=row["source"],
            sources=("webhook",),
        )
