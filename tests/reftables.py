"""Read the mapping tables in ../shared/reference (for generated taxonomy tests)."""

from __future__ import annotations

import csv
import re

from seedtables import SHARED

REFERENCE = SHARED / "reference"


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _first_number(text: str, digits: str = r"\d+") -> int | None:
    found = re.match(rf"\s*({digits})", text)
    return int(found.group(1)) if found else None


def reference_tables() -> dict[str, list]:
    """Every row that the catalog must hold, as plain lists (the shape of the fixture)."""
    freeswitch = [
        [
            r["name"],
            int(r["enum_value"]),
            int(r["hangup_cause_q850"]),
            int(r["sip_response_sent"].rstrip("*")),
            r["sip_response_sent"].endswith("*"),
        ]
        for r in _rows("freeswitch_causes.tsv")
    ]
    received = [
        [int(r["sip_response_received"]), r["freeswitch_cause"]]
        for r in _rows("sip_response_to_freeswitch_cause.tsv")
        if r["sip_response_received"].isdigit()
    ]
    sip_to_q850 = [
        [_first_number(r["sip_response"], r"\d{3}"), _first_number(r["q850_cause_rfc3398"])]
        for r in _rows("rfc3398_sip_to_q850.tsv")
        if _first_number(r["sip_response"], r"\d{3}")
    ]
    q850_to_sip = [
        [_first_number(r["q850_cause"]), _first_number(r["sip_response_rfc3398"], r"\d{3}")]
        for r in _rows("rfc3398_q850_to_sip.tsv")
    ]
    return {
        "freeswitch": freeswitch,
        "received": received,
        "sip_to_q850": sip_to_q850,
        "q850_to_sip": q850_to_sip,
    }
