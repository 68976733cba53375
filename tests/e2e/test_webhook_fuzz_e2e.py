"""Thousands of signed, hostile bodies per endpoint against one running `hangup serve`: none
may get a 5xx. Hypothesis writes them (huge, nested, non-string, NUL, `inf`, unpaired
surrogates, mrkdwn); each is signed exactly as the server will check it, so the bodies reach
the parsers and the database instead of stopping at the signature."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import http.client
import json
import os
import random
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from liveserver import command_body, get, slack_headers
from providers import bolna_execution, plivo_hangup, retell_call_ended
from retell.lib.webhook_auth import symmetric
from webhookserver import fresh_database, start

from hangup_bot.alerts.signatures import plivo_v3_message

PER_ENDPOINT = 2000
BATCH = 50
FUZZ = settings(
    max_examples=PER_ENDPOINT // BATCH,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
NASTY_TEXT = [
    "inf", "-inf", "1e400", "NaN", "2147483648", "-1", "0", "", " ", "\x00", "a\x00b",
    "<!channel>", "<@U123>", "<https://evil|click>", "&lt;", "x" * 400, "9" * 5000,
    "\ud800", "\udfff", "a\ud83dz", "\u202e", "null", "[]", "{}", "Hangup", "hangup",
    "completed", "call_ended", "busy", "3010", "4000", "dial_busy", "message", "app_mention",
    "event_callback", "url_verification", "block_actions", "/hangup",
]  # fmt: skip
NASTY = [
    *NASTY_TEXT, None, True, False, 0, -1, 2**31, -(2**63), 10**400, 1e308, 1.5,
    float("inf"), float("-inf"), float("nan"), {}, [], {"id": 5}, {"id": {"x": 1}}, [1, "a"],
    [[[[]]]], {"a": {"b": {"c": None}}}, [{"team_id": 1}], {"\ud800": "k"},
]  # fmt: skip
FORM_KEYS = [
    "CallUUID", "Event", "HangupCauseCode", "HangupCauseName", "HangupCause", "HangupSource",
    "Direction", "From", "To", "Duration", "DialAction", "DialBLegUUID",
    "DialBLegHangupCauseCode", "CallSid", "CallStatus", "ErrorCode", "ErrorMessage",
    "SipResponseCode", "CallDuration", "EndTime", "StartTime", "payload", "command", "text",
]  # fmt: skip
PATHS = {
    "retell": [
        ("event",), ("call",), ("call", "call_id"), ("call", "call_status"),
        ("call", "direction"), ("call", "from_number"), ("call", "to_number"),
        ("call", "start_timestamp"), ("call", "end_timestamp"),
        ("call", "disconnection_reason"), ("call", "agent_id"), ("extra",),
    ],
    "bolna": [
        ("id",), ("status",), ("execution_id",), ("conversation_duration",),
        ("telephony_data",), ("telephony_data", "hangup_by"), ("telephony_data", "hangup_reason"),
        ("telephony_data", "hangup_provider_code"), ("telephony_data", "call_type"),
        ("telephony_data", "from_number"), ("telephony_data", "to_number"),
    ],
    "slack": [
        ("type",), ("team",), ("team_id",), ("user",), ("channel",), ("enterprise",),
        ("authorizations",), ("authorizations", 0), ("authorizations", 0, "team_id"),
        ("event",), ("event", "type"), ("event", "text"), ("event", "user"),
        ("event", "channel"), ("event", "ts"), ("event", "thread_ts"), ("event", "bot_id"),
        ("event", "channel_type"), ("event", "subtype"), ("event", "team"), ("challenge",),
        ("actions",), ("actions", 0), ("actions", 0, "value"), ("actions", 0, "action_id"),
        ("message",), ("message", "text"), ("response_url",), ("view",), ("token",),
        ("is_ext_shared_channel",), ("event_id",), ("command",), ("text",),
    ],
}  # fmt: skip


def value(rnd: random.Random):
    """A hostile value: a known troublemaker, random text (surrogates and NUL included), a
    huge integer, or a nested structure."""
    kind = rnd.random()
    if kind < 0.6:  # a copy: a body is mutated after, and the constants must stay as written
        return copy.deepcopy(rnd.choice(NASTY))
    if kind < 0.8:
        return "".join(chr(rnd.randrange(0x110000)) for _ in range(rnd.randrange(30)))
    if kind < 0.9:
        return rnd.randrange(-(10 ** rnd.randrange(1, 40)), 10 ** rnd.randrange(1, 40))
    return [value(rnd), {rnd.choice(NASTY_TEXT): value(rnd)}]


def form_value(rnd: random.Random) -> str:
    found = value(rnd)
    return found if isinstance(found, str) else json.dumps(found)


def templates(kind: str) -> list:
    if kind == "retell":
        return [retell_call_ended(), {"event": "call_started", "call": {"call_id": "c"}}]
    if kind == "bolna":
        return [bolna_execution()]
    if kind in ("plivo", "vobiz"):
        return [plivo_hangup(code) for code in ("3010", "3130", "4000")]
    if kind == "twilio":
        return [[("CallSid", "CA1"), ("CallStatus", status), ("From", "+1")] for status in
                ("busy", "failed", "ringing")]  # fmt: skip
    if kind == "slack-form":
        return [list(parse_qsl(command_body("3010", "http://127.0.0.1:9/r").decode()))]
    event = {"type": "message", "text": "why 3010?", "user": "U1", "ts": "1.2"}
    return [
        {"type": "event_callback", "team_id": "T1", "event": {**event, "channel": "CFUZZ001"}},
        {"type": "event_callback", "event": {**event, "type": "app_mention", "channel": "C1"}},
        {"type": "event_callback", "event": {**event, "channel_type": "im", "channel": "D1"}},
        {"type": "url_verification", "challenge": "abc"},
        {
            "type": "block_actions",
            "user": {"id": "U1"},
            "team": {"id": "T1"},
            "channel": {"id": "C1"},
            "actions": [{"action_id": "share_answer", "value": "3010", "block_id": "b"}],
        },
    ]


def mutated(kind: str, template: dict, rnd: random.Random) -> dict:
    data = json.loads(json.dumps(template))
    if isinstance(data.get("call"), dict):
        data["call"]["call_id"] = f"call_{rnd.randrange(10**12)}"
    if "telephony_data" in data:
        data["id"] = f"exec-{rnd.randrange(10**12)}"
    for _ in range(rnd.randrange(5)):
        path = rnd.choice(PATHS[kind])
        target = data
        for step in path[:-1]:
            try:
                target = target[step]
            except (KeyError, IndexError, TypeError):
                break
        else:
            try:
                if rnd.random() < 0.2 and isinstance(target, dict):
                    target.pop(path[-1], None)
                else:
                    target[path[-1]] = value(rnd)
            except (IndexError, TypeError):
                pass
    return data


def encoded(data, rnd: random.Random) -> bytes:
    """As JSON (ASCII or raw UTF-8 with surrogates), cut short, nested deep, or noise."""
    how = rnd.random()
    if how < 0.08:
        depth = rnd.randrange(60, 60_000)
        return b'{"call": ' + b"[" * depth + b"]" * depth + b"}"
    if how < 0.14:
        return rnd.randbytes(rnd.randrange(64))
    text = json.dumps(data, ensure_ascii=how < 0.6).encode("utf-8", "surrogatepass")
    return text[: rnd.randrange(1, len(text) + 1)] if how > 0.9 else text


def json_body(kind: str):
    def build(template, rnd: random.Random) -> bytes:
        return encoded(mutated(kind, template, rnd), rnd)

    return st.builds(build, st.sampled_from(templates(kind)), st.randoms(use_true_random=False))


def form_body(kind: str):
    """A genuine-looking form with fields replaced, added twice or dropped; or noise."""

    def build(template, rnd: random.Random) -> bytes:
        if rnd.random() < 0.1:
            return rnd.randbytes(rnd.randrange(64))
        pairs = [(k, f"{v}-{rnd.randrange(10**9)}" if k in IDS else v) for k, v in template]
        for _ in range(rnd.randrange(6)):
            key = rnd.choice(FORM_KEYS) if rnd.random() < 0.8 else form_value(rnd)
            op = rnd.choice(["set", "add", "drop"])
            if op != "add":
                pairs = [(k, v) for k, v in pairs if k != key]
            if op != "drop":
                pairs.append((key, form_value(rnd)))
        return urlencode(pairs, errors="surrogatepass").encode()

    return st.builds(build, st.sampled_from(templates(kind)), st.randoms(use_true_random=False))


IDS = {"CallUUID", "CallSid"}


def b64_hmac(key: str, message: str, digest) -> str:
    raw = hmac.new(key.encode(), message.encode("utf-8", "surrogatepass"), digest).digest()
    return base64.b64encode(raw).decode()


def as_parsed(body: bytes) -> list[tuple[str, str]]:
    """The form parameters as the server reads them (so the signature covers the same)."""
    return parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)


def nonce() -> str:
    return str(10**19 + secrets.randbelow(9 * 10**19))


def signed(provider: str, url: str, body: bytes) -> dict[str, str]:
    form = "application/x-www-form-urlencoded"
    if provider == "plivo":
        once = nonce()
        message = plivo_v3_message("POST", url, as_parsed(body), once)
        signature = b64_hmac("plivo-token", message, hashlib.sha256)
        return {
            "Content-Type": form,
            "X-Plivo-Signature-V3": signature,
            "X-Plivo-Signature-V3-Nonce": once,
        }
    if provider == "vobiz":
        once = nonce()
        signature = b64_hmac("vobiz-token", f"{url}.{once}", hashlib.sha256)
        return {
            "Content-Type": form,
            "X-Vobiz-Signature-V3": signature,
            "X-Vobiz-Signature-V3-Nonce": once,
        }
    if provider == "twilio":
        tail = "".join(f"{k}{v}" for k, v in sorted(as_parsed(body)))
        return {
            "Content-Type": form,
            "X-Twilio-Signature": b64_hmac("twilio-token", url + tail, hashlib.sha1),
        }
    if provider == "retell":
        text = body.decode("utf-8", "replace")
        return {
            "Content-Type": "application/json",
            "x-retell-signature": symmetric["sign"](text, "retell-key"),
        }
    if provider == "bolna":
        return {"Content-Type": "application/json", "X-Bolna-Token": "bolna-token"}
    content = "application/json" if body.startswith(b"{") else form
    return slack_headers(body, content_type=content)


_local = threading.local()
_opened: list[http.client.HTTPConnection] = []


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST on this thread's kept-alive connection (a new one when the server closed it)."""
    parts = urlsplit(url)
    for attempt in range(2):
        conn = getattr(_local, "conn", None)
        if conn is None or (conn.host, conn.port) != (parts.hostname, parts.port):
            conn = _local.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            _opened.append(conn)
        try:
            conn.request("POST", parts.path, body, headers)
            response = conn.getresponse()
            response.read()
            if response.will_close:
                conn.close()
                _local.conn = None
            return response.status
        except (http.client.HTTPException, OSError):
            conn.close()
            _local.conn = None
            if attempt:
                raise
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def server(slack, tmp_path_factory):
    """One server for the module: on PostgreSQL when TEST_DATABASE_URL is set (the stricter
    of the two: column lengths, NUL, types), else on SQLite."""
    kind = "postgres" if os.environ.get("TEST_DATABASE_URL") else "sqlite"
    database = fresh_database(kind, tmp_path_factory.mktemp("fuzz"))
    # a shared, loaded machine must not turn a slow commit into a 503: this is about input
    live = start(
        slack, database, ALERT_CHANNEL="CFUZZ001", WATCH_CHANNELS="CFUZZ001", DATABASE_TIMEOUT="30"
    )
    with ThreadPoolExecutor(8) as pool:
        yield live, pool
    for conn in _opened:
        conn.close()
    _opened.clear()
    live.stop()


