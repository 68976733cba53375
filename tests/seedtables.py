"""Read the provider tables out of the seed pages in ../shared/seeds (for generated tests)."""

from __future__ import annotations

import re
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"

_NUMERIC_ROW = re.compile(r"^\|?\s*(\d{1,4})\s*\|\s*([^|]+?)\s*\|")
_SIP_ROW = re.compile(r"^([A-Z][A-Z_]+)\s*\|\s*[A-Z]")
_BOLNA_REASON = re.compile(r"^\s*\|\s*`([^`]+)`\s*\|")
_BOLNA_STATUS = re.compile(r"^\|\s*(?:\*\*(.+?)\*\*|\*\((empty)\)\*)\s*\|[^|]*\|\s*(.*?)\s*\|")
_RETELL_ROW = re.compile(r"^([a-z][a-z0-9_]*?)(ended)?([A-Z].*)$")


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def seed_causes() -> list[list[str]]:
    """Every seed cause as [provider, code, cause name], in seed order."""
    rows: list[list[str]] = []
    rows += [["plivo", c, n] for c, n in _numeric(seed("000"))]
    vobiz = seed("001")
    rows += [["vobiz", c, n] for c, n in _numeric(vobiz)]
    sip_part = vobiz[vobiz.index("SIP Hangup Causes") :]
    rows += [
        ["sip", m.group(1), m.group(1)]
        for line in sip_part.splitlines()
        if (m := _SIP_ROW.match(line))
    ]
    bolna = seed("003")
    table = bolna[bolna.index("## Hangup Reasons") :].splitlines()
    reasons = [m.group(1) for m in map(_BOLNA_REASON.match, table) if m]
    rows += [["bolna", r, r] for r in _unique(reasons)]
    rows += [
        ["retell", m.group(1), m.group(1)]
        for line in seed("004").splitlines()
        if (m := _RETELL_ROW.match(line.strip()))
    ]
    return rows


def bolna_statuses() -> list[list]:
    """Bolna's hangup_by statuses as [status, [codes]]."""
    out = []
    for line in seed("003").splitlines():
        m = _BOLNA_STATUS.match(line)
        if m:
            name = m.group(1) or "(empty)"
            out.append([name, re.findall(r"`(\d+)`", m.group(3))])
    return out


def _numeric(text: str) -> list[tuple[str, str]]:
    found = []
    for line in text.splitlines():
        m = _NUMERIC_ROW.match(line.strip())
        if m and m.group(2) != "Cause":
            found.append((m.group(1), m.group(2)))
    return found


def _unique(items):
    return list(dict.fromkeys(items))
