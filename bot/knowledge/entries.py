"""The catalog's records: providers, categories, hangup sources and cause entries.

Plain immutable dataclasses; `loader` builds them from YAML, everything else only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

SEVERITIES = {
    "expected": "Expected: nothing to fix",
    "destination": "Decided by the called party",
    "needs_action": "Needs action on your side",
    "carrier": "Carrier or network problem",
    "platform": "Provider platform problem",
}


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    summary: str = ""
    range: tuple[int, int] | None = None
    also: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.range is None:
            return self.name
        low, high = self.range
        return f"{self.name} ({low}-{high})"

    def contains(self, number: int) -> bool:
        return self.range is not None and self.range[0] <= number <= self.range[1]


@dataclass(frozen=True)
class Source:
    name: str
    description: str
    codes: tuple[str, ...] = ()
    direction: str | None = None


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    docs: str | None = None
    support: str = ""
    calls_path: tuple[str, ...] = ()
    calls_url: str | None = None  # the provider's call-log page in its console
    code_docs: str | None = None  # a page per code, "{code}" replaced (Twilio's error pages)
    where: tuple[tuple[str, ...], ...] = ()  # where to look on every entry, when not one console
    categories: tuple[Category, ...] = ()
    sources: tuple[Source, ...] = ()
    parent: str | None = None
    rank: int = 100  # lower ranks first when several providers fit equally (most common first)
    # a platform with reasons of its own (Vapi, Retell): a question naming it is answered with
    # its reason for what the words describe, even when they point at another's entry first
    own_terms: bool = False
    call_ids: tuple[str, ...] = ()  # patterns of the ids it gives calls: a pasted one names it

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def source(self, name: str) -> Source | None:
        return next((s for s in self.sources if s.name == name), None)


@dataclass(frozen=True)
class Ref:
    """A link to another entry, by provider id and code."""

    provider: str
    code: str

    @property
    def id(self) -> str:
        return f"{self.provider}:{self.code}"

    @classmethod
    def parse(cls, text: str) -> Ref | None:
        provider, sep, code = text.partition(":")
        if not sep or not provider or not code:
            return None
        return cls(provider.strip().lower(), code.strip())


@dataclass(frozen=True)
class Reference:
    """Where an entry's meaning was taken from (a provider page or SDK file) and when."""

    url: str
    title: str
    read: str  # the date the page was read, YYYY-MM-DD
    per_code: bool = False  # the page is about this one code (then it is the card's Docs link)


@dataclass(frozen=True)
class Entry:
    provider: str
    code: str
    cause: str
    category: str
    description: str
    severity: str
    retry: bool
    next_steps: tuple[str, ...]
    console_paths: tuple[tuple[str, ...], ...] = ()
    related: tuple[Ref, ...] = ()
    aliases: tuple[str, ...] = ()
    source: str | None = None
    q850: tuple[int, ...] = ()  # the Q.850 cause number(s), the first the closest
    sip: tuple[int, ...] = ()
    sip_sent: int | None = None  # the SIP response sent when rejecting a call with this cause
    note: str | None = None  # a caveat worth showing, such as where two mappings disagree
    weight: float = 1.0  # plain-words score multiplier: reference tables rank below daily causes
    call_status: str | None = None
    deprecated: bool = False
    docs: str | None = None
    runbook: str | None = None
    reference: Reference | None = None
    family: str | None = None  # the pattern code of the family this entry belongs to, if any
    part: str | None = None  # the value in the family's varying part (`openai`)
    origin: str = field(default="", compare=False)

    @property
    def id(self) -> str:
        return f"{self.provider}:{self.code}"

    @property
    def ref(self) -> Ref:
        return Ref(self.provider, self.code)

    @property
    def number(self) -> int | None:
        return int(self.code) if self.code.isdigit() else None


class FamilyResolver(Protocol):
    def resolve(self, provider: str, code: str) -> Entry | None: ...


