"""Names a message says it never got: "I do not receive a 'failed' or 'no-answer' event" tells
what did not happen, not what ended the call. Pure functions over a question's words."""

from __future__ import annotations

from collections.abc import Sequence

from hangup_bot.answers.phrasing import NEGATIONS

_GOT = {"receive", "received", "receiving", "get", "gets", "got", "getting", "fire", "fired"}
_GOT |= {"fires", "trigger", "triggered", "see", "seeing", "saw", "show", "shows", "shown"}
_GOT |= {"report", "reported", "reports", "emit", "emitted", "send", "sent", "return"}
_GOT |= {"returned", "returns", "returning", "sending", "firing", "triggering", "reporting"}
_GOT |= {"showing", "emitting"}
_NOT = NEGATIONS | {"t"}  # didn't -> didn t
_LIST_GAP = 4  # words between the verb and the name: "receive a 'failed' or 'no-answer'"


def denied_positions(words: Sequence[str]) -> frozenset[int]:
    """Where a word follows a denied verb of getting ("did not get", "never received"), found
    once per question."""
    if not (set(words) & _GOT and set(words) & _NOT):
        return frozenset()
    return frozenset(at for at in range(len(words)) if _after_denial(words, at))


def denied(phrase: str, words: Sequence[str], positions: frozenset[int]) -> bool:
    """Every time the name is written, it stands where a denial reaches."""
    if not positions:
        return False
    name = tuple(phrase.split())
    starts = [at for at in range(len(words)) if tuple(words[at : at + len(name)]) == name]
    return bool(starts) and all(at in positions for at in starts)


def _after_denial(words: Sequence[str], at: int) -> bool:
    """The nearest verb of getting before `at` (a few words back) is denied."""
    for verb in range(at - 1, max(-1, at - _LIST_GAP - 2), -1):
        if words[verb] in _GOT:
            return bool(set(words[max(0, verb - 2) : verb]) & _NOT)
    return False
