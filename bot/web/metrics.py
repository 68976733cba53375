"""/metrics in Prometheus format, read from the database so every process reports the same."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from hangup_bot.store import incidents as rows
from hangup_bot.store import outbox
from hangup_bot.store.database import Store

COUNTERS = {
    "hangups": (
        "Hangup callbacks stored, by provider, code and category",
        ["provider", "code", "category"],
    ),
    "incidents_opened": ("Alert incidents opened", ["channel"]),
    "incidents_resolved": ("Alert incidents resolved", ["channel"]),
    "slack_api_errors": ("Slack Web API errors met while delivering alerts", ["error"]),
    "slack_api_retries": ("Alert deliveries retried", ["reason"]),
    "alerts_plain": (
        "Alerts posted in plain form: their full message failed to render",
        ["reason"],
    ),
    "alerts_parked": ("Alert messages set aside: they could not be sent at all", ["reason"]),
}


class StoreCollector:
    def __init__(self, store: Store):
        self.store = store

    def collect(self):
        families = {
            name: CounterMetricFamily(f"hangup_bot_{name}", help_text, labels=labels)
            for name, (help_text, labels) in COUNTERS.items()
        }
        for name, labels, value in self.store.counted():
            if name in families:
                families[name].add_metric([labels.get(k, "") for k in COUNTERS[name][1]], value)
        yield from families.values()
        with self.store.begin() as db:
            depth = outbox.pending_depth(db)
            open_now = len(rows.open_incidents(db))
        yield GaugeMetricFamily(
            "hangup_bot_outbox_depth", "Alert messages waiting for Slack", value=depth
        )
        yield GaugeMetricFamily(
            "hangup_bot_incidents_open", "Alert incidents open now", value=open_now
        )


def registry(store: Store) -> CollectorRegistry:
    built = CollectorRegistry(auto_describe=False)
    built.register(StoreCollector(store))
    return built


def render(built: CollectorRegistry) -> bytes:
    return generate_latest(built)
