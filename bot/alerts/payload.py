"""Reading a JSON request body that anyone could have sent: UTF-8 only, an object at the top,
nested no deeper than any real callback or Slack payload is. Used by the provider webhooks and
by /slack/events, so both refuse the same bodies with the same reasons."""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 64  # Slack's and the providers' payloads stay under 10 levels
_UNPAIRED = re.compile("[\ud800-\udfff]")


class BadPayload(ValueError):
    """Why a body cannot be read; the message is safe to send back."""


def decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadPayload("body is not valid UTF-8") from exc


def loads(text: str, what: str = "body") -> Any:
    """`json.loads`, with a nesting too deep for the parser reported like any other mistake."""
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise BadPayload(f"{what} is nested too deeply") from exc
    except ValueError as exc:
        raise BadPayload(f"{what} is not valid JSON") from exc


def read_object(body: bytes | str, what: str = "body", surrogates: bool = True) -> dict:
    """The JSON object in `body`; BadPayload when it is not UTF-8 JSON, not an object, nested
    more than MAX_DEPTH levels, or (with `surrogates=False`) holds an unpaired surrogate."""
    text = decode(body) if isinstance(body, bytes) else body
    data = loads(text, what)
    if not isinstance(data, dict):
        raise BadPayload(f"{what} must be a JSON object")
    nesting = text.count("[") + text.count("{")  # no deeper than this many brackets
    if nesting <= MAX_DEPTH and (surrogates or "\\u" not in text):
        return data  # the common case: nothing to measure
    depth, unpaired = shape(data)
    if depth > MAX_DEPTH:
        raise BadPayload(f"{what} is nested too deeply")
    if unpaired and not surrogates:
        raise BadPayload(f"{what} holds an unpaired surrogate (\\ud800-\\udfff)")
    return data


def shape(data: Any) -> tuple[int, bool]:
    """How deep `data` nests, and whether any key or string holds an unpaired surrogate;
    without recursion, so any depth the parser accepted can be measured."""
    deepest, unpaired = 0, False
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            for key, value in item.items():
                unpaired = unpaired or bool(_UNPAIRED.search(key))
                stack.append((value, depth + 1))
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((value, depth + 1) for value in item)
        elif isinstance(item, str) and not unpaired:
            unpaired = bool(_UNPAIRED.search(item))
    return deepest, unpaired
