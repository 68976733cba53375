"""Plivo, Vobiz, Twilio and Bolna call records over plain HTTP: the documented path after each
base URL, and the JSON each answers read into a CallRecord. (Their SDKs fix the host, so they
cannot be pointed at a proxy or a local server.)"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any
from urllib.parse import quote

import httpx

from hangup_bot.calls.records import CallRecord, Unavailable
from hangup_bot.calls.settings import Account
from hangup_bot.calls.times import iso, number, seconds_between
from hangup_bot.calls.transport import TOTAL_SECONDS, http_attempt, retried

PLIVO_CONSOLE = "https://console.plivo.com/voice/logs/calls/"
TWILIO_CONSOLE = (
    "https://console.twilio.com/us1/monitor/logs/calls?frameUrl=%2Fconsole%2Fvoice%2Fcalls"
    "%2Flogs%2F{sid}"
)


def fetch(client: httpx.Client, account: Account, call_id: str) -> CallRecord:
    """The call at this provider; raises NotFound, Refused or Unavailable."""
    cid = quote(call_id, safe="")
    base, who = account.base_url, quote(account.account_id or "", safe="")
    if account.provider == "plivo":
        url, auth = f"{base}/v1/Account/{who}/Call/{cid}/", (account.account_id, account.secret)
        return plivo(_get(client, account, call_id, url, auth=auth), call_id)
    if account.provider == "vobiz":
        headers = {"X-Auth-ID": account.account_id or "", "X-Auth-Token": account.secret}
        body = _get(client, account, call_id, f"{base}/api/v1/Account/{who}/cdr/{cid}", headers)
        return vobiz(body, call_id)
    if account.provider == "twilio":
        auth, started = (account.account_id, account.secret), time.monotonic()
        url = f"{base}/2010-04-01/Accounts/{who}/Calls/{cid}.json"
        record = twilio(_get(client, account, call_id, url, auth=auth), call_id)
        left = TOTAL_SECONDS - (time.monotonic() - started)
        if record.status == "failed" and left > 0.5:  # the error code, within the same 6 s
            record = _twilio_error(client, account, call_id, record, left)
        return record
    headers = {"Authorization": f"Bearer {account.secret}"}
    return bolna(_get(client, account, call_id, f"{base}/executions/{cid}", headers), call_id)


def _get(
    client: httpx.Client,
    account: Account,
    call_id: str,
    url: str,
    headers=None,
    auth=None,
    total: float = TOTAL_SECONDS,
) -> dict[str, Any]:
    request: dict[str, Any] = {"headers": {"Accept": "application/json", **(headers or {})}}
    if auth:
        request["auth"] = auth
    return retried(account, call_id, http_attempt(client, url, **request), total)


def plivo(body: dict[str, Any], call_id: str) -> CallRecord:
    """Plivo's CDR (Retrieve a Call): hangup_cause_code, hangup_source, parent_call_uuid..."""
    started, answered = iso(body.get("initiation_time")), iso(body.get("answer_time"))
    ended = iso(body.get("end_time"))
    code = body.get("hangup_cause_code")
    return CallRecord(
        provider="plivo",
        call_id=str(body.get("call_uuid") or call_id),
        code=str(code) if code not in (None, "") else None,
        cause=body.get("hangup_cause_name"),
        status=body.get("call_state") or body.get("call_status"),
        direction=body.get("call_direction"),
        from_number=body.get("from_number"),
        to_number=body.get("to_number"),
        started_at=started,
        rang_seconds=seconds_between(started, answered or ended),
        answered_at=answered,
        ended_at=ended,
        duration=number(body.get("call_duration")),
        billed_duration=number(body.get("bill_duration", body.get("billed_duration"))),
        hangup_source=body.get("hangup_source"),
        parent_call_id=body.get("parent_call_uuid"),
        console_url=PLIVO_CONSOLE,
        sources=("api",),
    )


