"""Vocabulary files (`words:`): words to ignore, words read as the catalog's own, words pointing
off topic, questions that are not about a call ending (or not about a call at all), and words
that say one is."""

from __future__ import annotations

from typing import Any

from hangup_bot.knowledge.schema import Problems

WORDS = " words"  # the key vocabulary files are gathered under; no provider id has a space


def empty_vocabulary() -> dict[str, Any]:
    return {
        "ignore": set(),
        "same": {},
        "off_topic": set(),
        "not_ending": set(),
        "ending": set(),
        "alike": {},
        "how_to": set(),
        "not_a_call": set(),
        "a_call": set(),
        "openers": set(),
    }


def read_words(words: object, file: str, raw: dict[str, dict], problems: Problems) -> None:
    """A vocabulary file: words to ignore, and words to read as the catalog's own words."""
    vocab = raw.setdefault(WORDS, empty_vocabulary())
    shape = (
        "'words' takes 'ignore', 'off_topic', 'not_ending', 'ending', 'how_to', "
        "'not_a_call', 'a_call', 'openers' (lists), "
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
    keys = ("ignore", "off_topic", "not_ending", "ending", "how_to", "not_a_call", "a_call")
    keys += ("openers",)
    lists = [words.get(k) or [] for k in keys]
    same = words.get("same") or {}
    alike = words.get("alike") or {}
    if (
        not all(isinstance(x, list) for x in lists)
        or not isinstance(same, dict)
        or not isinstance(alike, dict)
        or not all(isinstance(v, list) for v in alike.values())
    ):
        problems.add(file, None, shape)
        return
    odd = [
        w
        for w in [*lists[0], *lists[1], *lists[2], *lists[4], *lists[5], *lists[6], *lists[7]]
        + [*same, *same.values(), *alike]
        + [w for v in alike.values() for w in v]
        if not isinstance(w, str)
    ]
    if odd:  # YAML reads on/off/yes/no unquoted as booleans
        problems.add(file, None, f'words: {odd[0]!r} is not a word; quote it ("on", "no")')
        return
    vocab["ignore"].update(str(w).lower() for w in lists[0])
    vocab["off_topic"].update(str(w).lower() for w in lists[1])
    vocab["not_ending"].update(" ".join(str(w).lower().split()) for w in lists[2])
    vocab["ending"].update(str(w).lower() for w in lists[3])
    vocab["how_to"].update(" ".join(str(w).lower().split()) for w in lists[4])
    vocab["not_a_call"].update(" ".join(str(w).lower().split()) for w in lists[5])
    vocab["a_call"].update(str(w).lower() for w in lists[6])
    vocab["openers"].update(" ".join(str(w).lower().split()) for w in lists[7])
    vocab["same"].update({str(k).lower(): str(v).lower() for k, v in same.items()})
    for idea, sayings in alike.items():
        vocab["alike"].update(
            {" ".join(str(s).lower().split()): str(idea).lower() for s in sayings}
        )
