"""A small local HTTP server that plays Slack's side: the Web API and response_url endpoints.

It records every call, answers like Slack does, and can fail on demand (429 with Retry-After,
or 500) to exercise retries, answer 429 to everything for a while (a run of rate limits), or
record a post and then drop the connection without answering (Slack got it; the bot cannot
know). It plays the external file upload too: files.getUploadURLExternal hands out an upload URL
on this server, which keeps the bytes, and files.completeUploadExternal shares them.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_USER = "UBOT"
BOT_ID = "BBOT"


@dataclass
class Call:
    method: str  # "chat.postMessage", or "response" for response_url posts
    body: dict[str, Any]
    path: str


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    failures: list[tuple[str, int, int]] = field(default_factory=list)  # method, status, seconds
    lock: threading.Lock = field(default_factory=threading.Lock)
    ts: int = 0
    auth_error: str | None = None  # answer auth.test with this error (a refused token)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # channel -> posts
    socket_url: str | None = None  # set by start_socket_mode
    envelopes: list[dict[str, Any]] = field(default_factory=list)  # to send over Socket Mode
    acks: list[dict[str, Any]] = field(default_factory=list)  # what the app sent back
    outside: set[str] = field(default_factory=set)  # channels the bot is not a member of
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id -> the bytes uploaded
    drops: list[str] = field(default_factory=list)  # record these calls, then hang up
    limited: dict[str, tuple[float, int]] = field(default_factory=dict)  # method -> until, wait
    refused: int = 0  # calls answered 429 by a run of rate limits

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                fake._handle(self)

            do_GET = do_POST

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if getattr(self, "socket_server", None):
            self.socket_server.shutdown()

    def start_socket_mode(self) -> None:
        """A Socket Mode WebSocket endpoint: says hello, sends queued envelopes, keeps acks."""
        from websockets.sync.server import serve

        def session(connection) -> None:
            connection.send(json.dumps({"type": "hello", "num_connections": 1}))
            while True:
                with self.lock:
                    pending, self.envelopes = self.envelopes, []
                for envelope in pending:
                    connection.send(json.dumps(envelope))
                try:
                    message = connection.recv(timeout=0.05)
                except TimeoutError:
                    continue
                except Exception:
                    return
                with self.lock:
                    self.acks.append(json.loads(message))

        self.socket_server = serve(session, "127.0.0.1", 0)
        threading.Thread(target=self.socket_server.serve_forever, daemon=True).start()
        self.socket_url = f"ws://127.0.0.1:{self.socket_server.socket.getsockname()[1]}/link"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.url}/response/{name}"

    def fail(self, method: str, status: int, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `method` with `status` (429 gets Retry-After)."""
        with self.lock:
            self.failures += [(method, status, retry_after)] * times

    def reset(self) -> None:
        """Forget every call and message (a new server starts talking to this fake)."""
        with self.lock:
            self.calls.clear()
            self.messages.clear()
            self.failures.clear()
            self.drops.clear()
            self.limited.clear()
            self.refused = 0

    def drop_after_recording(self, method: str, times: int = 1) -> None:
        """The next `times` calls of `method` are recorded (a post is kept, as Slack would
        keep it) and then the connection is closed without an answer."""
        with self.lock:
            self.drops += [method] * times

    def rate_limit(self, method: str, seconds: float, retry_after: int = 1) -> None:
        """Answer every call of `method` with 429 and Retry-After for `seconds` from now."""
        with self.lock:
            self.limited[method] = (time.monotonic() + seconds, retry_after)

    def of(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.of(method)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        return self.of(method)

    def settle(self, seconds: float = 0.6) -> None:
        """Give background listeners time to make any (unwanted) call."""
        time.sleep(seconds)

    def _keep(self, body: dict[str, Any], ts: str) -> None:
        """Remember a post as Slack would show it in conversations.history/replies."""
        message = {
            "ts": ts,
            "text": body.get("text"),
            "thread_ts": body.get("thread_ts"),
            "metadata": _metadata(body),
        }
        with self.lock:
            self.messages.setdefault(body.get("channel"), []).append(message)

    def posts(self, channel: str) -> list[Call]:
        """Top-level messages posted to a channel (not thread replies)."""
        return [
            c
            for c in self.of("chat.postMessage")
            if c.body.get("channel") == channel and not c.body.get("thread_ts")
        ]

    def completed_files(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Files shared by files.completeUploadExternal (to `channel`, when given), with their
        bytes: {"id", "title", "channel_id", "initial_comment", "data"}."""
        found = []
        for call in self.of("files.completeUploadExternal"):
            if channel is not None and call.body.get("channel_id") != channel:
                continue
            for item in json.loads(call.body.get("files") or "[]"):
                with self.lock:
                    data = self.uploads.get(item["id"])
                found.append({**call.body, **item, "data": data})
        return found

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        data = request.rfile.read(length) if length else b""
        path = request.path.split("?")[0]
        if path.startswith("/upload/"):  # the upload URL: raw bytes, answered in plain text
            with self.lock:
                self.uploads[path.rsplit("/", 1)[-1]] = data
                self.calls.append(Call("upload", {"length": len(data)}, path))
            return _send(request, 200, None)
        raw = data.decode("utf-8")
        method = "response" if path.startswith("/response/") else path.rsplit("/", 1)[-1]
        if raw.startswith("{"):
            body = json.loads(raw)
        else:
            body = dict(parse_qsl(raw or request.path.partition("?")[2]))
        with self.lock:
            failure = next((f for f in self.failures if f[0] == method), None)
            until, wait = self.limited.get(method, (0.0, 1))
            dropped = method in self.drops
            if failure:
                self.failures.remove(failure)
            elif until > time.monotonic():
                failure = (method, 429, wait)
                self.refused += 1
            else:
                if dropped:
                    self.drops.remove(method)
                self.calls.append(Call(method, body, path))
                self.ts += 1
                ts = f"1700000000.{self.ts:06d}"
        if failure:
            _, status, retry_after = failure
            headers = {"Retry-After": str(retry_after)} if status == 429 else {}
            error = "ratelimited" if status == 429 else "internal_error"
            return _send(request, status, {"ok": False, "error": error}, headers)
        if method == "response":
            return _send(request, 200, None)
        reply: dict[str, Any] = {"ok": True}
        if method == "auth.test" and self.auth_error:
            reply = {"ok": False, "error": self.auth_error}
        elif method == "auth.test":
            reply.update(
                user_id=BOT_USER,
                bot_id=BOT_ID,
                team_id="T1",
                user="hangup-bot",
                team="Test",
                url="https://test.slack.com/",
            )
        elif method in ("chat.postMessage", "chat.postEphemeral") and (
            body.get("channel") in self.outside
        ):
            reply = {"ok": False, "error": "not_in_channel"}
        elif method == "chat.postMessage":
            reply.update(channel=body.get("channel"), ts=ts)
            self._keep(body, ts)
            if dropped:
                return _hang_up(request)
        elif method == "chat.update":
            reply.update(channel=body.get("channel"), ts=body.get("ts"))
        elif method == "conversations.history":
            with self.lock:
                found = [
                    m for m in self.messages.get(body.get("channel"), []) if not m.get("thread_ts")
                ]
            reply.update(messages=list(reversed(found)), has_more=False)
        elif method == "conversations.replies":
            with self.lock:
                found = [
                    m
                    for m in self.messages.get(body.get("channel"), [])
                    if m.get("thread_ts") == body.get("ts") or m["ts"] == body.get("ts")
                ]
            reply.update(messages=found, has_more=False)
        elif method == "apps.connections.open" and self.socket_url:
            reply.update(url=self.socket_url)
        elif method == "chat.postEphemeral":
            reply.update(message_ts=ts)
        elif method == "conversations.open":
            reply.update(channel={"id": "D" + (body.get("users") or "").split(",")[0]})
        elif method == "files.getUploadURLExternal":
            file_id = f"F{self.ts:08d}"
            reply.update(file_id=file_id, upload_url=f"{self.url}/upload/{file_id}")
        elif method == "files.completeUploadExternal":
            items = json.loads(body.get("files") or "[]")
            reply.update(files=[{"id": f["id"], "title": f.get("title")} for f in items])
        _send(request, 200, reply)


def _hang_up(request: BaseHTTPRequestHandler) -> None:
    """Close the connection with no answer at all, as a network failure would."""
    import contextlib
    import socket

    request.close_connection = True
    with contextlib.suppress(OSError):
        request.connection.shutdown(socket.SHUT_RDWR)


def _metadata(body: dict[str, Any]) -> dict[str, Any] | None:
    metadata = body.get("metadata")
    return json.loads(metadata) if isinstance(metadata, str) else metadata


def _send(
    request: BaseHTTPRequestHandler,
    status: int,
    body: dict | None,
    headers: dict[str, str] | None = None,
) -> None:
    data = b"ok" if body is None else json.dumps(body).encode()
    request.send_response(status)
    request.send_header("Content-Type", "text/plain" if body is None else "application/json")
    request.send_header("Content-Length", str(len(data)))
    for key, value in (headers or {}).items():
        request.send_header(key, value)
    request.end_headers()
    request.wfile.write(data)