@dataclass(frozen=True)
class Vocabulary:
    """Words for plain-words questions: ignored, read as others, or pointing off topic."""

    ignore: frozenset[str] = frozenset()
    same: dict[str, str] = field(default_factory=dict)
    off_topic: frozenset[str] = frozenset()
    not_ending: frozenset[str] = frozenset()  # phrases of questions about calls that won't end
    ending: frozenset[str] = frozenset()  # words that say a question is about a call ending
    alike: dict[str, str] = field(default_factory=dict)  # word or phrase -> the idea it says
    how_to: frozenset[str] = frozenset()  # phrases of how-to questions: no cause without a code
    not_a_call: frozenset[str] = frozenset()  # topics other than a call (registering a phone)
    a_call: frozenset[str] = frozenset()  # words that say a question involves a call
    openers: frozenset[str] = frozenset()  # "how do i", "is it possible": asked, not reported


@dataclass(frozen=True)
class Symptom:
    """One observation, said in any of `says`, pointing at `means` (most likely first).

    `seconds` (low, high) also asks for a duration in that range ("drops after 32 s"); `tell`
    says what tells its causes apart, for answers that are not sure. `logs` are patterns of log
    lines that say it outright (Asterisk's "for lack of RTP activity"): a pasted line that
    matches one answers like a code."""

    says: tuple[str, ...]
    means: tuple[str, ...]
    seconds: tuple[float, float] | None = None
    tell: str = ""
    file: str = ""
    logs: tuple[str, ...] = ()


class Catalog:
    """Every provider and entry, with the look-ups the rest of the bot needs."""

    def __init__(
        self,
        providers: dict[str, Provider],
        entries: list[Entry],
        vocabulary: Vocabulary | None = None,
        symptoms: tuple[Symptom, ...] = (),
        families: FamilyResolver | None = None,
    ):
        self.providers = providers
        self.symptoms = symptoms
        self.families = families
        vocabulary = vocabulary or Vocabulary()
        self.stopwords = vocabulary.ignore
        self.synonyms = vocabulary.same
        self.off_topic = vocabulary.off_topic
        self.not_ending = vocabulary.not_ending
        self.ending = vocabulary.ending
        self.alike = vocabulary.alike
        self.how_to = vocabulary.how_to
        self.not_a_call = vocabulary.not_a_call
        self.a_call = vocabulary.a_call
        self.openers = vocabulary.openers
        self.entries: dict[str, Entry] = {e.id: e for e in entries}
        self._by_provider: dict[str, list[Entry]] = {p: [] for p in providers}
        for entry in entries:
            self._by_provider[entry.provider].append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, ref: Ref | str) -> Entry | None:
        """The entry with this id; a value no entry has but a pattern family fits gets the
        family's entry, with that value in place (a Vapi endedReason newer than the catalog)."""
        key = ref if isinstance(ref, str) else ref.id
        found = self.entries.get(key)
        if found is None and self.families is not None:
            provider, _sep, code = key.partition(":")
            found = self.families.resolve(provider, code) if code else None
        return found

    def of(self, provider: str) -> list[Entry]:
        return self._by_provider.get(provider, [])

    def provider(self, provider_id: str) -> Provider:
        return self.providers[provider_id]

    def category_of(self, entry: Entry) -> Category:
        category = self.providers[entry.provider].category(entry.category)
        assert category is not None, entry.id  # the loader guarantees it
        return category

    def related(self, entry: Entry) -> list[Entry]:
        found = (self.entries.get(ref.id) for ref in entry.related)
        return [e for e in found if e is not None]

    def family(self, entry: Entry, names: str = "sip") -> str:
        """The id that stands for this event across providers: its hangup_cause name.

        plivo:3010, sip:486, twilio:busy and telnyx:user_busy are all `sip:USER_BUSY`, so alerts
        from several providers in one channel group as one incident family.
        """
        if entry.provider == names and entry.number is None:
            return entry.id
        for ref in entry.related:
            if ref.provider == names and not ref.code.isdigit():
                return ref.id
        return entry.id
