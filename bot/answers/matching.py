"""A question -> ranked catalog entries, with notes on what was assumed.

Exact references come first (a numeric code, a SIP response, a Q.850 cause, a provider's reason
written as it is sent, a cause name), then plain-words matches. Provider words rank that
provider first; they filter only when they point at a code that provider defines.
"""

from __future__ import annotations

import re
from collections import defaultdict

from hangup_bot.answers.codes import Number, clean, lone_number, numbers, phrase_key, strip_noise
from hangup_bot.answers.codes import words as word_list
from hangup_bot.answers.families import family_matches
from hangup_bot.answers.results import Match, Result
from hangup_bot.answers.unknown import CAUSE_NAMES, explain_unknown, unknown_values, via_sources
from hangup_bot.answers.wordscore import WordIndex
from hangup_bot.knowledge.entries import Catalog, Entry

MAX_MATCHES = 5
HINT_BOOST = 1.5  # a provider named in the question ranks its entries first, without filtering
MIN_CONFIDENCE = 5.0  # score x coverage of the best plain-words match, below it: no answer
OFF_TOPIC_CONFIDENCE = 20.0  # the same when the question names an off-topic thing (sms, invoice)
RELATIVE_CUTOFF = 0.55


class Matcher:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._words_index: WordIndex | None = None
        self.by_code: dict[str, list[Entry]] = defaultdict(list)
        self.by_phrase: dict[str, list[Entry]] = defaultdict(list)
        self.by_sip: dict[int, list[Entry]] = defaultdict(list)
        self.by_q850: dict[int, list[Entry]] = defaultdict(list)
        for entry in sorted(catalog.entries.values(), key=self._provider_rank):
            self.by_code[entry.code.lower()].append(entry)
            for text in (entry.code, entry.cause):
                key = phrase_key(text)
                if key and entry not in self.by_phrase[key]:
                    self.by_phrase[key].append(entry)
            for number in entry.sip:
                self.by_sip[number].append(entry)
            for number in entry.q850:
                self.by_q850[number].append(entry)
        for table, field_of in ((self.by_sip, _sip_of), (self.by_q850, _q850_of)):
            for number, hits in table.items():
                hits.sort(
                    key=lambda e, n=number, f=field_of: (
                        f(e).index(n),
                        self._tier(e, n),
                        self._provider_rank(e),
                    )
                )
        self.provider_words = {a: p.id for p in catalog.providers.values() for a in p.aliases}
        self.phrase_keys = sorted(self.by_phrase, key=len, reverse=True)

    @property
    def words(self) -> WordIndex:
        """Built on first use: a bare code (`hangup 6020`) never needs it."""
        if self._words_index is None:
            self._words_index = WordIndex(self.catalog)
        return self._words_index

    def _provider_rank(self, entry: Entry) -> tuple[bool, bool, int]:
        """Originals before inherited copies, current before deprecated, common providers first."""
        provider = self.catalog.providers[entry.provider]
        return (bool(provider.parent), entry.deprecated, provider.rank)

    @staticmethod
    def _tier(entry: Entry, number: int) -> int:
        """For a SIP or Q.850 number: the cause name logs show, then the number's own entry."""
        if entry.provider == CAUSE_NAMES and entry.number is None:
            return 0
        return 1 if entry.code == str(number) else 2

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
        words = re.findall(r"[A-Za-z0-9.#]+", text)
        return " ".join(w for w in words if w.lower() not in self.provider_words)

    def providers_in(self, text: str) -> list[str]:
        """Providers the question names, in the order it names them."""
        lowered = " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "
        found = sorted(
            (lowered.find(f" {a} "), p)
            for a, p in self.provider_words.items()
            if f" {a} " in lowered
        )
        return list(dict.fromkeys(p for _at, p in found))

    def match(self, query: str, provider: str | None = None) -> Result:
        text = strip_noise(clean(query))
        result = Result(providers=[provider] if provider else self.providers_in(text))
        lone = lone_number(self._without_provider_words(text))
        found = [lone] if lone else numbers(text)
        newer = family_matches(self.catalog, text, result)  # values newer than the catalog
        exact = newer + self._numbers(found, result) + self._phrases(text, result.providers)
        seen: set[str] = set()
        for m in exact:
            if m.entry.id not in seen:
                seen.add(m.entry.id)
                result.matches.append(m)
        if provider:
            result.matches = [m for m in result.matches if m.entry.provider == provider]
        hinted = result.providers
        result.matches.sort(
            key=lambda m: (
                hinted.index(m.entry.provider) if m.entry.provider in hinted else len(hinted),
                self._copy_last(m.entry, hinted),
            )
        )
        if not result.matches:
            unknown_values(self.catalog, self.by_code, text, result)
        if lone or (result.matches and not self._leftover(text, result.matches)):
            return result  # only codes and cause names were asked about: nothing else to weigh
        words = self._words(text, result.providers, provider, exact_found=bool(result.matches))
        for m in words:
            if m.entry.id not in seen and len(result.matches) < MAX_MATCHES:
                seen.add(m.entry.id)
                result.matches.append(m)
        return result

    # -- exact references -------------------------------------------------------------------

    def _numbers(self, found: list[Number], result: Result) -> list[Match]:
        matches: list[Match] = []
        for number in found:
            if number.kind == "code":
                matches += self._code(number.value, result)
                continue
            table, name = (
                (self.by_sip, "SIP response")
                if number.kind == "sip"
                else (self.by_q850, "Q.850 cause number")
            )
            hits = table.get(number.value, [])
            matches += [Match(e, f"{name} {number.value}") for e in hits]
            if hits:
                result.notes.append(f"Read {number.value} as a {name}.")
            else:
                explain_unknown(self.catalog, number.value, result, name)
        return matches

    def _code(self, value: int, result: Result) -> list[Match]:
        hits = self.by_code.get(str(value), [])
        wanted = [e for e in hits if e.provider in result.providers]
        if not wanted:
            wanted = hits
            via = via_sources(self.catalog, str(value), result)
            if via:
                wanted = [e for e in hits if e.provider == via] or hits
        if wanted:
            return [Match(e, "exact code") for e in wanted]
        explain_unknown(self.catalog, value, result)
        return []

    def _phrases(self, text: str, providers: list[str]) -> list[Match]:
        key = " " + phrase_key(text) + " "
        quoted = {phrase_key(q) for q in re.findall(r"['\"`‘“]([^'\"`’”]{1,80})['\"`’”]", text)}
        raw_words = set(re.findall(r"[A-Za-z0-9_]+", text))
        matches: list[Match] = []
        taken: list[str] = []
        for phrase in self.phrase_keys:
            if f" {phrase} " not in key or any(f" {phrase} " in f" {t} " for t in taken):
                continue
            for entry in self.by_phrase[phrase]:
                if self._phrase_counts(entry, phrase, key, quoted, raw_words, providers):
                    matches.append(Match(entry, "named"))
                    taken.append(phrase)
        matches.sort(
            key=lambda m: (
                m.entry.provider not in providers,
                m.entry.deprecated,
                phrase_key(m.entry.code) not in key,
                self._provider_rank(m.entry),
            )
        )
        return matches

    def _phrase_counts(
        self,
        entry: Entry,
        phrase: str,
        key: str,
        quoted: set[str],
        raw_words: set[str],
        providers: list[str],
    ) -> bool:
        """Names of two telling words count anywhere; others need a provider, quotes or caps."""
        telling = [w for w in phrase.split() if w not in self.catalog.stopwords]
        if len(telling) >= 2 or (" " in phrase and "_" in entry.code):
            return True
        if providers and entry.provider not in providers:
            return False
        return (
            entry.provider in providers
            or phrase in quoted
            or (entry.code in raw_words and entry.code.isupper())
            or key.strip() == phrase
            or ("_" in entry.code and " " in phrase)
        )

    # -- plain words ------------------------------------------------------------------------

    def _words(
        self, text: str, providers: list[str], only: str | None, exact_found: bool
    ) -> list[Match]:
        ranked = self.words.rank(text, limit=25)
        if only:
            ranked = [s for s in ranked if s.entry.provider == only]
        boosted = [
            (s.score * (HINT_BOOST if s.entry.provider in providers else s.entry.weight), s)
            for s in ranked
        ]
        boosted.sort(key=lambda pair: (-pair[0], self._provider_rank(pair[1].entry)))
        if not boosted:
            return []
        best, top = boosted[0]
        off_topic = bool(set(word_list(text)) & self.words.off_topic)
        needed = OFF_TOPIC_CONFIDENCE if off_topic else MIN_CONFIDENCE
        if best * top.coverage < needed:
            return []
        floor = best * (0.8 if exact_found else RELATIVE_CUTOFF)
        return [
            Match(s.entry, "words: " + ", ".join(s.hits[:4]), round(score, 2))
            for score, s in boosted
            if score >= floor
        ][:MAX_MATCHES]


def _sip_of(entry: Entry) -> tuple[int, ...]:
    return entry.sip


def _q850_of(entry: Entry) -> tuple[int, ...]:
    return entry.q850
