"""Symptoms in a question: the catalog's `symptoms:` phrases found near each other in any order,
with typos corrected, and the durations a symptom asks for. Pure; built once per catalog."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import distance, process

from hangup_bot.answers.phrasing import FILLER, NEGATIONS, Phrasing
from hangup_bot.answers.wordscore import WordIndex, stem
from hangup_bot.knowledge.entries import Catalog
from hangup_bot.knowledge.symptoms import Symptom

SLACK = 3  # other words allowed among a phrase's words ("sdp answer is not compatible")
DECAY = 0.85  # each later cause of a symptom weighs this much of the one before it
NARROW = 5  # seconds: a duration range this wide or less is one precise timer
ONE_WORD = 0.6  # a one-word phrase ("drop" after 15 min) says less than a longer one
_UNIT = r"(?:ms|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours)"
_DURATION = re.compile(
    rf"\b(\d+(?:\.\d+)?)(?:\s*(?:or|to|and|-|–)\s*(\d+(?:\.\d+)?))?[\s-]*({_UNIT})\b", re.I
)
_SCALE = {"ms": 0.001, "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60}
_SCALE.update({"h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600})


_DELAY = re.compile(
    r"\b(?:takes?|took|taking|waits?|waited|wait(?:ing)?|delay(?:ed)?|within|lag)\W+"
    r"(?:\w+\W+)?$",
    re.I,
)


def durations(text: str) -> list[float]:
    """How long calls lasted, in seconds: "after 30 s", "at the 33 second mark", "20 or 30
    seconds"; not how long something else took ("takes 16 seconds to end")."""
    found = []
    for match in _DURATION.finditer(text):
        if _DELAY.search(text[max(0, match.start() - 30) : match.start()]):
            continue
        first, second, unit = match.groups()
        scale = _SCALE.get(unit.lower(), 1.0)
        found += [float(v) * scale for v in (first, second) if v]
    return found


@dataclass(frozen=True)
class Seen:
    symptom: Symptom
    phrase: str


