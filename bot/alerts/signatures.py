"""Webhook signature checks of each provider, as their SDKs and documentation define them.

Pure functions over the URL, the parameters, the raw body and the headers; every comparison is
constant-time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from urllib.parse import parse_qsl, urlsplit, urlunsplit

RETELL_TOLERANCE_MS = 5 * 60 * 1000


def _b64_hmac(secret: str, message: str, digest=hashlib.sha256) -> str:
    return base64.b64encode(hmac.new(secret.encode(), message.encode(), digest).digest()).decode()


def _any_equal(expected: str, header: str) -> bool:
    """The header may carry several comma-separated signatures; any match is valid."""
    found = False
    for candidate in header.split(","):
        found |= hmac.compare_digest(expected.encode(), candidate.strip().encode())
    return found


def well_formed(value: str, size: int) -> bool:
    """Whether `value` is one base64 signature of `size` bytes (and nothing else)."""
    try:
        return len(base64.b64decode(value.strip().encode("ascii"), validate=True)) == size
    except (ValueError, UnicodeEncodeError):
        return False


def _without_query(url: str) -> tuple[str, list[tuple[str, str]]]:
    parts = urlsplit(url)
    base = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return base, parse_qsl(parts.query, keep_blank_values=True)


def _sorted_query(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{k}={v}" for k, v in sorted(pairs))


def plivo_v3_message(method: str, url: str, params: list[tuple[str, str]], nonce: str) -> str:
    """What Plivo signs: the URL without its query, then the sorted query (`?k=v&k=v`), then
    for a POST a `.` and the sorted POST parameters as `keyvalue`, then `.` and the nonce."""
    base, query = _without_query(url)
    if method.upper() == "GET":
        pairs = query + params
        signed = base + ("?" + _sorted_query(pairs) if pairs else "")
    else:
        sorted_query = _sorted_query(query)
        signed = base
        if sorted_query or params:
            signed += "?" + sorted_query
        if sorted_query and params:
            signed += "."
        signed += "".join(f"{k}{v}" for k, v in sorted(params))
    return f"{signed}.{nonce}"


def plivo_v3_valid(
    secret: str, method: str, url: str, params: list[tuple[str, str]], nonce: str, header: str
) -> bool:
    if not nonce or not header:
        return False
    expected = _b64_hmac(secret, plivo_v3_message(method, url, params, nonce))
    return _any_equal(expected, header)


def vobiz_valid(secret: str, url: str, nonce: str, header: str, version: str = "v3") -> bool:
    """Vobiz signs the URL without its query and the nonce (V3 with a dot between, V2 without);
    the POST parameters are not signed."""
    if not nonce or not header:
        return False
    base, _query = _without_query(url)
    message = f"{base}.{nonce}" if version == "v3" else f"{base}{nonce}"
    return _any_equal(_b64_hmac(secret, message), header)


def retell_valid(secret: str, body: str, header: str, now_ms: int | None = None) -> bool:
    """`x-retell-signature: v=<ms>,d=<hex HMAC-SHA256(secret, body + ms)>`, within 5 minutes."""
    match = re.fullmatch(r"v=(\d+),d=([0-9a-f]{64})", header.strip())
    if not match:
        return False
    stamp = int(match.group(1))
    now = int(time.time() * 1000) if now_ms is None else now_ms
    if abs(now - stamp) > RETELL_TOLERANCE_MS:
        return False
    expected = hmac.new(secret.encode(), (body + str(stamp)).encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, match.group(2))


def twilio_valid(secret: str, url: str, params: list[tuple[str, str]], header: str) -> bool:
    """base64(HMAC-SHA1(token, URL + each POST parameter sorted by name as name+value)), trying
    the URL with and without an explicit default port, as Twilio's validators do."""
    if not header:
        return False
    tail = "".join(f"{k}{v}" for k, v in sorted(params))
    for candidate in _port_variants(url):
        if _any_equal(_b64_hmac(secret, candidate + tail, hashlib.sha1), header):
            return True
    return False


def _port_variants(url: str) -> list[str]:
    parts = urlsplit(url)
    default = {"https": 443, "http": 80}.get(parts.scheme)
    host = parts.hostname or ""
    with_port = urlunsplit(
        (parts.scheme, f"{host}:{parts.port or default}", parts.path, parts.query, parts.fragment)
    )
    without = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return list(dict.fromkeys([url, with_port, without]))


def token_valid(secret: str, given: str) -> bool:
    return bool(given) and hmac.compare_digest(secret.encode(), given.encode())
