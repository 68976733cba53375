"""The composition root: the WSGI app that wires the engine, store, alerts and Slack together,
the webhook and metrics routes, and the gunicorn server. May import every package but cli."""
