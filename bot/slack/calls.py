"""`/hangup call ID` in Slack: acknowledged at once ("Looking up call ..."), answered through
the response URL when the provider has answered (up to 6 s, longer than Slack's 3 s for an
ack); the Share and Look-up buttons. Private answers show numbers whole, shared posts mask them
unless MASK_NUMBERS=false."""

from __future__ import annotations

import logging
import threading
from typing import Any

from slack_bolt import App

from hangup_bot.answers.engine import Engine
from hangup_bot.calls.lookup import Lookup, NoCallId
from hangup_bot.calls.records import looks_like_call_id, providers_for
from hangup_bot.calls.settings import CREDENTIALS, CallSettings
from hangup_bot.config import Config
from hangup_bot.render.callblocks import (
    LOOKUP_CALL,
    SHARE_CALL,
    call_message,
    offer_message,
    pending_message,
    problem_message,
)
from hangup_bot.store.database import Store

log = logging.getLogger(__name__)
USAGE = "Give me the call id: `/hangup call 3f2c1a9e-…`, `/hangup call CA0123…`, `call_…`."
SORRY = "Sorry, the call lookup failed. Please try again in a moment."


class CallListeners:
    def __init__(self, engine: Engine, store: Store, config: Config | None):
        self.engine = engine
        self.store = store
        self.settings = CallSettings.from_env(config.call_env if config else {})
        self._lookup: Lookup | None = None
        self._lock = threading.Lock()

    def register(self, app: App) -> None:
        app.action(SHARE_CALL)(ack=_ack, lazy=[self.share])
        app.action(LOOKUP_CALL)(ack=_ack, lazy=[self.lookup_button])

    @property
    def lookup(self) -> Lookup:
        """Built on first use, in the process that serves (after gunicorn forks)."""
        with self._lock:
            if self._lookup is None:
                self._lookup = Lookup(self.settings, self.engine, self.store)
            return self._lookup

    # -- /hangup ----------------------------------------------------------------------------

    @staticmethod
    def wanted(text: str) -> bool:
        """`call`, `call ID`, `call plivo ID`, or an id alone; `call dropped after a minute`
        is a question for the catalog."""
        words = text.split()
        if not words:
            return False
        if words[0].lower() == "call":
            return len(words) == 1 or _parse(words[1:]) is not None
        return looks_like_call_id(text)

    def first_reply(self, text: str) -> tuple[str, list[dict]]:
        """What the command's ack carries: the offer, the usage, or 'looking up'."""
        words = text.split()
        if words[0].lower() != "call":
            return offer_message(text.strip())
        request = _parse(words[1:])
        if request is None:
            return problem_message(USAGE)
        if providers_for(request[0]) is None:
            return problem_message(f"“{request[0][:80]}” is not a call id. {USAGE}")
        return pending_message(request[0])

    def later(self, command: dict[str, Any], respond) -> None:
        """The lazy half of /hangup: the lookup itself, for `call ID` only."""
        words = (command.get("text") or "").split()
        if not words or words[0].lower() != "call":
            return
        request = _parse(words[1:])
        if request and providers_for(request[0]) is not None:
            self._answer(*request, respond)

    # -- buttons ------------------------------------------------------------------------------

    def lookup_button(self, body: dict[str, Any], respond) -> None:
        call_id = ((body.get("actions") or [{}])[0].get("value") or "").strip()
        self._answer(call_id, None, respond)

    def share(self, body: dict[str, Any], respond) -> None:
        value = (body.get("actions") or [{}])[0].get("value") or ""
        provider, _, call_id = value.partition(":")
        user = (body.get("user") or {}).get("id") or ""
        try:
            outcome = self.lookup.find(call_id, provider if provider in CREDENTIALS else None)
        except (NoCallId, ValueError) as exc:
            text, shown = problem_message(str(exc))
            respond(text=text, blocks=shown, response_type="ephemeral", replace_original=False)
            return
        if not outcome.found:
            text, shown = problem_message(outcome.message(self.settings))
            respond(text=text, blocks=shown, response_type="ephemeral", replace_original=False)
            return
        text, shown = call_message(
            outcome.record,
            outcome.answer,
            self.engine.catalog,
            masked=self.settings.mask_numbers,
            shared_by=user,
        )
        respond(text=text, blocks=shown, response_type="in_channel", replace_original=False)
        respond(delete_original=True)

    def _answer(self, call_id: str, provider: str | None, respond) -> None:
        try:
            outcome = self.lookup.find(call_id, provider)
            if outcome.found:
                text, shown = call_message(
                    outcome.record, outcome.answer, self.engine.catalog, masked=False, share=True
                )
            else:
                text, shown = problem_message(outcome.message(self.settings))
        except (NoCallId, ValueError) as exc:
            text, shown = problem_message(str(exc))
        except Exception:
            log.exception("call lookup failed")
            text, shown = problem_message(SORRY)
        respond(text=text, blocks=shown, response_type="ephemeral", replace_original=True)


def _parse(words: list[str]) -> tuple[str, str | None] | None:
    """`ID`, `plivo ID`, `--provider plivo ID` -> (id, provider); None without one id."""
    provider, rest, skip = None, [], False
    for i, word in enumerate(words):
        if skip:
            skip = False
            continue
        if word == "--provider" and i + 1 < len(words):
            provider, skip = words[i + 1].lower(), True
        elif word.lower() in CREDENTIALS and provider is None:
            provider = word.lower()
        else:
            rest.append(word)
    return (rest[0], provider) if len(rest) == 1 else None


def _ack(ack) -> None:
    ack()