BODIES = {
    "plivo": form_body("plivo"),
    "vobiz": form_body("vobiz"),
    "twilio": form_body("twilio"),
    "retell": json_body("retell"),
    "bolna": json_body("bolna"),
    "slack": st.one_of(json_body("slack"), form_body("slack-form")),
}


@pytest.mark.parametrize("endpoint", sorted(BODIES))
def test_thousands_of_signed_hostile_bodies_get_no_5xx(server, endpoint):
    live, pool = server
    path = "/slack/events" if endpoint == "slack" else f"/webhooks/{endpoint}"
    url = live.url + path
    public = f"http://127.0.0.1:{live.port}{path}"
    statuses: list[int] = []

    @FUZZ
    @given(st.lists(BODIES[endpoint], min_size=BATCH, max_size=BATCH))
    def send_batch(bodies: list[bytes]) -> None:
        answers = list(pool.map(lambda b: post(url, b, signed(endpoint, public, b)), bodies))
        statuses.extend(answers)
        failed = [(s, b[:300]) for s, b in zip(answers, bodies, strict=True) if s >= 500]
        assert not failed, (failed[0], live.output()[-3000:])  # the server says why

    send_batch()
    assert len(statuses) >= PER_ENDPOINT
    assert get(live.url + "/healthz")[0] == 200
    assert set(statuses) <= {200, 400, 401, 404, 413}, sorted(set(statuses))
    # the bodies got past the signature: some were stored or answered, some refused as bad
    assert statuses.count(200) > PER_ENDPOINT // 10 and statuses.count(400) > 10
    assert statuses.count(401) < PER_ENDPOINT // 20
