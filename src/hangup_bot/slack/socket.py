"""Socket Mode for development: the same listeners, no public URL needed."""

from __future__ import annotations

from slack_bolt.adapter.socket_mode import SocketModeHandler

from hangup_bot.answers import Engine
from hangup_bot.config import Config
from hangup_bot.slack.app import build_app, check_token
from hangup_bot.store import Store


def run_socket_mode(config: Config) -> None:
    engine = Engine.load(config.catalog_dirs)
    app = build_app(config, engine, Store(config.database_url), socket_mode=True)
    check_token(app, config)
    SocketModeHandler(app, config.app_token).start()
