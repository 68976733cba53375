"""Which column of a call-log export holds what. Headers are compared without case, spaces or
punctuation, so `Hangup Cause Code`, `hangup_cause_code` and `HangupCauseCode` are one name.

Plivo's and Vobiz's console exports (Voice > Logs > Calls > Export) carry Call UUID, End time,
Initiation time, Answer time, Call duration, Hangup cause, Hangup cause code and Hangup source;
their CDR API spells the same fields in snake case. Twilio's call log export carries Call Sid,
Status, Start Time, End Time and Duration (and sometimes an error code).
"""

from __future__ import annotations

import re

# role -> accepted names, the preferred first
ROLES: dict[str, tuple[str, ...]] = {
    "code": (
        "hangupcausecode",
        "hangupcode",
        "causecode",
        "disconnectcode",
        "errorcode",
        "q850cause",
        "code",
    ),
    "reason": (
        "hangupcause",
        "hangupcausename",
        "hangupreason",
        "disconnectionreason",
        "disconnectreason",
        "reason",
        "cause",
        "status",
        "callstatus",
    ),
    "time": (
        "endtime",
        "callendtime",
        "datetimeendutc",
        "endedat",
        "enddate",
        "starttime",
        "initiationtime",
        "datecreated",
        "createdat",
        "timestamp",
        "calltime",
        "datetime",
        "time",
        "when",
        "date",
    ),
    "duration": (
        "callduration",
        "duration",
        "durationsec",
        "durationseconds",
        "billduration",
        "billedduration",
        "conversationduration",
    ),
    "answered_at": ("answertime", "answeredat", "datetimeconnectutc"),
    "source": ("hangupsource", "hangupby", "disconnectinitiator", "endedby"),
    "provider": ("provider",),
}
TWILIO_MARKS = {"callsid", "parentcallsid", "accountsid"}
PLIVO_MARKS = {"calluuid", "parentcalluuid", "subaccountauthid", "billingprefix"}


def normal(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def assign(headers: list[str]) -> dict[str, int]:
    """role -> the index of the column that plays it (the best-named one)."""
    names = [normal(h) for h in headers]
    found: dict[str, int] = {}
    for role, accepted in ROLES.items():
        for name in accepted:
            if name in names and names.index(name) not in found.values():
                found[role] = names.index(name)
                break
    return found


FAMILIES = {"twilio": {"twilio"}, "plivo": {"plivo", "vobiz"}}


def kind_of(headers: list[str], hint: str | None) -> str | None:
    """Which provider's export this is: twilio, vobiz, plivo, or '' (any CSV). A hint picks
    among the providers the columns allow (Vobiz's export is Plivo's); None if it contradicts
    them."""
    names = {normal(h) for h in headers}
    found = ""
    if names & TWILIO_MARKS:
        found = "twilio"
    elif names & PLIVO_MARKS or "hangupcausecode" in names:
        found = "plivo"
    if not hint:
        return found
    return hint if not found or hint in FAMILIES[found] else None


def accepted_names() -> str:
    return ", ".join(["Hangup cause code", "Hangup cause", "Status", "Reason", "Cause"])
