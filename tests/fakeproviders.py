"""Local fakes of the providers' call-record APIs, answering the documented JSON shapes.

One server per provider, at its own base URL, checking credentials the way the provider does
(Basic auth for Plivo and Twilio, X-Auth-ID / X-Auth-Token for Vobiz, a Bearer key for Retell
and Bolna). `plan[call_id]` makes the next answers for a call fail on purpose: "429", "500",
"401", "slow" (sleeps past the client's time-out) or "malformed".
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PLIVO_ID, PLIVO_TOKEN = "MAQWERTYUIOPASDFGHXY", "plivo-token-secret"
VOBIZ_ID, VOBIZ_TOKEN = "MA_VOBIZ0001", "vobiz-token-secret"
TWILIO_SID, TWILIO_TOKEN = "AC" + "0" * 30 + "12", "twilio-token-secret"
RETELL_KEY, BOLNA_KEY = "key_retell_secret", "bn-bolna-secret"

ROUTES = {
    "plivo": re.compile(r"^/v1/Account/(?P<account>[^/]+)/Call/(?P<id>[^/]+)/$"),
    "vobiz": re.compile(r"^/api/v1/Account/(?P<account>[^/]+)/cdr/(?P<id>[^/]+)$"),
    "twilio": re.compile(
        r"^/2010-04-01/Accounts/(?P<account>[^/]+)/Calls/(?P<id>[^/]+?)(?P<sub>/Notifications)?\.json$"
    ),
    "retell": re.compile(r"^/v2/get-call/(?P<id>[^/]+)$"),
    "bolna": re.compile(r"^/executions/(?P<id>[^/]+)$"),
}
NOT_FOUND = {
    "plivo": {"api_id": "c7a8e0d2-0000-11ee-0000-0242ac110002", "error": "not found"},
    "vobiz": {"success": False, "error": "CDR not found"},
    "twilio": {
        "code": 20404,
        "message": "The requested resource was not found",
        "more_info": "https://www.twilio.com/docs/errors/20404",
        "status": 404,
    },
    "retell": {"status": "error", "message": "Not Found"},
    "bolna": {"message": "Execution not found"},
}


def plivo_busy_call(call_uuid: str) -> dict[str, Any]:
    """Plivo's Retrieve a Call (CDR) for an outbound call the callee rejected as busy."""
    return {
        "answer_time": None,
        "api_id": "95727cf4-3eeb-11e7-8edf-02ed609bd62b",
        "bill_duration": 0,
        "billed_duration": 0,
        "call_direction": "outbound",
        "call_duration": 0,
        "call_state": "BUSY",
        "call_uuid": call_uuid,
        "conference_uuid": None,
        "end_time": "2026-11-30 17:49:40+05:30",
        "from_number": "+14155550111",
        "hangup_cause_code": 3010,
        "hangup_cause_name": "Busy Line",
        "hangup_source": "Callee",
        "initiation_time": "2026-11-30 17:49:30+05:30",
        "parent_call_uuid": None,
        "resource_uri": f"/v1/Account/{PLIVO_ID}/Call/{call_uuid}/",
        "to_number": "919812345678",
        "total_amount": "0.00000",
        "total_rate": "0.03570",
    }


def twilio_call(sid: str, status: str = "no-answer", parent: str | None = None) -> dict:
    """Twilio's Call resource (2010-04-01), times in RFC 2822."""
    return {
        "account_sid": TWILIO_SID,
        "annotation": None,
        "answered_by": None,
        "api_version": "2010-04-01",
        "caller_name": None,
        "date_created": "Mon, 30 Nov 2026 12:19:30 +0000",
        "date_updated": "Mon, 30 Nov 2026 12:20:00 +0000",
        "direction": "outbound-api",
        "duration": "0",
        "end_time": "Mon, 30 Nov 2026 12:20:00 +0000",
        "forwarded_from": None,
        "from": "+14155550100",
        "from_formatted": "(415) 555-0100",
        "group_sid": None,
        "parent_call_sid": parent,
        "phone_number_sid": "PN" + "1" * 32,
        "price": None,
        "price_unit": "USD",
        "sid": sid,
        "start_time": "Mon, 30 Nov 2026 12:19:30 +0000",
        "status": status,
        "subresource_uris": {},
        "to": "+14155550199",
        "to_formatted": "(415) 555-0199",
        "trunk_sid": None,
        "uri": f"/2010-04-01/Accounts/{TWILIO_SID}/Calls/{sid}.json",
        "queue_time": "0",
    }


def retell_call(call_id: str, reason: str = "dial_busy") -> dict:
    """Retell's Get Call (v2) for a phone call."""
    return {
        "call_type": "phone_call",
        "from_number": "+14155550111",
        "to_number": "+14155550122",
        "direction": "outbound",
        "call_id": call_id,
        "agent_id": "agent_0123456789abcdef",
        "agent_version": 3,
        "call_status": "not_connected",
        "start_timestamp": 1796040000000,
        "end_timestamp": 1796040004000,
        "duration_ms": 4000,
        "disconnection_reason": reason,
        "transcript": "",
        "public_log_url": "https://example.invalid/log",
    }