class SymptomIndex:
    def __init__(self, catalog: Catalog, index: WordIndex):
        self.synonyms = index.synonyms
        self.phrasing = Phrasing(catalog.alike)
        self._last: tuple[str, list[Seen]] | None = None
        self.phrases: list[tuple[tuple[str, ...], Symptom, str]] = []
        self.lines = [
            (re.compile(pattern, re.I), symptom)
            for symptom in catalog.symptoms
            for pattern in symptom.logs
        ]
        for symptom in catalog.symptoms:
            for phrase in symptom.says:
                stems = tuple(dict.fromkeys(self._stems(phrase)))
                if stems:
                    self.phrases.append((stems, symptom, phrase))
        self.phrases.sort(key=lambda p: -len(p[0]))  # longest first: the most specific wins
        counts: dict[str, int] = defaultdict(int)
        for stems, _symptom, _said in self.phrases:
            for token in stems:
                counts[token] += 1
        self.keyed: dict[str, list[int]] = defaultdict(list)  # each phrase under its rarest word
        for at, (stems, _symptom, _said) in enumerate(self.phrases):
            self.keyed[min(stems, key=lambda s: counts[s])].append(at)
        self.vocab = sorted({t for p, _s, _w in self.phrases for t in p if len(t) >= 4})
        # a word the catalog uses anywhere is a word, not a typo ("pings" is not "rings")
        self.known = frozenset(self.vocab) | frozenset(index.idf)
        self._correct = lru_cache(maxsize=4096)(self._nearest)

    def _stems(self, text: str, correct: bool = False) -> list[str]:
        out = []
        for word in self.phrasing.words(text):
            if word in FILLER or (len(word) < 2 and not word.isdigit()):
                continue
            token = "not" if word in NEGATIONS else stem(word)
            if correct and token not in self.known and len(token) >= 4 and not token.isdigit():
                token = self._correct(token) or token
            out.extend(self.synonyms.get(token, (token,)))
        return out

    def _nearest(self, token: str) -> str | None:
        """The phrase word one edit away (a swap counts as one edit: medai -> media)."""
        limit = 1 if len(token) < 8 else 2
        best = process.extractOne(
            token, self.vocab, scorer=distance.OSA.distance, score_cutoff=limit
        )
        return best[0] if best else None

    def seen(self, text: str) -> list[Seen]:
        """Every symptom the question describes, once, longest phrase first."""
        if self._last is not None and self._last[0] == text:  # ranking and ordering share it
            return self._last[1]
        found = self._seen(text)
        self._last = (text, found)
        return found

    def _seen(self, text: str) -> list[Seen]:
        stems = self._stems(text, correct=True)
        positions: dict[str, list[int]] = defaultdict(list)
        for at, token in enumerate(stems):
            positions[token].append(at)
        spans = durations(text)
        found: dict[int, Seen] = {}
        candidates = sorted(at for token in positions for at in self.keyed.get(token, ()))
        for at in candidates:
            phrase, symptom, said = self.phrases[at]
            if id(symptom) in found or not all(t in positions for t in phrase):
                continue
            if symptom.seconds and not _lasted(symptom.seconds, spans):
                continue
            if len(phrase) == 1 or _near(phrase, positions):
                found[id(symptom)] = Seen(symptom, said)
        return list(found.values())

    def logged(self, text: str) -> list[Seen]:
        """Symptoms a pasted log line states outright, in the order the lines stand."""
        found = [
            (m.start(), Seen(s, m.group(0)))
            for pattern, s in self.lines
            if (m := pattern.search(text))
        ]
        return [seen for _at, seen in sorted(found, key=lambda pair: pair[0])]

    @staticmethod
    def scores(seen: list[Seen], weight: float, named: Collection[str] = ()) -> dict[str, float]:
        """Entry id -> score: a symptom's first cause gets `weight`, each later one less; for a
        provider the question names, its own first entry counts as the symptom's first cause.
        Beside a symptom seen through several words, one seen only through one word (and no
        precise timer) weighs less ("session timer expired" over "drops after 15 minutes")."""
        scores: dict[str, float] = defaultdict(float)
        sharper = any(" " in item.phrase.strip() for item in seen)
        for item in seen:
            said = weight * (ONE_WORD if sharper and not _telling(item) else 1.0)
            own: dict[str, int] = defaultdict(int)  # named provider -> its entries so far
            for rank, entry_id in enumerate(item.symptom.means):
                provider = entry_id.partition(":")[0]
                if provider in named:
                    rank, own[provider] = own[provider], own[provider] + 1
                scores[entry_id] += said * DECAY**rank
        return scores


def _telling(seen: Seen) -> bool:
    """Seen through several words, or through one word and a precise timer ("drops at 32 s")."""
    seconds = seen.symptom.seconds
    return " " in seen.phrase.strip() or bool(seconds and seconds[1] - seconds[0] <= NARROW)


def _lasted(seconds: tuple[float, float], spans: list[float]) -> bool:
    """A call length in the range; for a narrow range (31-34 s: the ACK timer) every length
    given must be near it, since lengths that vary widely point elsewhere ("33 or 45 s")."""
    low, high = seconds
    if not any(low <= s <= high for s in spans):
        return False
    return high - low > NARROW or all(low - NARROW <= s <= high + NARROW for s in spans)


def _near(phrase: tuple[str, ...], positions: dict[str, list[int]]) -> bool:
    """The phrase's words in its order with a few other words among them ("no response from
    the upstream server"), or in any order packed close ("sdp incompatible")."""
    return _in_order(phrase, positions) or _packed(phrase, positions)


def _in_order(phrase: tuple[str, ...], positions: dict[str, list[int]]) -> bool:
    for start in positions[phrase[0]]:
        at = start
        for token in phrase[1:]:
            at = next((p for p in positions[token] if p > at), -1)
            if at < 0:
                break
        if at >= 0 and at - start - (len(phrase) - 1) <= SLACK:
            return True
    return False


def _packed(phrase: tuple[str, ...], positions: dict[str, list[int]]) -> bool:
    width = len(phrase) + 1
    for start in positions[phrase[0]]:
        if all(any(abs(p - start) <= width for p in positions[token]) for token in phrase[1:]):
            return True
    return False
