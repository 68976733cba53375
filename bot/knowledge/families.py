"""Pattern entries: one catalog entry for a family of values that differ in one part.

A code such as `pipeline-error-{llm}-llm-failed` stands for every value with any LLM provider in
place of `{llm}`. The provider file's `parts:` header names each part's documented values and
how to write them (`openai: OpenAI`); the entry's `values:` lists the documented ones of this
family. Loading expands each listed value into an ordinary entry (its own id, the part's name
filled into the text), and keeps the family entry for values the catalog has never seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from hangup_bot.knowledge.entries import Entry
from hangup_bot.knowledge.schema import Problems

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
TEXTS = ("cause", "description", "note")


@dataclass(frozen=True)
class Part:
    """A varying part of pattern codes: how the family entry reads it, and known values."""

    label: str
    names: dict[str, str]

    def name(self, value: str) -> str:
        return self.names.get(value, value)


def placeholder(code: str) -> str | None:
    """The part a pattern code varies in (`llm` for `...-{llm}-llm-failed`), or None."""
    found = PLACEHOLDER.findall(code)
    return found[0] if len(found) == 1 else None


def fill(entry: Entry, value: str, words: str) -> Entry:
    """The family entry with one value in place: its code, and `words` where the part is named."""
    part = placeholder(entry.code)
    token = "{" + str(part) + "}"

    def put(text: str) -> str:
        return text.replace(token, words)

    return replace(
        entry,
        code=entry.code.replace(token, value),
        cause=entry.cause.replace(token, value),
        description=put(entry.description),
        next_steps=tuple(put(s) for s in entry.next_steps),
        aliases=tuple(a.replace(token, words.lower()) for a in entry.aliases),
        note=put(entry.note) if entry.note else None,
        family=entry.code,
        part=value,
    )


def readable(entry: Entry, part: Part) -> Entry:
    """The family entry itself, its text naming the part in general words."""
    token = "{" + str(placeholder(entry.code)) + "}"
    return replace(
        entry,
        description=entry.description.replace(token, part.label),
        next_steps=tuple(s.replace(token, part.label) for s in entry.next_steps),
        aliases=tuple(a.replace(token, "").strip() for a in entry.aliases),
        note=entry.note.replace(token, part.label) if entry.note else None,
        family=entry.code,
    )


def compile_pattern(code: str) -> re.Pattern[str]:
    """A regular expression matching every value of a family, capturing its part."""
    head, _name, tail = PLACEHOLDER.split(code, maxsplit=1)
    varying = r"([a-z0-9][a-z0-9._-]*?)"
    return re.compile(re.escape(head.lower()) + varying + re.escape(tail.lower()))


class Families:
    """Every family entry of every provider, most specific first, to answer unseen values."""

    def __init__(self, families: list[tuple[Entry, Part]]):
        ranked = sorted(families, key=lambda pair: -len(PLACEHOLDER.sub("", pair[0].code)))
        self._by_provider: dict[str, list[tuple[re.Pattern[str], Entry, Part]]] = {}
        for entry, part in ranked:
            self._by_provider.setdefault(entry.provider, []).append(
                (compile_pattern(entry.code), entry, part)
            )
        self._made: dict[str, Entry | None] = {}

    @property
    def providers(self) -> set[str]:
        return set(self._by_provider)

    def resolve(self, provider: str, code: str) -> Entry | None:
        """An entry for a value no entry has, built from the most specific family it fits."""
        key = f"{provider}:{code}"
        if key not in self._made:
            if len(self._made) > 10_000:  # values come from the outside: keep the cache small
                self._made.clear()
            self._made[key] = None
            for pattern, entry, part in self._by_provider.get(provider, ()):
                found = pattern.fullmatch(code.lower())
                if found:
                    value = found.group(1)
                    self._made[key] = replace(fill(entry, value, part.name(value)), code=code)
                    break
        return self._made.get(key)


def parts_of(header: dict, file: str, problems: Problems) -> dict[str, Part]:
    """The `parts:` header: `{name: {label: ..., names: {value: how to write it}}}`."""
    raw = header.get("parts") or {}
    if not isinstance(raw, dict):
        problems.add(file, None, "parts must map a part's name to its label and names")
        return {}
    parts = {}
    for name, spec in raw.items():
        names = spec.get("names") or {} if isinstance(spec, dict) else None
        if (
            not isinstance(spec, dict)
            or not isinstance(spec.get("label"), str)
            or not isinstance(names, dict)
        ):
            problems.add(file, None, f"part {name!r} needs a 'label' and may have 'names'")
            continue
        parts[str(name)] = Part(spec["label"], {str(k): str(v) for k, v in names.items()})
    return parts


def expand(
    entry: Entry, item: dict, parts: dict[str, Part], file: str, problems: Problems
) -> tuple[Entry, Part, list[Entry]] | None:
    """A pattern entry -> (the family entry as shown, its part, one entry per listed value).
    `Families` keeps the entry as written, to fill in values it has never seen."""
    name = placeholder(entry.code)
    if name is None or name not in parts:
        message = f"a pattern code needs one part declared in 'parts' ({name})"
        problems.add(file, entry.code, message)
        return None
    values = item.get("values") or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        problems.add(file, entry.code, "values must be a list of the part's documented values")
        return None
    part = parts[name]
    return readable(entry, part), part, [fill(entry, v, part.name(v)) for v in values]
