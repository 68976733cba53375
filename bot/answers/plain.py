"""Plain words: a question with no code, ranked by its words and the symptoms it describes; when
the evidence is weak but the question is about a call ending, the likeliest causes as "could be".
"""

from __future__ import annotations

import re

from hangup_bot.answers.codes import words as word_list
from hangup_bot.answers.phrasing import Intents
from hangup_bot.answers.results import Match
from hangup_bot.answers.symptoms import Seen, SymptomIndex
from hangup_bot.answers.terms import GENERIC, wrapped_response
from hangup_bot.answers.wordscore import Scored, WordIndex, stem
from hangup_bot.knowledge.entries import Catalog, Entry

MAX_MATCHES = 5
HINT_BOOST = 1.5  # a provider named in the question ranks its entries first, without filtering
MIN_CONFIDENCE = 5.0  # score x coverage of the best plain-words match, below it: "could be"
OFF_TOPIC_CONFIDENCE = 20.0  # the same when the question names an off-topic thing (sms, invoice)
RELATIVE_CUTOFF = 0.55
SYMPTOM_WEIGHT = 5.0  # what a described symptom adds to its first cause, in the rarest word's idf
COULD_BE = 3
NAMED_TERMS = 1.05  # the named provider's entry for an event, over another provider's
CAUSE_NAMES = "sip"
LONG_MESSAGE = 30  # words
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\s*\n\s*|\s+\.\.\.\s+")


