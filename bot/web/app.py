"""create_app(config) -> the WSGI app: /slack/events, /webhooks/<provider>, /healthz, /metrics.
The composition root: everything is built and wired here."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from hangup_bot.alerts.setup import build_alerts
from hangup_bot.answers.engine import Engine
from hangup_bot.config import Config
from hangup_bot.slack.app import build_app, check_token, delivery_client
from hangup_bot.slack.digest import build_digest
from hangup_bot.slack.http import SlackEndpoint
from hangup_bot.slack.sender import Sender
from hangup_bot.store.database import Store
from hangup_bot.web import operations
from hangup_bot.web.bodies import BodyDeadline
from hangup_bot.web.callbacks import Callbacks

MAX_BODY = 1024 * 1024


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    engine = Engine.load(config.catalog_dirs).warm()
    store = Store(config.database_url, config.database_timeout, config.metrics_max_series)
    alerts = build_alerts(config, engine, store)
    bolt = build_app(config, engine, store, alerts)
    check_token(bolt, config)
    endpoint = SlackEndpoint(bolt, config.signing_secret)
    sender = Sender(alerts, store, delivery_client(config), engine.catalog)
    digest = build_digest(config, engine, store, bolt.client)

    web = Flask("hangup_bot")
    web.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    web.extensions.update(hangup_store=store, hangup_sender=sender, hangup_digest=digest)
    # callbacks skip Flask (their hot path); ProxyFix and the body deadline cover them too
    web.wsgi_app = Callbacks(web.wsgi_app, alerts, config.public_url, config.metrics_port)
    if config.trusted_proxies:  # X-Forwarded-* from that many proxies in front, no more
        n = config.trusted_proxies
        web.wsgi_app = ProxyFix(web.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)

    @web.post("/slack/events")
    def slack_events():
        return endpoint(request)

    operations.register(
        web, config, store, {"causes": len(engine.catalog), "alerts": alerts.rules.enabled}
    )
    web.wsgi_app = BodyDeadline(web.wsgi_app, config.body_timeout, MAX_BODY)
    return web
