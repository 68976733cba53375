"""How long Slack answers are: blocks per answer and characters shown, over a question file.

    python -m bench.card_size [FILE.jsonl ...]

Renders each question's answer as the mention surface posts it (in a public thread) and prints
median, p90 and max blocks, and how many answers exceed 12 blocks. Run it on a checkout of the
previous release beside this one to compare. Not a test: figures go in the closing note.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from hangup_bot.answers.engine import Engine
from hangup_bot.render import blocks

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"
DEFAULT = [SHARED / "real_dev.jsonl", SHARED / "dev_queries.jsonl"]
LIMIT = 12


def sizes(engine: Engine, path: Path) -> tuple[list[int], list[int]]:
    counts, chars = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        answer = engine.answer(json.loads(line)["query"])
        if not answer.matches:
            continue
        _text, shown = blocks.answer_message(answer, engine.catalog)
        counts.append(len(shown))
        chars.append(len(json.dumps(shown, ensure_ascii=False)))
    return counts, chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    files = parser.parse_args().files or [p for p in DEFAULT if p.exists()]
    engine = Engine.load()
    for path in files:
        counts, chars = sizes(engine, path)
        if not counts:
            print(f"{path.name}: no answered questions")
            continue
        p90 = sorted(counts)[int(0.9 * (len(counts) - 1))]
        print(
            f"{path.name}: {len(counts)} answered; blocks median {statistics.median(counts):g}, "
            f"p90 {p90}, max {max(counts)}; over {LIMIT}: {sum(c > LIMIT for c in counts)}; "
            f"JSON chars median {statistics.median(chars):g}"
        )


if __name__ == "__main__":
    main()
