"""Request bodies read in full, within a deadline, before the app sees them.

A threaded server gives each request a thread; a client that sends its headers and then two
bytes of a 1,000-byte body would hold that thread as long as it likes. Here the body is read
at most `seconds` after its headers arrived (a watchdog stops the read at the deadline, however
slowly the bytes trickle in) and at most `limit` bytes: a late body gets 408, a long one 413,
and the thread is free again. Behind a proxy that buffers bodies (nginx, Heroku's router)
this never fires; it is the floor for a server facing clients directly.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

CHUNK = 64 * 1024


class _Watchdog:
    """One thread per process that stops reads past their deadline (SHUT_RD: the blocked
    recv returns at once; the answer can still be written)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._due: dict[int, tuple[float, socket.socket, list[bool]]] = {}
        self._pid = 0
        self._serial = 0

    @contextlib.contextmanager
    def watch(self, sock: socket.socket | None, seconds: float) -> Iterator[list[bool]]:
        expired = [False]
        if sock is None:  # not under gunicorn: nothing to stop
            yield expired
            return
        with self._lock:
            if self._pid != os.getpid():  # first use in this (forked) process
                self._pid = os.getpid()
                self._due = {}
                threading.Thread(target=self._run, name="body-deadline", daemon=True).start()
            self._serial += 1
            ticket = self._serial
            self._due[ticket] = (time.monotonic() + seconds, sock, expired)
        try:
            yield expired
        finally:
            with self._lock:
                self._due.pop(ticket, None)

    def _run(self) -> None:
        while True:
            time.sleep(0.1)
            now = time.monotonic()
            with self._lock:
                late = [t for t, (due, _, _) in self._due.items() if due <= now]
                stopped = [self._due.pop(t) for t in late]
            for _, sock, expired in stopped:
                expired[0] = True
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RD)


WATCHDOG = _Watchdog()


def _reply(start_response: Callable, status: str, message: str) -> Iterable[bytes]:
    body = json.dumps({"ok": False, "error": message}).encode()
    start_response(
        status,
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]


class BodyDeadline:
    def __init__(self, app: Callable, seconds: float, limit: int):
        self.app = app
        self.seconds = seconds
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        declared = environ.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not chunked and declared in ("", "0"):
            return self.app(environ, start_response)
        length = int(declared) if declared.isdigit() else None
        if length is None and not chunked:
            return _reply(start_response, "400 Bad Request", "Content-Length is not a number")
        if length is not None and length > self.limit:
            return _reply(start_response, "413 Request Entity Too Large", "body over 1 MB")
        with WATCHDOG.watch(environ.get("gunicorn.socket"), self.seconds) as expired:
            body, complete = _read(environ["wsgi.input"], length, self.limit)
        if len(body) > self.limit:
            return _reply(start_response, "413 Request Entity Too Large", "body over 1 MB")
        if not complete:
            if expired[0]:
                late = f"the body did not arrive within {self.seconds:g} s"
                return _reply(start_response, "408 Request Timeout", late)
            return _reply(start_response, "400 Bad Request", "the body ended early")
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ["wsgi.input_terminated"] = True
        return self.app(environ, start_response)


def _read(stream: Any, length: int | None, limit: int) -> tuple[bytes, bool]:
    """Up to `limit` + 1 bytes of the body; whether it arrived whole."""
    parts: list[bytes] = []
    total = 0
    want = limit + 1 if length is None else min(length, limit + 1)
    try:
        while total < want:
            chunk = stream.read(min(CHUNK, want - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
    except Exception:  # a reset, gunicorn's NoMoreData or InvalidChunkSize: it stopped short
        return b"".join(parts), False
    body = b"".join(parts)
    if length is None:
        return body, True  # chunked: the terminating chunk ended the loop (or the limit did)
    return body, len(body) >= min(length, limit + 1)
