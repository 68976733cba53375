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

from rapidfuzz import fuzz, process

from hangup_bot.codes import words
from hangup_bot.entries import Catalog, Entry

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


def stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True)
class Scored:
    entry: Entry
    score: float
    hits: tuple[str, ...]


class WordIndex:
    def __init__(
        self,
        catalog: Catalog,
        stopwords: frozenset[str] = frozenset(),
        synonyms: dict[str, str] | None = None,
    ):
        self.stopwords = frozenset(stem(w) for w in stopwords)
        self.synonyms = {
            stem(k): tuple(stem(w) for w in words(v)) for k, v in (synonyms or {}).items()
        }
        self.entries = list(catalog.entries.values())
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
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, bag in enumerate(self.weights):
            for token in bag:
                self.postings[token].append(i)
        self.vocab = sorted(t for t in self.idf if len(t) >= 4)
        self._correct = lru_cache(maxsize=4096)(self._nearest)

    def _stems(self, text: str) -> list[str]:
        stems = (stem(w) for w in words(text) if len(w) > 1 and not w.isdigit())
        return [s for s in stems if s not in self.stopwords]

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
            for token in self._stems(texts[name]):
                bag[token] = max(bag.get(token, 0.0), weight)
        return bag

    def _phrases(self, entry: Entry) -> list[tuple[str, ...]]:
        found = []
        for text in (entry.cause, entry.code, *entry.aliases):
            stems = tuple(self._stems(text))
            if len(stems) >= 2 and stems not in found:
                found.append(stems)
        return found

    def _nearest(self, token: str) -> str | None:
        if len(token) < 5:
            return None
        best = process.extractOne(token, self.vocab, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        return best[0] if best else None

    def query_stems(self, text: str) -> list[str]:
        out: list[str] = []
        for token in self._stems(text):
            if token not in self.idf and not token.isdigit():
                token = self._correct(token) or token
            out.extend(self.synonyms.get(token, (token,)))
        return out

    def rank(self, text: str, limit: int = 5) -> list[Scored]:
        stems = self.query_stems(text)
        unique = list(dict.fromkeys(stems))
        scores: dict[int, float] = defaultdict(float)
        hits: dict[int, list[str]] = defaultdict(list)
        for token in unique:
            idf = self.idf.get(token)
            if idf is None:
                continue
            for i in self.postings[token]:
                scores[i] += idf * self.weights[i][token]
                hits[i].append(token)
        padded = " " + " ".join(stems) + " "
        for i in list(scores):
            for phrase in self.phrases[i]:
                if " " + " ".join(phrase) + " " in padded:
                    scores[i] += PHRASE_BONUS * sum(self.idf.get(t, 0) for t in phrase)
        ranked = sorted(scores, key=lambda i: -scores[i])[:limit]
        return [Scored(self.entries[i], scores[i], tuple(hits[i])) for i in ranked]
