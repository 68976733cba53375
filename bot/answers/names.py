"""Cause names written in a question: `USER_BUSY`, "user busy", `dial_busy`, `UnallocatedNumber`,
a bracketed cause in a pasted FreeSWITCH line (misspelt ones are in `typos`)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from hangup_bot.answers.codes import phrase_key
from hangup_bot.answers.denials import denied, denied_positions
from hangup_bot.answers.results import Match
from hangup_bot.knowledge.entries import Catalog, Entry

SHORT_QUESTION = 8  # words; in a longer message a two-word name may just be prose
_QUOTED = re.compile(r"['\"`‘“]([^'\"`’”]{1,80})['\"`’”]")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[_.-][A-Za-z0-9]+)*")
# A SIP request named as one (`sends a SIP CANCEL`, `CANCEL request`) is not Asterisk's
# DIALSTATUS value CANCEL
_METHOD = r"(INVITE|ACK|BYE|CANCEL|OPTIONS|REGISTER|UPDATE|REFER|INFO)"
_REQUEST = re.compile(
    rf"(?:\b(?:sip|a|an|the|sends?|sent|receives?|received|got)\s+[`'\"]?){_METHOD}\b"
    rf"|\b{_METHOD}(?=[`'\"]?\s+(?:message|request|transaction|was|is sent))",
    re.I,
)
_ALNUM = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_VALUE_SHAPE = re.compile(r"[_.-]|[a-z][A-Z]")
_CUES = {"status", "cause", "reason", "marked", "dialstatus", "hangupcause", "endedreason"}


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
        self._last: tuple[str, Said] | None = None
        sizes: dict[str, set[int]] = defaultdict(set)  # first word -> lengths of names
        for phrase in self.by_phrase:
            parts = phrase.split()
            sizes[parts[0]].add(len(parts))
        self.sizes = {word: sorted(found) for word, found in sizes.items()}
        self.by_status: dict[str, list[Entry]] = defaultdict(list)  # Retell's `not_connected`
        for entry in catalog.entries.values():
            if entry.call_status:
                self.by_status[phrase_key(entry.call_status)].append(entry)

    def written(self, text: str, providers: list[str]) -> list[Match]:
        """Names the text contains whole, the ones written as a log writes them first."""
        said = self._said(text)
        matches: list[Match] = []
        taken: list[str] = []
        length: dict[str, int] = {}  # entry id -> words of the name found
        where: dict[str, int] = {}  # entry id -> where the name stands
        first: dict[str, str] = {}  # entry id -> the name's first word
        for phrase in self._candidates(said.key):
            if phrase.isdigit():  # numbers are read by context, in `codes`
                continue
            if any(f" {phrase} " in f" {t} " for t in taken):
                continue
            for entry in self.by_phrase[phrase]:
                if self._counts(entry, phrase, said, providers):
                    matches.append(Match(entry, "named"))
                    taken.append(phrase)
                    length.setdefault(entry.id, len(phrase.split()))
                    where.setdefault(entry.id, said.key.find(f" {phrase} "))
                    first.setdefault(entry.id, phrase.split()[0])
        matches.sort(
            key=lambda m: (
                m.entry.provider not in providers,
                m.entry.code not in said.values,  # written exactly as the provider sends it
                first[m.entry.id] not in said.near,  # `reason: DuplicateIdentity`
                m.entry.deprecated,
                -length[m.entry.id],  # "HTTP connection failure" says more than "failed"
                phrase_key(m.entry.code) not in said.key,
                where[m.entry.id],
                self.rank(m.entry),
            )
        )
        return matches

    def _candidates(self, key: str) -> list[str]:
        """The names the words hold, longest first: every run of words that is a name."""
        words = key.split()
        found = set()
        for at, word in enumerate(words):
            for size in self.sizes.get(word, ()):
                phrase = " ".join(words[at : at + size])
                if phrase in self.by_phrase:
                    found.add(phrase)
        return sorted(found, key=lambda f: (-len(f), f))

    def statuses(self, text: str, providers: list[str]) -> list[Match]:
        """A provider's call status written as a value (`not_connected`): the reasons it is
        reported with, when no entry has that name itself."""
        said = self._said(text)
        matches: list[Match] = []
        for status, entries in self.by_status.items():
            if status in self.by_phrase or " " not in status:
                continue
            if f" {status} " in said.key and status in said.coded | said.quoted:
                wanted = [e for e in entries if e.provider in providers] or entries
                matches += [Match(e, f"call status {e.call_status}") for e in wanted]
        return matches

    def _said(self, text: str) -> Said:
        if self._last is not None and self._last[0] == text:  # written() and statuses() share it
            return self._last[1]
        said = self._read_text(text)
        self._last = (text, said)
        return said

    def _read_text(self, text: str) -> Said:
        """The words of `text` for finding names in. A value (`USER_BUSY`, `no-answer`,
        `UnallocatedNumber`) is a name only whole: an unknown one (`INTERNAL_SERVER_ERROR`)
        stays one word, so `SERVER_ERROR` is not found inside it."""
        words: list[str] = []
        coded: set[str] = set()
        values: set[str] = set()
        for dotted in _TOKEN.findall(text):
            whole = phrase_key(dotted) in self.by_phrase  # Vapi's call.start.error-get-customer
            for token in [dotted] if whole or "." not in dotted else dotted.split("."):
                self._read(token, words, coded, values)
        quoted = {phrase_key(q) for q in _QUOTED.findall(text)}
        cued = {
            phrase_key(q)
            for q, before in ((m.group(1), text[: m.start()]) for m in _QUOTED.finditer(text))
            if set(re.findall(r"[a-z]+", before.lower())[-8:]) & _CUES
        }
        values -= {(m.group(1) or m.group(2)).upper() for m in _REQUEST.finditer(text)}
        cues = [at for at, word in enumerate(words) if any(cue in word for cue in _CUES)]
        near = {  # `hangup_reason: failed`, `status callback says busy`
            words[at] for cue in cues for at in range(cue + 1, min(cue + 4, len(words)))
        }
        key = " " + " ".join(words) + " "
        return Said(key, coded, values, quoted, cued, near, tuple(words), denied_positions(words))

    def _read(self, token: str, words: list[str], coded: set[str], values: set[str]) -> None:
        """One token into `words`; a value the catalog knows also into `coded` and `values`."""
        parts = _parts(token)
        key = " ".join(parts)
        if len(parts) > 1 and _value(token):
            if key not in self.by_phrase and key not in self.by_status:
                cued = self._after_cue(parts)  # incoming-dialstatus-CONGESTION
                if cued:
                    coded.add(cued)
                    pieces = re.split(r"([_.-])", token)  # the name as the system wrote it
                    values.add("".join(pieces[-(2 * len(cued.split()) - 1) :]))
                    words += [*parts[: -len(cued.split())], *cued.split()]
                    return
                words.append("_".join(parts))
                return
            coded.add(key)
            if not token.islower() or "-" in token:  # normal_clearing is typed, not pasted
                values.add(token)
        elif len(token) >= 4 and token.isupper() and key in self.by_phrase:
            values.add(token)  # BUSY, NOANSWER: a value, for the entries written so
        words += parts

    def _after_cue(self, parts: list[str]) -> str | None:
        """The name a value ends with right after a cue word (`incoming-dialstatus-CONGESTION`
        is CONGESTION), else None."""
        for at in range(1, len(parts)):
            name = " ".join(parts[at:])
            if parts[at - 1] in _CUES and name in self.by_phrase:
                return name
        return None

    def _counts(self, entry: Entry, phrase: str, said: Said, providers: list[str]) -> bool:
        """A name written as the code is written (`PROTOCOL_ERROR`, `dial_busy`) counts; so does
        one quoted or making up a short question. In the prose of a long message only a name of
        three telling words does (or two, for the provider the question names): shorter ones
        are left to plain-words ranking, which weighs them with the rest of the message. A name
        the message only says it never got does not count."""
        if denied(phrase, said.words, said.denied):
            return False
        if phrase in said.coded or entry.code in said.values:
            return True
        telling = [w for w in phrase.split() if w not in self.catalog.stopwords]
        short = len(said.key.split()) <= SHORT_QUESTION
        if " " in phrase:
            if (short or phrase in said.quoted) and (len(telling) >= 2 or _value(entry.code)):
                return True
            return len(telling) >= 3 or entry.provider in providers
        if said.key.strip() == phrase:
            return True
        named = entry.provider in providers
        if named and short:
            return True
        if phrase in self.catalog.stopwords:  # "hangup", "cause": words, not values
            return False
        return phrase in said.cued or (named and phrase in said.near)


@dataclass(frozen=True)
class Said:
    key: str  # " word word ... ", unknown values kept whole
    coded: set[str]  # names written as values: USER_BUSY, dial_busy, no-answer, NOANSWER
    values: set[str]  # those values exactly as written
    quoted: set[str]
    cued: set[str]  # quoted right after a status or cause word: `marked as "completed"`
    near: set[str]  # words right after one: `hangup_reason: failed`
    words: tuple[str, ...] = ()
    denied: frozenset[int] = frozenset()  # where words follow "did not get", "never received"


def _parts(token: str) -> list[str]:
    """`USER_BUSY` -> user busy; `UnallocatedNumber` -> unallocated number; `no-answer`."""
    return _ALNUM.findall(_CAMEL.sub(" ", token).lower())


def _value(token: str) -> bool:
    """Written as a value, not a word: with `_` or `-`, or in CamelCase."""
    return bool(_VALUE_SHAPE.search(token))


def by_name(matches: list[Match]) -> list[list[Match]]:
    """Named matches in groups of one name each (`USER_BUSY` and Telnyx's `user_busy` together)."""
    groups: dict[str, list[Match]] = {}
    for match in matches:
        groups.setdefault(phrase_key(match.entry.cause), []).append(match)
    return list(groups.values())


def without_names(text: str, entries: list[Entry]) -> str:
    """The text with the names of `entries` blanked out, spelt any way (`Call Rejected`)."""
    for entry in entries:
        for name in {entry.code, entry.cause}:
            parts = re.findall(r"[A-Za-z0-9]+", name)
            if parts:
                pattern = r"\b" + r"[\s_-]+".join(map(re.escape, parts)) + r"\b"
                text = re.sub(pattern, " ", text, flags=re.I)
    return text
