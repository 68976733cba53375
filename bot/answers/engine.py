"""Text -> an Answer that any surface (terminal, JSON, Slack) can render.

An Answer holds the ranked entries, notes on what the engine assumed, nearby codes to suggest
when nothing matched, and a hint when the question was not understood.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hangup_bot.answers.matching import Match, Matcher
from hangup_bot.knowledge.entries import Catalog, Entry
from hangup_bot.knowledge.loader import load_catalog

NO_ANSWER_HINT = (
    "Try a code (6020, vobiz 5030, sip 486, cause 17), a cause as the provider writes it "
    '(USER_BUSY, dial_busy, "Call recipient was busy") or a few words about what happened '
    "(calls drop after a minute of silence)."
)


@dataclass(frozen=True)
class Answer:
    query: str
    matches: tuple[Match, ...]
    notes: tuple[str, ...] = ()
    suggestions: tuple[Entry, ...] = ()
    provider: str | None = None

    @property
    def entries(self) -> list[Entry]:
        return [m.entry for m in self.matches]

    @property
    def found(self) -> bool:
        return bool(self.matches)

    @property
    def hint(self) -> str | None:
        return None if self.matches else NO_ANSWER_HINT


@dataclass
class Engine:
    """The catalog and its matcher, built once and shared by every surface."""

    catalog: Catalog
    matcher: Matcher = field(init=False)

    def __post_init__(self) -> None:
        self.matcher = Matcher(self.catalog)

    def warm(self) -> Engine:
        """Build the plain-words index now (a server does this once, before it forks)."""
        _ = self.matcher.words
        return self

    @classmethod
    def load(cls, extra_dirs: list[Path] | tuple[Path, ...] = ()) -> Engine:
        return cls(load_catalog(extra_dirs))

    def answer(self, text: str, provider: str | None = None) -> Answer:
        if provider is not None and provider not in self.catalog.providers:
            known = ", ".join(self.catalog.providers)
            return Answer(text, (), (f"Unknown provider {provider!r}; known: {known}.",))
        result = self.matcher.match(text, provider)
        if provider is not None and not result.matches:
            elsewhere = self._elsewhere(text, provider)
            if elsewhere is not None:
                return elsewhere
        return Answer(
            query=text,
            matches=tuple(result.matches),
            notes=tuple(dict.fromkeys(result.notes)),
            suggestions=tuple(result.suggestions),
            provider=provider or (result.providers[0] if result.providers else None),
        )

    def codes_in(self, text: str) -> Answer:
        """Only the causes a text names exactly (for alerts other tools post); never a guess."""
        answer = self.answer(text)
        exact = tuple(m for m in answer.matches if m.exact)
        return Answer(text, exact, answer.notes if exact else (), (), answer.provider)

    def _elsewhere(self, text: str, provider: str) -> Answer | None:
        """`--provider plivo 5030`: nothing of Plivo's, but the code is Vobiz's; say so, show it."""
        wider = self.matcher.match(text, None)
        exact = [m for m in wider.matches if m.exact]
        if not exact:
            return None
        names = ", ".join(
            dict.fromkeys(self.catalog.provider(m.entry.provider).name for m in exact)
        )
        asked = self.catalog.provider(provider).name
        code = exact[0].entry.code
        note = f"{code} is not a {asked} code; it is a {names} code:"
        return Answer(text, tuple(exact), (note,), (), exact[0].entry.provider)
