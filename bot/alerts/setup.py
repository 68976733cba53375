"""Building the alert pipeline from the configuration, saying at start-up whether alerts are on."""

from __future__ import annotations

import logging

from hangup_bot.alerts import policy
from hangup_bot.alerts.pipeline import Alerts
from hangup_bot.alerts.rules import load_alert_rules
from hangup_bot.answers.engine import Engine
from hangup_bot.config import Config, ConfigError
from hangup_bot.store.database import Store

log = logging.getLogger("hangup_bot")


def build_alerts(config: Config, engine: Engine, store: Store) -> Alerts:
    """The pipeline the configuration asks for, saying at start-up whether alerts are on."""
    try:
        rules = load_alert_rules(config.alert_rules, config.alert_channel)
    except policy.RulesError as exc:  # shown like any configuration mistake, without a trace
        raise ConfigError([f"ALERT_RULES: {problem}" for problem in exc.problems]) from exc
    if not config.alerts_on:
        log.warning(
            "Alerts are off: set ALERT_CHANNEL and a provider's webhook secret to turn "
            "them on. Answering lookups only."
        )
    elif not rules.enabled:
        log.warning(
            "Webhooks are accepted for %s, but no ALERT_CHANNEL (or route) is set: "
            "hangups are stored and counted, no alert is posted.",
            ", ".join(sorted(config.secrets)),
        )
    else:
        log.warning(
            "Alerts on: webhooks for %s; alerts to %s.",
            ", ".join(sorted(config.secrets)) or "no provider yet",
            rules.channel or "routed channels",
        )
    return Alerts(engine.catalog, store, rules, config.secrets)
