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

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE = "sqlite:///hangup-bot.sqlite3"
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")

# name -> (what it is, where it is needed); the README's table is checked against this.
VARIABLES = {
    "SLACK_BOT_TOKEN": "bot token (xoxb-...), needed to serve Slack",
    "SLACK_SIGNING_SECRET": "signing secret, needed in HTTP mode",
    "SLACK_APP_TOKEN": "app-level token (xapp-...), needed in Socket Mode",
    "SLACK_API_URL": "Web API base URL (default https://slack.com/api/)",
    "WATCH_CHANNELS": "channel ids whose messages get automatic explanations, comma-separated",
    "PORT": "HTTP port (default 3000)",
    "DATABASE_URL": "database (default: a SQLite file hangup-bot.sqlite3; postgres://... works)",
    "HANGUP_CATALOG_DIRS": "extra catalog directories, separated by ':'",
    "WEB_CONCURRENCY": "gunicorn worker processes (default 1 on SQLite, 2 on PostgreSQL)",
    "ALERT_CHANNEL": "channel id where alerts go; unset (and no routes) turns alerts off",
    "ALERT_RULES": "a YAML file of alert rules (default: the shipped alert-rules.yml)",
    "PUBLIC_URL": "the public base URL providers call, when a proxy hides it",
    "TRUSTED_PROXIES": "how many proxies in front set X-Forwarded-Proto/-Host (default 0)",
    "PLIVO_AUTH_TOKEN": "verifies /webhooks/plivo (Plivo V3 signatures); with PLIVO_AUTH_ID, "
    "looks calls up",
    "VOBIZ_AUTH_TOKEN": "verifies /webhooks/vobiz (Vobiz V3/V2 signatures); with VOBIZ_AUTH_ID, "
    "looks calls up",
    "RETELL_API_KEY": "verifies /webhooks/retell (x-retell-signature); looks calls up",
    "TWILIO_AUTH_TOKEN": "verifies /webhooks/twilio (X-Twilio-Signature); with "
    "TWILIO_ACCOUNT_SID, looks calls up",
    "BOLNA_WEBHOOK_TOKEN": "the shared token /webhooks/bolna requires (header or ?token=)",
    "VAPI_WEBHOOK_SECRET": "verifies /webhooks/vapi (X-Vapi-Secret, bearer or HMAC credential)",
    "TELNYX_PUBLIC_KEY": "verifies /webhooks/telnyx (Ed25519 public key, base64)",
    "REPORT_CHANNEL": "channel id where the scheduled hangup report is posted; unset: no digest",
    "REPORT_SCHEDULE": "when the digest is posted (default daily 09:00 UTC)",
    "PLIVO_AUTH_ID": "Plivo auth id (MA...), for `hangup call ID`",
    "VOBIZ_AUTH_ID": "Vobiz auth id, for `hangup call ID`",
    "TWILIO_ACCOUNT_SID": "Twilio account SID (AC...), for `hangup call ID`",
    "BOLNA_API_KEY": "Bolna API key, for `hangup call ID`",
    "PLIVO_API_URL": "Plivo API base URL (default https://api.plivo.com)",
    "VOBIZ_API_URL": "Vobiz API base URL (default https://api.vobiz.ai)",
    "TWILIO_API_URL": "Twilio API base URL (default https://api.twilio.com)",
    "RETELL_API_URL": "Retell AI API base URL (default https://api.retellai.com)",
    "BOLNA_API_URL": "Bolna API base URL (default https://api.bolna.ai)",
    "MASK_NUMBERS": "false shows phone numbers whole in channel posts (default: masked)",
}
DEFAULT_SCHEDULE = "daily 09:00 UTC"
# What call lookups read (calls.settings.CallSettings reads them from Config.call_env).
CALL_VARIABLES = (
    "PLIVO_AUTH_TOKEN",
    "VOBIZ_AUTH_TOKEN",
    "RETELL_API_KEY",
    "TWILIO_AUTH_TOKEN",
    "PLIVO_AUTH_ID",
    "VOBIZ_AUTH_ID",
    "TWILIO_ACCOUNT_SID",
    "BOLNA_API_KEY",
    "PLIVO_API_URL",
    "VOBIZ_API_URL",
    "TWILIO_API_URL",
    "RETELL_API_URL",
    "BOLNA_API_URL",
    "MASK_NUMBERS",
)


WEBHOOK_SECRETS = {
    "plivo": "PLIVO_AUTH_TOKEN",
    "vobiz": "VOBIZ_AUTH_TOKEN",
    "retell": "RETELL_API_KEY",
    "twilio": "TWILIO_AUTH_TOKEN",
    "bolna": "BOLNA_WEBHOOK_TOKEN",
    "vapi": "VAPI_WEBHOOK_SECRET",
    "telnyx": "TELNYX_PUBLIC_KEY",
}


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

    @property
    def alerts_on(self) -> bool:
        return bool(self.alert_channel or self.secrets)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, mode: str = "http") -> Config:
        """Read and check the variables `mode` ("http" or "socket") needs; raise ConfigError."""
        env = os.environ if environ is None else environ
        problems: list[str] = []

        def get(name: str) -> str:
            return env.get(name, "").strip()

        bot_token, secret, app_token = (
            get("SLACK_BOT_TOKEN"),
            get("SLACK_SIGNING_SECRET"),
            get("SLACK_APP_TOKEN"),
        )
        if not bot_token:
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
        )
