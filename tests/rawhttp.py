"""HTTP requests urllib will not send: repeated headers, chunked bodies."""

from __future__ import annotations

import contextlib
import http.client
import socket
from urllib.parse import urlsplit


def send(url: str, method: str, body: bytes, headers: list[tuple[str, str]]) -> tuple[int, str]:
    """One request with `headers` sent exactly as listed (a name may repeat)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.putrequest(method, target, skip_accept_encoding=True)
        for name, value in headers:
            conn.putheader(name, value)
        if method != "GET" or body:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body or None)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def send_chunked(url: str, body: bytes, headers: dict[str, str], chunk: int = 65536) -> int:
    """POST `body` with Transfer-Encoding: chunked (no Content-Length); the status, even when
    the server answers and closes before the body is all sent."""
    parts = urlsplit(url)
    head = [
        f"POST {parts.path}{'?' + parts.query if parts.query else ''} HTTP/1.1",
        f"Host: {parts.netloc}",
        "Transfer-Encoding: chunked",
        "Connection: close",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    with socket.create_connection((parts.hostname, parts.port), timeout=15) as conn:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
            for start in range(0, len(body), chunk):
                piece = body[start : start + chunk]
                conn.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            conn.sendall(b"0\r\n\r\n")
        reply = b""
        with contextlib.suppress(ConnectionResetError):
            while b"\r\n" not in reply:
                data = conn.recv(4096)
                if not data:
                    break
                reply += data
    return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/") else 0
