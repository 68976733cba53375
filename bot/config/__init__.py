"""Config.from_env(environ): the only reader of the environment besides the entry points.

Every missing or malformed variable is reported at once, by name, so one restart fixes them all.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hangup_bot.config.variables import (
    CALL_VARIABLES,
    DEFAULT_SCHEDULE,
    WEBHOOK_SECRETS,
)
from hangup_bot.config.variables import VARIABLES as VARIABLES  # the README's table

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE = "sqlite:///hangup-bot.sqlite3"
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")


def _ed25519_key(text: str) -> bool:
    """32 bytes in base64: the shape of Telnyx's public key (checked again when verifying)."""
    try:
        return len(base64.b64decode(text, validate=True)) == 32
    except ValueError:
        return False


class ConfigError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Config:
    bot_token: str = ""
    signing_secret: str = ""
    app_token: str = ""
    api_url: str = DEFAULT_API_URL
    watch_channels: frozenset[str] = frozenset()
    port: int = 3000
    catalog_dirs: tuple[Path, ...] = field(default_factory=tuple)
    database_url: str = DEFAULT_DATABASE
    workers: int = 2
    alert_channel: str | None = None
    alert_rules: Path | None = None
    public_url: str | None = None
    trusted_proxies: int = 0  # X-Forwarded-* are read only from this many proxies
    secrets: dict[str, str] = field(default_factory=dict)  # provider -> webhook secret
    report_channel: str | None = None
    report_schedule: str = DEFAULT_SCHEDULE  # checked when the digest is built
    call_env: dict[str, str] = field(default_factory=dict)  # CALL_VARIABLES that are set
    database_timeout: float = 5.0
    body_timeout: float = 10.0
    metrics_token: str | None = None
    metrics_port: int | None = None
    metrics_max_series: int = 1000

    @property
    def alerts_on(self) -> bool:
        return bool(self.alert_channel or self.secrets)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, mode: str = "http") -> Config:
        """Read and check the variables `mode` ("http", "socket", or "db": the database alone)
        needs; raise ConfigError."""
        env = os.environ if environ is None else environ
        problems: list[str] = []

        def get(name: str) -> str:
            return env.get(name, "").strip()

        bot_token, secret, app_token = (
            get("SLACK_BOT_TOKEN"),
            get("SLACK_SIGNING_SECRET"),
            get("SLACK_APP_TOKEN"),
        )
        if mode == "db":
            pass
        elif not bot_token:
            problems.append("SLACK_BOT_TOKEN is not set (the bot token, xoxb-...)")
        elif not bot_token.startswith("xoxb-"):
            problems.append("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
        if mode == "http" and not secret:
            problems.append("SLACK_SIGNING_SECRET is not set (Basic Information > App Credentials)")
        if mode == "socket":
            if not app_token:
                problems.append("SLACK_APP_TOKEN is not set (an app-level token, xapp-...)")
            elif not app_token.startswith("xapp-"):
                problems.append("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
        api_url = get("SLACK_API_URL") or DEFAULT_API_URL
        if not re.match(r"^https?://[^\s/]+", api_url):
            problems.append(f"SLACK_API_URL must be an http(s) URL, not {api_url!r}")
        channels = frozenset(c.strip() for c in get("WATCH_CHANNELS").split(",") if c.strip())
        bad = sorted(c for c in channels if not CHANNEL_ID.match(c))
        if bad:
            problems.append(
                f"WATCH_CHANNELS holds channel ids like C0123ABCD, not {', '.join(bad)}"
            )
        port_text = get("PORT") or "3000"
        port = int(port_text) if port_text.isdigit() else 0
        if not 0 < port < 65536:
            problems.append(f"PORT must be a number from 1 to 65535, not {port_text!r}")
        dirs = tuple(Path(p) for p in get("HANGUP_CATALOG_DIRS").split(os.pathsep) if p)
        database = get("DATABASE_URL") or DEFAULT_DATABASE
        if not re.match(r"^(sqlite|postgres|postgresql)(\+\w+)?://", database):
            problems.append("DATABASE_URL must be a sqlite:/// or postgres:// URL")
        # SQLite has one writer at a time: one process that groups its commits beats two that
        # queue on the file lock. PostgreSQL takes several.
        workers_text = get("WEB_CONCURRENCY") or ("1" if database.startswith("sqlite") else "2")
        workers = int(workers_text) if workers_text.isdigit() else 0
        if not 0 < workers <= 64:
            problems.append(f"WEB_CONCURRENCY must be a number from 1 to 64, not {workers_text!r}")
        alert_channel = get("ALERT_CHANNEL") or None
        if alert_channel and not CHANNEL_ID.match(alert_channel):
            problems.append(
                f"ALERT_CHANNEL must be a channel id like C0123ABCD, not {alert_channel!r}"
            )
        rules = Path(get("ALERT_RULES")) if get("ALERT_RULES") else None
        if rules and not rules.is_file():
            problems.append(f"ALERT_RULES names {str(rules)!r}, which is not a file")
        public_url = get("PUBLIC_URL").rstrip("/") or None
        if public_url and not re.match(r"^https?://[^\s/]+", public_url):
            problems.append(f"PUBLIC_URL must be an http(s) URL, not {public_url!r}")
        proxies_text = get("TRUSTED_PROXIES") or "0"
        proxies = int(proxies_text) if proxies_text.isascii() and proxies_text.isdigit() else -1
        if not 0 <= proxies <= 10:
            problems.append(f"TRUSTED_PROXIES must be a number from 0 to 10, not {proxies_text!r}")
        secrets = {provider: get(name) for provider, name in WEBHOOK_SECRETS.items() if get(name)}
        if secrets.get("telnyx") and not _ed25519_key(secrets["telnyx"]):
            problems.append("TELNYX_PUBLIC_KEY must be the base64 Ed25519 public key Telnyx shows")
        report_channel = get("REPORT_CHANNEL") or None
        if report_channel and not CHANNEL_ID.match(report_channel):
            problems.append(
                f"REPORT_CHANNEL must be a channel id like C0123ABCD, not {report_channel!r}"
            )
        if get("REPORT_SCHEDULE") and not report_channel:
            problems.append("REPORT_SCHEDULE is set but REPORT_CHANNEL is not (where to post?)")
        limits = _limits(get, problems, port)
        if problems:
            raise ConfigError(problems)
        return cls(
            bot_token=bot_token,
            signing_secret=secret,
            app_token=app_token,
            api_url=api_url if api_url.endswith("/") else api_url + "/",
            watch_channels=channels,
            port=port,
            catalog_dirs=dirs,
            database_url=database,
            workers=workers,
            alert_channel=alert_channel,
            alert_rules=rules,
            public_url=public_url,
            trusted_proxies=proxies,
            secrets=secrets,
            report_channel=report_channel,
            report_schedule=get("REPORT_SCHEDULE") or DEFAULT_SCHEDULE,
            call_env={name: get(name) for name in CALL_VARIABLES if get(name)},
            **limits,
        )


def _number(text: str, low: float, high: float) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if low <= value <= high else None


def _limits(get, problems: list[str], port: int) -> dict:
    """Timeouts and the metrics endpoint: DATABASE_TIMEOUT, BODY_TIMEOUT, METRICS_*."""
    found: dict = {}
    for name, key, default in (
        ("DATABASE_TIMEOUT", "database_timeout", 5.0),
        ("BODY_TIMEOUT", "body_timeout", 10.0),
    ):
        value = _number(get(name) or str(default), 0.5, 600)
        if value is None:
            problems.append(
                f"{name} must be a number of seconds from 0.5 to 600, not {get(name)!r}"
            )
        found[key] = value or default
    found["metrics_token"] = get("METRICS_TOKEN") or None
    metrics_port = get("METRICS_PORT")
    if metrics_port:
        number = int(metrics_port) if metrics_port.isdigit() else 0
        if not 0 < number < 65536 or number == port:
            problems.append(
                f"METRICS_PORT must be a port from 1 to 65535 other than PORT, not {metrics_port!r}"
            )
        found["metrics_port"] = number or None
    series = get("METRICS_MAX_SERIES") or "1000"
    if not series.isdigit() or not 10 <= int(series) <= 1_000_000:
        problems.append(f"METRICS_MAX_SERIES must be a number from 10 to 1000000, not {series!r}")
    found["metrics_max_series"] = int(series) if series.isdigit() else 1000
    return found
