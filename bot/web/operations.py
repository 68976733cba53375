"""The operator's endpoints: /healthz (the database's state included, answered at once) and
/metrics (behind METRICS_TOKEN as a bearer token, and/or alone on METRICS_PORT), and the 503
any request gets when the database fails under it."""

from __future__ import annotations

import hmac
import logging
import time

from flask import Flask, Response, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy.exc import SQLAlchemyError

from hangup_bot.config import Config
from hangup_bot.store.database import Store
from hangup_bot.store.timeouts import describe
from hangup_bot.web import metrics

log = logging.getLogger("hangup_bot")


def arrival_port(environ: dict) -> int:
    """The local port the request came in on (gunicorn may listen on two)."""
    sock = environ.get("gunicorn.socket")
    if sock is not None:
        try:
            return int(sock.getsockname()[1])
        except (OSError, IndexError, TypeError, ValueError):
            pass
    port = str(environ.get("SERVER_PORT", ""))
    return int(port) if port.isdigit() else 0


def _error(status: int, message: str, **headers: str) -> Response:
    response = jsonify({"ok": False, "error": message})
    response.status_code = status
    response.headers.update(headers)
    return response


def _metrics_refusal(config: Config) -> Response | None:
    """Why this request may not read /metrics, or None."""
    on_metrics_port = bool(config.metrics_port) and arrival_port(request.environ) == (
        config.metrics_port
    )
    if config.metrics_port and not on_metrics_port:
        return _error(404, "not found")
    if config.metrics_token:
        given = request.headers.get("Authorization", "")
        scheme, _, token = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            token.strip().encode(), config.metrics_token.encode()
        ):
            return _error(401, "a bearer token is required", **{"WWW-Authenticate": "Bearer"})
    elif not on_metrics_port:
        return _error(404, "not found")  # neither a token nor a port of its own: not served
    return None


def register(web: Flask, config: Config, store: Store, health_extra: dict) -> None:
    prometheus = metrics.registry(store)

    @web.before_request
    def metrics_port_serves_metrics_only():
        if (
            config.metrics_port
            and request.path != "/metrics"
            and arrival_port(request.environ) == config.metrics_port
        ):
            return _error(404, "this port serves /metrics only")
        return None

    @web.get("/healthz")
    def healthz():
        up = store.health.check()
        body = {"ok": up, **health_extra, "database": "up" if up else "down"}
        if not up:
            body["database_down_for_seconds"] = round(time.time() - store.health.since, 1)
        response = jsonify(body)
        response.status_code = 200 if up else 503
        return response

    @web.get("/metrics")
    def prometheus_metrics():
        refusal = _metrics_refusal(config)
        if refusal is not None:
            return refusal
        return Response(metrics.render(prometheus), mimetype=CONTENT_TYPE_LATEST)

    @web.errorhandler(SQLAlchemyError)
    def database_failed(exc: SQLAlchemyError):
        log.error("%s %s: the database failed: %s", request.method, request.path, describe(exc))
        return _error(503, "the database is not answering; retry later")
