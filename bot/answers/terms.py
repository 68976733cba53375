"""Answers in the terms the question asked in: a cause named in one provider's words answered
with the named provider's entry (`plivo USER_BUSY` -> 3010), and a provider's who-hung-up status
(`bolna hangup_by Callee`) answered with its row and its causes."""

from __future__ import annotations

import re

from hangup_bot.answers.codes import words as word_list
from hangup_bot.answers.results import Match, Result
from hangup_bot.knowledge.entries import Catalog

GENERIC = ("sip", "q850")  # the shared taxonomy: naming it names no one's terms
_WHO = re.compile(r"\bhang[_ -]?up[_ -]?(?:by|source)\b|\bhung up by\b", re.I)


def in_named_terms(catalog: Catalog, result: Result) -> None:
    """`plivo USER_BUSY`: a cause named in one provider's terms, asked about another's,
    answers first with the named provider's entry for the same event."""
    if not result.matches or not result.providers:
        return
    top = result.matches[0].entry
    if top.provider in result.providers or result.matches[0].why != "named":
        return
    for pid in result.providers:
        if pid in GENERIC:  # "SIP trunk" says nothing about whose terms to answer in
            continue
        same = [e for e in catalog.related(top) if e.provider == pid]
        if same:
            result.matches[:0] = [Match(e, f"same event as {top.code}") for e in same[:1]]
            result.notes.append(f"{top.code} in {catalog.providers[pid].name}'s terms.")
            return


def hangup_by(catalog: Catalog, text: str, result: Result) -> list[Match]:
    """`bolna hangup_by Callee`: a provider's who-hung-up status, its row and its causes."""
    if not _WHO.search(text):
        return []
    said = set(word_list(text))
    for pid in result.providers or list(catalog.providers):
        provider = catalog.providers[pid]
        for status in provider.sources:
            if not set(word_list(status.name)) <= said or len(status.name) < 4:
                continue
            side = f" on {status.direction} calls" if status.direction else ""
            codes = f" Codes reported with it: {', '.join(status.codes)}." if status.codes else ""
            result.notes.append(
                f"{provider.name} hangup_by {status.name}{side}: {status.description}{codes}"
            )
            own = [e for e in catalog.of(pid) if e.source == status.name]
            return [Match(e, f"hangup_by {status.name}") for e in own]
    return []


# Tables that name other tables' events in their own words (Asterisk's DIALSTATUS). Unless the
# question speaks of the table itself, the cause its value stands for leads and the value follows.
NAMES_FOR = {"asterisk": ("dialstatus", "asterisk", "app_dial")}


def cause_first(catalog: Catalog, result: Result, text: str) -> None:
    """`NOANSWER` in an ARI log: SIP's NO_ANSWER first, Asterisk's NOANSWER right after it."""
    if not result.matches:
        return
    top = result.matches[0].entry
    said = set(word_list(text))
    if top.provider not in NAMES_FOR or said & set(NAMES_FOR[top.provider]):
        return
    causes = [e for e in catalog.related(top) if e.provider == "sip" and not e.code.isdigit()]
    if causes:
        taken = {m.entry.id for m in result.matches}
        lead = [Match(causes[0], f"what {top.code} stands for")]
        result.matches[:] = lead + [m for m in result.matches if m.entry.id != causes[0].id]
        if causes[0].id in taken:
            return


# Codes that are only a platform's name for a SIP response (LiveKit's SIP_STATUS_FORBIDDEN is 403):
# a question that names the platform and the number still leads with the response itself.
_RESPONSE_NAMES = re.compile(r"^SIP_STATUS_")


def names_a_response(match: Match) -> bool:
    return match.why.startswith("SIP response") and bool(_RESPONSE_NAMES.match(match.entry.code))


_SDK_RESPONSE = re.compile(r"^31([4-6]\d\d)$")  # Twilio's Voice SDK: 31000 + the response
_NAMED_RESPONSE = re.compile(r"(?:^|-)sip-([4-6]\d\d)(?:-|$)")  # Vapi's ...-sip-403-forbidden


def wrapped_response(entry) -> int | None:
    """The SIP response an entry is only a platform's name for, if it is one."""
    if _RESPONSE_NAMES.match(entry.code) and len(entry.sip) == 1:
        return entry.sip[0]
    found = _SDK_RESPONSE.match(entry.code) if entry.provider == "twilio" else None
    found = found or _NAMED_RESPONSE.search(entry.code)
    return int(found.group(1)) if found else None
