"""`hangup serve` (and the Procfile): the WSGI app under gunicorn, built once before forking."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from hangup_bot.config import Config
from hangup_bot.web.app import create_app


class _Gunicorn(BaseApplication):
    def __init__(self, application: Any, options: dict[str, Any]):
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # control_socket_disable is newer than gunicorn 22
                self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def serve(config: Config, host: str = "0.0.0.0") -> None:
    app = create_app(config)
    store = app.extensions["hangup_store"]
    sender = app.extensions["hangup_sender"]
    digest = app.extensions["hangup_digest"]

    def post_fork(_server, _worker) -> None:
        store.dispose()  # no database connection crosses the fork
        sender.start()  # each worker delivers alerts; outbox claims keep them apart
        if digest:
            digest.start()  # each worker may post the digest; its claim lets one do it

    options = {
        "bind": [f"{host}:{config.port}"]
        + ([f"{host}:{config.metrics_port}"] if config.metrics_port else []),
        "workers": config.workers,
        "worker_class": "gthread",
        "threads": 32,  # more than a burst of slow clients, each held at most BODY_TIMEOUT
        "timeout": 30,
        "graceful_timeout": 10,
        "post_fork": post_fork,
        "errorlog": "-",
        "control_socket_disable": True,  # several servers may run on one machine
        "loglevel": "info",
    }
    _Gunicorn(app, options).run()
