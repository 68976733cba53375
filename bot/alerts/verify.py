"""Which headers each provider signs a webhook with, and whether a request's are genuine.

A signature header that arrives twice reaches us as one comma-joined value (the WSGI server
joins repeated headers), so a header holding more than one value is refused for the schemes
that send exactly one (Vobiz, Twilio, Retell). Plivo may send several signatures in one
header (one per auth token); each must then be a well-formed signature. Vobiz nonces are
digits, so a V3 signature cannot pass as V2 with a dot moved into the nonce.
"""

from __future__ import annotations

import re

from hangup_bot.alerts import signatures, telnyx, vapi

VOBIZ_HEADERS = (("V3", "v3"), ("MA-V3", "v3"), ("V2", "v2"), ("MA-V2", "v2"))
_NONCE = re.compile(r"[0-9]{1,40}")
OWN_MODULES = {"vapi": vapi, "telnyx": telnyx}


def verified(provider: str, request, secret: str, now: float | None) -> bool:
    """`request` is an `intake.WebhookRequest`; True when its signature (or token) holds."""
    if provider == "plivo":
        return _plivo(request, secret)
    if provider == "vobiz":
        return bool(vobiz_nonces(request, secret))
    if provider == "retell":
        now_ms = None if now is None else int(now * 1000)
        return signatures.retell_valid(
            secret,
            request.body.decode("utf-8", "replace"),
            request.header("x-retell-signature"),
            now_ms,
        )
    if provider in OWN_MODULES:  # schemes kept beside their parsers (vapi.py, telnyx.py)
        return OWN_MODULES[provider].verified(request, secret, now)
    if provider == "twilio":
        signature = request.header("X-Twilio-Signature")
        return _single(signature) and signatures.twilio_valid(
            secret, request.url, request.form, signature
        )
    bearer = request.header("Authorization").removeprefix("Bearer ").strip()
    given = request.header("X-Bolna-Token") or bearer or dict(request.query).get("token", "")
    return signatures.token_valid(secret, given)


def _plivo(request, secret: str) -> bool:
    nonce = request.header("X-Plivo-Signature-V3-Nonce")
    if not _single(nonce):
        return False
    found = False
    for name in ("X-Plivo-Signature-V3", "X-Plivo-Signature-Ma-V3"):
        header = request.header(name)
        if not header:
            continue
        if not all(signatures.well_formed(c, 32) for c in header.split(",")):
            return False  # a garbage value beside a good one: not what Plivo sends
        found |= signatures.plivo_v3_valid(
            secret, request.method, request.url, request.form, nonce, header
        )
    return found


def vobiz_nonces(request, secret: str) -> list[str]:
    """The nonces of the Vobiz signatures that verify; empty when none does, or when any
    signature or nonce header present is malformed or repeated."""
    valid: list[str] = []
    for name, version in VOBIZ_HEADERS:
        header = request.header(f"X-Vobiz-Signature-{name}")
        if not header:
            continue
        nonce = request.header(f"X-Vobiz-Signature-{version.upper()}-Nonce")
        if not _NONCE.fullmatch(nonce) or not signatures.well_formed(header, 32):
            return []
        if signatures.vobiz_valid(secret, request.url, nonce, header, version):
            valid.append(f"{version}:{nonce}")
    return valid


def _single(value: str) -> bool:
    return bool(value) and "," not in value
