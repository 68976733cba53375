"""One GET to a provider API, the way every client here makes it: 5 s per attempt, 6 s in all,
429 and 5xx retried with backoff (a Retry-After that fits is honoured), and errors that name the
provider and what to do, never a credential."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from hangup_bot.calls.records import NAMES, NotFound, Refused, Unavailable
from hangup_bot.calls.settings import Account

ATTEMPT_SECONDS = 5.0
TOTAL_SECONDS = 6.0
MAX_ATTEMPTS = 3
BACKOFF = 0.25  # seconds before the second attempt; doubled after each
# httpx logs every request URL at INFO; ours carry account ids and call ids, so only problems.
logging.getLogger("httpx").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None  # parsed JSON for a 200
    malformed: bool = False


class Slow(Exception):
    pass


class Down(Exception):
    pass


def retried(
    account: Account,
    call_id: str,
    attempt: Callable[[float], Reply],
    total: float = TOTAL_SECONDS,
) -> Any:
    """Run `attempt(timeout)` until it gives a final answer or the time is up; the JSON body."""
    name, deadline = _title(account), time.monotonic() + total
    for number in range(MAX_ATTEMPTS):
        left = deadline - time.monotonic()
        try:
            reply = attempt(min(ATTEMPT_SECONDS, max(left, 0.1)))
        except Slow:
            raise Unavailable(
                account.provider, f"{name} did not answer within {ATTEMPT_SECONDS:g} s"
            ) from None
        except Down as exc:
            raise Unavailable(
                account.provider, f"{name} is unreachable at {account.base_url} ({exc})"
            ) from None
        if reply.status == 200 and not reply.malformed:
            return reply.body
        if reply.status == 200:
            raise Unavailable(account.provider, f"{name} answered with malformed JSON")
        if reply.status == 404:
            raise NotFound(account.provider, f"no call {call_id} at {name}")
        if reply.status in (401, 403):
            raise Refused(
                account.provider,
                f"{name} refused the credentials ({reply.status}): check {_variables(account)}",
            )
        if reply.status != 429 and reply.status < 500:
            raise Unavailable(account.provider, f"{name} answered {reply.status}")
        wait = _retry_after(reply.headers) or BACKOFF * 2**number
        if number == MAX_ATTEMPTS - 1 or time.monotonic() + wait >= deadline - 0.2:
            break
        time.sleep(wait)
    what = "is rate limiting us (429)" if reply.status == 429 else f"is failing ({reply.status})"
    raise Unavailable(account.provider, f"{name} {what}; try again in a minute")


def http_attempt(client: httpx.Client, url: str, **request: Any) -> Callable[[float], Reply]:
    """An attempt over plain HTTP (httpx), for providers whose SDK cannot be pointed elsewhere."""

    def attempt(timeout: float) -> Reply:
        try:
            response = client.get(url, timeout=timeout, **request)
        except httpx.TimeoutException:
            raise Slow() from None
        except httpx.TransportError as exc:
            raise Down(type(exc).__name__) from None
        headers = {k.lower(): v for k, v in response.headers.items()}
        if response.status_code != 200:
            return Reply(response.status_code, headers)
        try:
            body = json.loads(response.content)
        except ValueError:
            return Reply(200, headers, malformed=True)
        return Reply(200, headers, body, malformed=not isinstance(body, dict))

    return attempt


def _retry_after(headers: dict[str, str]) -> float | None:
    value = headers.get("retry-after", "")
    try:
        return min(max(float(value), 0.0), TOTAL_SECONDS)
    except ValueError:
        return None


def _title(account: Account) -> str:
    return NAMES.get(account.provider, account.provider)


def _variables(account: Account) -> str:
    if account.id_variable:
        return f"{account.id_variable} ({account.checked_with().split()[-1]}) and " + (
            account.secret_variable
        )
    return account.secret_variable
