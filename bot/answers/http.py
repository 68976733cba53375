"""Numbers that are HTTP statuses, not SIP responses: a webhook that returned 500, an API's
JSON error, a LiveKit twirp error. Pure functions over strings."""

from __future__ import annotations

import re

_HTTP_WORDS = {
    "url",
    "http",
    "https",
    "webhook",
    "endpoint",
    "server",
    "returns",
    "returned",
    "returning",
    "lambda",
    "ngrok",
    "api",
    "json",
    "xml",
}

# Where a 3-digit number is an HTTP status whatever words stand near it: an API's JSON error
# (`"status": 503`), axios (`Request failed with status code 500`), a REST client's log
# (`Status 404, Response: {...}`, or `Status 422 ... "code": "90018"`), LiveKit's twirp errors
# (`twirp error ... "status": "503"`, `TwirpError(code=internal, message=..., status=500)`).
_HTTP_SPANS = re.compile(
    r"[\"']status(?:_?code)?[\"']\s*:\s*[\"']?(\d{3})"
    r"|request failed with status code (\d{3})"
    r"|\bstatus:? (\d{3}),? (?:response|body)\b"
    r"|\bstatus:? (\d{3})\b[^{}\n]{0,40}\{"
    r"|\bstatus:? (\d{3})\b[^\n]{0,60}?[\"']\w+[\"']\s*:"
    r"|\bhttp(?:/[\d.]+)?[ :]+(\d{3})\b"
    r"|\btwirp\w*\([^()]{0,300}?\bstatus=(\d{3})\b",
    re.I,
)


# A status beside an API path (`400 /messages`, `POST /v2/calls 422`), when HTTP defines it.
_HTTP_PATHS = re.compile(r"\b(\d{3}) /[a-z][\w/.-]*|\b(?:GET|POST|PUT|PATCH|DELETE) /\S* (\d{3})\b")


def http_statuses(text: str) -> set[int]:
    """Numbers the text gives as HTTP statuses, never SIP responses."""
    found = {int(next(g for g in m.groups() if g)) for m in _HTTP_SPANS.finditer(text)}
    beside = {int(next(g for g in m.groups() if g)) for m in _HTTP_PATHS.finditer(text)}
    return found | (beside & _HTTP_STATUSES)


# Statuses HTTP defines; a SIP-only number (480, 486, 603) is never read as one.
_HTTP_STATUSES = {
    *range(400, 419),
    *range(421, 427),
    428,
    429,
    431,
    451,
    *range(500, 509),
    510,
    511,
}


def http_status(value: int, tokens: list[str], i: int) -> bool:
    """A number an HTTP exchange gave: HTTP words before it, or an API error name after it
    (`429 account_concurrency_exceeded`, `429 Too Many Requests`)."""
    if value not in _HTTP_STATUSES:
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    if ("_" in after and after.islower()) or tokens[i + 1 : i + 4] == ["too", "many", "requests"]:
        return True
    return bool(set(tokens[max(0, i - 4) : i]) & _HTTP_WORDS)
