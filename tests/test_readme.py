"""The README tells a newcomer the truth: what the tests need, paths that exist in a clone, what
`hangup serve` does at start-up, and a picture of the card the bot really sends."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_first_lines_say_what_the_tests_need_and_which_skip_without_postgresql():
    top = "\n".join(README.splitlines()[:40])
    assert "What the tests need" in top and "PostgreSQL is optional" in top
    assert "TEST_DATABASE_URL=postgres://" in top
    named = re.findall(r"`(tests/[\w/]+\.py)`", top)
    assert named and all((ROOT / path).exists() for path in named)


def test_example_paths_exist_in_a_clone():
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    paths = [
        word
        for block in blocks
        for line in block.splitlines()
        for word in line.split("#")[0].split()
        if re.match(r"^(bench|tests|docs|catalog)/[\w./-]+$", word)
    ]
    assert "bench/sample_queries.jsonl" in paths
    assert [p for p in paths if not (ROOT / p).exists()] == []
    assert "hangup eval ../shared" not in README


def test_serve_says_it_checks_the_token_at_start_up_and_takes_host():
    assert "checks the token with Slack" in README and "`--host" in README


def test_the_card_picture_shows_what_the_slash_command_sends():
    shown = json.loads((ROOT / "tests/fixtures/blocks/slash_code.json").read_text("utf-8"))
    picture = README[README.index("In Slack, `/hangup 3010`") :]
    picture = picture[: picture.index("```\n", picture.index("```text") + 7)]
    assert shown[0]["text"]["text"] in picture
    for field in shown[1]["fields"][:4]:
        assert field["text"].replace("*", "") in " ".join(picture.split())
    buttons = [e["text"]["text"] for e in shown[6]["elements"]]
    assert " ".join(f"[ {b} ]" for b in buttons) in picture
