"""A question's words as the symptom and intent readers compare them: each idea one token
(`hung up`, `hangs up`, `disconnected`, `got dropped` all say `hangup`), every negation `not`,
filler words gone. The ideas come from the catalog's vocabulary (`alike`); pure."""

from __future__ import annotations

import re
from functools import lru_cache

from hangup_bot.answers.codes import words

# Symptoms keep the words plain-words ranking ignores ("never rang", "did not ring", "hung up"):
# only these carry nothing, and every negation reads as "not".
FILLER = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "my",
        "our",
        "your",
        "their",
        "i",
        "we",
        "you",
        "they",
        "he",
        "she",
        "me",
        "us",
        "them",
        "and",
        "or",
        "as",
        "with",
        "by",
        "from",
        "so",
        "then",
        "there",
    ]
)
NEGATIONS = frozenset(
    [
        "no",
        "not",
        "never",
        "didn",
        "doesn",
        "don",
        "isn",
        "wasn",
        "won",
        "cannot",
        "cant",
        "couldn",
        "wouldn",
        "haven",
        "hasn",
        "didnt",
        "doesnt",
        "dont",
        "isnt",
        "wasnt",
        "wont",
        "couldnt",
        "wouldnt",
        "havent",
        "hasnt",
        "arent",
        "werent",
    ]
)
GAP = "*"  # in an intent phrase: up to MAX_GAP words of anything
MAX_GAP = 4


class Phrasing:
    def __init__(self, alike: dict[str, str]):
        multi = sorted((k for k in alike if re.search(r"[\s-]", k)), key=len, reverse=True)
        self.alike = alike
        self.pattern = (
            re.compile(
                r"\b(?:"
                + "|".join(r"[\s_-]+".join(map(re.escape, re.split(r"[\s-]+", k))) for k in multi)
                + r")\b"
            )
            if multi
            else None
        )

    def words(self, text: str) -> list[str]:
        """Lowercase words with each idea as one token; filler kept."""
        text = text.lower().replace("'", "").replace("’", "")
        if self.pattern is not None:
            text = self.pattern.sub(lambda m: " " + self._idea(m.group(0)) + " ", text)
        return [self.alike.get(w, w) for w in words(text)]

    def _idea(self, said: str) -> str:
        return self.alike.get(" ".join(re.split(r"[\s_-]+", said)), said)


@lru_cache(maxsize=8)  # one question is read against several intent lists
def intent_words(text: str) -> tuple[str, ...]:
    """Words as intent phrases compare them: exactly as written, apostrophes dropped (an intent
    turns on its wording: "will not hang up" is not "I did not hang up")."""
    return tuple(words(text.lower().replace("'", "").replace("’", "")))


def intent_phrase(text: str) -> tuple[str, ...]:
    marked = intent_words(text.replace(GAP, " gapword "))
    return tuple(GAP if w == "gapword" else w for w in marked)


class Intents:
    """Intent phrases (word tuples, `*` a short gap), indexed by their first word."""

    def __init__(self, phrases: list[str]):
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for text in sorted(phrases):
            phrase = intent_phrase(text)
            if phrase:
                self.by_first.setdefault(phrase[0], []).append(phrase)

    def said_in(self, text: str) -> bool:
        """Whether `text` holds one of the phrases, in order."""
        said = intent_words(text)
        return any(
            _from(said, at, phrase)
            for at, word in enumerate(said)
            for phrase in self.by_first.get(word, ())
        )


def _from(said: tuple[str, ...], at: int, phrase: tuple[str, ...]) -> bool:
    """`phrase` starting at `at`: each word right after the last, or after a gap for `*`."""
    at += 1
    gap = False
    for word in phrase[1:]:
        if word == GAP:
            gap = True
            continue
        window = said[at : at + MAX_GAP + 1] if gap else said[at : at + 1]
        if word not in window:
            return False
        at += window.index(word) + 1
        gap = False
    return True
