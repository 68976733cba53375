"""A picture of every Slack surface: the Block Kit each one sends, kept as JSON fixtures in
tests/fixtures/blocks/. A change to a card shows up here as a diff; after checking it, rewrite
the fixtures with `HANGUP_WRITE_FIXTURES=1 pytest tests/render/test_surfaces.py`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hangup_bot.render import blocks
from hangup_bot.render import feedback as feedback_view

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "blocks"
ROWS = [
    {
        "id": 1,
        "query": "calls die at *2 minutes*",
        "answer": ["sip:MEDIA_TIMEOUT", "plivo:6020"],
        "surface": "mention",
        "user_id": "U42",
        "created_at": 1700000000.0,
    }
]


def surfaces(engine) -> dict[str, object]:
    catalog = engine.catalog
    return {
        "slash_code": blocks.answer_message(
            engine.answer("3010"), catalog, share=True, surface="slash"
        )[1],
        "mention_plain_words": blocks.answer_message(
            engine.answer("calls drop after a minute of silence"), catalog, surface="mention"
        )[1],
        "shared_in_channel": blocks.answer_message(
            engine.answer("twilio 13227"), catalog, shared_by="U42", surface="shared"
        )[1],
        "private_other_possibility": blocks.cause_message(catalog.get("vobiz:3010"), catalog)[1],
        "nothing_matched": blocks.answer_message(
            engine.answer("which tts voice is best"), catalog, surface="slash"
        )[1],
        "greeting": blocks.help_message(greeting=True)[1],
        "app_home": blocks.home_view(catalog),
        "feedback": feedback_view.message(ROWS, 1)[1],
    }


@pytest.mark.parametrize(
    "name",
    [
        "slash_code",
        "mention_plain_words",
        "shared_in_channel",
        "private_other_possibility",
        "nothing_matched",
        "greeting",
        "app_home",
        "feedback",
    ],
)
def test_each_surface_sends_the_blocks_of_its_fixture(engine, name):
    rendered = surfaces(engine)[name]
    path = FIXTURES / f"{name}.json"
    if os.environ.get("HANGUP_WRITE_FIXTURES"):
        FIXTURES.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(rendered, indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert rendered == json.loads(path.read_text(encoding="utf-8"))
