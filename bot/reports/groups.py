"""The report's categories: every provider's causes fall into the same six, by the catalog's
severity, so a category keeps its colour (and hatch) in every report, whatever the provider.

The colours are the Okabe-Ito palette, which readers with any common colour-vision deficiency
can tell apart; the hatches tell them apart in greyscale too.
"""

from __future__ import annotations

from dataclasses import dataclass

from hangup_bot.knowledge.entries import Entry


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    colour: str
    hatch: str


GROUPS = (
    Group("expected", "Completed normally", "#009E73", ""),
    Group("destination", "Busy, unanswered or refused", "#E69F00", "//"),
    Group("needs_action", "Needs a fix on your side", "#D55E00", "xx"),
    Group("carrier", "Carrier or network", "#0072B2", ".."),
    Group("platform", "Provider platform", "#CC79A7", "\\\\"),
    Group("unknown", "Not in the catalog", "#7F7F7F", "--"),
)
BY_ID = {g.id: g for g in GROUPS}
UNKNOWN = BY_ID["unknown"]


def group_of(entry: Entry | None) -> Group:
    return BY_ID.get(entry.severity, UNKNOWN) if entry else UNKNOWN
