"""What the answer engine returns for each kind of question (table: tests/data/lookups.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

TABLE = yaml.safe_load((Path(__file__).parents[1] / "data" / "lookups.yml").read_text())


@pytest.mark.parametrize("row", TABLE, ids=[row["q"] or "<empty>" for row in TABLE])
def test_lookup_table(engine, row):
    ids = [m.entry.id for m in engine.answer(row["q"]).matches]
    if row.get("none"):
        assert ids == []
    else:
        assert ids[: len(row["top"])] == row["top"]


def test_unknown_code_in_known_range_names_the_range_and_suggests_neighbours(engine):
    answer = engine.answer("7015")
    assert answer.matches == ()
    assert answer.notes == (
        "7015 is not a Plivo hangup code; it lies in the range of URL Errors (7011-7034).",
    )
    assert [e.id for e in answer.suggestions] == ["plivo:7014", "plivo:7013", "plivo:7012"]


def test_unknown_code_between_ranges_names_both_neighbouring_categories(engine):
    answer = engine.answer("3060")
    assert "between Call Rejections (3000-3050) and Carrier Errors (3070-3140)" in answer.notes[0]
    assert [e.code for e in answer.suggestions][:2] == ["3050", "3070"]


def test_code_nobody_defines_outside_ranges_says_so(engine):
    answer = engine.answer("9999")
    assert answer.matches == ()
    assert answer.notes == ("No provider in the catalog defines code 9999.",)
    assert answer.hint


def test_code_several_providers_define_shows_each_base_provider_first(engine):
    assert [m.entry.provider for m in engine.answer("3010").matches][:2] == ["plivo", "vobiz"]


def test_provider_option_narrows_to_that_provider(engine):
    assert [m.entry.id for m in engine.answer("3010", provider="vobiz").matches] == ["vobiz:3010"]


def test_unknown_provider_option_is_explained(engine):
    answer = engine.answer("3010", provider="acme")
    assert answer.matches == () and "Unknown provider 'acme'" in answer.notes[0]


def test_bolna_4000_explains_hangup_by_and_direction(engine):
    answer = engine.answer("bolna 4000")
    assert answer.matches[0].entry.id == "plivo:4000"
    notes = " ".join(answer.notes)
    assert "hangup_by Callee (outbound calls)" in notes
    assert "hangup_by Caller (inbound calls)" in notes
    assert "hangup_by API Request" in notes


def test_unknown_retell_value_is_answered_gracefully(engine):
    answer = engine.answer("retell error_llm_websocket_timeout")
    assert answer.notes[0].startswith(
        "error_llm_websocket_timeout is not a value of Retell AI that this catalog knows"
    )
    assert all(m.entry.provider == "retell" for m in answer.matches)


def test_nothing_fits_gives_no_matches_and_a_hint(engine):
    answer = engine.answer("which tts voice sounds best for hindi")
    assert answer.matches == () and "6020" in answer.hint


QUESTIONS = yaml.safe_load((Path(__file__).parents[1] / "data" / "questions.yml").read_text())


@pytest.mark.parametrize("row", QUESTIONS, ids=[row["q"] for row in QUESTIONS])
def test_plain_words_questions(engine, row):
    ids = [m.entry.id for m in engine.answer(row["q"]).matches]
    if row.get("none"):
        assert ids == []
    else:
        assert ids, "no answer"
        assert ids[0] in row["first"], ids[:3]
