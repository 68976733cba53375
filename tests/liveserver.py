"""Run the real server exactly as the Procfile does, and talk to it as Slack would."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def procfile_command() -> list[str]:
    """The Procfile's web command, with `hangup` resolved to this environment's script."""
    line = next(x for x in (ROOT / "Procfile").read_text().splitlines() if x.startswith("web:"))
    command = shlex.split(line.split(":", 1)[1])
    if command[0] == "hangup":
        command[0] = str(Path(sys.executable).parent / "hangup")
    return command


class LiveServer:
    def __init__(self, env: dict[str, str]):
        self.port = free_port()
        self.env = {**os.environ, "PORT": str(self.port), "WEB_CONCURRENCY": "2", **env}
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> LiveServer:
        self.log = tempfile.NamedTemporaryFile(prefix="hangup-server-", suffix=".log")  # noqa: SIM115 (open while the server runs)
        self.process = subprocess.Popen(
            procfile_command(),
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a test can kill it whole
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"server exited with {self.process.returncode}:\n{self.output()}"
                )
            try:
                if get(self.url + "/healthz")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not become healthy")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

        if not self.log.closed:
            self._output = self.output()
            self.log.close()

    def output(self) -> str:
        """What the server printed so far (its log)."""
        if self.log.closed:
            return self._output
        return Path(self.log.name).read_text(errors="replace")


def get(url: str) -> tuple[int, str]:
    return request("GET", url, b"", {})


def request(method: str, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    req = urllib.request.Request(
        url, data=body if method == "POST" else None, method=method, headers=headers
    )
    try:
        with urllib.request.urlopen(req, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def slack_headers(
    body: bytes,
    secret: str = SECRET,
    timestamp: int | None = None,
    content_type: str = "application/x-www-form-urlencoded",
) -> dict[str, str]:
    """Sign as Slack does: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}")."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
        "Content-Type": content_type,
    }


def post_signed(url: str, body: bytes, content_type: str, **extra: str) -> tuple[int, str]:
    headers = {**slack_headers(body, content_type=content_type), **extra}
    return request("POST", url, body, headers)


def command_body(text: str, response_url: str, user: str = "U1", channel: str = "C1") -> bytes:
    return urlencode(
        {
            "token": "x",
            "team_id": "T1",
            "team_domain": "test",
            "channel_id": channel,
            "channel_name": "ops",
            "user_id": user,
            "user_name": "ana",
            "command": "/hangup",
            "text": text,
            "api_app_id": "A1",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    ).encode()


def event_body(event: dict, event_id: str) -> bytes:
    return json.dumps(
        {
            "token": "x",
            "team_id": "T1",
            "api_app_id": "A1",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
        }
    ).encode()


def payload_body(payload: dict) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def post_raw(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST over a plain socket and return the status, even when the server answers (413) and
    closes before the body is fully sent, which urllib reports as a broken pipe."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    head = [
        f"POST {parts.path}?{parts.query} HTTP/1.1"
        if parts.query
        else f"POST {parts.path} HTTP/1.1",
        f"Host: {parts.netloc}",
        f"Content-Length: {len(body)}",
        "Connection: close",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    with socket.create_connection((parts.hostname, parts.port), timeout=15) as conn:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        reply = b""
        try:
            while b"\r\n" not in reply:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                reply += chunk
        except ConnectionResetError:
            pass
    return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/") else 0


def wait_until(check, timeout: float = 30.0):
    """Poll `check` until it returns something true, or the timeout; return its last result."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.05)
    return check()
