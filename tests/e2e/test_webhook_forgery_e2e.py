"""Forged and replayed webhooks against `hangup serve`: captured Vobiz headers reused, a
signature for another host, repeated signature headers, an endpoint without its secret."""

from __future__ import annotations

import json
import random
import time
import uuid
from urllib.parse import urlencode

import pytest
from liveserver import request
from providers import (
    bolna_execution,
    plivo_hangup,
    retell_call_ended,
    sign_plivo,
    sign_retell,
    sign_twilio,
    sign_vobiz,
)
from rawhttp import send
from webhookserver import DATABASES, Stored, fresh_database, start

FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module", params=DATABASES)
def served(request, slack, tmp_path_factory):
    database = fresh_database(request.param, tmp_path_factory.mktemp("forgery"))
    server = start(slack, database)
    stored = Stored(database)
    yield server, stored, database
    stored.close()
    server.stop()


def nonce() -> str:
    return "".join(random.choice("0123456789") for _ in range(20))


def hangup(**extra: str) -> list[tuple[str, str]]:
    return plivo_hangup("5030", call_id=f"vz-{uuid.uuid4().hex}", **extra)


def captured(server) -> tuple[str, list[tuple[str, str]], dict[str, str]]:
    """A genuine Vobiz callback, delivered once: its URL, fields and headers."""
    url = server.url + "/webhooks/vobiz"
    params = hangup()
    body, headers = sign_vobiz(url, params, "vobiz-token", nonce())
    assert request("POST", url, body, headers)[0] == 200
    return url, params, headers


def test_captured_vobiz_headers_with_a_new_body_are_refused(served):
    server, stored, _ = served
    url, _, headers = captured(server)
    forged = hangup()
    status, reply = request("POST", url, urlencode(forged).encode(), headers)
    assert (status, json.loads(reply)["error"]) == (
        401,
        "vobiz signature nonce was already used by another request",
    )
    assert stored.events(forged[0][1]) == []


def test_captured_vobiz_headers_with_an_extra_query_or_as_a_get_are_refused(served):
    server, _, _ = served
    url, params, headers = captured(server)
    body = urlencode(params).encode()
    assert request("POST", url + "?team=other", body, headers)[0] == 401
    get_headers = {k: v for k, v in headers.items() if k != "Content-Type"}
    assert request("GET", f"{url}?{urlencode(params)}", b"", get_headers)[0] == 401


def test_an_exact_vobiz_redelivery_is_a_duplicate_not_a_forgery(served):
    server, _, _ = served
    url, params, headers = captured(server)
    status, reply = request("POST", url, urlencode(params).encode(), headers)
    assert (status, json.loads(reply)["duplicate"]) == (200, True)


def test_a_v3_signature_sent_as_v2_is_refused(served):
    server, stored, _ = served
    url = server.url + "/webhooks/vobiz"
    params = hangup()
    once = nonce()
    body, v3 = sign_vobiz(url, params, "vobiz-token", once)
    for v2_nonce in ("." + once, once):
        headers = {
            "Content-Type": FORM,
            "X-Vobiz-Signature-V2": v3["X-Vobiz-Signature-V3"],
            "X-Vobiz-Signature-V2-Nonce": v2_nonce,
        }
        assert request("POST", url, body, headers)[0] == 401
    assert stored.events(params[0][1]) == []


def test_a_nonce_seen_by_one_process_is_refused_by_another(served, slack):
    _, stored, database = served
    public = "https://hooks.example.com"
    first, second = (start(slack, database, PUBLIC_URL=public) for _ in range(2))
    try:
        params, forged = hangup(), hangup()
        body, headers = sign_vobiz(public + "/webhooks/vobiz", params, "vobiz-token", nonce())
        assert request("POST", first.url + "/webhooks/vobiz", body, headers)[0] == 200
        status, reply = request(
            "POST", second.url + "/webhooks/vobiz", urlencode(forged).encode(), headers
        )
        assert (status, json.loads(reply)["error"]) == (
            401,
            "vobiz signature nonce was already used by another request",
        )
        assert stored.events(forged[0][1]) == []
    finally:
        first.stop()
        second.stop()


