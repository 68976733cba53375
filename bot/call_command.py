"""`hangup call ID [--provider P] [--json]`: look a call up at its provider and explain it.

Exit status: 0 found, 1 not found (or the provider could not answer), 2 usage or configuration.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from hangup_bot.answers.engine import Engine
from hangup_bot.calls.lookup import Lookup, NoCallId
from hangup_bot.calls.settings import CREDENTIALS, CallSettings
from hangup_bot.config import DEFAULT_DATABASE
from hangup_bot.render.call import call_dict, terminal_lines
from hangup_bot.render.terminal import Style, render
from hangup_bot.render.wording import answer_dict
from hangup_bot.store.database import Store

USAGE = """\
hangup call ID [--provider P] [--json]   look a call up at its provider and explain how it ended

  ID is a Plivo or Vobiz call UUID, a Twilio CallSid (CA...), a Retell call_... id or a Bolna
  execution id. --provider (plivo, vobiz, twilio, retell, bolna) asks that provider only.
  Credentials: PLIVO_AUTH_ID + PLIVO_AUTH_TOKEN, VOBIZ_AUTH_ID + VOBIZ_AUTH_TOKEN,
  TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN, RETELL_API_KEY, BOLNA_API_KEY.
Exit status: 0 found, 1 not found, 2 usage or configuration.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hangup call", usage=USAGE, add_help=False)
    parser.add_argument("-h", "--help", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--provider", type=str.lower)
    parser.add_argument("--catalog", action="append", default=[], type=Path)
    parser.add_argument("ids", nargs="*")
    return parser


def is_call_command(args: list[str]) -> bool:
    """`hangup call ID ...` names at most one id; `hangup call dropped after a minute` is a
    question for the catalog, not a lookup."""
    opts, _ = _parser().parse_known_args(args)
    return len(opts.ids) <= 1


def call_command(args: list[str], catalog_dirs: list[Path]) -> int:
    opts, unknown = _parser().parse_known_args(args)
    if opts.help:
        print(USAGE, end="")
        return 0
    if len(opts.ids) != 1 or unknown:
        print(USAGE, end="", file=sys.stderr)
        return 2
    if opts.provider and opts.provider not in CREDENTIALS:
        print(
            f"hangup call: unknown provider {opts.provider!r}; one of {', '.join(CREDENTIALS)}",
            file=sys.stderr,
        )
        return 2
    settings = CallSettings.from_env(os.environ)
    engine = Engine.load([*catalog_dirs, *opts.catalog])
    lookup = Lookup(settings, engine, _store())
    try:
        outcome = lookup.find(opts.ids[0], opts.provider)
    except NoCallId as exc:
        print(f"hangup call: {exc}", file=sys.stderr)
        return 2
    finally:
        lookup.close()
    if not outcome.found:
        print(f"hangup call: {outcome.message(settings)}", file=sys.stderr)
        return outcome.exit_status
    record, answer = outcome.record, outcome.answer
    entry = answer.matches[0].entry if answer and answer.matches else None
    if opts.json:
        body = (
            answer_dict(answer, engine.catalog) if answer else {"query": record.code, "matches": []}
        )
        body["call"] = call_dict(record, entry)
        print(json.dumps(body, ensure_ascii=False, indent=2))
        return 0
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    card = (
        render(answer, engine.catalog, color=color)
        if answer and answer.found
        else (
            f"{record.provider_name} gave {record.code or 'no hangup cause'}, which the catalog "
            "does not know.\n"
        )
    )
    print(card + "\n" + terminal_lines(record, entry, Style(color).bold))
    return 0


def _store() -> Store | None:
    """The database webhooks are stored in, when there is one: DATABASE_URL, or the default
    SQLite file if it exists here. Never created by a lookup."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        default = Path(DEFAULT_DATABASE.removeprefix("sqlite:///"))
        if not default.is_file():
            return None
        url = DEFAULT_DATABASE
    try:
        return Store(url)
    except Exception as exc:  # a lookup still works without the stored events
        print(f"hangup call: stored events unavailable ({type(exc).__name__})", file=sys.stderr)
        return None
