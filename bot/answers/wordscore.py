"""Rank entries for a question in plain words.

Each entry becomes a weighted bag of word stems (its code, cause name and aliases weigh most, its
description less), scored against the question's stems with inverse document frequency, plus a
bonus for every alias or cause name the question contains whole. Words the catalog does not know
are corrected to the nearest known word with rapidfuzz when they are close enough (typos).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from hangup_bot.answers.codes import words
from hangup_bot.knowledge.entries import Catalog, Entry

FIELD_WEIGHTS = (
    ("code", 3.0),
    ("cause", 3.0),
    ("aliases", 2.5),
    ("category", 0.8),
    ("description", 1.0),
    ("next_steps", 0.4),
)
PHRASE_BONUS = 2.0
TYPO_CUTOFF = 85
NAMING_FIELDS = ("code", "cause", "aliases")  # numbers count as words only here ("32 seconds")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= (5 if suffix == "e" else 4):
            root = word[: -len(suffix)]
            if suffix in ("ing", "ed") and root[-1] == root[-2] and root[-1] not in "lsz":
                root = root[:-1]  # cutting -> cut, dropped -> drop
            return root
    return word


@dataclass(frozen=True)
class Scored:
    entry: Entry
    score: float
    hits: tuple[str, ...]
    coverage: float  # share of the question's word weight this entry explains (0..1)


class WordIndex:
    def __init__(self, catalog: Catalog):
        self.stopwords = frozenset(stem(w) for w in catalog.stopwords)
        self.off_topic = frozenset(catalog.off_topic)  # whole words: "message" is not "messages"
        self.synonyms = {
            stem(k): tuple(stem(w) for w in words(v)) for k, v in catalog.synonyms.items()
        }
        self.idf: dict[str, float] = {}
        # a family's filled-in copies are near-duplicates: the family entry stands for them
        self.entries = [e for e in catalog.entries.values() if e.part is None]
        self.weights: list[dict[str, float]] = []
        self.phrases: list[list[tuple[str, ...]]] = []
        df: dict[str, int] = defaultdict(int)
        for entry in self.entries:
            bag = self._bag(entry, catalog)
            self.weights.append(bag)
            self.phrases.append(self._phrases(entry))
            for token in bag:
                df[token] += 1
        n = len(self.entries)
        self.idf = {t: math.log(1 + n / c) for t, c in df.items()}
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)  # token -> (i, w)
        for i, bag in enumerate(self.weights):
            for token, weight in bag.items():
                postings[token].append((i, self.idf[token] * weight))
        self.columns = {  # token -> the entries that hold it and what it adds to each
            token: (np.array([i for i, _w in found]), np.array([w for _i, w in found]))
            for token, found in postings.items()
        }
        self.by_last: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        for i, phrases in enumerate(self.phrases):
            for phrase in phrases:
                self.by_last[phrase[-1]].append((i, phrase))
        self.max_idf = max(self.idf.values(), default=1.0)
        self.vocab = sorted(t for t in self.idf if len(t) >= 4 and not t.isdigit())
        self._correct = lru_cache(maxsize=4096)(self._nearest)

    def _stems(self, text: str, digits: bool = False, correct: bool = False) -> list[str]:
        out: list[str] = []
        for word in words(text):
            if len(word) < 2 or (word.isdigit() and not digits):
                continue
            token = stem(word)
            if token in self.stopwords:
                continue
            if correct and token not in self.idf and not token.isdigit():
                token = self._correct(token) or token
            out.extend(t for t in self.synonyms.get(token, (token,)) if t not in self.stopwords)
        return out

    def _bag(self, entry: Entry, catalog: Catalog) -> dict[str, float]:
        texts = {
            "code": entry.code,
            "cause": entry.cause,
            "aliases": " ".join(entry.aliases),
            "category": catalog.category_of(entry).name,
            "description": entry.description,
            "next_steps": " ".join(entry.next_steps),
        }
        bag: dict[str, float] = {}
        for name, weight in FIELD_WEIGHTS:
            for token in self._stems(texts[name], digits=name in NAMING_FIELDS):
                bag[token] = max(bag.get(token, 0.0), weight)
        return bag

    def _phrases(self, entry: Entry) -> list[tuple[str, ...]]:
        found = []
        for text in (entry.cause, entry.code, *entry.aliases):
            stems = tuple(self._stems(text, digits=True))
            if len(stems) >= 2 and stems not in found:
                found.append(stems)
        return found

    def _nearest(self, token: str) -> str | None:
        if len(token) < 5:
            return None
        best = process.extractOne(token, self.vocab, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        return best[0] if best else None

    def phrase_stems(self, text: str) -> list[str]:
        """A catalog phrase's stems, numbers kept, nothing corrected."""
        return self._stems(text, digits=True)

    def query_stems(self, text: str) -> list[str]:
        return self._stems(text, digits=True, correct=True)

    def rank(self, text: str, limit: int = 5) -> list[Scored]:
        stems = self.query_stems(text)
        unique = list(dict.fromkeys(stems))
        unknown = self.max_idf  # a word the catalog never uses weighs as much as the rarest
        total = sum(self.idf.get(t, 0 if t.isdigit() else unknown) for t in unique) or 1.0
        scores = np.zeros(len(self.entries))
        for token in unique:
            column = self.columns.get(token)
            if column is not None:
                scores[column[0]] += column[1]
        positions: dict[str, list[int]] = defaultdict(list)
        for at, token in enumerate(stems):
            positions[token].append(at)
        for token in positions:
            for i, phrase in self.by_last.get(token, ()):
                if _said(phrase, positions):
                    scores[i] += PHRASE_BONUS * sum(self.idf.get(t, 0) for t in phrase)
        held = np.flatnonzero(scores)
        ranked = held[np.argsort(-scores[held], kind="stable")[:limit]].tolist()
        found = []
        for i in ranked:
            hits = tuple(t for t in unique if t in self.weights[i])
            coverage = sum(self.idf[t] for t in hits) / total
            found.append(Scored(self.entries[i], float(scores[i]), hits, coverage))
        return found


def _said(phrase: tuple[str, ...], positions: dict[str, list[int]], slack: int = 2) -> bool:
    """The phrase's words in order, with at most `slack` other words among them ("number you
    dialed is not in service" says "number ... service")."""
    for start in positions.get(phrase[0], ()):
        at, ok = start, True
        for token in phrase[1:]:
            at = next((p for p in positions.get(token, ()) if p > at), None)
            if at is None:
                ok = False
                break
        if ok and at - start - (len(phrase) - 1) <= slack:
            return True
    return False
