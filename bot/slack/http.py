"""Slack's HTTP entry point for Flask: verify, reject malformed bodies, hand over to Bolt."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from flask import Request, Response, jsonify
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier


class SlackEndpoint:
    def __init__(self, app: App, signing_secret: str):
        self.handler = SlackRequestHandler(app)
        self.verifier = SignatureVerifier(signing_secret)

    def __call__(self, request: Request) -> Response:
        body = request.get_data()
        if not self.verifier.is_valid_request(body, dict(request.headers)):
            return _error(401, "invalid or missing Slack signature, or a stale timestamp")
        problem = _malformed(body.decode("utf-8", "replace"), request.content_type)
        if problem:
            return _error(400, problem)
        return self.handler.handle(request)


def _malformed(body: str, content_type: str | None) -> str | None:
    """Why Bolt could not parse this body, or None (mirrors how Bolt reads each kind)."""
    try:
        if (content_type or "").startswith("application/json") or body.startswith("{"):
            if not isinstance(json.loads(body), dict):
                return "JSON body must be an object"
            return None
        params = dict(parse_qsl(body, keep_blank_values=True))
        if "payload" in params and not isinstance(json.loads(params["payload"]), dict):
            return "payload must be a JSON object"
        if not params:
            return "empty body"
    except ValueError:
        return "body is not valid JSON or form data"
    return None


def _error(status: int, message: str) -> Response:
    response = jsonify({"ok": False, "error": message})
    response.status_code = status
    return response
