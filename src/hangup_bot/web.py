"""create_app(config) -> the WSGI app: /slack/events and /healthz. The composition root."""

from __future__ import annotations

from flask import Flask, jsonify, request

from hangup_bot.answers import Engine
from hangup_bot.config import Config
from hangup_bot.slack.app import build_app, check_token
from hangup_bot.slack.http import SlackEndpoint
from hangup_bot.store import Store

MAX_BODY = 1024 * 1024


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    engine = Engine.load(config.catalog_dirs)
    store = Store(config.database_url)
    bolt = build_app(config, engine, store)
    check_token(bolt, config)
    endpoint = SlackEndpoint(bolt, config.signing_secret)

    web = Flask("hangup_bot")
    web.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    web.extensions["hangup_store"] = store

    @web.post("/slack/events")
    def slack_events():
        return endpoint(request)

    @web.get("/healthz")
    def healthz():
        return jsonify({"ok": True, "causes": len(engine.catalog)})

    return web
