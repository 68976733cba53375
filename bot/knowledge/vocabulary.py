"""Vocabulary files (`words:`): words to ignore, words read as the catalog's own, words pointing
off topic, questions that are not about a call ending (or not about a call at all), and words
that say one is."""

from __future__ import annotations

from typing import Any

from hangup_bot.knowledge.schema import Problems

WORDS = " words"  # the key vocabulary files are gathered under; no provider id has a space


LISTS = ("ignore", "off_topic", "not_ending", "ending", "how_to", "not_a_call", "a_call", "openers")
PHRASE_LISTS = ("not_ending", "how_to", "not_a_call", "openers")  # phrases, `*` a short gap
WORD_LISTS = tuple(key for key in LISTS if key not in PHRASE_LISTS)  # single words


def empty_vocabulary() -> dict[str, Any]:
    return {key: set() for key in LISTS} | {"same": {}, "alike": {}}


def read_words(words: object, file: str, raw: dict[str, dict], problems: Problems) -> None:
    """A vocabulary file: words to ignore, and words to read as the catalog's own words."""
    vocab = raw.setdefault(WORDS, empty_vocabulary())
    shape = (
        f"'words' takes {', '.join(repr(k) for k in LISTS)} (lists), "
        "'same' (mapping) "
        "and 'alike' (an idea -> the list of words and phrases that say it)"
    )
    if not isinstance(words, dict):
        problems.add(file, None, shape)
        return
    unknown = sorted(str(k) for k in set(words) - set(vocab))
    if unknown:
        problems.add(file, None, f"words: unknown key(s) {', '.join(unknown)}; {shape}")
        return
    lists = {key: words.get(key) or [] for key in LISTS}
    same = words.get("same") or {}
    alike = words.get("alike") or {}
    if (
        not all(isinstance(x, list) for x in lists.values())
        or not isinstance(same, dict)
        or not isinstance(alike, dict)
        or not all(isinstance(v, list) for v in alike.values())
    ):
        problems.add(file, None, shape)
        return
    odd = [
        w
        for w in [w for found in lists.values() for w in found]
        + [*same, *same.values(), *alike]
        + [w for v in alike.values() for w in v]
        if not isinstance(w, str)
    ]
    if odd:  # YAML reads on/off/yes/no unquoted as booleans
        problems.add(file, None, f'words: {odd[0]!r} is not a word; quote it ("on", "no")')
        return
    for key in WORD_LISTS:
        vocab[key].update(str(w).lower() for w in lists[key])
    for key in PHRASE_LISTS:
        vocab[key].update(" ".join(str(w).lower().split()) for w in lists[key])
    vocab["same"].update({str(k).lower(): str(v).lower() for k, v in same.items()})
    for idea, sayings in alike.items():
        vocab["alike"].update(
            {" ".join(str(s).lower().split()): str(idea).lower() for s in sayings}
        )
