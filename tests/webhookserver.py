"""A `hangup serve` with every provider's webhook secret, on SQLite or PostgreSQL, and a way
to read back what it stored."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from liveserver import SECRET, TOKEN, LiveServer, request
from providers import sign_plivo, sign_retell, sign_twilio, sign_vobiz
from sqlalchemy import create_engine, text

from hangup_bot.store.database import database_url as driver_url
from hangup_bot.store.migrate import drop_everything

SECRETS = {
    "PLIVO_AUTH_TOKEN": "plivo-token",
    "VOBIZ_AUTH_TOKEN": "vobiz-token",
    "RETELL_API_KEY": "retell-key",
    "TWILIO_AUTH_TOKEN": "twilio-token",
    "BOLNA_WEBHOOK_TOKEN": "bolna-token",
}
DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=pytest.mark.skipif(
            not os.environ.get("TEST_DATABASE_URL"), reason="TEST_DATABASE_URL is not set"
        ),
    ),
]


def fresh_database(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'webhooks.sqlite3'}"
    url = os.environ["TEST_DATABASE_URL"]
    engine = create_engine(driver_url(url))
    drop_everything(engine)
    engine.dispose()
    return url


def start(slack, database: str, **extra: str) -> LiveServer:
    env = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": database,
        "WEB_CONCURRENCY": "1",
        **SECRETS,
        **extra,
    }
    return LiveServer({k: v for k, v in env.items() if v}).start()


class Stored:
    """Read the events table the server writes."""

    def __init__(self, url: str):
        self.engine = create_engine(driver_url(url))

    def events(self, like: str) -> list[dict]:
        with self.engine.connect() as db:
            rows = db.execute(
                text("SELECT * FROM events WHERE call_id LIKE :like ORDER BY id"), {"like": like}
            )
            return [dict(r._mapping) for r in rows]

    def close(self) -> None:
        self.engine.dispose()


def plivo(server: LiveServer, params, url: str | None = None, **headers: str):
    target = server.url + "/webhooks/plivo"
    body, signed = sign_plivo(url or target, params, "plivo-token")
    return request("POST", target, body, {**signed, **headers})


def vobiz(server: LiveServer, params, nonce: str, url: str | None = None, **headers: str):
    target = server.url + "/webhooks/vobiz"
    body, signed = sign_vobiz(url or target, params, "vobiz-token", nonce)
    return request("POST", target, body, {**signed, **headers})


def twilio(server: LiveServer, params, url: str | None = None, **headers: str):
    target = server.url + "/webhooks/twilio"
    body, signed = sign_twilio(url or target, params, "twilio-token")
    return request("POST", target, body, {**signed, **headers})


def retell(server: LiveServer, payload: dict):
    body, headers = sign_retell(payload, "retell-key")
    return request("POST", server.url + "/webhooks/retell", body, headers)