def test_a_stale_vobiz_callback_is_refused_and_a_fresh_one_accepted(served):
    server, _, _ = served
    url = server.url + "/webhooks/vobiz"
    old = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() - 3 * 86400))
    body, headers = sign_vobiz(url, hangup(EndTime=old), "vobiz-token", nonce())
    status, reply = request("POST", url, body, headers)
    assert (status, json.loads(reply)["error"]) == (
        401,
        "vobiz callback is stale: its call ended over 36 hours ago",
    )
    now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    body, headers = sign_vobiz(url, hangup(EndTime=now), "vobiz-token", nonce())
    assert request("POST", url, body, headers)[0] == 200


SIGNERS = {
    "plivo": lambda url, params: sign_plivo(url, params, "plivo-token"),
    "vobiz": lambda url, params: sign_vobiz(url, params, "vobiz-token", nonce()),
    "twilio": lambda url, params: sign_twilio(
        url, [("CallSid", f"CA{uuid.uuid4().hex}"), ("CallStatus", "busy")], "twilio-token"
    ),
}
FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "bot.example.com"}


@pytest.mark.parametrize("provider", sorted(SIGNERS))
def test_a_request_signed_for_another_host_is_refused_despite_x_forwarded_host(served, provider):
    server, _, _ = served
    body, headers = SIGNERS[provider](f"https://bot.example.com/webhooks/{provider}", hangup())
    status, _ = request("POST", f"{server.url}/webhooks/{provider}", body, {**headers, **FORWARDED})
    assert status == 401


@pytest.fixture(scope="module")
def behind_proxy(slack, tmp_path_factory):
    """A server told that one proxy in front sets X-Forwarded-*, and one told its PUBLIC_URL
    (and given no Bolna token)."""
    folder = tmp_path_factory.mktemp("proxy")
    trusting = start(slack, fresh_database("sqlite", folder), TRUSTED_PROXIES="1")
    public = start(
        slack,
        f"sqlite:///{folder / 'public.sqlite3'}",
        PUBLIC_URL="https://bot.example.com",
        BOLNA_WEBHOOK_TOKEN="",
    )
    yield trusting, public
    trusting.stop()
    public.stop()


@pytest.mark.parametrize("provider", sorted(SIGNERS))
def test_forwarded_headers_count_when_a_trusted_proxy_is_configured(behind_proxy, provider):
    trusting, public = behind_proxy
    body, headers = SIGNERS[provider](f"https://bot.example.com/webhooks/{provider}", hangup())
    target = f"/webhooks/{provider}"
    assert request("POST", trusting.url + target, body, {**headers, **FORWARDED})[0] == 200
    body, headers = SIGNERS[provider](f"https://bot.example.com/webhooks/{provider}", hangup())
    assert request("POST", public.url + target, body, headers)[0] == 200
    body, headers = SIGNERS[provider](f"https://evil.example.net/webhooks/{provider}", hangup())
    evil = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example.net"}
    assert request("POST", public.url + target, body, {**headers, **evil})[0] == 401


def test_an_endpoint_without_its_secret_says_only_that_it_is_not_configured(behind_proxy):
    _, public = behind_proxy
    status, reply = request("POST", public.url + "/webhooks/bolna", b"{}", {})
    assert (status, json.loads(reply)) == (
        403,
        {"ok": False, "error": "bolna webhooks are not configured on this server"},
    )


SIGNATURE_HEADERS = {
    "plivo": "X-Plivo-Signature-V3",
    "vobiz": "X-Vobiz-Signature-V3",
    "twilio": "X-Twilio-Signature",
    "retell": "x-retell-signature",
    "bolna": "X-Bolna-Token",
}
HEADER_SIGNERS = {
    **SIGNERS,
    "retell": lambda url, params: sign_retell(retell_call_ended(), "retell-key"),
    "bolna": lambda url, params: (
        json.dumps(bolna_execution()).encode(),
        {"Content-Type": "application/json", "X-Bolna-Token": "bolna-token"},
    ),
}


@pytest.mark.parametrize("order", ["valid first", "garbage first"])
@pytest.mark.parametrize("provider", sorted(SIGNATURE_HEADERS))
def test_a_signature_header_sent_twice_is_refused(served, provider, order):
    server, _, _ = served
    url = f"{server.url}/webhooks/{provider}"
    body, headers = HEADER_SIGNERS[provider](url, hangup())
    name = SIGNATURE_HEADERS[provider]
    pairs = [(k, v) for k, v in headers.items() if k != name]
    twice = [(name, headers[name]), (name, "garbage")]
    if order == "garbage first":
        twice.reverse()
    assert send(url, "POST", body, pairs + twice)[0] == 401
    assert send(url, "POST", body, [*pairs, (name, headers[name])])[0] == 200
