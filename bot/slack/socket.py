"""Socket Mode for development: the same listeners, no public URL needed."""

from __future__ import annotations

from slack_bolt.adapter.socket_mode import SocketModeHandler

from hangup_bot.alerts.setup import build_alerts
from hangup_bot.answers.engine import Engine
from hangup_bot.config import Config
from hangup_bot.slack.app import build_app, check_token, delivery_client
from hangup_bot.slack.digest import build_digest
from hangup_bot.slack.sender import Sender
from hangup_bot.store.database import Store


def run_socket_mode(config: Config) -> None:
    """Lookups and alert delivery in one process; webhooks still need `hangup serve`."""
    engine = Engine.load(config.catalog_dirs).warm()
    store = Store(config.database_url, config.database_timeout, config.metrics_max_series)
    alerts = build_alerts(config, engine, store)
    app = build_app(config, engine, store, alerts)
    check_token(app, config)
    Sender(alerts, store, delivery_client(config), engine.catalog).start()
    digest = build_digest(config, engine, store, app.client)
    if digest:
        digest.start()
    SocketModeHandler(app, config.app_token).start()
