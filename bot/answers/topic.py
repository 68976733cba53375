"""Whether a question is about why a call ended at all, and what the bot says when it is not: a
call that will not end, a phone that will not register, a feature request, a how-to. Pure."""

from __future__ import annotations

from hangup_bot.answers.codes import feature_request
from hangup_bot.answers.plain import Plain

_WHAT_THE_BOT_DOES = "hangup-bot explains why calls ended, from a code, a cause or what you saw."
NOT_ENDING = (
    "This reads as a question about setting something up, or about a call that does not end "
    "(or how to end one); " + _WHAT_THE_BOT_DOES
)
NOT_A_CALL = (
    "This reads as a question about registering a phone or another set-up step, not about a "
    "call that ended; " + _WHAT_THE_BOT_DOES
)
FEATURE = (
    "This reads as a feature request, not a question about why a call ended; " + _WHAT_THE_BOT_DOES
)
HOW_TO = "This reads as a how-to question, not one about why a call ended; " + _WHAT_THE_BOT_DOES


def aside(plain: Plain, text: str, specific: bool) -> str | None:
    """The note for a question that is not about why a call ended, else None. `text` still holds
    an issue title's tags (`[Feature]`); `specific` says it gives a code or a call length, which
    a how-to is then about ("disconnects after 31 s: is there a way to ...")."""
    if plain.not_ending(text):
        return NOT_ENDING
    if plain.not_a_call(text):
        return NOT_A_CALL
    if feature_request(text):
        return FEATURE
    if not specific and (plain.how_to(text) or plain.asks_how(text)):
        return HOW_TO
    return None
