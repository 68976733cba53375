"""Cause names written in a question: `USER_BUSY`, "user busy", `dial_busy`, a bracketed cause
in a pasted FreeSWITCH line, and the same names misspelt (`USR_BUSY`, `NORMAL_CLEARNG`)."""

from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz import distance, process

from hangup_bot.answers.codes import phrase_key
from hangup_bot.answers.results import Match
from hangup_bot.knowledge.entries import Catalog, Entry

SHORT_QUESTION = 8  # words; in a longer message a two-word name may just be prose
_QUOTED = re.compile(r"['\"`‘“]([^'\"`’”]{1,80})['\"`’”]")
_VALUE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+\b|\b[A-Z]{5,}\b")


class Names:
    """Every entry's code and cause name, by the form two spellings share."""

    def __init__(self, catalog: Catalog, rank):
        self.catalog = catalog
        self.rank = rank  # entry -> sort key: originals, current, common providers first
        self.by_phrase: dict[str, list[Entry]] = defaultdict(list)
        for entry in sorted(catalog.entries.values(), key=rank):
            for text in (entry.code, entry.cause):
                key = phrase_key(text)
                if key and entry not in self.by_phrase[key]:
                    self.by_phrase[key].append(entry)
        self.keys = sorted(self.by_phrase, key=len, reverse=True)
        self.by_value: dict[str, list[Entry]] = defaultdict(list)  # codes only, for typos
        for entry in sorted(catalog.entries.values(), key=rank):
            key = phrase_key(entry.code)
            if " " in key and len(key) >= 6:
                self.by_value[key].append(entry)
        self.values = sorted(self.by_value)

    def written(self, text: str, providers: list[str]) -> list[Match]:
        """Names the text contains whole, the ones written as a log writes them first."""
        key = " " + phrase_key(text) + " "
        quoted = {phrase_key(q) for q in _QUOTED.findall(text)}
        raw_words = set(re.findall(r"[A-Za-z0-9_]+", text))
        matches: list[Match] = []
        taken: list[str] = []
        for phrase in self.keys:
            if phrase.isdigit():  # numbers are read by context, in `codes`
                continue
            if f" {phrase} " not in key or any(f" {phrase} " in f" {t} " for t in taken):
                continue
            for entry in self.by_phrase[phrase]:
                if self._counts(entry, phrase, key, quoted, raw_words, providers):
                    matches.append(Match(entry, "named"))
                    taken.append(phrase)
        matches.sort(
            key=lambda m: (
                m.entry.provider not in providers,
                not _as_logged(m.entry, raw_words),
                m.entry.deprecated,
                phrase_key(m.entry.code) not in key,
                self.rank(m.entry),
            )
        )
        return matches

    def misspelt(self, text: str, providers: list[str]) -> list[tuple[str, Entry]]:
        """Values shaped like a cause name that no entry has, read as the name one or two edits
        away (a swapped pair counts as one): `USR_BUSY` -> USER_BUSY, `dial_bsy` -> dial_busy."""
        found: list[tuple[str, Entry]] = []
        for value in _VALUE.findall(text):
            key = phrase_key(value)
            if key in self.by_phrase or len(key) < 6:
                continue
            limit = 1 if len(key) < 9 else 2
            best = process.extractOne(
                key, self.values, scorer=distance.OSA.distance, score_cutoff=limit
            )
            if best is None:
                continue
            hits = self.by_value[best[0]]
            wanted = [e for e in hits if e.provider in providers] or hits
            found += [(value, e) for e in wanted]
        return found

    def _counts(
        self,
        entry: Entry,
        phrase: str,
        key: str,
        quoted: set[str],
        raw_words: set[str],
        providers: list[str],
    ) -> bool:
        """A name written as the code is written (`PROTOCOL_ERROR`, `dial_busy`), quoted, or
        making up a short question counts; in the prose of a long message only a name of three
        telling words does (or two, for the provider the question names): shorter ones are left
        to plain-words ranking, which weighs them with the rest of the message."""
        telling = [w for w in phrase.split() if w not in self.catalog.stopwords]
        written = {w.lower() for w in raw_words}
        short = len(key.split()) <= SHORT_QUESTION
        plain_view = short or phrase in quoted or entry.code.lower() in written
        if " " in phrase and plain_view and (len(telling) >= 2 or "_" in entry.code):
            return True
        if len(telling) >= 3 or (len(telling) >= 2 and entry.provider in providers):
            return True
        if providers and entry.provider not in providers:
            return False
        one_word = " " not in phrase and not re.search(r"[_-]", entry.code)
        return (
            entry.provider in providers
            or (phrase in quoted and not one_word)  # 'hangup', 'active' quoted are just words
            or (entry.code in raw_words and entry.code.isupper())
            or key.strip() == phrase
        )


def _as_logged(entry: Entry, raw_words: set[str]) -> bool:
    return "_" in entry.code and entry.code.isupper() and entry.code in raw_words
