"""Replayed Vobiz callbacks. Vobiz signs the URL (without its query) and a nonce, not the
method, the query or the body, so captured headers would carry any content. What can be bound
is bound here: a nonce is good for one request (its exact redeliveries pass and are deduped
as usual), remembered in the database for KEEP_SECONDS; a callback whose call ended before
that window (its `EndTime`, read in the widest time-zone spread) is stale and refused, since
its nonce may be forgotten already."""

from __future__ import annotations

import calendar
import hashlib
import time

from hangup_bot.alerts import verify
from hangup_bot.alerts.intake import Refused, WebhookRequest
from hangup_bot.store import nonces
from hangup_bot.store.database import RACES, Store

STALE_SECONDS = 36 * 3600  # retries up to a day, from any time zone (UTC-12 to UTC+14)
KEEP_SECONDS = STALE_SECONDS + 14 * 3600  # longer than any call that is not stale


def check(
    store: Store, provider: str, request: WebhookRequest, secret: str | None, now: float
) -> None:
    """Refuse (401) a verified Vobiz request that reuses a nonce or is stale."""
    if provider != "vobiz" or not secret:
        return
    ended = call_ended_at(request)
    if ended is not None and ended < now - STALE_SECONDS:
        raise Refused(401, "vobiz callback is stale: its call ended over 36 hours ago")
    keys = [f"vobiz:{nonce}" for nonce in verify.vobiz_nonces(request, secret)]
    try:
        fresh = not keys or nonces.remember(store, keys, fingerprint(request), now, KEEP_SECONDS)
    except RACES as exc:  # the database is busy or away: Vobiz retries, with the same nonce
        raise Refused(503, "could not check the signature nonce; retry") from exc
    if not fresh:
        raise Refused(401, "vobiz signature nonce was already used by another request")


def fingerprint(request: WebhookRequest) -> str:
    """What the signature does not cover: the method, content type, query and body."""
    query = request.url.partition("?")[2]
    digest = hashlib.sha256()
    for part in (request.method, request.header("Content-Type"), query):
        digest.update(part.encode("utf-8", "replace") + b"\n")
    digest.update(request.body)
    return digest.hexdigest()


def call_ended_at(request: WebhookRequest) -> float | None:
    """EndTime (or StartTime) as sent, `yyyy-MM-dd HH:mm:ss` in the account's zone, read as
    UTC; None when absent or unreadable."""
    data = dict(request.query if request.method == "GET" else request.form)
    for name in ("EndTime", "StartTime"):
        value = (data.get(name) or "").strip()
        try:
            return float(calendar.timegm(time.strptime(value, "%Y-%m-%d %H:%M:%S")))
        except (ValueError, OverflowError):
            continue
    return None
