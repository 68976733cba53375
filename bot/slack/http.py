"""Slack's HTTP entry point for Flask: verify, reject malformed bodies, hand over to Bolt.

Everything Bolt would choke on is answered here first: a timestamp that is not a number or a
body that is not UTF-8 (400, before the signature can even be computed), a bad signature
(401), then JSON that is invalid, nested too deeply, holds unpaired surrogates or is not
shaped as Slack sends it (400, with the reason)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from flask import Request, Response, jsonify
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from hangup_bot.alerts import payload
from hangup_bot.slack import envelope

TIMESTAMP = re.compile(r"[0-9]{1,12}")


class SlackEndpoint:
    def __init__(self, app: App, signing_secret: str):
        self.handler = SlackRequestHandler(app)
        self.verifier = SignatureVerifier(signing_secret)

    def __call__(self, request: Request) -> Response:
        body = request.get_data()
        stamp = request.headers.get("X-Slack-Request-Timestamp")
        if stamp is not None and not TIMESTAMP.fullmatch(stamp):
            return _error(400, "X-Slack-Request-Timestamp must be a Unix time in seconds")
        try:
            text = payload.decode(body)
            request.query_string.decode("utf-8")
        except (payload.BadPayload, UnicodeDecodeError):
            return _error(400, "body and query must be valid UTF-8")
        if not self.verifier.is_valid_request(body, dict(request.headers)):
            return _error(401, "invalid or missing Slack signature, or a stale timestamp")
        problem = _malformed(text, request.content_type)
        if problem:
            return _error(400, problem)
        return self.handler.handle(request)


def _malformed(body: str, content_type: str | None) -> str | None:
    """Why Bolt could not parse this body, or None (mirrors how Bolt reads each kind)."""
    try:
        if (content_type or "").startswith("application/json") or body.startswith("{"):
            data = payload.read_object(body, surrogates=False)
        else:
            params = dict(parse_qsl(body, keep_blank_values=True))
            if not params:
                return "empty body"
            if "payload" not in params:
                return envelope.problem(params)
            data = payload.read_object(params["payload"], "payload", surrogates=False)
    except payload.BadPayload as exc:
        return str(exc)
    return envelope.problem(data)


def _error(status: int, message: str) -> Response:
    response = jsonify({"ok": False, "error": message})
    response.status_code = status
    return response
