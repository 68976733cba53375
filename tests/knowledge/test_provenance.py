"""Every entry says where its meaning comes from; the codes added from providers' pages answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from hangup_bot.answers.engine import Engine
from hangup_bot.knowledge.loader import check_catalog
from hangup_bot.render.card import card, link_buttons
from hangup_bot.render.terminal import render
from hangup_bot.render.wording import entry_dict

ROWS = yaml.safe_load((Path(__file__).parents[1] / "data" / "sourced_codes.yml").read_text())
DIALSTATUS = [
    "CHANUNAVAIL",
    "CONGESTION",
    "NOANSWER",
    "BUSY",
    "CANCEL",
    "ANSWER",
    "DONTCALL",
    "TORTURE",
    "INVALIDARGS",
]
# Families written beyond the seed pages: each entry names its own page, not a file default.
OWN_REFERENCE = ("twilio", "asterisk")
NEWER_RETELL = ["no_concurrency_fallback", "transfer_bridged", "transfer_cancelled"]


def test_shipped_catalog_has_a_reference_on_every_entry():
    _catalog, errors = check_catalog(require_references=True)
    assert [str(e) for e in errors] == []


@pytest.mark.parametrize("provider", OWN_REFERENCE)
def test_every_twilio_and_asterisk_entry_has_a_dated_reference(engine, provider):
    for entry in engine.catalog.of(provider):
        ref = entry.reference
        assert ref is not None, entry.id
        assert ref.url.startswith("https://") and ref.title and ref.read >= "2026-01-01", entry.id


def test_twilio_error_entries_link_their_own_error_page(engine):
    """A per-code page is the card's Docs link; codes read from the dictionary still link theirs."""
    for entry in engine.catalog.of("twilio"):
        if entry.number is None:
            continue
        assert entry.docs == f"https://www.twilio.com/docs/api/errors/{entry.code}", entry.id
        if entry.reference.per_code:
            assert entry.reference.url == entry.docs, entry.id


@pytest.mark.parametrize("code", NEWER_RETELL)
def test_newer_retell_values_name_a_page_other_than_the_seed(engine, code):
    ref = engine.catalog.get(f"retell:{code}").reference
    seed = engine.catalog.get("retell:user_hangup").reference
    assert ref is not None and ref != seed


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_added_code_answers_by_code_as_the_top_match_with_its_links(engine, row):
    provider, code = row["id"].split(":", 1)
    matches = [m.entry for m in engine.answer(f"{provider} {code}").matches]
    # a TeXML status spelled like a Call Control cause (no-answer, no_answer) may share the top
    top = next(e for e in matches[: 2 if row.get("twin") else 1] if e.id == row["id"])
    assert (top.id, top.cause) == (row["id"], row["cause"])
    assert top.reference is not None
    assert set(row["related"]) <= {r.id for r in top.related}


def test_asterisk_has_every_dialstatus_and_hangupcause_reads_as_q850(engine):
    assert sorted(e.code for e in engine.catalog.of("asterisk")) == sorted(DIALSTATUS)
    assert {r["id"] for r in ROWS if r["id"].startswith("asterisk:")} == {
        f"asterisk:{s}" for s in DIALSTATUS
    }
    answer = engine.answer("asterisk HANGUPCAUSE=34")
    assert answer.matches[0].entry.id in ("sip:NORMAL_CIRCUIT_CONGESTION", "q850:34")


def test_json_carries_the_reference_and_the_card_links_the_code_page(engine):
    entry = engine.catalog.get("twilio:32015")
    data = entry_dict(entry, engine.catalog)
    assert data["reference"] == {
        "url": "https://www.twilio.com/docs/api/errors/32015",
        "title": "Twilio error 32015: Call is terminated due to exceeding maximum call duration",
        "read": "2026-12-01",
        "per_code": True,
    }
    card = render(engine.answer("twilio 32015"), engine.catalog, color=False)
    assert "Docs: https://www.twilio.com/docs/api/errors/32015" in card


def test_a_table_wide_reference_does_not_replace_the_providers_docs_link(engine):
    entry = engine.catalog.get("plivo:3010")
    assert entry.reference.url == entry.docs  # Plivo's hangup-causes page is both
    retell = engine.catalog.get("retell:dial_busy")
    assert retell.docs == engine.catalog.providers["retell"].docs  # the provider's page, as before


def test_vobiz_entries_name_the_vobiz_page_not_plivos(engine):
    for entry in engine.catalog.of("vobiz"):
        assert entry.reference.url == "https://docs.vobiz.ai/concepts/hangup-causes", entry.id


BAD_REFERENCES = [
    ("{url: 'ftp://x', title: T, read: 2026-12-01}", "reference needs url (http or https)"),
    ("{url: 'https://x.example', title: T, read: yesterday}", "read (a date, YYYY-MM-DD)"),
    ("{url: 'https://x.example', title: '', read: 2026-12-01}", "title"),
    ("{url: 'https://x.example', title: T, read: 2026-12-01, page: 3}", "unknown field(s) page"),
    ("{url: 'https://x.example', title: T, read: 2026-12-01, per_code: yes please}", "per_code"),
    ("https://x.example", "reference needs url"),
]


@pytest.mark.parametrize(("value", "message"), BAD_REFERENCES)
def test_a_malformed_reference_is_named_with_its_file_and_entry(catalog_dir, value, message):
    directory = catalog_dir(
        {"ours.yml": f"provider: plivo\nentries:\n  - code: '3010'\n    reference: {value}\n"}
    )
    _catalog, errors = check_catalog([directory])
    texts = [str(e) for e in errors]
    assert any(
        t.startswith(f"{directory}/ours.yml: entry '3010': ") and message in t for t in texts
    ), texts


NEW_PROVIDER = """\
provider: acme
name: Acme Voice
categories: [{id: all, name: All}]
entries:
  - {code: X1, cause: Gone, category: all, description: It ended., severity: expected,
     retry: false, next_steps: [Nothing.]}
  - {code: X2, cause: Here, category: all, description: It ended., severity: expected,
     retry: false, next_steps: [Nothing.],
     reference: {url: "https://acme.example/codes#x2", title: Acme codes, read: 2026-11-30}}
"""


def test_check_reports_entries_without_a_reference_but_loading_still_works(catalog_dir):
    directory = catalog_dir({"acme.yml": NEW_PROVIDER})
    _catalog, errors = check_catalog([directory], require_references=True)
    assert [str(e) for e in errors] == [
        f"{directory}/acme.yml: entry 'X1': no reference: say where its meaning comes from"
    ]
    engine = Engine.load([directory])
    assert engine.catalog.get("acme:X2").reference.read == "2026-11-30"
    assert engine.catalog.get("acme:X1").reference is None


def test_slack_card_links_the_per_code_page_and_a_shared_page_is_only_a_reference(engine):
    buttons = link_buttons(engine.catalog.get("twilio:64105"), engine.catalog)
    docs = [b["url"] for b in buttons if b["text"]["text"] == "Docs"]
    assert docs == ["https://www.twilio.com/docs/api/errors/64105"]
    shared = json.dumps(
        card(engine.catalog.get("asterisk:CHANUNAVAIL"), engine.catalog)
        + link_buttons(engine.catalog.get("asterisk:CHANUNAVAIL"), engine.catalog)
    )
    assert "app_dial.c" not in shared  # a source file is provenance, not a Docs link
