"""Which provider APIs are configured, read from the variables the entry point hands over.

Each provider is optional. A message may name a variable and show an auth id cut to its ends
(`MA…XY`); it never shows a token or key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hangup_bot.calls.records import NAMES as TITLES

DEFAULT_URLS = {
    "plivo": "https://api.plivo.com",
    "vobiz": "https://api.vobiz.ai",
    "twilio": "https://api.twilio.com",
    "retell": "https://api.retellai.com",
    "bolna": "https://api.bolna.ai",
}
# provider -> (id variable or None, secret variable)
CREDENTIALS = {
    "plivo": ("PLIVO_AUTH_ID", "PLIVO_AUTH_TOKEN"),
    "vobiz": ("VOBIZ_AUTH_ID", "VOBIZ_AUTH_TOKEN"),
    "twilio": ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"),
    "retell": (None, "RETELL_API_KEY"),
    "bolna": (None, "BOLNA_API_KEY"),
}
URL_VARIABLES = {p: f"{p.upper()}_API_URL" for p in DEFAULT_URLS}


def cut(value: str) -> str:
    """An account id shortened to its first and last two characters: MA…XY."""
    return value if len(value) <= 4 else f"{value[:2]}…{value[-2:]}"


@dataclass(frozen=True)
class Account:
    provider: str
    base_url: str
    account_id: str | None  # the auth id / account SID; None for key-only providers
    secret: str

    @property
    def id_variable(self) -> str | None:
        return CREDENTIALS[self.provider][0]

    @property
    def secret_variable(self) -> str:
        return CREDENTIALS[self.provider][1]

    def checked_with(self) -> str:
        """How a message says which credentials were used, without the secret."""
        if self.account_id and self.id_variable:
            return f"{self.id_variable} {cut(self.account_id)}"
        return self.secret_variable


@dataclass(frozen=True)
class CallSettings:
    accounts: dict[str, Account]
    mask_numbers: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> CallSettings:
        def get(name: str) -> str:
            return (env.get(name) or "").strip()

        accounts = {}
        for provider, (id_name, secret_name) in CREDENTIALS.items():
            account_id = get(id_name) if id_name else None
            secret = get(secret_name)
            if secret and (account_id or id_name is None):
                url = (get(URL_VARIABLES[provider]) or DEFAULT_URLS[provider]).rstrip("/")
                accounts[provider] = Account(provider, url, account_id, secret)
        mask = get("MASK_NUMBERS").lower() not in ("false", "0", "no", "off")
        return cls(accounts, mask)

    def missing(self, provider: str) -> str:
        """What to set so that `provider` can be asked."""
        id_name, secret_name = CREDENTIALS[provider]
        names = f"{id_name} and {secret_name}" if id_name else secret_name
        return f"set {names} to look calls up at {TITLES.get(provider, provider)}"
