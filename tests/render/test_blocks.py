"""Block Kit rendering: within Slack's limits for every entry, and inert user text."""

from __future__ import annotations

import json

import pytest

from hangup_bot.answers.engine import Answer
from hangup_bot.answers.matching import Match
from hangup_bot.render import blocks


def within_limits(shown: list[dict]) -> None:
    assert len(shown) <= blocks.MAX_BLOCKS
    for block in shown:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= blocks.MAX_HEADER
        if block["type"] == "section" and "text" in block:
            assert len(block["text"]["text"]) <= blocks.MAX_SECTION
        if block["type"] == "section" and "fields" in block:
            assert len(block["fields"]) <= 10
            assert all(len(f["text"]) <= 2000 for f in block["fields"])
        if block["type"] == "context":
            assert all(len(e["text"]) <= blocks.MAX_SECTION for e in block["elements"])
        if block["type"] == "actions":
            assert len(block["elements"]) <= 25
            assert len({e["action_id"] for e in block["elements"]}) == len(block["elements"])
            for element in block["elements"]:
                assert len(element["text"]["text"]) <= 75
                assert len(element.get("value", "")) <= 2000


def test_every_catalog_entry_renders_within_block_kit_limits(engine):
    for entry in engine.catalog.entries.values():
        answer = Answer(entry.id, (Match(entry, "exact code"),))
        text, shown = blocks.answer_message(answer, engine.catalog, share=True)
        within_limits(shown)
        assert text and shown[0]["type"] == "header"


@pytest.mark.parametrize("provider", [None, "plivo", "sip", "q850", "nope"])
def test_lists_render_within_limits(engine, provider):
    within_limits(blocks.list_message(engine.catalog, provider)[1])


def test_home_view_renders_within_limits(engine):
    view = blocks.home_view(engine.catalog)
    within_limits(view["blocks"])
    assert view["type"] == "home"


def test_many_codes_render_one_card_and_a_button_for_each_other(engine):
    _text, shown = blocks.answer_message(
        engine.answer("3010 6020 3130 2030 7011 8011"), engine.catalog
    )
    within_limits(shown)
    assert sum(b["type"] == "header" for b in shown) == 1
    assert "more: " in json.dumps(shown)
    [others] = [b for b in shown if b["type"] == "actions" and "show_cause_0" in json.dumps(b)]
    assert len(others["elements"]) == blocks.MAX_OTHERS


@pytest.mark.parametrize(
    "hostile", ["<!channel>", "<!here|here>", "<@U123>", "<#C1>", "<http://x.example|y>", "a & b"]
)
def test_user_text_is_escaped_everywhere(engine, hostile):
    for answer in (engine.answer(hostile + " zzqx"), engine.answer(f"{hostile} 6020")):
        text, shown = blocks.answer_message(answer, engine.catalog, share=True, shared_by="U1")
        displayed = [b for b in shown if b["type"] != "actions"]  # a button's value is not shown
        rendered = json.dumps(displayed) + text
        assert hostile not in rendered


def test_escape_neutralises_slack_control_characters():
    assert blocks.escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
