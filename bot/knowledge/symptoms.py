"""Symptoms: what people observe ("no audio, then the call drops", "all circuits are busy") and
the causes it points at, read from `symptoms:` files of the catalog and checked against it."""

from __future__ import annotations

import re

from hangup_bot.knowledge.entries import Symptom
from hangup_bot.knowledge.schema import Problems


def read_symptoms(items: object, file: str, problems: Problems) -> list[Symptom]:
    """Build the records of one file, reporting each malformed item by its position."""
    if not isinstance(items, list):
        problems.add(file, None, "'symptoms' must be a list")
        return []
    found = []
    for number, item in enumerate(items, 1):
        where = f"symptom {number}"
        if not isinstance(item, dict) or set(item) - {"says", "logs", "means", "seconds", "tell"}:
            problems.add(
                file, where, "a symptom takes 'says', 'logs', 'means', 'seconds' and 'tell'"
            )
            continue
        says, means, logs = item.get("says") or [], item.get("means"), item.get("logs") or []
        if not (says or logs) or not _strings(says or logs) or not _strings(means):
            problems.add(
                file, where, "'says' (or 'logs') and 'means' must be non-empty lists of text"
            )
            continue
        if logs and not _strings(logs):
            problems.add(file, where, "'logs' must be a list of patterns")
            continue
        broken = _broken_pattern(logs)
        if broken:
            problems.add(file, where, f"'logs': {broken}")
            continue
        seconds = item.get("seconds")
        if seconds is not None and not (
            isinstance(seconds, list)
            and len(seconds) == 2
            and all(isinstance(s, int | float) and not isinstance(s, bool) for s in seconds)
            and seconds[0] <= seconds[1]
        ):
            problems.add(file, where, "'seconds' must be [low, high], two numbers")
            continue
        tell = item.get("tell") or ""
        if not isinstance(tell, str):
            problems.add(file, where, "'tell' must be text")
            continue
        found.append(
            Symptom(
                tuple(s.lower() for s in says),
                tuple(means),
                tuple(seconds) if seconds else None,
                " ".join(tell.split()),
                file,
                tuple(logs),
            )
        )
    return found


def _broken_pattern(patterns: list[str]) -> str | None:
    """The first pattern that is not a valid regular expression, with the reason."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            return f"{pattern!r} is not a valid pattern ({exc})"
    return None


def check_symptoms(symptoms: list[Symptom], known: set[str], problems: Problems) -> list[Symptom]:
    """Keep the symptoms whose causes all exist; name each unknown id against its file."""
    kept = []
    for symptom in symptoms:
        missing = [m for m in symptom.means if m not in known]
        if missing:
            name = (symptom.says or symptom.logs)[0]
            problems.add(symptom.file, name, f"means unknown entry {missing[0]!r}")
        else:
            kept.append(symptom)
    return kept


def _strings(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)
