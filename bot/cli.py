"""`hangup ...`: look up a cause, list the catalog, check catalog files."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

from hangup_bot.answers import evaluation
from hangup_bot.answers.engine import Engine
from hangup_bot.config import Config, ConfigError
from hangup_bot.knowledge.loader import CatalogInvalid, check_catalog
from hangup_bot.render.terminal import render
from hangup_bot.render.wording import answer_dict, label

USAGE = """\
hangup QUERY...                     explain a hangup cause
hangup --provider vobiz 5030        only that provider's entries
hangup --json QUERY...              one JSON object {"query", "matches": [...]}
hangup --json -                     one query per input line, one JSON object per output line
hangup list [PROVIDER]              every cause in the catalog, or one provider's
hangup catalog check [DIR...]       validate the catalog (plus your own directories)
hangup eval FILE.jsonl [-v]         measure answers on {"query", "expect"} lines, with baselines
hangup serve                        the Slack app over HTTP (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)
hangup socket                       the Slack app in Socket Mode (SLACK_BOT_TOKEN, SLACK_APP_TOKEN)
hangup db upgrade | current         migrate DATABASE_URL's schema by hand, or show its revision

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


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        if args[:2] == ["catalog", "check"]:
            return _check(args[2:])
        if args[:1] == ["list"]:
            return _list(args[1:])
        if args[:1] == ["eval"]:
            return _eval(args[1:])
        if args[:1] == ["db"]:
            from hangup_bot.dbcommand import main as db_command

            return db_command(args[1:])
        if args[:1] in (["serve"], ["socket"]):
            return _run_slack(args[0], args[1:])
        return _lookup(args)
    except CatalogInvalid as exc:
        print("The catalog has errors:", file=sys.stderr)
        for error in exc.errors:
            print(f"  {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, usage=USAGE, add_help=False)
    parser.add_argument("-h", "--help", action="store_true")
    parser.add_argument("--catalog", action="append", default=[], type=Path, metavar="DIR")
    return parser


def _catalog_dirs(given: list[Path]) -> list[Path]:
    from_env = os.environ.get("HANGUP_CATALOG_DIRS", "")
    return [Path(p) for p in from_env.split(os.pathsep) if p] + given


def _lookup(args: list[str]) -> int:
    parser = _parser("hangup")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--provider")
    parser.add_argument("query", nargs="*")
    opts = parser.parse_args(args)
    if opts.help or not opts.query:
        print(USAGE, end="")
        return 0 if opts.help else 2
    engine = Engine.load(_catalog_dirs(opts.catalog))
    provider = opts.provider.lower() if opts.provider else None
    if opts.json and opts.query == ["-"]:
        for line in sys.stdin:
            answer = engine.answer(line.rstrip("\n"), provider)
            print(json.dumps(answer_dict(answer, engine.catalog), ensure_ascii=False), flush=True)
        return 0
    answer = engine.answer(" ".join(opts.query), provider)
    if opts.json:
        print(json.dumps(answer_dict(answer, engine.catalog), ensure_ascii=False, indent=2))
        return 0
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    print(render(answer, engine.catalog, color=color), end="")
    return 0 if answer.found else 1


def _list(args: list[str]) -> int:
    parser = _parser("hangup list")
    parser.add_argument("provider", nargs="?")
    opts = parser.parse_args(args)
    engine = Engine.load(_catalog_dirs(opts.catalog))
    catalog = engine.catalog
    wanted = opts.provider.lower() if opts.provider else None
    if wanted and wanted not in catalog.providers:
        print(
            f"Unknown provider {opts.provider!r}. Known: {', '.join(catalog.providers)}",
            file=sys.stderr,
        )
        return 2
    for pid, provider in catalog.providers.items():
        if wanted and pid != wanted:
            continue
        print(f"{provider.name} ({len(catalog.of(pid))} causes)")
        for category in provider.categories:
            members = [e for e in catalog.of(pid) if e.category == category.id]
            if members:
                print(f"  {category.label}")
                print("\n".join(f"    {label(e)}" for e in members))
        print()
    return 0


def _check(args: list[str]) -> int:
    parser = _parser("hangup catalog check")
    parser.add_argument("dirs", nargs="*", type=Path)
    opts = parser.parse_args(args)
    catalog, errors = check_catalog(_catalog_dirs(opts.catalog + opts.dirs))
    for error in errors:
        print(error)
    if errors:
        print(f"{len(errors)} problem(s) found.")
        return 1
    counts = ", ".join(f"{p.name} {len(catalog.of(p.id))}" for p in catalog.providers.values())
    print(f"Catalog OK: {len(catalog)} causes ({counts}).")
    return 0


def _run_slack(mode: str, args: list[str]) -> int:
    parser = _parser(f"hangup {mode}")
    parser.add_argument("--host", default="0.0.0.0")
    opts = parser.parse_args(args)
    try:
        config = Config.from_env(mode="http" if mode == "serve" else "socket")
    except ConfigError as exc:
        print(f"hangup {mode}: cannot start:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    if opts.catalog:
        config = replace(config, catalog_dirs=(*config.catalog_dirs, *opts.catalog))
    try:
        if mode == "serve":
            from hangup_bot.web.server import serve  # Flask, Bolt and gunicorn only when serving

            serve(config, opts.host)
        else:
            from hangup_bot.slack.socket import run_socket_mode

            run_socket_mode(config)
    except ConfigError as exc:
        print(f"hangup {mode}: cannot start:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    return 0


def _eval(args: list[str]) -> int:
    parser = _parser("hangup eval")
    parser.add_argument("file", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    opts = parser.parse_args(args)
    try:
        cases = evaluation.read_cases(opts.file)
    except (OSError, ValueError) as exc:
        print(f"hangup eval: {exc}", file=sys.stderr)
        return 2
    engine = Engine.load(_catalog_dirs(opts.catalog))
    rankers = {
        "hangup-bot": lambda q: [m.entry.id for m in engine.answer(q).matches],
        "rapidfuzz": evaluation.wratio_baseline(engine.catalog),
    }
    try:
        rankers["bm25"] = evaluation.bm25_baseline(engine.catalog)
    except ImportError:
        print("(bm25 baseline skipped: pip install rank-bm25)")
    negatives = sum(not c.expect for c in cases)
    print(
        f"{opts.file.name}: {len(cases)} queries, {len(cases) - negatives} answerable, "
        f"{negatives} no-answer"
    )
    scores = [evaluation.evaluate(name, rank, cases) for name, rank in rankers.items()]
    for score in scores:
        print(score.line())
    if opts.verbose:
        print("\nmisses of hangup-bot:")
        for case, got in scores[0].misses:
            print(f"  {case.query!r}\n    expected {list(case.expect)}\n    got      {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
