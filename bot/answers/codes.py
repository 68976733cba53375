"""Find hangup codes in messy text: pasted log lines, typos, glued words, SIP and Q.850 numbers.

Pure functions over strings; the catalog decides later which of the candidates exist.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from hangup_bot.answers.http import http_status, http_statuses

MAX_QUERY = 4000

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_TAGS = r"^\s*(?:\[[A-Za-z][A-Za-z -]{1,30}\]:?\s*)+(?=\w)"  # an issue title's tags
_FEATURE_TAG = re.compile(r"\[\s*(?:new[ -])?(?:feature|feat|enhancement|proposal|idea)\b", re.I)
_FEATURE_TITLE = re.compile(
    r"\s*(?:new[ -])?(?:feat|feature(?: request)?|enhancement|proposal)\s*:", re.I
)
_NOISE = [
    re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I),
    re.compile(r"\b(?:call|exec|conv|req|agent)_(?=[a-z]*\d)[0-9a-z]{8,}\b", re.I),
    re.compile(r"\+\d[\dXx*().\s-]{6,}[\dXx]"),
    re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{2,5})?\b"),  # 54.172.60.3:5060
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b"),
    re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s?[ap]\.?m\b\.?", re.I),  # 10am, 9.30 pm
    re.compile(r"https?://\S+", re.I),
    re.compile(r"(?<![\w.+:;=-])[\w.+:;=-]*@[\w.-]+(?:[:/;][\w.;=/-]*)?"),  # sip:5001@pbx/5001
    re.compile(_TAGS),  # [CRASH], [Bug]
    re.compile(r"\b[A-Za-z_]+\[\d+\](?:\[C-[0-9a-f]+\])?"),  # VERBOSE[4400][C-0062], kamailio[1316]
    re.compile(r"\b(?:version\s+|v)\d+(?:\.\d+)+\b|\b\d+\.\d+\.\d+(?:[.-]\w+)*", re.I),  # v2.27.0
]
_WORD = re.compile(r"[a-z]+|\d+")
_ALNUM = re.compile(r"[a-z0-9]+")
_LONE = re.compile(r"\d{1,5}")
_FIELD = re.compile(r"([A-Za-z][\w.-]{1,40})\s*[:=]\s*[\"']?([\w.+-]+)")
_TOKEN = re.compile(r"[A-Za-z0-9_.+#-]+")
_GLUED = re.compile(r"^([a-z]{1,5})[-#:=]?([0-9o]{3,5})$")
# Words a code is glued to (`err6020`, `sip486`); a product's name (`vos3000`) is not one
_GLUE_WORDS = {"err", "error", "code", "cause", "sip", "q", "e", "ec", "hc", "no", "errno"}
_Q850_WORDS = {"q850", "q.850", "isdn", "cause", "q850cause", "hangupcause", "causecode"}
_SIP_WORDS = {"sip", "sip/2.0", "response"}
_TRACE_WORDS = {"status", "statuscode", "msg", "response", "code", "2.0"}
_CODE_WORDS = {"code", "err", "error", "hangup", "cause", "errorcode", "status"}
_NOT_HANGUP_WORDS = {
    "close",
    "closed",
    "closes",
    "closing",
    "websocket",
    "ws",
    "http",
    "port",
    "year",
    "pid",
    "ms",
    "rtp",
    "dtmf",
    "version",
    "rfc",
}


@dataclass(frozen=True)
class Number:
    """A number in the text and what it most likely is."""

    value: int
    kind: str  # "code" (a provider's numeric code), "sip" or "q850"
    text: str
    traced: bool = False  # written as a trace or log shows it: `status: 403`, `msg 500/INVITE`


def clean(text: str) -> str:
    """Normalise Unicode, drop control and direction characters, cap the length."""
    text = text or ""
    if len(text) > MAX_QUERY:  # keep the start and the end, where pasted logs put the cause
        text = text[: MAX_QUERY * 3 // 4] + " " + text[-MAX_QUERY // 4 :]
    text = unicodedata.normalize("NFKC", text)[: MAX_QUERY + 8]
    return " ".join(_CONTROL.sub(" ", text).split())


def strip_noise(text: str) -> str:
    """Remove call UUIDs, call ids, phone numbers, clock times, URLs, SIP addresses, version
    numbers (`v2.27.0`, `version 0.522`) and the tags an issue's title starts with (`[CRASH]`)."""
    for pattern in _NOISE:
        text = pattern.sub(" ", text)
    return text


def feature_request(text: str) -> bool:
    """An issue titled as a feature request (`[Feature]`, `[new-feature]:`, `Feat: ...`)."""
    tags = re.match(_TAGS, text)
    return bool(tags and _FEATURE_TAG.search(tags.group(0))) or bool(_FEATURE_TITLE.match(text))


def fields(text: str) -> list[tuple[str, str]]:
    """`key=value` and `key: value` pairs, keys lowercased without separators."""
    return [(re.sub(r"[\W_]", "", k).lower(), v) for k, v in _FIELD.findall(text)]


