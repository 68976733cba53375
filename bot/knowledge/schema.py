"""The catalog's rules: which fields exist, their types, and building records.

Each check reports into `Problems` and carries on, so one run lists every mistake in a file.
"""

from __future__ import annotations

from typing import Any

from hangup_bot.knowledge.checks import console_of, header_problems, step_problem, url_problem
from hangup_bot.knowledge.entries import SEVERITIES, Category, Entry, Provider, Ref, Source
from hangup_bot.knowledge.provenance import parse_reference

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
    "own_terms",
    "call_ids",
    "defaults",
    "code_docs",
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
    "reference",
    "values",
)
TEXT_FIELDS = ("cause", "description", "next_steps", "aliases", "source")


class Problems:
    def __init__(self) -> None:
        self.items: list[tuple[str, str | None, str]] = []

    def add(self, file: str, entry: str | None, message: str) -> None:
        """Keep one of each: an inherited copy of a broken entry repeats its parent's mistake."""
        if (file, entry, message) not in self.items:
            self.items.append((file, entry, message))


def check_header(doc: dict, file: str, problems: Problems) -> bool:
    unknown = sorted(set(doc) - HEADER_FIELDS)
    if unknown:
        problems.add(file, None, f"unknown field(s) {', '.join(unknown)}")
    for problem in header_problems(doc):
        problems.add(file, None, problem)
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
    calls, more, calls_url = console_of(header)
    return Provider(
        id=pid,
        name=str(header.get("name", pid)),
        aliases=tuple(str(a).lower() for a in header.get("aliases", [pid]) or ()),
        docs=header.get("docs"),
        support=str(header.get("support", "")),
        calls_path=calls,
        calls_url=calls_url,
        code_docs=header.get("code_docs") if isinstance(header.get("code_docs"), str) else None,
        where=((calls,) if calls else ()) + more,
        categories=tuple(categories),
        sources=tuple(sources),
        parent=(header.get("inherits") or {}).get("from"),
        rank=header["rank"] if isinstance(header.get("rank"), int) else 100,
        own_terms=header.get("own_terms") is True,
        call_ids=tuple(p for p in header.get("call_ids") or () if isinstance(p, str)),
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
    found: list[str] = []  # this entry's own count: Problems keeps one of repeated messages

    def bad(message: str) -> None:
        found.append(message)
        problems.add(file, code, message)

    unknown = sorted(set(item) - {"code", *ENTRY_REQUIRED, *ENTRY_OPTIONAL})
    if unknown:
        bad(f"unknown field(s) {', '.join(unknown)}")
    for key in ENTRY_REQUIRED:
        if item.get(key) in (None, "", []):
            bad(f"missing field '{key}'")
    if found:
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
    cut = step_problem(item["next_steps"])
    if cut:
        bad(cut)
    elif steps is None:
        bad("next_steps must be a list of text")
    if not isinstance(paths, list) or any(_strings(p) in (None, ()) for p in paths):
        bad("console_paths must be a list of lists of steps")
    refs = [Ref.parse(str(r)) for r in item.get("related") or []]
    for text, ref in zip(item.get("related") or [], refs, strict=True):
        if ref is None:
            bad(f"related: {text!r} is not a link 'provider:code'")
    for name in ("runbook", "docs"):
        problem = url_problem(name, item.get(name))
        if problem:
            bad(problem)
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
    reference, reason = parse_reference(item.get("reference"))
    if reason:
        bad(reason)
    if found:
        return None
    extra = tuple(tuple(p) for p in paths)
    calls = provider.where
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
        docs=item.get("docs")
        or (reference.url if reference and reference.per_code else None)
        or provider.docs,
        runbook=item.get("runbook"),
        reference=reference,
        origin=file,
    )


def _strings(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        return None
    return tuple(str(v) for v in value)
