"""A question -> ranked catalog entries, with notes on what was assumed.

Exact references come first: a cause name as a log writes it (`[MEDIA_TIMEOUT]`), a numeric code,
a SIP response, a Q.850 cause, a provider's reason written as it is sent, a cause name in words,
the same names misspelt. Then plain words and symptoms. Provider words rank that provider
first, and a cause named in another provider's terms answers in the named provider's terms.
"""

from __future__ import annotations

import re

from hangup_bot.answers.codes import (
    clean,
    http_statuses,
    lone_number,
    numbers,
    phrase_key,
    strip_noise,
)
from hangup_bot.answers.codes import words as word_list
from hangup_bot.answers.families import family_matches
from hangup_bot.answers.names import SHORT_QUESTION, Names, by_name, without_names
from hangup_bot.answers.numbered import Numbered
from hangup_bot.answers.plain import Plain
from hangup_bot.answers.results import Match, Result
from hangup_bot.answers.symptoms import durations
from hangup_bot.answers.terms import (
    GENERIC,
    cause_first,
    hangup_by,
    in_named_terms,
    names_a_response,
)
from hangup_bot.answers.topic import aside
from hangup_bot.answers.typos import Typos
from hangup_bot.answers.unknown import unknown_values
from hangup_bot.answers.wordscore import WordIndex
from hangup_bot.knowledge.entries import Catalog, Entry

MAX_MATCHES = 5
_PROVIDER_WORD = re.compile(r"[A-Za-z0-9.#]+")
_HTTP_NUMBER = re.compile(r"\b\d{3}\b")
_SNAKE_VALUE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b")


