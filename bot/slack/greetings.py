"""Is this message small talk (a greeting, thanks, or a bare mention with nothing asked)?"""

from __future__ import annotations

import re

SMALL_TALK = {
    "hi", "hello", "hey", "hiya", "yo", "hola", "namaste", "morning", "good", "afternoon",
    "evening", "thanks", "thank", "you", "thx", "ty", "cheers", "there", "help", "bot",
    "hangup", "hangup-bot", "please", "pls", "ok", "okay", "ping", "sup", "howdy", "all", "team",
}  # fmt: skip
WORD = re.compile(r"[a-z][a-z-]*")


def is_small_talk(text: str) -> bool:
    """True for "", "hi", "hello there!", "thanks :)" and "@hangup-bot help": nothing to look up."""
    cleaned = re.sub(r":[a-z0-9_+-]+:", " ", text.lower())  # emoji such as :wave:
    if any(ch.isdigit() for ch in cleaned):
        return False
    words = WORD.findall(cleaned)
    return len(words) <= 4 and all(w in SMALL_TALK for w in words)
