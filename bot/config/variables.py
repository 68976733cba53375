"""Every environment variable the bot reads, with the line the README's table gives it, and the
groups the configuration reads together (webhook secrets, call-lookup credentials)."""

from __future__ import annotations

# name -> what it is; the README's table is checked against this.
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
    "DATABASE_TIMEOUT": "seconds any wait on the database may take before callers get 503 (5)",
    "BODY_TIMEOUT": "seconds a client has to send a request body before it gets 408 (10)",
    "METRICS_TOKEN": "bearer token /metrics requires",
    "METRICS_PORT": "a separate port serving /metrics only",
    "METRICS_MAX_SERIES": "label sets each /metrics counter keeps before folding into other (1000)",
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
