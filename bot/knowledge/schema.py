"""The catalog's rules: which fields exist, their types, and building records.

Each check reports into `Problems` and carries on, so one run lists every mistake in a file.
"""

from __future__ import annotations

from typing import Any

from hangup_bot.knowledge.entries import SEVERITIES, Category, Entry, Provider, Ref, Source

HEADER_FIELDS = {
    "provider",
    "name",
    "aliases",
    "docs",
    "support",
    "console",
    "sources",
    "categories",
    "entries",
    "inherits",
    "rank",
    "defaults",
    "parts",
}
ENTRY_REQUIRED = ("cause", "category", "description", "severity", "retry", "next_steps")
ENTRY_OPTIONAL = (
    "console_paths",
    "related",
    "aliases",
    "source",
    "q850",
    "sip",
    "sip_sent",
    "note",
    "call_status",
    "deprecated",
    "docs",
    "runbook",
    "weight",
    "values",
)
TEXT_FIELDS = ("cause", "description", "next_steps", "aliases", "source")


class Problems:
    def __init__(self) -> None:
        self.items: list[tuple[str, str | None, str]] = []

    def add(self, file: str, entry: str | None, message: str) -> None:
        self.items.append((file, entry, message))


def check_header(doc: dict, file: str, problems: Problems) -> bool:
    unknown = sorted(set(doc) - HEADER_FIELDS)
    if unknown:
        problems.add(file, None, f"unknown field(s) {', '.join(unknown)}")
    for key in ("entries", "categories", "sources"):
        if key in doc and not isinstance(doc[key], list | type(None)):
            problems.add(file, None, f"'{key}' must be a list")
            return False
    return True


def build_provider(pid: str, data: dict, problems: Problems) -> Provider | None:
    header, file = data["header"], data["file"]
    categories = []
    for cid, (item, cfile) in data["categories"].items():
        category = _category(cid, item, cfile, problems)
        if category is not None:
            categories.append(category)
    sources = []
    for item in header.get("sources") or []:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            problems.add(file, None, "a source needs a 'name'")
            continue
        sources.append(
            Source(
                item["name"],
                str(item.get("description", "")),
                tuple(str(c) for c in item.get("codes") or ()),
                item.get("direction"),
            )
        )
    console = header.get("console") or {}
    return Provider(
        id=pid,
        name=str(header.get("name", pid)),
        aliases=tuple(str(a).lower() for a in header.get("aliases", [pid]) or ()),
        docs=header.get("docs"),
        support=str(header.get("support", "")),
        calls_path=tuple(console.get("calls") or ()),
        categories=tuple(categories),
        sources=tuple(sources),
        parent=(header.get("inherits") or {}).get("from"),
        rank=header["rank"] if isinstance(header.get("rank"), int) else 100,
    )


def _category(cid: str, item: dict, file: str, problems: Problems) -> Category | None:
    if not isinstance(item.get("name"), str):
        problems.add(file, None, f"category {cid!r}: missing field 'name'")
        return None
    span = item.get("range")
    if span is not None:
        if not (
            isinstance(span, list)
            and len(span) == 2
            and all(isinstance(n, int) for n in span)
            and span[0] <= span[1]
        ):
            problems.add(file, None, f"category {cid!r}: range must be [low, high]")
            return None
        span = (span[0], span[1])
    return Category(
        cid,
        item["name"],
        str(item.get("summary", "")),
        span,
        tuple(str(c) for c in item.get("also") or ()),
    )


def build_entry(
    provider: Provider, code: str, item: dict, file: str, problems: Problems
) -> Entry | None:
    def bad(message: str) -> None:
        problems.add(file, code, message)

    before = len(problems.items)
    unknown = sorted(set(item) - {"code", *ENTRY_REQUIRED, *ENTRY_OPTIONAL})
    if unknown:
        bad(f"unknown field(s) {', '.join(unknown)}")
    for key in ENTRY_REQUIRED:
        if item.get(key) in (None, "", []):
            bad(f"missing field '{key}'")
    if len(problems.items) > before:
        return None
    category = provider.category(str(item["category"]))
    if category is None:
        bad(f"unknown category {item['category']!r}")
    elif (
        code.isdigit()
        and category.range
        and not category.contains(int(code))
        and code not in category.also
    ):
        bad(f"code {code} is outside its category's range {category.range[0]}-{category.range[1]}")
    if item["severity"] not in SEVERITIES:
        bad(f"severity {item['severity']!r} is not one of {', '.join(SEVERITIES)}")
    if not isinstance(item["retry"], bool):
        bad("retry must be true or false")
    source = item.get("source")
    if source is not None and provider.source(str(source)) is None:
        bad(f"unknown source {source!r}")
    steps = _strings(item["next_steps"])
    paths = item.get("console_paths") or []
    if steps is None:
        bad("next_steps must be a list of text")
    if not isinstance(paths, list) or any(_strings(p) in (None, ()) for p in paths):
        bad("console_paths must be a list of lists of steps")
    refs = [Ref.parse(str(r)) for r in item.get("related") or []]
    if None in refs:
        bad("related: each link is 'provider:code'")
    sip = item.get("sip") or []
    if not isinstance(sip, list) or not all(isinstance(n, int) for n in sip):
        bad("sip must be a list of SIP response numbers")
    q850 = item.get("q850")
    q850 = [q850] if isinstance(q850, int) else q850 or []
    if not isinstance(q850, list) or not all(isinstance(n, int) for n in q850):
        bad("q850 must be a number or a list of numbers")
    weight = item.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 2:
        bad("weight must be a number above 0 and at most 2")
    if item.get("sip_sent") is not None and not isinstance(item["sip_sent"], int):
        bad("sip_sent must be a SIP response number")
    if len(problems.items) > before:
        return None
    extra = tuple(tuple(p) for p in paths)
    calls = (provider.calls_path,) if provider.calls_path else ()
    return Entry(
        provider=provider.id,
        code=code,
        cause=str(item["cause"]),
        category=str(item["category"]),
        description=" ".join(str(item["description"]).split()),
        severity=item["severity"],
        retry=item["retry"],
        next_steps=steps or (),
        console_paths=tuple(dict.fromkeys(extra + calls)),
        related=tuple(r for r in refs if r is not None),
        aliases=tuple(str(a).lower() for a in item.get("aliases") or ()),
        source=source,
        q850=tuple(q850),
        sip_sent=item.get("sip_sent") if isinstance(item.get("sip_sent"), int) else None,
        weight=float(weight),
        note=" ".join(str(item["note"]).split()) if item.get("note") else None,
        sip=tuple(sip),
        call_status=item.get("call_status"),
        deprecated=bool(item.get("deprecated", False)),
        docs=item.get("docs") or provider.docs,
        runbook=item.get("runbook"),
        origin=file,
    )


def _strings(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        return None
    return tuple(str(v) for v in value)
