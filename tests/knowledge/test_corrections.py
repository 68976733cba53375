"""Entries corrected against the providers' own pages: each test pins the corrected meaning."""

from __future__ import annotations

import pytest


def text(entry) -> str:
    return " ".join([entry.cause, entry.description, *entry.next_steps, entry.note or ""])


def test_no_concurrency_fallback_is_a_handoff_to_the_fallback_number_not_a_refusal(engine):
    entry = engine.catalog.get("retell:no_concurrency_fallback")
    assert entry.retry is False and entry.call_status == "ended"
    assert "fallback number" in entry.description and "40 seconds" in entry.description
    assert "concurrency_limit_reached" in entry.description
    assert not any(step.lower().startswith("retry") for step in entry.next_steps)
    assert entry.reference.url == "https://docs.retellai.com/deploy/inbound-call"


def test_11205_is_the_timeout_and_points_at_11210_and_11220(engine):
    entry = engine.catalog.get("twilio:11205")
    assert "10 seconds" in entry.description and "15 seconds" in entry.description
    assert "11210" in entry.description and "11220" in entry.description
    assert "TLS handshake fails" not in entry.description
    assert engine.catalog.get("twilio:11210").cause == "HTTP bad host name"
    assert engine.catalog.get("twilio:11220").cause == "SSL/TLS Handshake Error"


@pytest.mark.parametrize("code", ["13225", "21216"])
def test_blocked_destination_lists_twilios_three_causes_only(engine, code):
    entry = engine.catalog.get(f"twilio:{code}")
    body = text(entry)
    assert "fraud" in body and "regulation" in body and "Primary Customer Profile" in body
    assert "Trust Hub" in body
    assert "premium" not in body.lower()


def test_13214_names_the_allowed_caller_ids_and_the_inbound_carrier_cause(engine):
    entry = engine.catalog.get("twilio:13214")
    assert "calling number, the called number or a verified" in entry.description
    assert "inbound call whose carrier sent an invalid caller ID" in entry.description
    assert "customer's number" not in text(entry)


@pytest.mark.parametrize(
    ("code", "name"),
    [("45", "PRE_EMPTED"), ("52", "OUTGOING_CALL_BARRED"), ("54", "INCOMING_CALL_BARRED")],
)
def test_q850_values_freeswitch_keeps_say_they_are_not_itu_causes(engine, code, name):
    entry = engine.catalog.get(f"q850:{code}")
    assert entry.description.startswith("Not a cause of ITU-T Q.850 itself")
    assert name in entry.description
    assert (
        entry.reference.url
        == "https://developer.signalwire.com/freeswitch/reference/hangup-causes/"
    )


def test_52_and_54_point_at_the_closed_user_group_bars(engine):
    assert "53 is the closed-user-group bar" in engine.catalog.get("q850:52").description
    assert "55 is the closed-user-group bar" in engine.catalog.get("q850:54").description


def test_sip_437_carries_its_rfc_8224_name(engine):
    entry = engine.catalog.get("sip:437")
    assert entry.cause == "Unsupported Credential"
    assert "RFC 8224" in entry.description and "rfc8224" in entry.reference.url
    assert "sip:437" in [m.entry.id for m in engine.answer("sip 437").matches[:2]]


def test_telnyx_time_limit_says_the_default_is_the_maximum(engine):
    entry = engine.catalog.get("telnyx:time_limit")
    assert "4 hours" in entry.description and "most it can be set to" in entry.description
    assert any("cannot go higher" in step for step in entry.next_steps)


def test_error_inbound_webhook_is_the_dynamic_variables_request(engine):
    entry = engine.catalog.get("retell:error_inbound_webhook")
    assert "dynamic variables" in entry.description and "From the name" not in entry.description


@pytest.mark.parametrize(
    "code", ["transfer_bridged", "transfer_cancelled", "manual_stopped", "call_take_over"]
)
def test_retell_values_without_a_description_say_so_and_cite_the_sdk(engine, code):
    entry = engine.catalog.get(f"retell:{code}")
    assert "Retell lists the value but does not describe" in entry.description
    assert "retell-python-sdk" in entry.reference.url


def test_telnyx_shows_no_unconfirmed_console_path(engine):
    for entry in engine.catalog.of("telnyx"):
        assert ("Mission Control", "Call Detail Records") not in entry.console_paths, entry.id
