"""Voice-AI costs in-process: verifying a Telnyx Ed25519 signature and a Vapi HMAC next to
Plivo's V3 HMAC (the baseline), and answering Vapi values exactly vs through their family.

    python -m bench.voice_ai [--rounds N]

Prints median and p99 per kind. Not a test: figures go in the closing note.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from bench.stats import summary
from hangup_bot.alerts import signatures, telnyx, vapi
from hangup_bot.answers.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from providers import (
    plivo_hangup,
    sign_plivo,
    sign_telnyx,
    sign_vapi,
    telnyx_hangup,
    telnyx_keys,
    vapi_report,
)


def timed(check, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        assert check()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    print(f"{name:<34} n={len(samples):>6}  {summary(samples, 'ms')}")


def request(body: bytes, headers: dict[str, str]) -> SimpleNamespace:
    lowered = {k.lower(): v for k, v in headers.items()}
    return SimpleNamespace(body=body, header=lambda name: lowered.get(name.lower(), ""))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2000)
    rounds = parser.parse_args().rounds
    url = "https://bot.example.com/webhooks/plivo"
    params = plivo_hangup("3010")
    _body, plivo_headers = sign_plivo(url, params, "token")
    nonce, signed = (
        plivo_headers["X-Plivo-Signature-V3-Nonce"],
        plivo_headers["X-Plivo-Signature-V3"],
    )
    report(
        "plivo V3 HMAC (baseline)",
        timed(
            lambda: signatures.plivo_v3_valid("token", "POST", url, params, nonce, signed), rounds
        ),
    )
    vapi_request = request(*sign_vapi(vapi_report(), "secret"))
    report("vapi HMAC", timed(lambda: vapi.verified(vapi_request, "secret"), rounds))
    key, public = telnyx_keys()
    telnyx_request = request(*sign_telnyx(telnyx_hangup(), key))
    report(
        "telnyx Ed25519 (cryptography)",
        timed(lambda: telnyx.verified(telnyx_request, public), rounds),
    )
    raw = telnyx_request.body
    stamp = telnyx_request.header("telnyx-timestamp")
    signature = base64.b64decode(telnyx_request.header("telnyx-signature-ed25519"))
    message = f"{stamp}|".encode() + raw
    report(
        "telnyx Ed25519 (PyNaCl, reference)",
        timed(lambda: key.verify_key.verify(message, signature), rounds),
    )
    engine = Engine.load()
    engine.answer("warm up")
    values = (
        (Path(__file__).resolve().parents[1] / "tests/fixtures/vapi_ended_reasons.txt")
        .read_text()
        .split()
    )
    exact = [f"vapi {v}" for v in values]
    newer = [f"vapi pipeline-error-newco{i}-llm-failed" for i in range(len(values))]
    samples = []
    for query in exact:
        start = time.perf_counter()
        engine.answer(query)
        samples.append((time.perf_counter() - start) * 1000)
    report("vapi value, exact entry", samples)
    samples = []
    for query in newer:
        start = time.perf_counter()
        assert engine.answer(query).matches[0].entry.family
        samples.append((time.perf_counter() - start) * 1000)
    report("vapi value newer than the catalog", samples)
    print(json.dumps({"vapi_values": len(values), "catalog_entries": len(engine.catalog)}))


if __name__ == "__main__":
    main()
