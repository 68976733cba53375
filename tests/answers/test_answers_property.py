"""Any text at all gets an answer (possibly empty), never an exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hangup_bot.render.wording import answer_dict

AWKWARD = st.sampled_from(
    [
        "",
        " ",
        "\x00\x01\x02",
        "\u202e3010\u202c",
        "مكالمة مشغولة 3010",
        "שיחה נותקה",
        "🎉📞💥 6020 🎉",
        "A" * 100_000,
        "6020 " * 20_000,
        "\r\n\t" * 1000,
        "_" * 5000,
        "HangupCauseCode=" * 3000,
        "cause " * 5000 + "17",
        "O" * 4000,
        "\ud7ff\ue000\uffff",
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.one_of(
        AWKWARD,
        st.text(max_size=2000),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300),
    )
)
def test_any_text_gets_an_answer_without_raising(engine, text):
    answer = engine.answer(text)
    body = answer_dict(answer, engine.catalog)
    assert body["query"] == text
    assert isinstance(body["matches"], list)
    assert bool(body["matches"]) != bool(body["hint"])


def test_a_huge_question_is_still_answered_by_its_code(engine):
    assert engine.answer("6020 " + "x" * 100_000).matches[0].entry.id == "plivo:6020"


def test_a_cause_at_the_end_of_a_long_paste_is_found(engine):
    assert engine.answer("log line\n" * 5000 + "HangupCause=USER_BUSY").matches[0].entry.id == (
        "sip:USER_BUSY"
    )
