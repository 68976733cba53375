"""What the bot does for each Slack surface: /hangup, Share, mentions, DMs, watched channels,
the message shortcut and App Home. Each listener is thin: the answer comes from the core."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from hangup_bot.alerts.pipeline import Alerts
from hangup_bot.answers.engine import Answer, Engine
from hangup_bot.config import Config
from hangup_bot.render import blocks
from hangup_bot.slack.alert_commands import AlertCommands
from hangup_bot.slack.calls import CallListeners
from hangup_bot.slack.cards import CardActions, post_in_thread, tell_privately
from hangup_bot.slack.greetings import is_small_talk
from hangup_bot.slack.reports import Reports
from hangup_bot.slack.texts import message_text, plain
from hangup_bot.store.database import Store

log = logging.getLogger(__name__)

COMMAND = "/hangup"
SHORTCUT = "explain_hangup_causes"
SORRY = "Sorry, something went wrong while looking that up. Please try again in a moment."
ANSWERED_SUBTYPES = {None, "bot_message", "thread_broadcast", "file_share"}


class Listeners:
    def __init__(self, engine: Engine, store: Store, config: Config, alerts: Alerts | None = None):
        self.engine = engine
        self.store = store
        self.config = config
        self.alerts = alerts
        self.cards = CardActions(engine, store)
        self.calls = CallListeners(engine, store, config)
        self.alert_commands = AlertCommands(engine, alerts)

    def register(self, app: App) -> None:
        """The command answers inside its ack; everything else is acknowledged at once and done
        afterwards (Bolt's lazy listeners), so Slack never waits on our Web API calls."""
        Reports(self.engine, self.store).register(app, COMMAND)  # `/hangup report ...` first
        app.command(COMMAND)(ack=self.command, lazy=[self.calls.later])
        self.calls.register(app)
        app.action(blocks.SHARE_ACTION)(ack=_ack, lazy=[self.share])
        self.cards.register(app)
        self.alert_commands.register(app)
        app.shortcut(SHORTCUT)(ack=_ack, lazy=[self.shortcut])
        for event, listener in (
            ("app_mention", self.mention),
            ("message", self.message),
            ("app_home_opened", self.home),
        ):
            app.event(event)(ack=_ack, lazy=[listener])
        app.error(self.failed)

    # -- /hangup -------------------------------------------------------------------------------

    def command(self, ack, command: dict[str, Any]) -> None:
        if self.calls.wanted(command.get("text") or ""):
            text, shown = self.calls.first_reply(command["text"])
            ack(response_type="ephemeral", text=text, blocks=shown)
            return
        try:
            text, shown = self.command_reply(command.get("text") or "", command.get("user_id"))
        except Exception:
            log.exception("/hangup failed for %r", command.get("text"))
            ack(response_type="ephemeral", text=SORRY)
            return
        ack(response_type="ephemeral", text=text, blocks=shown)

    def command_reply(self, text: str, user: str | None = None) -> tuple[str, list[dict]]:
        words = text.split()
        if not words or words[0].lower() in ("help", "?", "-h", "--help") or is_small_talk(text):
            return blocks.help_message(greeting=bool(words) and words[0].lower() != "help")
        if words[0].lower() == "list":
            provider = words[1].lower() if len(words) > 1 else None
            return blocks.list_message(self.engine.catalog, provider)
        if words[0].lower() in ("mute", "unmute", "alerts"):
            return self.alert_commands.command(words[0].lower(), words[1:], user)
        if words[0].lower() == "feedback" and len(words) == 1:
            return self.cards.feedback_reply()
        answer = self.engine.answer(text)
        return blocks.answer_message(answer, self.engine.catalog, share=True, surface="slash")

    def share(self, body: dict[str, Any], respond) -> None:
        query = (body.get("actions") or [{}])[0].get("value") or ""
        user = (body.get("user") or {}).get("id") or ""
        text, shown = blocks.answer_message(
            self.engine.answer(query), self.engine.catalog, shared_by=user, surface="shared"
        )
        respond(text=text, blocks=shown, response_type="in_channel", replace_original=False)
        respond(delete_original=True)

    # -- messages ----------------------------------------------------------------------------

    def mention(self, event: dict[str, Any], say, context) -> None:
        if not self._first(event):
            return
        question = plain(event.get("text") or "", drop_mentions=True)
        self._reply(event, say, self.engine.answer(question), always=True, surface="mention")

    def message(self, event: dict[str, Any], say, context) -> None:
        if event.get("subtype") not in ANSWERED_SUBTYPES or event.get("hidden"):
            return
        if event.get("channel_type") == "im":
            if event.get("bot_id") or not self._first(event):
                return
            answer = self.engine.answer(plain(event.get("text") or ""))
            self._reply(event, say, answer, always=True, surface="dm")
            return
        if event.get("channel") not in self.config.watch_channels:
            return
        bot_user = context.get("bot_user_id")
        if bot_user and f"<@{bot_user}>" in (event.get("text") or ""):
            return  # a mention: the app_mention listener answers it
        if event.get("bot_id") and event.get("bot_id") == context.get("bot_id"):
            return
        answer = self.engine.codes_in(message_text(event))
        if answer.matches and self._first(event):
            self._reply(event, say, answer, always=False, surface="watch")

    def _first(self, event: dict[str, Any]) -> bool:
        """Claim the message: a retried delivery, or the same message seen as both a mention
        and a watched-channel message, is answered once."""
        return self.store.claim(f"answer:{event.get('channel')}:{event.get('ts')}")

    def _reply(self, event: dict, say, answer: Answer, always: bool, surface: str) -> None:
        if not answer.matches and not always:
            return
        text, shown = blocks.answer_message(answer, self.engine.catalog, surface=surface)
        if not answer.matches and is_small_talk(answer.query):  # "hi", a bare mention
            text, shown = blocks.help_message(greeting=True)
        say(text=text, blocks=shown, thread_ts=event.get("thread_ts") or event.get("ts"))

    # -- shortcut and home -------------------------------------------------------------------

    def shortcut(self, shortcut: dict[str, Any], client) -> None:
        channel = (shortcut.get("channel") or {}).get("id")
        user = (shortcut.get("user") or {}).get("id")
        answer = self.engine.codes_in(message_text(shortcut.get("message") or {}))
        if not answer.matches:
            none = (
                "I found no hangup codes or causes in that message. Try `/hangup` with "
                "the code, or mention me with a question."
            )
            try:
                client.chat_postEphemeral(channel=channel, user=user, text=none)
            except SlackApiError:  # not a member there: the response_url still reaches them
                tell_privately(shortcut, none)
            return
        text, shown = blocks.answer_message(answer, self.engine.catalog, surface="shortcut")
        post_in_thread(client, shortcut, text, shown)

    def home(self, event: dict[str, Any], client) -> None:
        if event.get("tab", "home") == "home":
            client.views_publish(user_id=event["user"], view=blocks.home_view(self.engine.catalog))

    @staticmethod
    def failed(error: Exception, body: dict[str, Any]) -> None:
        log.error("Slack listener failed (%s): %s", body.get("type"), error, exc_info=error)


def _ack(ack) -> None:
    ack()
