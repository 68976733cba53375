"""The buttons of an answer card and the replies that must reach the user privately: another
possibility's full card, "Not helpful" (stored as feedback), `/hangup feedback`, and the
message shortcut's answer where the bot is not a member of the channel."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from typing import Any

from slack_bolt import App
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from hangup_bot.answers.engine import Engine
from hangup_bot.render import blocks, usage
from hangup_bot.render import feedback as feedback_view
from hangup_bot.render.card import LINK_ACTION
from hangup_bot.store import feedback
from hangup_bot.store.database import Store

log = logging.getLogger(__name__)
OUTSIDER_ERRORS = {"not_in_channel", "channel_not_found", "is_archived"}


class CardActions:
    def __init__(self, engine: Engine, store: Store):
        self.engine = engine
        self.store = store

    def register(self, app: App) -> None:
        app.action(re.compile(f"^{blocks.SHOW_ACTION}_\\d+$"))(ack=_ack, lazy=[self.show])
        app.action(blocks.NOT_HELPFUL_ACTION)(ack=_ack, lazy=[self.not_helpful])
        app.action(re.compile(f"^{LINK_ACTION}_\\d+$"))(_ack)  # a link opens in the browser

    def show(self, body: dict[str, Any], respond) -> None:
        """Another possibility's full card, only for the person who pressed its button."""
        entry_id = (body.get("actions") or [{}])[0].get("value") or ""
        entry = self.engine.catalog.get(entry_id)
        if entry is None:
            respond(text="That cause is no longer in the catalog.", **_private())
            return
        text, shown = blocks.cause_message(entry, self.engine.catalog)
        respond(text=text, blocks=shown, **_private())

    def not_helpful(self, body: dict[str, Any], respond) -> None:
        action = (body.get("actions") or [{}])[0]
        user = (body.get("user") or {}).get("id")
        try:
            marked = json.loads(action.get("value") or "")
            query, answer = str(marked["q"]), [str(a) for a in marked["a"]][:20]
            surface = str(marked.get("s") or "slack")
        except (ValueError, KeyError, TypeError):
            respond(text="Sorry, I could not read that answer to record it.", **_private())
            return
        message_ts = (body.get("container") or {}).get("message_ts") or ""
        marked_id = hashlib.sha256(json.dumps([query, answer]).encode()).hexdigest()[:16]
        if self.store.claim(f"feedback:{user}:{message_ts}:{marked_id}"):  # a double click
            feedback.record(self.store, query, answer, surface, user)
        respond(
            text="Thanks, noted: this question and its answer are kept for the next catalog "
            "update. A line with the code you expected, in `/hangup` or a thread, helps most.",
            **_private(),
        )

    def feedback_reply(self) -> tuple[str, list[dict]]:
        """`/hangup feedback`: the newest answers marked Not helpful."""
        rows = feedback.recent(self.store, feedback_view.SHOWN)
        return feedback_view.message(rows, feedback.total(self.store))


def post_in_thread(client, payload: dict[str, Any], text: str, shown: list[dict]) -> None:
    """Answer a message shortcut in the message's thread; where the bot may not post (not a
    member), answer through the payload's response_url, privately, and say how to invite it."""
    message = payload.get("message") or {}
    try:
        client.chat_postMessage(
            channel=(payload.get("channel") or {}).get("id"),
            thread_ts=message.get("thread_ts") or message.get("ts"),
            text=text,
            blocks=shown,
        )
    except SlackApiError as exc:
        if exc.response.get("error") not in OUTSIDER_ERRORS:
            raise
        tell_privately(payload, text, [blocks.section(usage.NOT_IN_CHANNEL), *shown])


def tell_privately(payload: dict[str, Any], text: str, shown: list[dict] | None = None) -> None:
    url = payload.get("response_url")
    if not url:
        log.warning("no response_url to answer a %s privately", payload.get("type"))
        return
    reply = WebhookClient(url, timeout=10).send(
        text=text, blocks=shown, response_type="ephemeral", replace_original=False
    )
    if reply.status_code != 200:
        log.warning("response_url answered %s", reply.status_code)


def _private() -> dict[str, Any]:
    return {"response_type": "ephemeral", "replace_original": False}


def _ack(ack) -> None:
    ack()
