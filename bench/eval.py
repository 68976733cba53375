"""`python -m bench.eval FILE.jsonl [-v]`: the same as `hangup eval`."""

import sys

from hangup_bot.cli import main

if __name__ == "__main__":
    sys.exit(main(["eval", *sys.argv[1:]]))
