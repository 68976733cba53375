"""`hangup ...`: look up a cause, list the catalog, check catalog files, read feedback."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

from hangup_bot.answers import evaluation
from hangup_bot.answers.engine import Engine
from hangup_bot.calls.records import looks_like_call_id
from hangup_bot.config import DEFAULT_DATABASE, Config, ConfigError
from hangup_bot.knowledge.loader import CatalogInvalid, check_catalog, load_usable
from hangup_bot.render import usage
from hangup_bot.render.terminal import render
from hangup_bot.render.wording import answer_dict, label

USAGE = usage.CLI


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        if args[:2] == ["catalog", "check"]:
            return _check(args[2:])
        if args[:1] == ["list"]:
            return _list(args[1:])
        if args[:1] == ["eval"]:
            return _eval(args[1:])
        if args[:1] == ["help"]:
            print(USAGE, end="")
            return 0
        if args[:1] == ["feedback"]:
            return _feedback(args[1:])
        if args[:1] == ["report"]:
            from hangup_bot.reports.command import run  # matplotlib only when a chart is asked

            return run(args[1:], _catalog_dirs([]))
        if args[:1] == ["call"]:
            from hangup_bot import call_command  # SQL and the providers' clients only here

            if call_command.is_call_command(args[1:]):
                return call_command.call_command(args[1:], _catalog_dirs([]))
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


def _engine(given: list[Path]) -> Engine:
    """Directories named with --catalog must load; a broken one of HANGUP_CATALOG_DIRS is left
    out with a warning naming the file, so the others still answer."""
    catalog, errors = load_usable(_catalog_dirs(given))
    named = [e for e in errors if any(e.file.startswith(str(d)) for d in given)]
    if named:
        raise CatalogInvalid(named)
    for error in errors:
        print(f"hangup: warning: left out of HANGUP_CATALOG_DIRS: {error}", file=sys.stderr)
    return Engine(catalog)


def _lookup(args: list[str]) -> int:
    parser = _parser("hangup")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--provider")
    parser.add_argument("query", nargs="*")
    opts = parser.parse_args(args)
    if opts.help or not opts.query:
        print(USAGE, end="")
        return 0 if opts.help else 2
    if len(opts.query) == 1 and looks_like_call_id(opts.query[0]):
        print(f"{opts.query[0]} looks like a call id: hangup call {opts.query[0]}", file=sys.stderr)
        return 1
    engine = _engine(opts.catalog)
    provider = opts.provider.lower() if opts.provider else None
    if opts.json and opts.query == ["-"]:
        for line in sys.stdin:
            answer = engine.answer(line.rstrip("\n"), provider)
            print(json.dumps(answer_dict(answer, engine.catalog), ensure_ascii=False), flush=True)
        return 0
    answer = engine.answer(" ".join(opts.query), provider)
    if opts.json:
        print(json.dumps(answer_dict(answer, engine.catalog), ensure_ascii=False, indent=2))
        return 0 if answer.found else 1
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    print(render(answer, engine.catalog, color=color), end="")
    return 0 if answer.found else 1


def _list(args: list[str]) -> int:
    parser = _parser("hangup list")
    parser.add_argument("provider", nargs="?")
    opts = parser.parse_args(args)
    engine = _engine(opts.catalog)
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
    catalog, problems = check_catalog(
        _catalog_dirs(opts.catalog + opts.dirs), require_references=True
    )
    for problem in problems:
        print(problem)
    errors = sum(not p.warning for p in problems)
    if errors:
        print(f"{errors} problem(s) found.")
        return 1
    if problems:
        print(f"{len(problems)} warning(s); the catalog loads.")
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
    except (ConfigError, CatalogInvalid) as exc:
        problems = exc.problems if isinstance(exc, ConfigError) else exc.errors
        lead = "cannot start" if isinstance(exc, ConfigError) else "cannot start, catalog errors"
        print(f"hangup {mode}: {lead}:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    return 0


def _eval(args: list[str]) -> int:
    parser = _parser("hangup eval")
    parser.add_argument("file", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--half", choices=("tune", "check"))
    opts = parser.parse_args(args)
    try:
        cases = evaluation.read_cases(opts.file)
    except (OSError, ValueError) as exc:
        print(f"hangup eval: {exc}", file=sys.stderr)
        return 2
    if opts.half:
        cases = [c for c in cases if c.half == opts.half]
    engine = _engine(opts.catalog)
    rankers = {
        "hangup-bot": lambda q: [m.entry.id for m in engine.answer(q).matches],
        "rapidfuzz": evaluation.wratio_baseline(engine.catalog),
    }
    try:
        rankers["bm25"] = evaluation.bm25_baseline(engine.catalog)
    except ImportError:
        print("(bm25 baseline skipped: pip install rank-bm25)")
    print(evaluation.report(opts.file.name, cases, rankers, verbose=opts.verbose), end="")
    return 0


def _feedback(args: list[str]) -> int:
    parser = _parser("hangup feedback")
    parser.add_argument("--json", action="store_true")
    opts = parser.parse_args(args)
    from hangup_bot.render import feedback as view  # SQLAlchemy only when reading feedback
    from hangup_bot.store import feedback
    from hangup_bot.store.database import Store

    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).exists():
        print(f"hangup feedback: no database at {url}; set DATABASE_URL to the bot's database.")
        return 1
    rows = feedback.recent(Store(url))
    if opts.json:
        for row in rows:
            print(json.dumps(view.export(row), ensure_ascii=False))
    else:
        print(view.lines(rows), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
