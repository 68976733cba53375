"""Vapi and Telnyx webhooks end to end: the server started as the Procfile does, requests signed
as Vapi (HMAC credential) and Telnyx (Ed25519, made with PyNaCl) sign them, a fake Slack."""

from __future__ import annotations

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fakeslack import FakeSlack
from liveserver import SECRET, TOKEN, LiveServer, request, wait_until
from providers import sign_telnyx, sign_vapi, telnyx_hangup, telnyx_keys, vapi_report

CHANNEL = "CVOICEAI1"
VAPI_SECRET = "vapi-credential-secret"
KEY, PUBLIC = telnyx_keys()


@pytest.fixture(scope="module")
def server(slack: FakeSlack, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("voice-ai")
    rules = tmp / "rules.yml"
    rules.write_text("update_seconds: 1\nlease_seconds: 3\n")
    live = LiveServer(
        {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.api_url,
            "ALERT_CHANNEL": CHANNEL,
            "ALERT_RULES": str(rules),
            "VAPI_WEBHOOK_SECRET": VAPI_SECRET,
            "METRICS_TOKEN": "metrics-token",
            "TELNYX_PUBLIC_KEY": PUBLIC,
            "DATABASE_URL": f"sqlite:///{tmp / 'voice-ai.sqlite3'}",
        }
    ).start()
    yield live
    live.stop()


def send(server: LiveServer, provider: str, body: bytes, headers: dict) -> tuple[int, dict]:
    status, text = request("POST", f"{server.url}/webhooks/{provider}", body, headers)
    return status, json.loads(text)


def stored(server: LiveServer, provider: str) -> int:
    _, text = request(
        "GET", server.url + "/metrics", b"", {"Authorization": "Bearer metrics-token"}
    )
    pattern = rf'^hangup_bot_hangups_total\{{[^}}]*provider="{provider}"[^}}]*\}} (\S+)$'
    return sum(int(float(v)) for v in re.findall(pattern, text, re.M))


def test_25_signed_vapi_llm_failures_open_one_alert(server, slack):
    reports = [vapi_report("pipeline-error-openai-llm-failed", f"vapi-{i}") for i in range(25)]
    signed = [sign_vapi(r, VAPI_SECRET) for r in reports]
    with ThreadPoolExecutor(5) as pool:
        answers = list(pool.map(lambda s: send(server, "vapi", *s), signed))
    assert {status for status, _ in answers} == {200}
    assert all(reply["stored"] for _, reply in answers)

    def alerts():
        return [
            c
            for c in slack.posts(CHANNEL)
            if "pipeline-error-openai-llm-failed" in c.body.get("text", "")
        ]

    assert wait_until(alerts)
    again = [send(server, "vapi", *sign_vapi(r, VAPI_SECRET)) for r in reports[:5]]
    assert all(reply["duplicate"] for _, reply in again)
    time.sleep(2.5)
    assert len(alerts()) == 1
    assert "OpenAI" in json.dumps(alerts()[0].body["blocks"])
    assert stored(server, "vapi") == 25


def test_a_telnyx_hangup_signed_with_ed25519_is_stored_and_a_tampered_one_refused(server):
    body, headers = sign_telnyx(telnyx_hangup("call_rejected", "leg-e2e-1", "603"), KEY)
    assert send(server, "telnyx", body, headers) == (
        200,
        {"ok": True, "stored": True, "duplicate": False},
    )
    assert send(server, "telnyx", body, headers)[1]["duplicate"] is True
    tampered = body.replace(b"leg-e2e-1", b"leg-e2e-2")
    status, reply = send(server, "telnyx", tampered, headers)
    assert status == 401 and "signature" in reply["error"]
    stale_body, stale = sign_telnyx(
        telnyx_hangup("user_busy", "leg-e2e-3"), KEY, int(time.time()) - 600
    )
    assert send(server, "telnyx", stale_body, stale)[0] == 401
    assert send(server, "telnyx", body, {"Content-Type": "application/json"})[0] == 401
    assert stored(server, "telnyx") == 1


def test_a_vapi_report_with_the_wrong_secret_is_refused_and_not_stored(server):
    before = stored(server, "vapi")
    body, headers = sign_vapi(vapi_report("customer-busy"), "not-the-secret", hmac_mode=False)
    status, reply = send(server, "vapi", body, headers)
    assert status == 401 and "vapi" in reply["error"]
    assert send(server, "vapi", b"{not json", {"X-Vapi-Secret": VAPI_SECRET})[0] == 400
    assert stored(server, "vapi") == before