def vobiz(body: dict[str, Any], call_id: str) -> CallRecord:
    """Vobiz's Get CDR: {"success": true, "data": {uuid, hangup_cause_code, ring_time, ...}}."""
    data = body.get("data")
    if not isinstance(data, dict):
        raise Unavailable("vobiz", "Vobiz answered without the call record (no data object)")
    code = data.get("hangup_cause_code")
    return CallRecord(
        provider="vobiz",
        call_id=str(data.get("uuid") or call_id),
        code=str(code) if code not in (None, "") else None,
        cause=data.get("hangup_cause_name") or data.get("hangup_cause"),
        status=data.get("hangup_cause"),
        direction=data.get("call_direction"),
        from_number=data.get("caller_id_number"),
        to_number=data.get("destination_number"),
        started_at=iso(data.get("start_time")),
        rang_seconds=number(data.get("ring_time")),
        answered_at=iso(data.get("answer_time")),
        ended_at=iso(data.get("end_time")),
        duration=number(data.get("duration")),
        billed_duration=number(data.get("billsec")),
        hangup_source=data.get("hangup_source"),
        sources=("api",),
    )


def twilio(body: dict[str, Any], call_id: str) -> CallRecord:
    """Twilio's Call resource: status, times (RFC 2822), duration, parent_call_sid."""
    sid = str(body.get("sid") or call_id)
    started = iso(body.get("start_time"))
    return CallRecord(
        provider="twilio",
        call_id=sid,
        code=body.get("status"),
        cause=body.get("status"),
        status=body.get("status"),
        direction=body.get("direction"),
        from_number=body.get("from"),
        to_number=body.get("to"),
        started_at=started,
        ended_at=iso(body.get("end_time")),
        duration=number(body.get("duration")),
        parent_call_id=body.get("parent_call_sid"),
        console_url=TWILIO_CONSOLE.format(sid=quote(sid, safe="")),
        sources=("api",),
    )


def _twilio_error(
    client: httpx.Client, account: Account, call_id: str, record: CallRecord, left: float
) -> CallRecord:
    """A failed Twilio call's error code lives in its Notifications, not in the Call."""
    who, cid = quote(account.account_id or "", safe=""), quote(call_id, safe="")
    url = f"{account.base_url}/2010-04-01/Accounts/{who}/Calls/{cid}/Notifications.json"
    try:
        auth = (account.account_id, account.secret)
        body = _get(client, account, call_id, url, auth=auth, total=left)
    except Exception:  # the call itself is known; its notifications are a bonus
        return record
    codes = [n.get("error_code") for n in body.get("notifications") or [] if isinstance(n, dict)]
    code = next((str(c) for c in codes if c), None)
    if not code:
        return record
    return replace(record, code=code)


def bolna(body: dict[str, Any], call_id: str) -> CallRecord:
    """Bolna's Get Execution: telephony_data holds hangup_by, hangup_reason and the numbers."""
    telephony = body.get("telephony_data")
    telephony = telephony if isinstance(telephony, dict) else {}
    carrier = telephony.get("provider")
    carrier_call = telephony.get("provider_call_id")
    notes = (
        (f"Carried by {carrier}, whose call id is {carrier_call}.",)
        if carrier and carrier_call
        else ()
    )
    return CallRecord(
        provider="bolna",
        call_id=str(body.get("id") or call_id),
        code=telephony.get("hangup_reason"),
        cause=str(telephony.get("hangup_provider_code") or "") or None,
        status=body.get("status"),
        direction=telephony.get("call_type"),
        from_number=telephony.get("from_number"),
        to_number=telephony.get("to_number"),
        started_at=iso(body.get("created_at")),
        ended_at=iso(body.get("updated_at")) if telephony.get("hangup_reason") else None,
        duration=number(telephony.get("duration") or body.get("conversation_duration")),
        hangup_source=telephony.get("hangup_by"),
        sources=("api",),
        notes=notes,
    )
