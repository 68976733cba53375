"""How to ask: the usage texts of the command line, of Slack, and of App Home."""

from __future__ import annotations

CLI = """\
hangup QUERY...                     explain a hangup cause
hangup --provider vobiz 5030        only that provider's entries
hangup --json QUERY...              one JSON object {"query", "matches": [...]}
hangup --json -                     one query per input line, one JSON object per output line
hangup call ID [--json]             look a call up at its provider and explain how it ended
hangup list [PROVIDER]              every cause in the catalog, or one provider's
hangup catalog check [DIR...]       validate the catalog (plus your own directories)
hangup eval FILE.jsonl [-v]         measure answers on {"query", "expect"} lines, with baselines
hangup feedback [--json]            answers marked "Not helpful" in Slack (DATABASE_URL)
hangup report [--since 24h|7d|30d] [--provider P] [--png FILE] [--csv FILE]
                                    hangup causes over a period: stored events or a CSV export
hangup serve [--host HOST]          the Slack app over HTTP (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)
hangup socket                       the Slack app in Socket Mode (SLACK_BOT_TOKEN, SLACK_APP_TOKEN)
hangup db upgrade | current         migrate DATABASE_URL's schema by hand, or show its revision
hangup help                         this text

examples:
  hangup 6020
  hangup vobiz 5030
  hangup NORMAL_CLEARING
  hangup retell dial_busy
  hangup bolna "Call recipient was busy"
  hangup calls drop after a minute of silence

Your own catalog files: --catalog DIR (repeatable) or HANGUP_CATALOG_DIRS=dir1:dir2.
Exit status: 0 answered, 1 nothing matched, 2 bad usage or a broken catalog.
"""

SLACK = (
    "*Ask me about a hangup cause*\n"
    "• `/hangup 6020` a code (also `err 6020`, `HangupCauseCode=6020`)\n"
    "• `/hangup vobiz 5030` a provider's code\n"
    "• `/hangup USER_BUSY`, `/hangup retell dial_busy` a cause as the provider sends it\n"
    "• `/hangup sip 486`, `/hangup cause 17` SIP responses and Q.850 causes\n"
    "• `/hangup calls drop after a minute of silence` plain words\n"
    "• `/hangup list plivo` every cause of a provider\n"
    "• `/hangup alerts`, `/hangup mute 3130 2h`, `/hangup unmute 3130` open alerts and mutes\n"
    "• `/hangup feedback` answers people marked *Not helpful*\n"
    "• `/hangup report 7d plivo` causes over 24h, 7d or 30d, with a chart\n"
    "Mention me (`@hangup-bot 3130?`) or message me directly to get the answer in a thread."
)

SHORTCUT = (
    "*On a message that names codes* (an alert, a pasted log): hover it, open *⋯ More actions* "
    "and choose *Explain hangup causes*. I answer in its thread; in a channel I am not in, only "
    "you see the answer (`/invite @hangup-bot` to change that)."
)

GREETING = (
    "I explain why calls ended. Ask me with a code, a cause as the provider sends it, or a few "
    "words about what happened; some examples:"
)

NOT_IN_CHANNEL = (
    "I can't post in this channel because I'm not a member, so here is the answer just for you. "
    "To let me answer in threads here, invite me: `/invite @hangup-bot`."
)
