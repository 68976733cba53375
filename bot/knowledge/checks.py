"""Checks of single catalog values that YAML makes easy to get wrong: links, steps cut short by
an unquoted `#` or `: `, and the `console:` block of a provider header.

Errors go into `Problems` like every other check; a warning (a step that may have been cut by a
comment) is reported as one too, with the word "warning" in front, by `cut_steps`.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import yaml

STEP_KEYS = ("next_steps",)
WARNING = "warning: "


def url_problem(name: str, value: object) -> str | None:
    """Why `value` is not an http(s) link, or None when it is one (or absent)."""
    if value is None:
        return None
    text = str(value).strip()
    parsed = urlparse(text)
    if not isinstance(value, str) or parsed.scheme not in ("http", "https") or not parsed.netloc:
        return f"{name} {text!r} is not an http(s) link (https://host/path)"
    return None


def step_problem(steps: object) -> str | None:
    """A step YAML read as a key (`- Call ops: they know` is a mapping): say which, and how."""
    if not isinstance(steps, list):
        return None
    for number, step in enumerate(steps, 1):
        if isinstance(step, dict) and len(step) == 1:
            key, rest = next(iter(step.items()))
            return (
                f"next_steps: step {number} was cut at ': ' and read as {key!r}: {rest!r}; "
                "quote the step"
            )
    return None


def console_of(header: dict) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], str | None]:
    """`console: {calls: [steps], more: [[steps], ...], url: https://...}` of a header."""
    console = header.get("console") if isinstance(header.get("console"), dict) else {}
    calls = tuple(str(s) for s in console.get("calls") or ())
    more = tuple(
        tuple(str(s) for s in path)
        for path in console.get("more") or ()
        if isinstance(path, list) and path
    )
    url = console.get("url") if isinstance(console.get("url"), str) else None
    return calls, more, url


def header_problems(header: dict) -> list[str]:
    console = header.get("console")
    found = [url_problem("docs", header.get("docs"))]
    if isinstance(console, dict):
        found.append(url_problem("console url", console.get("url")))
        more = console.get("more")
        if more is not None and not (
            isinstance(more, list) and all(isinstance(p, list) and p for p in more)
        ):
            found.append("console more must be a list of lists of steps")
    elif console is not None:
        found.append("console must be a mapping (calls, more, url)")
    if "own_terms" in header and not isinstance(header["own_terms"], bool):
        found.append("own_terms must be true or false")
    found += call_id_problems(header.get("call_ids"))
    code_docs = header.get("code_docs")
    if code_docs is not None:
        found.append(url_problem("code_docs", code_docs))
        if "{code}" not in str(code_docs):
            found.append("code_docs must contain {code}")
    return [p for p in found if p]


def call_id_problems(patterns) -> list[str]:
    """`call_ids`: patterns (regular expressions) of the ids a provider gives its calls."""
    if patterns is None:
        return []
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        return ["call_ids must be a list of patterns"]
    found = []
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            found.append(f"call_ids: {pattern!r} is not a valid pattern ({exc})")
    return found


def cut_steps(text: str) -> list[tuple[str, str]]:
    """Steps that end where an unquoted ` #` began (YAML read the rest as a comment): a list of
    (entry code, warning). Only plain (unquoted) steps can be cut."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return []
    lines = text.splitlines()
    found = []
    for entry in _entries(root):
        code_node = _child(entry, "code")
        code = code_node.value if isinstance(code_node, yaml.ScalarNode) else "?"
        steps = _child(entry, STEP_KEYS[0])
        if not isinstance(steps, yaml.SequenceNode):
            continue
        for step in steps.value:
            if not isinstance(step, yaml.ScalarNode) or step.style is not None:
                continue
            mark = step.end_mark
            rest = lines[mark.line][mark.column :] if mark.line < len(lines) else ""
            if rest.lstrip().startswith("#"):
                found.append(
                    (
                        code,
                        f"{WARNING}next_steps: step {step.value!r} ends where a '#' began "
                        "(YAML read the rest as a comment); quote the step if the '#' is text",
                    )
                )
    return found


def _entries(root: object) -> list[yaml.MappingNode]:
    entries = _child(root, "entries")
    if not isinstance(entries, yaml.SequenceNode):
        return []
    return [e for e in entries.value if isinstance(e, yaml.MappingNode)]


def _child(mapping: object, key: str) -> yaml.Node | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for name, value in mapping.value:
        if isinstance(name, yaml.ScalarNode) and name.value == key:
            return value
    return None
