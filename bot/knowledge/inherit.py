"""A provider that copies another's table (Vobiz of Plivo): `inherits: {from: X, replace: {...}}`
fills it with X's categories, sources and entries, the text renamed, its own entries on top."""

from __future__ import annotations

import copy
from typing import Any

from hangup_bot.knowledge.schema import TEXT_FIELDS, Problems

OWN = ("docs", "runbook", "reference")  # fields an inheriting provider never takes from its parent


def inherit(raw: dict[str, dict], problems: Problems) -> None:
    """Fill providers that say `inherits: {from: X}` with X's categories, sources and entries."""
    for pid, data in raw.items():
        spec = data["header"].get("inherits")
        if spec is None:
            continue
        parent_id = spec.get("from") if isinstance(spec, dict) else None
        parent = raw.get(str(parent_id))
        if parent is None or parent.get("header", {}).get("inherits") or parent_id == pid:
            problems.add(data["file"], None, f"inherits: {parent_id!r} is not a base provider")
            continue
        words = {str(k): str(v) for k, v in (spec.get("replace") or {}).items()}
        header = data["header"]
        if "sources" not in header:
            header["sources"] = _replace(parent["header"].get("sources") or [], words)
        header.setdefault("console", parent["header"].get("console"))
        categories = {k: (_replace(v[0], words), v[1]) for k, v in parent["categories"].items()}
        categories.update(data["categories"])
        data["categories"] = categories
        own = data["entries"]
        merged = {}
        defaults = header.get("defaults") if isinstance(header.get("defaults"), dict) else {}
        mine = {k: defaults[k] for k in ("reference",) if k in defaults}
        for code, (item, file) in parent["entries"].items():
            base = {k: v for k, v in _replace(item, words).items() if k not in OWN}
            base.update(mine)
            base["related"] = [f"{parent_id}:{code}", *(item.get("related") or [])]
            override = own.get(code, ({}, data["file"]))[0]
            # a copy is blamed on the file its fields came from: the parent's (or a team's
            # override of it), unless this provider's own files change the entry
            merged[code] = ({**base, **override}, own.get(code, (None, file))[1])
        for code, pair in own.items():
            merged.setdefault(code, pair)
        data["entries"] = merged


def _replace(value: Any, words: dict[str, str]) -> Any:
    if isinstance(value, str):
        for old, new in words.items():
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_replace(v, words) for v in value]
    if isinstance(value, dict):
        return {
            k: (_replace(v, words) if k in (*TEXT_FIELDS, "name", "summary") else copy.deepcopy(v))
            for k, v in value.items()
        }
    return value