def bolna_execution(execution_id: str) -> dict:
    """Bolna's Get Execution, an outbound call the callee hung up."""
    return {
        "id": execution_id,
        "agent_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
        "batch_id": None,
        "conversation_time": 42.5,
        "total_cost": 3.1,
        "status": "completed",
        "error_message": None,
        "answered_by_voice_mail": False,
        "transcript": "assistant: Hello",
        "created_at": "2026-11-30T12:00:00.000000",
        "updated_at": "2026-11-30T12:00:45.000000",
        "telephony_data": {
            "duration": "43",
            "to_number": "+919812345678",
            "from_number": "+918012345678",
            "recording_url": None,
            "hosted_telephony": True,
            "provider_call_id": "b1d2c3e4-0000-4000-8000-000000000001",
            "call_type": "outbound",
            "provider": "plivo",
            "hangup_by": "Callee",
            "hangup_reason": "Call recipient hung up",
            "hangup_provider_code": 4000,
        },
    }


def vobiz_cdr(call_uuid: str) -> dict:
    """Vobiz's Get CDR: the record inside {"success", "data"}."""
    return {
        "success": True,
        "data": {
            "account_id": VOBIZ_ID,
            "answer_time": "2026-11-30T10:00:08Z",
            "billsec": 177,
            "call_direction": "inbound",
            "caller_id_number": "+919876543210",
            "destination_number": "+918012345678",
            "duration": 185,
            "end_time": "2026-11-30T10:03:05Z",
            "hangup_cause": "NORMAL_CLEARING",
            "hangup_cause_code": 4000,
            "hangup_cause_name": "Normal Hangup",
            "hangup_source": "Caller",
            "ring_time": 8,
            "start_time": "2026-11-30T10:00:00Z",
            "uuid": call_uuid,
        },
    }


@dataclass
class FakeProvider:
    provider: str
    calls: dict[str, dict] = field(default_factory=dict)  # call id -> body (200)
    notifications: dict[str, list[dict]] = field(default_factory=dict)  # Twilio
    plan: dict[str, list[str]] = field(default_factory=dict)  # call id -> next failures
    requests: list[str] = field(default_factory=list)  # paths asked
    slow_seconds: float = 8.0
    delay_seconds: float = 0.0  # every answer waits this long (a distant API)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> FakeProvider:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake._handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?")[0]
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        with self.lock:
            self.requests.append(path)
        found = ROUTES[self.provider].match(path)
        if not found:
            return self._send(handler, 404, {"message": "no such route"})
        if not self._authorized(handler, found.groupdict().get("account")):
            return self._send(handler, 401, {"message": "Authentication credentials invalid"})
        call_id = found.group("id")
        with self.lock:
            step = self.plan.get(call_id, []).pop(0) if self.plan.get(call_id) else None
        if step == "slow":
            time.sleep(self.slow_seconds)
        elif step in ("429", "500", "401"):
            headers = {"Retry-After": "0"} if step == "429" else {}
            return self._send(handler, int(step), {"message": "try later"}, headers)
        elif step == "malformed":
            return self._raw(handler, 200, b'{"call_uuid": "abc", "hangup_cau')
        if found.groupdict().get("sub"):
            items = self.notifications.get(call_id, [])
            return self._send(handler, 200, {"notifications": items, "page": 0})
        if call_id not in self.calls:
            return self._send(handler, 404, NOT_FOUND[self.provider])
        self._send(handler, 200, self.calls[call_id])

    def _authorized(self, handler: BaseHTTPRequestHandler, account: str | None) -> bool:
        header = handler.headers.get("Authorization") or ""
        if self.provider in ("plivo", "twilio"):
            user, token = (
                (PLIVO_ID, PLIVO_TOKEN)
                if self.provider == "plivo"
                else (
                    TWILIO_SID,
                    TWILIO_TOKEN,
                )
            )
            expected = "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()
            return header == expected and account == user
        if self.provider == "vobiz":
            return (
                handler.headers.get("X-Auth-ID") == VOBIZ_ID
                and handler.headers.get("X-Auth-Token") == VOBIZ_TOKEN
                and account == VOBIZ_ID
            )
        key = RETELL_KEY if self.provider == "retell" else BOLNA_KEY
        return header == f"Bearer {key}"

    def _send(self, handler, status: int, body: dict, headers: dict | None = None) -> None:
        self._raw(handler, status, json.dumps(body).encode(), headers)

    def _raw(self, handler, status: int, data: bytes, headers: dict | None = None) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a slow answer)


def environment(fakes: dict[str, FakeProvider]) -> dict[str, str]:
    """The variables that point hangup-bot at these fakes, with working credentials."""
    env = {}
    for provider, fake in fakes.items():
        env[f"{provider.upper()}_API_URL"] = fake.url
    if "plivo" in fakes:
        env |= {"PLIVO_AUTH_ID": PLIVO_ID, "PLIVO_AUTH_TOKEN": PLIVO_TOKEN}
    if "vobiz" in fakes:
        env |= {"VOBIZ_AUTH_ID": VOBIZ_ID, "VOBIZ_AUTH_TOKEN": VOBIZ_TOKEN}
    if "twilio" in fakes:
        env |= {"TWILIO_ACCOUNT_SID": TWILIO_SID, "TWILIO_AUTH_TOKEN": TWILIO_TOKEN}
    if "retell" in fakes:
        env["RETELL_API_KEY"] = RETELL_KEY
    if "bolna" in fakes:
        env["BOLNA_API_KEY"] = BOLNA_KEY
    return env
