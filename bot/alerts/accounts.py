"""Which provider account a callback came from, for the alert header: the account id the
callback itself names (Twilio's `AccountSid`), else an `account` label set on the webhook URL
(`/webhooks/plivo?account=main`), which the URL signatures of Plivo, Vobiz and Twilio cover."""

from __future__ import annotations

from hangup_bot.alerts.intake import WebhookRequest

FIELDS = {"twilio": "AccountSid"}
LIMIT = 80


def account_of(provider: str, request: WebhookRequest) -> str | None:
    fields = dict(request.query if request.method == "GET" else request.form)
    named = fields.get(FIELDS.get(provider, ""), "") or dict(request.query).get("account", "")
    value = " ".join(str(named).split())[:LIMIT]
    return value or None
