"""Answer -> text for a terminal."""

from __future__ import annotations

import textwrap

from hangup_bot.answers.engine import Answer
from hangup_bot.knowledge.entries import Catalog, Entry
from hangup_bot.render.links import docs_link
from hangup_bot.render.verbatim import cut
from hangup_bot.render.wording import equivalents, facts, label, path, primary, signalling, title

WIDTH = 88
MAX_CARDS = 3


class Style:
    def __init__(self, color: bool):
        self.color = color

    def bold(self, text: str) -> str:
        return f"\033[1m{text}\033[0m" if self.color else text

    def dim(self, text: str) -> str:
        return f"\033[2m{text}\033[0m" if self.color else text


def render(answer: Answer, catalog: Catalog, color: bool = False) -> str:
    style = Style(color)
    if not answer.matches:
        return _nothing(answer, catalog, style)
    cards = primary(answer)
    blocks = [_card(m.entry, catalog, style) for m in cards[:MAX_CARDS]]
    extra = [m.entry for m in answer.matches if m not in cards[:MAX_CARDS]]
    if extra:
        lines = [style.bold("Also matching")]
        lines += [
            f"  {catalog.provider(e.provider).name} {label(e)}  "
            + style.dim(f"hangup {e.provider} {_quote(e.code)}")
            for e in extra
        ]
        blocks.append("\n".join(lines))
    if answer.notes:
        blocks.insert(0, "\n".join(_wrap(n, "") for n in answer.notes))
    return "\n\n".join(blocks) + "\n"


def _card(entry: Entry, catalog: Catalog, style: Style) -> str:
    lines = [style.bold(title(entry, catalog)), style.dim(" · ".join(facts(entry, catalog)))]
    numbers = signalling(entry)
    if numbers:
        lines.append(style.dim(numbers))
    lines.append("")
    lines += [style.bold("What it means"), _wrap(entry.description, "  "), ""]
    lines.append(style.bold("What to do"))
    lines += [_wrap(step, "  ", f"{i}. ") for i, step in enumerate(entry.next_steps, 1)]
    if entry.console_paths:
        lines += ["", style.bold("Where to look")]
        lines += [f"  {path(p)}" for p in entry.console_paths]
    groups = equivalents(entry, catalog)
    if groups:
        lines += ["", style.bold("Same event in other terms")]
        lines += [
            _wrap(", ".join(_named(e) for e in items), "  ", f"{name}: ") for name, items in groups
        ]
    links = [("Note", entry.note), ("Runbook", entry.runbook), ("Docs", docs_link(entry, catalog))]
    extra = [_wrap(f"{name}: {url}", "") for name, url in links if url]
    support = catalog.provider(entry.provider).support
    if support and entry.severity == "platform":
        extra.append(f"Support: {support}")
    if extra:
        lines += ["", *extra]
    return "\n".join(lines)


def _nothing(answer: Answer, catalog: Catalog, style: Style) -> str:
    lines = [_wrap(n, "") for n in answer.notes]
    if answer.suggestions:
        lines.append(style.bold("Nearest known codes"))
        lines += [f"  {catalog.provider(e.provider).name} {label(e)}" for e in answer.suggestions]
    if not answer.notes:
        lines.append(f"No hangup cause matches {cut(answer.query, 80)!r}.")
    lines += ["", _wrap(answer.hint or "", "")]
    return "\n".join(lines).strip() + "\n"


def _named(entry: Entry) -> str:
    return _quote(entry.code) if entry.code == entry.cause else label(entry)


def _quote(code: str) -> str:
    return f'"{code}"' if " " in code else code


def _wrap(text: str, indent: str, bullet: str = "") -> str:
    return textwrap.fill(
        text, WIDTH, initial_indent=indent + bullet, subsequent_indent=indent + " " * len(bullet)
    )