class Matcher:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._plain: Plain | None = None
        self.numbered = Numbered(catalog, self._provider_rank)
        self.names = Names(catalog, self._provider_rank)
        self.typos = Typos(catalog, self._provider_rank, set(self.names.by_phrase))
        self.provider_words = {a: p.id for p in catalog.providers.values() for a in p.aliases}
        self._call_ids = [
            (p.id, re.compile(id_pattern))
            for p in catalog.providers.values()
            for id_pattern in p.call_ids
        ]
        words = sorted(self.provider_words, key=len, reverse=True)  # "retell ai" before "retell"
        self._provider_word = re.compile(  # "livekits docs" names LiveKit too
            r"(?<= )(" + "|".join(map(re.escape, words)) + r")s?(?= )"
        )

    @property
    def plain(self) -> Plain:
        """Built on first use: a bare code (`hangup 6020`) never needs it."""
        if self._plain is None:
            self._plain = Plain(self.catalog, WordIndex(self.catalog), self._provider_rank)
        return self._plain

    @property
    def words(self) -> WordIndex:
        return self.plain.index

    def _provider_rank(self, entry: Entry) -> tuple[bool, bool, int]:
        """Originals before inherited copies, current before deprecated, common providers first."""
        provider = self.catalog.providers[entry.provider]
        return (bool(provider.parent), entry.deprecated, provider.rank)

    def _copy_last(self, entry: Entry, hinted: list[str]) -> bool:
        """Inherited copies (vobiz:3010 of plivo:3010) go after every original, unless asked for."""
        return bool(self.catalog.providers[entry.provider].parent) and entry.provider not in hinted

    def _leftover(self, text: str, matches: list[Match]) -> set[str]:
        """Words of the question that neither name a provider nor belong to a matched cause."""
        named = set()
        for match in matches:
            named.update(word_list(f"{match.entry.code} {match.entry.cause}"))
        return set(word_list(self._without_provider_words(text))) - named

    def _without_provider_words(self, text: str) -> str:
        words = _PROVIDER_WORD.findall(text)
        return " ".join(w for w in words if w.lower() not in self.provider_words)

    def providers_in(self, text: str) -> list[str]:
        """Providers the question names, in the order it names them."""
        lowered = " " + phrase_key(text) + " "
        found = (self.provider_words[m.group(1)] for m in self._provider_word.finditer(lowered))
        return list(dict.fromkeys(found))

    def with_call_ids(self, text: str, named: list[str]) -> list[str]:
        """The providers named, then those whose call ids the text pastes (`CA…` is Twilio's)."""
        pasted = [pid for pid, pattern in self._call_ids if pattern.search(text)]
        return list(dict.fromkeys([*named, *pasted]))

    def match(self, query: str, provider: str | None = None) -> Result:
        cleaned = clean(query)
        text = strip_noise(cleaned)
        named = [provider] if provider else self.with_call_ids(cleaned, self.providers_in(text))
        result = Result(providers=named)
        lone = lone_number(self._without_provider_words(text))
        found = [lone] if lone else numbers(text)
        note = aside(self.plain, cleaned, bool(found or durations(text)))  # `[Feature]` kept
        if note:
            result.notes.append(note)
            return result
        own = [p for p in result.providers if p not in GENERIC]  # "SIP" names no one's terms
        named = self.names.written(text, own or result.providers)  # SIP's name when only SIP
        logged = [m for m in named if m.entry.code in text and m.entry.code.isupper()]
        newer = family_matches(self.catalog, text, result)  # values newer than the catalog
        groups = [*self.numbered.groups(found, result, text), *by_name(named)]
        lines = self._log_lines(text, result)
        ordered = [m for g in self._by_support(groups, text, named) for m in g]
        exact = newer + lines + logged + ordered
        if not exact:
            exact = (
                self._misspelt(text, result)
                or hangup_by(self.catalog, text, result)
                or self._statuses(text, result)
            )
        seen: set[str] = set()
        for m in exact:
            if m.entry.id not in seen:
                seen.add(m.entry.id)
                result.matches.append(m)
        if provider:
            result.matches = [m for m in result.matches if m.entry.provider == provider]
        hinted = own
        result.matches.sort(
            key=lambda m: (
                hinted.index(m.entry.provider)
                if m.entry.provider in hinted and not names_a_response(m)
                else len(hinted),
                self._copy_last(m.entry, hinted),
            )
        )
        wrapped = [m for m in result.matches if names_a_response(m) and m.entry.provider in hinted]
        if wrapped:  # the named platform's name for the response, right after the response
            rest = [m for m in result.matches if m is not wrapped[0]]
            result.matches[:] = rest[:1] + wrapped[:1] + rest[1:]
        in_named_terms(self.catalog, result)
        cause_first(self.catalog, result, text)
        if not result.matches:
            unknown_values(self.catalog, self.numbered.by_code, text, result)
            if (
                result.notes
                and not self._without_provider_words(_SNAKE_VALUE.sub(" ", text)).strip()
            ):
                return result  # only a value newer than the catalog: nothing else to weigh
        if lone or (result.matches and not self._leftover(text, result.matches)):
            return result  # only codes and cause names were asked about: nothing else to weigh
        said = _HTTP_NUMBER.sub(lambda m: " " if int(m[0]) in http_statuses(text) else m[0], text)
        self._plain_words(self._without_provider_words(said), result, provider)
        return result

    def _by_support(
        self, groups: list[list[Match]], text: str, named: list[Match]
    ) -> list[list[Match]]:
        """Several codes or names in a long message: the one whose symptoms the rest of the
        message describes first ("603 ... no suitable codec ... 488" leads with 488)."""
        groups = [g for g in groups if g]
        if len(groups) < 2 or len(word_list(text)) <= SHORT_QUESTION:
            return groups
        described = self.plain.described(without_names(text, [m.entry for m in named]))
        best = [max(described.get(m.entry.id, 0.0) for m in g) for g in groups]
        order = sorted(range(len(groups)), key=lambda i: -best[i])
        return [groups[i] for i in order]

    def _plain_words(self, text: str, result: Result, provider: str | None) -> None:
        exact_found = bool(result.matches)
        found, seen, strong = self.plain.matches(text, result.providers, provider, exact_found)
        if not strong and (exact_found or not self._could_be(text)):
            return
        if not strong:
            result.notes.append("Not sure: these are the likeliest causes for what you describe.")
            tell = self.plain.tell_apart(found, seen)
            if tell:
                result.notes.append(tell)
            found = [
                Match(m.entry, "could be: " + m.why.removeprefix("words: "), m.score) for m in found
            ]
        taken = {m.entry.id for m in result.matches}
        for m in found:
            if m.entry.id not in taken and len(result.matches) < MAX_MATCHES:
                taken.add(m.entry.id)
                result.matches.append(m)

    def _could_be(self, text: str) -> bool:
        return self.plain.about_ending(text) and not self.plain.off_topic(text)

    def _log_lines(self, text: str, result: Result) -> list[Match]:
        """Lines a system writes when a call ends this way, read as it meant them."""
        found = self.plain.symptoms.logged(text)
        for seen in found:
            code = self.catalog.entries[seen.symptom.means[0]].code
            result.notes.append(f"Read the log line “{seen.phrase}” as {code}.")
            if seen.symptom.tell:
                result.notes.append(seen.symptom.tell)
        return [
            Match(self.catalog.entries[i], f"log line: {seen.phrase}")
            for seen in found
            for i in seen.symptom.means
        ]

    def _statuses(self, text: str, result: Result) -> list[Match]:
        found = self.names.statuses(text, result.providers)
        if found:
            status, name = (
                found[0].entry.call_status,
                self.catalog.provider(found[0].entry.provider),
            )
            result.notes.append(
                f"{status} is {name.name}'s call status, not a reason; these reasons come with it."
            )
        return found

    def _misspelt(self, text: str, result: Result) -> list[Match]:
        matches = []
        for typed, entry in self.typos.misspelt(text, result.providers):
            if not matches:
                result.notes.append(f"Read {typed} as {entry.code}.")
            matches.append(Match(entry, f"close to {typed}"))
        return matches
