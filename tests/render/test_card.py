"""The answer card: verdict first, one best answer, links, and user text shown as typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hangup_bot.render import blocks
from hangup_bot.render.links import docs_link

ROOT = Path(__file__).resolve().parents[2]
REAL_DEV = ROOT.parent / "shared" / "eval" / "real_dev.jsonl"
MAX_ANSWER_BLOCKS = 12


def shown(engine, query: str, **options) -> list[dict]:
    return blocks.answer_message(engine.answer(query), engine.catalog, **options)[1]


def texts(block: dict) -> list[str]:
    if "fields" in block:
        return [f["text"] for f in block["fields"]]
    if "text" in block:
        return [block["text"]["text"]]
    return [
        e["text"] if isinstance(e["text"], str) else e["text"]["text"] for e in block["elements"]
    ]


def test_the_first_line_after_the_title_is_the_verdict_in_bold_fields(engine):
    first, verdict = shown(engine, "3010")[:2]
    assert first["type"] == "header" and verdict["type"] == "section"
    assert texts(verdict)[:3] == [
        "*Ended by:* Call recipient",
        "*Needs action:* No, the called party decided",
        "*Retry:* can help",
    ]


@pytest.mark.skipif(not REAL_DEV.exists(), reason="the shared eval set is not next to this clone")
def test_plain_words_answers_to_the_real_dev_questions_fit_in_twelve_blocks(engine):
    counts = []
    for line in REAL_DEV.read_text(encoding="utf-8").splitlines():
        query = json.loads(line)["query"]
        counts.append(len(shown(engine, query, share=True, shared_by="U1")))
    assert len(counts) > 100
    assert max(counts) <= MAX_ANSWER_BLOCKS


def test_other_possibilities_are_a_compact_list_with_a_button_each(engine):
    answer = engine.answer("calls drop after a minute of silence")
    assert len(answer.matches) > 1
    cards = blocks.answer_message(answer, engine.catalog)[1]
    assert sum(b["type"] == "header" for b in cards) == 1
    listing = next(b for b in cards if "*Other possibilities*" in "".join(texts(b)))
    buttons = cards[cards.index(listing) + 1]["elements"]
    assert [b["value"] for b in buttons] == [m.entry.id for m in answer.matches[1:6]]


def test_a_twilio_error_links_to_its_own_page_and_the_call_logs(engine):
    entry = engine.catalog.get("twilio:13227")
    assert docs_link(entry, engine.catalog) == "https://www.twilio.com/docs/api/errors/13227"
    links = {
        e["text"]["text"]: e["url"]
        for b in shown(engine, "twilio 13227")
        if b["type"] == "actions"
        for e in b["elements"]
        if "url" in e
    }
    assert links == {
        "Open call logs": "https://console.twilio.com/us1/monitor/logs/calls",
        "Docs": "https://www.twilio.com/docs/api/errors/13227",
    }


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("plivo 3010", "https://www.plivo.com/docs/voice/troubleshooting/hangup-causes"),
        ("vobiz 3010", "https://docs.vobiz.ai/concepts/hangup-causes"),
        ("retell dial_busy", "https://docs.retellai.com/reliability/debug-call-disconnect"),
        (
            "bolna Call recipient was busy",
            "https://www.bolna.ai/docs/list-phone-call-hangup-status",
        ),
    ],
)
def test_each_seeded_provider_links_its_hangup_page(engine, query, page):
    entry = engine.answer(query).matches[0].entry
    assert docs_link(entry, engine.catalog) == page


def test_an_entrys_own_docs_come_before_the_providers(engine, catalog_dir):
    from hangup_bot.knowledge.loader import load_catalog

    ours = catalog_dir(
        {
            "t.yml": 'provider: twilio\nentries:\n  - code: "13227"\n    docs: https://wiki.example/13227\n'
        }
    )
    catalog = load_catalog([ours])
    assert docs_link(catalog.get("twilio:13227"), catalog) == "https://wiki.example/13227"


def test_the_same_event_is_one_context_line(engine):
    cards = shown(engine, "3010")
    [line] = [b for b in cards if b["type"] == "context" and "*Same event:*" in texts(b)[0]]
    assert (
        "SIP / FreeSWITCH USER_BUSY" in texts(line)[0] and "Retell AI dial_busy" in texts(line)[0]
    )


def test_the_asked_line_shows_the_question_as_typed(engine):
    cards = shown(engine, "why *bold* _it_ 3010", shared_by="U1")
    asked = texts(cards[-1])[0]
    assert asked == "Shared by <@U1> · asked: `why *bold* _it_ 3010`"


def test_a_long_question_is_cut_when_echoed(engine):
    cards = shown(engine, "zzqx " * 100)
    echoed = texts(cards[0])[0]
    assert echoed.endswith("…`.") and len(echoed) < 200


def test_sip_causes_say_where_to_look_on_a_switch_not_in_a_console(engine):
    where = next(t for b in shown(engine, "sip 486") for t in texts(b) if "*Where to look*" in t)
    assert where.splitlines()[1].startswith("FreeSWITCH → fs_cli")
    assert "sngrep" in where and "CDR" in where
    assert "\nConsole → Voice → Logs → Calls" not in where
