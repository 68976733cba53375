"""Build the Bolt app: its Web API client (with slack_sdk's retry handlers) and the listeners."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from hangup_bot.alerts.pipeline import Alerts
from hangup_bot.answers.engine import Engine
from hangup_bot.config import Config, ConfigError
from hangup_bot.slack.listeners import Listeners
from hangup_bot.store.database import Store


def build_app(config: Config, engine: Engine, store: Store, alerts: Alerts) -> App:
    """The Bolt app. Token and secret are passed explicitly (Bolt would read the environment);
    the token is checked by `check_token`, against the configured API URL."""
    app = App(
        token=config.bot_token,
        signing_secret=config.signing_secret,
        token_verification_enabled=False,
        process_before_response=True,
        # Over HTTP, SlackEndpoint checks every signature before Bolt sees the request (it must,
        # to refuse malformed bodies with 400); Socket Mode has no signatures.
        request_verification_enabled=False,
        logger=logging.getLogger("hangup_bot.slack"),
    )
    client = app.client
    client.base_url = config.api_url
    client.timeout = 10
    client.retry_handlers = [
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=2),
        ServerErrorRetryHandler(max_retry_count=2),
    ]
    Listeners(engine, store, config, alerts).register(app)
    return app


def check_token(app: App, config: Config) -> None:
    """Ask Slack who we are before serving; a refused token or no Slack is a ConfigError."""
    try:
        app.client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error", "error")
        raise ConfigError([f"SLACK_BOT_TOKEN was refused by Slack ({error})"]) from exc
    except OSError as exc:
        raise ConfigError([f"Slack is unreachable at {config.api_url} ({exc})"]) from exc


def delivery_client(config: Config) -> WebClient:
    """The alert sender's client, with no retry handlers at all (slack_sdk's default retries a
    connection error at once): a failed call goes back to the outbox, whose next attempt first
    looks in the channel for the message, so a post Slack recorded before the connection
    dropped is never posted twice (and a client retrying inside a claim could outlive it)."""
    return WebClient(token=config.bot_token, base_url=config.api_url, timeout=10, retry_handlers=[])