def numbers(text: str) -> list[Number]:
    """Numbers that may be hangup codes, SIP responses or Q.850 causes, in order of appearance."""
    found: dict[int, Number] = {}
    http = http_statuses(text)
    long = len(words(text)) > 6
    for key, value in fields(text):
        digits = value.lower().replace("o", "0") if _looks_numeric(value) else None
        if digits is not None:
            kind = _field_kind(key, int(digits), digits)
            if kind == "code" and _closing(text, value):
                continue  # `WebSocket closed (code: 1000)` is not a hangup code
            if kind == "sip" and (int(digits) in http or (long and int(digits) < 300)):
                continue
            if kind is not None:
                traced = any(w in key for w in _TRACE_WORDS)
                found.setdefault(int(digits), Number(int(digits), kind, value, traced))
    tokens = [w.strip(".-#+").lower() for w in _TOKEN.findall(text)]
    for i, token in enumerate(tokens):
        prefix, digits = _split(token)
        if digits is None or int(digits) in found or _measure(tokens, i):
            continue
        before = {prefix}
        for previous in tokens[max(0, i - 2) : i]:
            before.update(previous.split("_"))
        kind = _kind(int(digits), before, digits, tokens[i - 1] if i else "")
        window = set(tokens[max(0, i - 4) : i])
        if kind == "code" and window & _NOT_HANGUP_WORDS:
            continue  # "websocket closed with code 1006" is not a hangup code
        if kind == "sip" and not before & _SIP_WORDS and http_status(int(digits), tokens, i):
            continue  # "answer url returns 500" is an HTTP status, not a SIP response
        if kind == "sip" and (int(digits) in http or (long and int(digits) < 300)):
            continue  # a 200 OK in a pasted trace is not why the call ended
        if kind is not None:
            traced = bool(set(tokens[max(0, i - 1) : i]) & _TRACE_WORDS) or tokens[
                i + 1 : i + 2
            ] in (
                ["invite"],
                ["bye"],
            )
            found[int(digits)] = Number(int(digits), kind, token, traced)
    return sorted(found.values(), key=lambda n: _position(text, n.text))


_UNITS = {"s", "sec", "secs", "second", "seconds", "ms", "min", "mins", "minute", "minutes"}
_UNITS |= {"h", "hr", "hrs", "hour", "hours", "am", "pm", "x", "times", "percent", "kb", "mb"}


def _closing(text: str, value: str) -> bool:
    """The value follows a websocket or close word closely (`websocket closed (code: 1000`)."""
    at = text.find(value)
    before = set(re.findall(r"[a-z]+", text[max(0, at - 40) : at].lower()))
    return bool(before & _NOT_HANGUP_WORDS)


def _measure(tokens: list[str], i: int) -> bool:
    """A duration, a clock time or a count ("after 30 s", "10 am", "3 times"), not a code."""
    return i + 1 < len(tokens) and tokens[i + 1] in _UNITS


def _position(text: str, token: str) -> int:
    at = text.lower().find(token)
    return at if at >= 0 else len(text)


def _looks_numeric(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9oO]{1,5}", value)) and sum(c.isdigit() for c in value) >= 1


def _field_kind(key: str, value: int, digits: str) -> str | None:
    if "q850" in key or "asterisk" in key:
        return "q850" if value <= 127 else None
    if "sip" in key:
        return "sip" if 100 <= value <= 699 else None
    if ("code" in key or "cause" in key) and (len(digits) in (4, 5) or value == 0):
        return "code"
    if "cause" in key and value <= 127:
        return "q850"
    return _kind(value, set(), digits)


def _split(token: str) -> tuple[str, str | None]:
    if token.isdigit():
        return "", token
    glued = _GLUED.match(token)
    if glued and glued.group(1) in _GLUE_WORDS and sum(c.isdigit() for c in glued.group(2)) >= 2:
        return glued.group(1), glued.group(2).replace("o", "0")
    if re.fullmatch(r"[0-9o]{4}", token) and sum(c.isdigit() for c in token) >= 2:
        return "", token.replace("o", "0")
    return "", None


def _kind(value: int, before: set[str], digits: str, last: str = "") -> str | None:
    cause_word = last in _Q850_WORDS or not before & _SIP_WORDS  # `SIP (cause 20`: Q.850
    if before & _Q850_WORDS and value <= 127 and len(digits) <= 3 and cause_word:
        return "q850"
    if before & _SIP_WORDS and 100 <= value <= 699:
        return "sip"
    if len(digits) in (4, 5) and value >= 1000:
        return "code"
    if len(digits) == 3 and 400 <= value <= 699:
        return "sip"
    if value == 0 and before & _CODE_WORDS:
        return "code"
    return None


def lone_number(text: str) -> Number | None:
    """A question that is only a number: read it as what such a number most likely is."""
    token = text.strip().strip("#").lower()
    if not _LONE.fullmatch(token):
        return None
    value = int(token)
    if len(token) >= 4 or value == 0:
        return Number(value, "code", token)
    if value <= 127:
        return Number(value, "q850", token)
    if 100 <= value <= 699:
        return Number(value, "sip", token)
    return None


def words(text: str) -> list[str]:
    """Lowercase word tokens with underscores and dashes split, for text matching."""
    return _WORD.findall(text.lower().replace("_", " "))


def phrase_key(text: str) -> str:
    """The form two spellings of one cause name share: `USER_BUSY`, `user busy`, `User-Busy`."""
    return " ".join(_ALNUM.findall(text.lower()))
