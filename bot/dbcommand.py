"""`hangup db upgrade` and `hangup db current`: the schema migrations by hand, on DATABASE_URL.

`hangup serve` and `hangup socket` upgrade at start-up on their own; these are for a release
step that migrates before the new code starts, and for looking.
"""

from __future__ import annotations

import sys

from sqlalchemy.exc import SQLAlchemyError

from hangup_bot.config import Config, ConfigError
from hangup_bot.store import migrate
from hangup_bot.store.database import Store
from hangup_bot.store.timeouts import describe

USAGE = """\
hangup db upgrade     bring DATABASE_URL's schema to the newest revision (under a lock)
hangup db current     the revision DATABASE_URL is at, and the newest one
"""


def main(args: list[str]) -> int:
    if args not in (["upgrade"], ["current"]):
        print(USAGE, end="", file=sys.stderr if args not in ([], ["-h"], ["--help"]) else None)
        return 0 if args in (["-h"], ["--help"]) else 2
    try:
        config = Config.from_env(mode="db")
    except ConfigError as exc:
        print("hangup db: " + "; ".join(exc.problems), file=sys.stderr)
        return 2
    store = Store(config.database_url, timeout=config.database_timeout, upgrade=False)
    try:
        if args == ["upgrade"]:
            before, after = migrate.upgrade(store.engine)
            if before == after:
                print(f"The database is at {after}, the newest revision; nothing to do.")
            else:
                print(f"Upgraded the database from {before or 'no revision'} to {after}.")
            return 0
        at, newest = migrate.current(store.engine), ", ".join(migrate.heads())
        state = "up to date" if at == newest else "behind: run `hangup db upgrade`"
        print(f"{at or 'no revision'} (newest {newest}; {state})")
        return 0
    except SQLAlchemyError as exc:
        print(f"hangup db: the database failed: {describe(exc)}", file=sys.stderr)
        return 1
    finally:
        store.dispose()
