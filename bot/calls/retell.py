"""Retell AI's Get Call (`GET /v2/get-call/{call_id}`) through the official SDK, pointed at
RETELL_API_URL. The SDK's own retries are off: the shared policy in `transport` retries, so a
slow Retell is reported within the same 6 s as every other provider."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from hangup_bot.calls.records import CallRecord
from hangup_bot.calls.settings import Account
from hangup_bot.calls.times import iso, number
from hangup_bot.calls.transport import Down, Reply, Slow, retried

if TYPE_CHECKING:
    import retell

DASHBOARD = "https://dashboard.retellai.com/call-history?history={call_id}"


def client_for(account: Account) -> retell.Retell:
    import retell  # the SDK takes a second to import: only when a Retell call is looked up

    return retell.Retell(api_key=account.secret, base_url=account.base_url, max_retries=0)


def fetch(client: retell.Retell, account: Account, call_id: str) -> CallRecord:
    import retell

    def attempt(timeout: float) -> Reply:
        try:
            raw = client.call.with_raw_response.retrieve(call_id, timeout=timeout)
        except retell.APITimeoutError:
            raise Slow() from None
        except retell.APIConnectionError as exc:
            raise Down(type(exc.__cause__ or exc).__name__) from None
        except retell.APIStatusError as exc:
            headers = {k.lower(): v for k, v in exc.response.headers.items()}
            return Reply(exc.status_code, headers)
        try:
            body = json.loads(raw.http_response.content)
        except ValueError:
            return Reply(200, malformed=True)
        return Reply(200, body=body, malformed=not isinstance(body, dict))

    return record(retried(account, call_id, attempt), call_id)


def record(body: dict[str, Any], call_id: str) -> CallRecord:
    """A phone or web call: disconnection_reason, call_status, timestamps in milliseconds."""
    start, end = body.get("start_timestamp"), body.get("end_timestamp")
    duration = number(body.get("duration_ms"))
    if duration is None and number(start) is not None and number(end) is not None:
        duration = number(end) - number(start)
    cid = str(body.get("call_id") or call_id)
    return CallRecord(
        provider="retell",
        call_id=cid,
        code=body.get("disconnection_reason"),
        cause=body.get("disconnection_reason"),
        status=body.get("call_status"),
        direction=body.get("direction") or body.get("call_type"),
        from_number=body.get("from_number"),
        to_number=body.get("to_number"),
        started_at=iso(start),
        ended_at=iso(end),
        duration=duration // 1000 if duration is not None else None,
        console_url=DASHBOARD.format(call_id=cid),
        sources=("api",),
    )
