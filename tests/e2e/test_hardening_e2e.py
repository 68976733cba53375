"""`hangup serve` facing hostile clients: slow bodies hold neither callbacks nor /healthz and
are cut off; /metrics is served only behind its token or on its own port; a stream of made-up
codes cannot grow the counters without bound."""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import socket
import threading
import time

from liveserver import SECRET, TOKEN, LiveServer, free_port
from providers import plivo_hangup, sign_plivo
from sqlalchemy import create_engine, text

PLIVO_TOKEN = "plivo-token"


def env(slack, tmp_path, **extra: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "ALERT_CHANNEL": "CHARDEN1",
        "PLIVO_AUTH_TOKEN": PLIVO_TOKEN,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'hardening.sqlite3'}",
        **extra,
    }


def call(port: int, method: str, path: str, body: bytes = b"", headers=None, timeout=10.0):
    """One request on a fresh connection, failing (TimeoutError) if no answer in `timeout`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def callback(server: LiveServer, code: str, call_id: str, timeout: float = 10.0):
    url = server.url + "/webhooks/plivo"
    body, headers = sign_plivo(url, plivo_hangup(code, call_id=call_id), PLIVO_TOKEN)
    return call(server.port, "POST", "/webhooks/plivo", body, headers, timeout)


def slow_client(port: int) -> socket.socket:
    """Headers and 2 of 1,000 body bytes, then silence."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    sock.sendall(
        b"POST /webhooks/plivo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nab"
    )
    return sock


def status_line(sock: socket.socket, deadline: float | None = None) -> str:
    """The first line of the answer, waiting at most until `deadline` (monotonic)."""
    try:
        if deadline is not None:
            sock.settimeout(max(0.1, deadline - time.monotonic()))
        return sock.recv(4096).split(b"\r\n", 1)[0].decode()
    except OSError as exc:
        return f"error: {exc}"


def test_sixteen_slow_bodies_hold_neither_callbacks_nor_healthz_and_are_cut_off(slack, tmp_path):
    server = LiveServer(env(slack, tmp_path, WEB_CONCURRENCY="1", BODY_TIMEOUT="20")).start()
    slow = [slow_client(server.port) for _ in range(16)]
    try:
        time.sleep(1)  # every slow client is being read by now
        # if the slow clients held the threads, these would wait ~20 s and time out at 8
        assert call(server.port, "GET", "/healthz", timeout=8)[0] == 200
        for i in range(5):
            assert callback(server, "4000", f"while-slow-{i}", timeout=8)[0] == 200
        assert call(server.port, "GET", "/healthz", timeout=8)[0] == 200
        # and the slow ones are answered 408 once their time is up
        deadline = time.monotonic() + 30
        assert [status_line(s, deadline) for s in slow] == ["HTTP/1.1 408 Request Timeout"] * 16
    finally:
        for sock in slow:
            sock.close()
        server.stop()


def test_a_body_trickling_in_a_byte_at_a_time_is_cut_off_at_the_deadline(slack, tmp_path):
    server = LiveServer(env(slack, tmp_path, BODY_TIMEOUT="2")).start()
    sock = slow_client(server.port)
    stop = threading.Event()

    def trickle() -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError):
                sock.sendall(b"x")
            stop.wait(0.3)

    dripper = threading.Thread(target=trickle, daemon=True)
    dripper.start()
    try:
        assert status_line(sock, time.monotonic() + 20) == "HTTP/1.1 408 Request Timeout"
        assert callback(server, "4000", "after-trickle")[0] == 200
    finally:
        stop.set()
        dripper.join()
        sock.close()
        server.stop()


def test_metrics_are_not_served_on_the_public_port_by_default(slack, tmp_path):
    server = LiveServer(env(slack, tmp_path)).start()
    try:
        status, body = call(server.port, "GET", "/metrics")
        assert status == 404 and "hangup_bot" not in body
    finally:
        server.stop()


def series(body: str) -> dict[str, float]:
    return {
        labels: float(value)
        for labels, value in re.findall(r"^hangup_bot_hangups_total\{(.*)\} (\S+)$", body, re.M)
    }


def test_metrics_need_the_bearer_token_and_made_up_codes_fold_into_other(slack, tmp_path):
    server = LiveServer(
        env(slack, tmp_path, METRICS_TOKEN="s3cret-metrics", METRICS_MAX_SERIES="20")
    ).start()
    try:
        assert call(server.port, "GET", "/metrics")[0] == 401
        wrong = {"Authorization": "Bearer nope"}
        assert call(server.port, "GET", "/metrics", headers=wrong)[0] == 401
        for i in range(60):  # 60 codes no provider defines, from a hostile sender
            assert callback(server, f"9{i:03d}", f"made-up-{i}")[0] == 200
        good = {"Authorization": "Bearer s3cret-metrics"}
        status, body = call(server.port, "GET", "/metrics", headers=good)
    finally:
        server.stop()
    assert status == 200
    shown = series(body)
    assert len(shown) <= 21  # the cap, and "other"
    assert sum(shown.values()) == 60  # nothing lost: the rest is counted as other
    assert shown['category="other",code="other",provider="plivo"'] >= 40
    engine = create_engine(f"sqlite:///{tmp_path / 'hardening.sqlite3'}")
    with engine.connect() as db:
        kept = db.execute(
            text("SELECT COUNT(DISTINCT labels) FROM counters WHERE name = 'hangups'")
        ).scalar()
    engine.dispose()
    assert kept <= 21


def test_metrics_on_their_own_port_are_not_on_the_public_one(slack, tmp_path):
    metrics_port = free_port()
    server = LiveServer(
        env(slack, tmp_path, METRICS_PORT=str(metrics_port), METRICS_TOKEN="tok")
    ).start()
    good = {"Authorization": "Bearer tok"}
    try:
        assert call(server.port, "GET", "/metrics", headers=good)[0] == 404
        status, body = call(metrics_port, "GET", "/metrics", headers=good)
        assert status == 200 and "hangup_bot_outbox_depth" in body
        assert call(metrics_port, "GET", "/metrics")[0] == 401
        assert call(metrics_port, "GET", "/healthz")[0] == 404
        status, body = call(metrics_port, "POST", "/webhooks/plivo", b"a=b")
        assert status == 404 and json.loads(body)["error"] == "this port serves /metrics only"
        assert call(server.port, "GET", "/healthz")[0] == 200
    finally:
        server.stop()
