"""The Flask side of /webhooks/<provider>: rebuild the URL the provider called, hand the request
to the alert pipeline, answer with its status. No provider logic here."""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Request, Response, jsonify

from hangup_bot.alerts.intake import WebhookRequest
from hangup_bot.alerts.pipeline import Alerts


def public_url(request: Request, configured: str | None) -> str:
    """The URL as the provider saw it: PUBLIC_URL if set, else this request's scheme and host
    (which carry X-Forwarded-Proto/-Host only when TRUSTED_PROXIES says a proxy sets them)."""
    base = configured or f"{request.scheme}://{request.host}"
    query = request.query_string.decode("utf-8", "replace")
    return base + request.path + (f"?{query}" if query else "")


def handle(alerts: Alerts, provider: str, request: Request, configured_url: str | None) -> Response:
    body = request.get_data()
    form: list[tuple[str, str]] = []
    if request.method == "POST" and (request.content_type or "").startswith(
        "application/x-www-form-urlencoded"
    ):
        form = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    incoming = WebhookRequest(
        method=request.method,
        url=public_url(request, configured_url),
        headers={k.lower(): v for k, v in request.headers.items()},
        body=body,
        form=form,
        query=parse_qsl(request.query_string.decode("utf-8", "replace"), keep_blank_values=True),
    )
    status, reply = alerts.receive(provider, incoming)
    response = jsonify(reply)
    response.status_code = status
    return response
