"""/webhooks/<provider> as plain WSGI: the provider's callback read straight from the WSGI
environ, handed to the alert pipeline, answered with its JSON. Callbacks are the hot path, so
they skip Flask's request and response objects; every other path goes on to Flask.

Runs inside ProxyFix (when TRUSTED_PROXIES is set) and BodyDeadline (the body is already read
whole, within its deadline and size limit)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from sqlalchemy.exc import SQLAlchemyError

from hangup_bot.alerts.intake import WebhookRequest
from hangup_bot.alerts.pipeline import Alerts
from hangup_bot.store.timeouts import describe
from hangup_bot.web.operations import arrival_port

PREFIX = "/webhooks/"
FORM = "application/x-www-form-urlencoded"
log = logging.getLogger("hangup_bot")


class Callbacks:
    def __init__(
        self,
        app: Callable,
        alerts: Alerts,
        public_url: str | None,
        metrics_port: int | None,
    ):
        self.app = app  # everything that is not a callback
        self.alerts = alerts
        self.public_url = public_url
        self.metrics_port = metrics_port

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = _text(environ.get("PATH_INFO", ""))
        provider = path[len(PREFIX) :] if path.startswith(PREFIX) else ""
        if not provider or "/" in provider:
            return self.app(environ, start_response)
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "POST"):
            return _answer(start_response, 405, {"ok": False, "error": "use GET or POST"})
        if self.metrics_port and arrival_port(environ) == self.metrics_port:
            return _answer(
                start_response, 404, {"ok": False, "error": "this port serves /metrics only"}
            )
        try:
            status, reply = self.alerts.receive(provider, self._request(environ, method, path))
        except SQLAlchemyError as exc:
            log.error("%s %s: the database failed: %s", method, path, describe(exc))
            status, reply = (
                503,
                {"ok": False, "error": "the database is not answering; retry later"},
            )
        return _answer(start_response, status, reply)

    def _request(self, environ: dict[str, Any], method: str, path: str) -> WebhookRequest:
        body = environ["wsgi.input"].read() if environ.get("CONTENT_LENGTH") else b""
        query = _text(environ.get("QUERY_STRING", ""))
        headers = {
            key[5:].replace("_", "-").lower(): _text(value)
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        kind = environ.get("CONTENT_TYPE", "")
        if kind:
            headers["content-type"] = kind
        if environ.get("CONTENT_LENGTH"):
            headers["content-length"] = environ["CONTENT_LENGTH"]
        form = (
            parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
            if method == "POST" and kind.startswith(FORM)
            else []
        )
        return WebhookRequest(
            method=method,
            url=self._url(environ, path, query),
            headers=headers,
            body=body,
            form=form,
            query=parse_qsl(query, keep_blank_values=True),
        )

    def _url(self, environ: dict[str, Any], path: str, query: str) -> str:
        """The URL as the provider saw it: PUBLIC_URL if set, else this request's scheme and
        host (which carry X-Forwarded-Proto/-Host only when ProxyFix has applied them)."""
        base = self.public_url or f"{environ.get('wsgi.url_scheme', 'http')}://{_host(environ)}"
        return base + path + (f"?{query}" if query else "")


def _host(environ: dict[str, Any]) -> str:
    if environ.get("HTTP_HOST"):
        return _text(environ["HTTP_HOST"])
    host, port = environ.get("SERVER_NAME", ""), str(environ.get("SERVER_PORT", ""))
    default = "443" if environ.get("wsgi.url_scheme") == "https" else "80"
    return host if port in ("", default) else f"{host}:{port}"


def _text(value: str) -> str:
    """A WSGI string (bytes carried as latin-1) as the text it holds, read as UTF-8."""
    return value.encode("latin-1", "replace").decode("utf-8", "replace")


def _answer(start_response: Callable, status: int, reply: dict[str, Any]) -> list[bytes]:
    body = (json.dumps(reply, separators=(",", ":"), sort_keys=True) + "\n").encode()  # as Flask
    start_response(
        f"{status} {HTTPStatus(status).phrase}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]
