"""Alert rules: the shipped `alert-rules.yml` (or the team's own file) read into `AlertRules`."""

from __future__ import annotations

from pathlib import Path

import yaml

from hangup_bot.alerts.policy import AlertRules, RulesError
from hangup_bot.knowledge.loader import YamlLoader, builtin_dir, one_line


def default_rules_path() -> Path:
    return builtin_dir() / "alert-rules" / "default.yml"


def load_alert_rules(path: Path | None, default_channel: str | None) -> AlertRules:
    """The alert rules from `path` (default: the shipped file); RulesError names each problem."""
    source = path or default_rules_path()
    try:
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=YamlLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError([f"{source}: {one_line(exc)}"]) from exc
    if not isinstance(data, dict):
        raise RulesError([f"{source}: expected a mapping of rules"])
    return AlertRules.from_dict(data, default_channel, str(source))
