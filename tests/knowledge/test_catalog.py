"""The shipped catalog: complete against the seed pages, linked both ways, provider-true."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import seedtables

from hangup_bot.knowledge.entries import SEVERITIES

FIXTURE = json.loads((Path(__file__).parents[1] / "fixtures" / "seed_causes.json").read_text())
SEED_CAUSES = [tuple(row) for row in FIXTURE["causes"]]


@pytest.mark.skipif(not seedtables.SEEDS.is_dir(), reason="../shared/seeds is not here")
def test_committed_fixture_matches_the_seed_pages():
    """The fixture is the seed tables, so the coverage test also runs in a plain clone."""
    assert {
        "causes": seedtables.seed_causes(),
        "bolna_hangup_by": seedtables.bolna_statuses(),
    } == FIXTURE


def test_seed_tables_have_the_expected_size():
    counts = {}
    for provider, _code, _cause in SEED_CAUSES:
        counts[provider] = counts.get(provider, 0) + 1
    assert counts == {"plivo": 53, "vobiz": 54, "sip": 17, "bolna": 23, "retell": 29}


@pytest.mark.parametrize(("provider", "code", "cause"), SEED_CAUSES, ids=lambda v: str(v))
def test_every_seed_cause_answers_by_its_code_as_the_top_match(engine, provider, code, cause):
    query = f'{provider} "{code}"' if " " in code else f"{provider} {code}"
    answer = engine.answer(query)
    assert answer.matches, query
    top = answer.matches[0].entry
    assert (top.provider, top.code, top.cause) == (provider, code, cause)


def test_vobiz_answers_name_vobiz_and_never_plivo(engine):
    for entry in engine.catalog.of("vobiz"):
        text = " ".join([entry.cause, entry.description, *entry.next_steps, entry.source or ""])
        assert "plivo" not in text.lower(), entry.id
        assert "plivo" not in (entry.docs or ""), entry.id
    vobiz = engine.catalog.provider("vobiz")
    assert "support@vobiz.ai" in vobiz.support
    assert vobiz.source("Vobiz") is not None and vobiz.source("Plivo") is None


def test_vobiz_inherits_plivo_and_adds_5030(engine):
    catalog = engine.catalog
    assert {e.code for e in catalog.of("vobiz")} == {e.code for e in catalog.of("plivo")} | {"5030"}
    assert catalog.get("vobiz:3010").related[0].id == "plivo:3010"
    assert catalog.category_of(catalog.get("vobiz:5030")).range == (5000, 5030)
    assert catalog.category_of(catalog.get("plivo:5010")).range == (5000, 5020)


def test_plivo_categories_and_hangup_sources_are_all_there(engine):
    plivo = engine.catalog.provider("plivo")
    assert [c.label for c in plivo.categories] == [
        "Normal Completions (4000-4030)",
        "Canceled Calls (1000-1020)",
        "Destination Issues (2000-2070)",
        "Call Rejections (3000-3050)",
        "Carrier Errors (3070-3140)",
        "System Errors (5000-5020)",
        "Timeouts (6000-6020)",
        "URL Errors (7011-7034)",
        "XML Errors (8011-8014)",
        "Special Cases (9000-9110)",
    ]
    assert [s.name for s in plivo.sources] == [
        "Caller",
        "Call recipient",
        "Plivo",
        "Carrier",
        "API Request",
        "Answer XML",
        "Error",
        "Unknown",
    ]


def test_bolna_hangup_by_statuses_carry_their_codes_and_direction(engine):
    bolna = engine.catalog.provider("bolna")
    assert [[s.name, list(s.codes)] for s in bolna.sources] == FIXTURE["bolna_hangup_by"]
    assert bolna.source("Callee").direction == "outbound"
    assert bolna.source("Caller").direction == "inbound"


def test_retell_has_call_status_and_the_newer_and_legacy_reasons(engine):
    retell = {e.code: e for e in engine.catalog.of("retell")}
    for newer in (
        "no_concurrency_fallback",
        "transfer_bridged",
        "transfer_cancelled",
        "manual_stopped",
        "call_take_over",
    ):
        assert newer in retell and not retell[newer].deprecated
    for legacy in (
        "machine_detected",
        "error_twilio",
        "error_frontend_corrupted_payload",
        "error_inbound_webhook",
    ):
        assert retell[legacy].deprecated
    assert {e.call_status for e in retell.values()} == {"ended", "not_connected", "error"}
    assert retell["dial_busy"].call_status == "not_connected"


def test_every_entry_is_complete(engine):
    for entry in engine.catalog.entries.values():
        assert entry.description and entry.next_steps, entry.id
        assert entry.severity in SEVERITIES, entry.id
        if engine.catalog.provider(entry.provider).calls_path:
            assert entry.console_paths and all(entry.console_paths), entry.id
        assert entry.aliases, entry.id


def test_links_are_two_way_and_point_at_real_entries(engine):
    catalog = engine.catalog
    for entry in catalog.entries.values():
        for ref in entry.related:
            other = catalog.get(ref)
            assert other is not None, (entry.id, ref.id)
            assert entry.ref in other.related, (entry.id, ref.id)


def test_busy_is_one_event_across_providers(engine):
    related = {r.id for r in engine.catalog.get("plivo:3010").related}
    assert {"sip:USER_BUSY", "retell:dial_busy", "bolna:Call recipient was busy"} <= related
