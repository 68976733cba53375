"""Numbers a question holds, looked up: a provider's numeric code, a SIP response or a Q.850
cause, each in the order people expect (a SIP response's own entry, then the cause name a switch
logs for it, then the providers' codes for the same event)."""

from __future__ import annotations

import re
from collections import defaultdict

from hangup_bot.answers.codes import Number
from hangup_bot.answers.results import Match, Result
from hangup_bot.answers.unknown import CAUSE_NAMES, explain_unknown, via_sources
from hangup_bot.knowledge.entries import Catalog, Entry

SDK_SIP = 31000  # Twilio's Voice SDK reports a SIP final response N as error 31000 + N
# A question asking what a SIP response is called ("which hangup cause is 486?", "mapped to what")
_ASKS_NAME = re.compile(
    r"\b(?:which|what)\b[^.?!]{0,30}\bcause\b|\bmapp?(?:ed|s)? to\b|\bcall(?:s|ed)? (?:that|it)\b",
    re.I,
)


class Numbered:
    def __init__(self, catalog: Catalog, rank):
        self.catalog = catalog
        self.rank = rank
        self.by_code: dict[str, list[Entry]] = defaultdict(list)
        self.by_sip: dict[int, list[Entry]] = defaultdict(list)
        self.by_q850: dict[int, list[Entry]] = defaultdict(list)
        for entry in sorted(catalog.entries.values(), key=rank):
            self.by_code[entry.code.lower()].append(entry)
            for number in entry.sip:
                self.by_sip[number].append(entry)
            for number in entry.q850:
                self.by_q850[number].append(entry)
        for table, kind in ((self.by_sip, "sip"), (self.by_q850, "q850")):
            for number, hits in table.items():
                first = self.first_for(kind, number)
                hits.sort(
                    key=lambda e, n=number, k=kind, lead=first: (
                        lead.index(e.id) if e.id in lead else len(lead),
                        getattr(e, k).index(n),
                        self._tier(e, n),
                        rank(e),
                    )
                )

    def first_for(self, kind: str, number: int) -> list[str]:
        """A SIP response leads with its own entry, then the cause name that entry says a switch
        logs for it (its first named link: 503 -> NORMAL_TEMPORARY_FAILURE)."""
        own = self.catalog.get(f"sip:{number}") if kind == "sip" else None
        if own is None:
            return []
        logged = next(
            (r.id for r in own.related if r.provider == CAUSE_NAMES and not r.code.isdigit()), None
        )
        return [own.id, logged] if logged else [own.id]

    @staticmethod
    def _tier(entry: Entry, number: int) -> int:
        """For a SIP or Q.850 number: the cause name logs show, then the number's own entry."""
        if entry.provider == CAUSE_NAMES and entry.number is None:
            return 0
        return 1 if entry.code == str(number) else 2

    def groups(self, found: list[Number], result: Result, text: str) -> list[list[Match]]:
        """The entries of each number, one group per number, in the order they were written."""
        groups: list[list[Match]] = []
        for number in found:
            if number.kind == "code":
                group = self._code(number.value, result)
            else:
                group = self._response_or_cause(number, result, text)
            if group:
                groups.append(group)
        return groups

    def _response_or_cause(self, number: Number, result: Result, text: str) -> list[Match]:
        table, name = (
            (self.by_sip, "SIP response")
            if number.kind == "sip"
            else (self.by_q850, "Q.850 cause number")
        )
        hits = table.get(number.value, [])
        if number.kind == "sip" and not number.traced and _ASKS_NAME.search(text):
            named = self.first_for("sip", number.value)[1:]  # "which cause is 486?"
            hits = sorted(hits, key=lambda e, first=named: e.id not in first)
        if hits:
            result.notes.append(f"Read {number.value} as a {name}.")
        else:
            explain_unknown(self.catalog, number.value, result, name)
        return [Match(e, f"{name} {number.value}") for e in hits]

    def _code(self, value: int, result: Result) -> list[Match]:
        hits = self.by_code.get(str(value), [])
        wanted = [e for e in hits if e.provider in result.providers]
        if not wanted:
            wanted = hits
            via = via_sources(self.catalog, str(value), result)
            if via:
                wanted = [e for e in hits if e.provider == via] or hits
        sip = value - SDK_SIP
        if 400 <= sip <= 699 and self.by_sip.get(sip) and all(e.provider == "twilio" for e in hits):
            # the SDK's code only wraps the SIP response the far end sent: that is the cause
            result.notes.append(f"Read {value} as Twilio's Voice SDK error for SIP {sip}.")
            sdk = [Match(e, "exact code") for e in wanted]
            return (
                [Match(e, f"SIP response {sip}") for e in self.by_sip[sip][:1]]
                + sdk
                + [Match(e, f"SIP response {sip}") for e in self.by_sip[sip][1:]]
            )
        if wanted:
            return [Match(e, "exact code") for e in wanted]
        explain_unknown(self.catalog, value, result)
        return []
