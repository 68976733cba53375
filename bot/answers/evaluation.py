"""Measure an answer engine on `{"query", "expect"}` lines, beside two plain baselines.

A returned id is correct when it is one of the line's expected ids; `plivo:N` and `vobiz:N`
count as the same answer (Vobiz uses Plivo's table). Lines with `expect: []` measure abstention:
the right output there is no answer at all.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from hangup_bot.knowledge.entries import Catalog, Entry

Ranker = Callable[[str], list[str]]
TOP = 5


@dataclass(frozen=True)
class Case:
    query: str
    expect: tuple[str, ...]
    note: str = ""
    source: str = ""

    @property
    def half(self) -> str:
        """`tune` or `check`, fixed by the thread a question came from, so questions of one
        thread never sit on both sides; invented lines (no thread) split by their text."""
        if not self.source:
            return "tune"
        key = self.source if self.source != "invented" else f"invented:{self.query}"
        return ("tune", "check")[hashlib.sha256(key.encode()).digest()[0] % 2]

    @property
    def real(self) -> bool:
        return bool(self.source) and self.source != "invented"


@dataclass
class Score:
    name: str
    answerable: int = 0
    top1: int = 0
    top3: int = 0
    reciprocal: float = 0.0
    negatives: int = 0
    abstained: int = 0
    misses: list[tuple[Case, list[str]]] = field(default_factory=list)

    def line(self) -> str:
        n = max(self.answerable, 1)
        return (
            f"{self.name:<14} top-1 {self.top1 / n:.3f}  top-3 {self.top3 / n:.3f}  "
            f"MRR@5 {self.reciprocal / n:.3f}  abstained {self.abstained}/{self.negatives}"
        )


def read_cases(path: Path) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data.get("expect"), list):
                raise ValueError(
                    f"{path}:{number}: expect must be a list of ids, "
                    f'such as ["plivo:3010"], not {data.get("expect")!r}'
                )
            cases.append(
                Case(
                    str(data["query"]),
                    tuple(data["expect"]),
                    data.get("note", ""),
                    str(data.get("source") or ""),
                )
            )
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}:{number}: not a {{query, expect}} line ({exc})") from exc
    return cases


def groups(cases: list[Case]) -> dict[str, list[Case]]:
    """Each half, then its real and invented lines, when the file says where its lines came
    from."""
    if not any(c.source for c in cases):
        return {}
    found: dict[str, list[Case]] = {}
    for half in ("tune", "check"):
        whole = [c for c in cases if c.half == half]
        found[f"{half} half"] = whole
        for real, kind in ((True, "real"), (False, "invented")):
            group = [c for c in whole if c.real == real]
            if group and len(group) < len(whole):
                found[f"{half} half, {kind}"] = group
    return found


def canonical(entry_id: str) -> str:
    provider, _, code = entry_id.partition(":")
    return f"plivo:{code}" if provider == "vobiz" and code != "5030" else entry_id


def evaluate(name: str, rank: Ranker, cases: Iterable[Case]) -> Score:
    score = Score(name)
    for case in cases:
        got = list(dict.fromkeys(canonical(i) for i in rank(case.query)))[:TOP]
        if not case.expect:
            score.negatives += 1
            score.abstained += not got
            if got:
                score.misses.append((case, got))
            continue
        score.answerable += 1
        wanted = {canonical(i) for i in case.expect}
        first = next((i for i, entry_id in enumerate(got) if entry_id in wanted), None)
        score.top1 += first == 0
        score.top3 += first is not None and first < 3
        score.reciprocal += 1 / (first + 1) if first is not None else 0.0
        if first != 0:
            score.misses.append((case, got))
    return score


def _entry_text(entry: Entry) -> str:
    return " ".join([entry.provider, entry.code, entry.cause, *entry.aliases, entry.description])


def wratio_baseline(catalog: Catalog) -> Ranker:
    """Plain rapidfuzz WRatio of the question against each entry's text; never abstains."""
    entries = list(catalog.entries.values())
    texts = [_entry_text(e).lower() for e in entries]

    def rank(query: str) -> list[str]:
        found = process.extract(query.lower(), texts, scorer=fuzz.WRatio, limit=TOP)
        return [entries[i].id for _text, _score, i in found]

    return rank


def bm25_baseline(catalog: Catalog) -> Ranker:
    """Okapi BM25 (rank_bm25) over each entry's text; abstains only when no word is shared."""
    from rank_bm25 import BM25Okapi  # a development dependency

    entries = list(catalog.entries.values())
    model = BM25Okapi([_tokens(_entry_text(e)) for e in entries])

    def rank(query: str) -> list[str]:
        scores = model.get_scores(_tokens(query))
        order = sorted(range(len(entries)), key=lambda i: -scores[i])[:TOP]
        return [entries[i].id for i in order if scores[i] > 0]

    return rank


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def report(name: str, cases: list[Case], rankers: dict[str, Ranker], verbose: bool = False) -> str:
    """The `hangup eval` text: every ranker on the whole file, then on each half and kind of
    line when the file says where its lines came from; with `verbose`, the engine's misses."""
    negatives = sum(not c.expect for c in cases)
    lines = [
        f"{name}: {len(cases)} queries, {len(cases) - negatives} answerable, {negatives} no-answer"
    ]
    scores = [evaluate(ranker, rank, cases) for ranker, rank in rankers.items()]
    lines += [score.line() for score in scores]
    for heading, group in groups(cases).items():
        lines += ["", f"{heading}: {len(group)} queries"]
        lines += [evaluate(ranker, rank, group).line() for ranker, rank in rankers.items()]
    if verbose:
        lines += ["", "misses of hangup-bot:"]
        for case, got in scores[0].misses:
            lines.append(f"  {case.query!r}\n    expected {list(case.expect)}\n    got      {got}")
    return "\n".join(lines) + "\n"
