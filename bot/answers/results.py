"""What matching returns: the matches in rank order, with notes on what was assumed."""

from __future__ import annotations

from dataclasses import dataclass, field

from hangup_bot.knowledge.entries import Entry


@dataclass(frozen=True)
class Match:
    entry: Entry
    why: str
    score: float = 0.0

    @property
    def exact(self) -> bool:
        """Named by code, cause name, SIP or Q.850 number, not guessed from plain words."""
        return not self.why.startswith("words")


@dataclass
class Result:
    matches: list[Match] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    suggestions: list[Entry] = field(default_factory=list)
    providers: list[str] = field(default_factory=list)
