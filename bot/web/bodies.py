"""The request body, read once and whole, or refused with 413 when over the limit: with a
Content-Length (Werkzeug refuses it before reading) and without one (a chunked body, which
Werkzeug would otherwise cut silently at the limit, so a signature check failed instead)."""

from __future__ import annotations

from flask import request
from werkzeug.exceptions import RequestEntityTooLarge


def read_whole() -> None:
    """A `before_request` hook: read (and cache) the body, or raise 413."""
    limit = request.max_content_length
    data = request.get_data()  # cached: Bolt and the webhook routes read it again
    if limit is not None and request.content_length is None and len(data) >= limit:
        raise RequestEntityTooLarge()