class Plain:
    def __init__(self, catalog: Catalog, index: WordIndex, rank):
        self.catalog = catalog
        self.index = index
        self.symptoms = SymptomIndex(catalog, index)
        self.rank = rank
        self.ending = frozenset(stem(w) for w in catalog.ending)
        self._not_ending = Intents(list(catalog.not_ending))
        self._how_to = Intents(list(catalog.how_to))
        self._not_a_call = Intents(list(catalog.not_a_call))
        self.a_call = catalog.a_call
        self._openers = Intents(list(catalog.openers))

    def about_ending(self, text: str) -> bool:
        """Whether the question speaks of a call ending, failing or being refused at all."""
        return bool({stem(w) for w in word_list(text)} & self.ending)

    def focus(self, text: str) -> str:
        """In a long message, the sentences that speak of the call ending or failing (and the
        first, the title of most reports): the rest is set-up and thanks."""
        if len(word_list(text)) <= LONG_MESSAGE:
            return text
        sentences = [s for s in _SENTENCE.split(text) if s.strip()]
        kept = [s for i, s in enumerate(sentences) if i == 0 or self.about_ending(s)]
        return " ".join(kept) if len(kept) < len(sentences) else text

    def off_topic(self, text: str) -> bool:
        return bool(set(word_list(text)) & self.index.off_topic)

    def not_ending(self, text: str) -> bool:
        """A question about a call that will not end, how to end one or how to set something
        up: no cause to look up (`*` in a phrase stands for a few words of anything)."""
        return self._not_ending.said_in(text)

    def how_to(self, text: str) -> bool:
        """A how-to question (how to detect voicemail): no cause to look up, unless it gives a
        code or a call length ("disconnects after 31 s: is there a way to ..."), which is then
        what it is about."""
        return self._how_to.said_in(text)

    def asks_how(self, text: str) -> bool:
        """A question that opens as one ("how do I", "is it possible") and says nothing of a call
        ending, failing or being refused: a how-to, with no cause to look up."""
        return self._openers.said_in(text) and not self.about_ending(text)

    def not_a_call(self, text: str) -> bool:
        """A question about something other than a call (a phone that will not register, a
        login) that names no call at all: a 403 to a REGISTER ended no call."""
        return self._not_a_call.said_in(text) and not set(word_list(text.lower())) & self.a_call

    def described(self, text: str) -> dict[str, float]:
        """Entry id -> how strongly the symptoms a question describes point at it."""
        return SymptomIndex.scores(self.symptoms.seen(text), 1.0)

    def support(
        self, text: str, providers: list[str], only: str | None = None
    ) -> tuple[dict[str, float], dict[str, Scored], list[Seen]]:
        """Every entry the words and symptoms of a question point at, with its score."""
        seen = self.symptoms.seen(text)
        named = [p for p in providers if p not in GENERIC]
        extra = SymptomIndex.scores(seen, SYMPTOM_WEIGHT * self.index.max_idf, named)
        scored = {s.entry.id: s for s in self.index.rank(self.focus(text), limit=25)}
        total: dict[str, float] = {}
        for entry_id in dict.fromkeys([*scored, *extra]):
            entry = self.catalog.entries[entry_id]
            if only and entry.provider != only:
                continue
            base = scored[entry_id].score if entry_id in scored else 0.0
            hinted = HINT_BOOST if entry.provider in providers else 1.0
            weight = hinted if entry.provider in providers else entry.weight
            total[entry_id] = base * weight + extra.get(entry_id, 0.0) * hinted
        self._in_named_terms(total, providers)
        return total, scored, seen

    def _in_named_terms(self, total: dict[str, float], providers: list[str]) -> None:
        """A question naming Vapi gets Vapi's entry for what the words point at, ranked just
        above the other provider's entry they found (`silence timeout` -> silence-timed-out);
        one in SIP's terms (a trunk, a PBX, FreeSWITCH) gets the cause name a switch logs
        (MEDIA_TIMEOUT over Plivo's 6020 for "RTP stopped, then the call dropped")."""
        named = [p for p in providers if self.catalog.providers[p].own_terms]
        generic = CAUSE_NAMES in providers and not named
        if generic:
            named = [CAUSE_NAMES]
        self._responses_unwrapped(total, providers)
        if not named:
            return
        for entry_id, score in sorted(total.items(), key=lambda item: -item[1]):
            entry = self.catalog.entries[entry_id]
            if entry.provider in named or (generic and entry.provider in GENERIC):
                continue
            for same in self.catalog.related(entry):
                if same.provider in named:
                    total[same.id] = max(total.get(same.id, 0.0), score * NAMED_TERMS)
                    break

    def _responses_unwrapped(self, total: dict[str, float], providers: list[str]) -> None:
        """A platform's name for a SIP response (LiveKit's SIP_STATUS_FORBIDDEN, a Voice SDK's
        31403) answers only questions that name the platform; others get the response."""
        for entry_id, score in list(total.items()):
            entry = self.catalog.entries[entry_id]
            number = wrapped_response(entry)
            if number is None or entry.provider in providers:
                continue
            own = f"{CAUSE_NAMES}:{number}"
            if own in self.catalog.entries:
                total[own] = max(total.get(own, 0.0), score * NAMED_TERMS)

    def matches(
        self, text: str, providers: list[str], only: str | None, exact_found: bool
    ) -> tuple[list[Match], list[Seen], bool]:
        """Ranked matches, the symptoms seen, and whether the evidence was strong."""
        total, scored, seen = self.support(text, providers, only)
        if not total:
            return [], seen, False
        order = sorted(total, key=lambda i: (-total[i], self.rank(self.catalog.entries[i]), i))
        best = order[0]
        top: Scored | None = scored.get(best)
        coverage = top.coverage if top else 0.0
        needed = OFF_TOPIC_CONFIDENCE if self.off_topic(text) else MIN_CONFIDENCE
        strong = bool(seen) or total[best] * coverage >= needed
        floor = total[best] * (0.8 if exact_found else RELATIVE_CUTOFF)
        found = []
        for entry_id in order:
            if strong and total[entry_id] < floor:
                break
            entry = self.catalog.entries[entry_id]
            if (
                not strong
                and self.catalog.providers[entry.provider].parent
                and (entry.provider not in providers)
            ):
                continue  # "could be" names distinct causes, not Vobiz's copy of Plivo's
            found.append(
                Match(
                    self.catalog.entries[entry_id],
                    self._why(entry_id, scored, seen),
                    round(total[entry_id], 2),
                )
            )
        return found[: MAX_MATCHES if strong else COULD_BE], seen, strong

    @staticmethod
    def _why(entry_id: str, scored: dict[str, Scored], seen: list[Seen]) -> str:
        said = list(dict.fromkeys(s.phrase for s in seen if entry_id in s.symptom.means))
        hits = list(scored[entry_id].hits[:4]) if entry_id in scored else []
        return "words: " + ", ".join([*(f'"{p}"' for p in said), *hits][:4])

    def tell_apart(self, found: list[Match], seen: list[Seen]) -> str | None:
        """What tells the likeliest causes apart: a symptom's own hint, else who ends each."""
        for item in seen:
            if item.symptom.tell and any(m.entry.id in item.symptom.means for m in found):
                return item.symptom.tell
        entries: list[Entry] = [m.entry for m in found]
        sources = {e.source for e in entries if e.source}
        if len(sources) > 1:
            named = "; ".join(f"{e.cause}: ended by {e.source}" for e in entries if e.source)
            return f"Who ended the call tells them apart ({named})."
        return None
