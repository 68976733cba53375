"""Cause names misspelt in a question (`USR_BUSY`, `NORMAL_CLEARNG`, `dial_bsy`), read as the
name they were meant to be. Pure; built once per catalog."""

from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz import distance, process

from hangup_bot.answers.codes import phrase_key
from hangup_bot.knowledge.entries import Catalog, Entry

_VALUE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+\b|\b[A-Z]{5,}\b")


class Typos:
    """Every entry's code of two words or more, for reading a misspelt one."""

    def __init__(self, catalog: Catalog, rank, known: set[str]):
        self.known = known  # names written right: never read as a typo of another
        self.by_value: dict[str, list[Entry]] = defaultdict(list)
        for entry in sorted(catalog.entries.values(), key=rank):
            key = phrase_key(entry.code)
            if " " in key and len(key) >= 6:
                self.by_value[key].append(entry)
        self.values = sorted(self.by_value)

    def misspelt(self, text: str, providers: list[str]) -> list[tuple[str, Entry]]:
        """Values shaped like a cause name that no entry has, read as the name one or two edits
        away (a swapped pair counts as one): `USR_BUSY` -> USER_BUSY, `dial_bsy` -> dial_busy."""
        found: list[tuple[str, Entry]] = []
        for value in _VALUE.findall(text):
            key = phrase_key(value)
            if key in self.known or len(key) < 6:
                continue
            limit = 1 if len(key) < 9 else 2
            best = process.extractOne(
                key, self.values, scorer=distance.OSA.distance, score_cutoff=limit
            )
            if best is None or not _word_by_word(key, best[0]):
                continue
            hits = self.by_value[best[0]]
            wanted = [e for e in hits if e.provider in providers] or hits
            found += [(value, e) for e in wanted]
        return found


def _word_by_word(typed: str, known: str) -> bool:
    """A misspelling keeps each short word nearly whole: `dial bsy` is dial busy, but `stt error`
    is not `scs error` (two letters of three changed is another word)."""
    typed_words, known_words = typed.split(), known.split()
    if len(typed_words) != len(known_words):
        return True  # words joined or split (`normalclearing`): the whole distance decides
    pairs = zip(typed_words, known_words, strict=True)
    return all(distance.OSA.distance(a, b) <= max(1, len(b) // 4) for a, b in pairs)
