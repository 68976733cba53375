"""Imports point down only, and the core knows nothing of Slack, HTTP or databases."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "hangup_bot"
CORE = {
    "entries",
    "codes",
    "config",
    "events",
    "signatures",
    "schema",
    "loader",
    "wordscore",
    "matching",
    "answers",
    "evaluation",
    "render",
    "terminal",
    "blocks",
    "incident_blocks",
    "intake",
    "policy",
}
FRAMEWORKS = {
    "slack_bolt",
    "slack_sdk",
    "flask",
    "sqlalchemy",
    "gunicorn",
    "requests",
    "prometheus_client",
}
# A module may import modules of a lower layer only.
LAYERS = {
    "entries": 0,
    "codes": 0,
    "config": 0,
    "events": 0,
    "signatures": 0,
    "tables": 0,
    "plain_sql": 0,
    "group_commit": 1,
    "outbox_store": 1,
    "schema": 1,
    "wordscore": 1,
    "policy": 1,
    "store": 1,
    "intake": 1,
    "loader": 2,
    "matching": 2,
    "incident_store": 2,
    "answers": 3,
    "evaluation": 3,
    "render": 4,
    "alerts": 4,
    "terminal": 5,
    "blocks": 5,
    "texts": 5,
    "metrics": 5,
    "incident_blocks": 6,
    "listeners": 7,
    "sender": 7,
    "webhooks": 7,
    "app": 8,
    "http": 8,
    "socket": 9,
    "web": 9,
    "server": 10,
    "cli": 11,
    "__main__": 12,
}


def imports(module: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(module.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module == "hangup_bot":
            found |= {f"hangup_bot.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules() -> dict[str, Path]:
    return {p.stem: p for p in PACKAGE.rglob("*.py") if p.stem != "__init__"}


def test_only_the_slack_package_imports_slack_libraries():
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name != "slack":
            assert not {i for i in imports(path) if i.startswith("slack_")}, path.name


def test_every_module_has_a_layer():
    assert set(modules()) <= set(LAYERS)


def test_core_imports_no_framework():
    for name in CORE:
        bad = {i.split(".")[0] for i in imports(modules()[name])} & FRAMEWORKS
        assert not bad, (name, bad)


def test_imports_point_down_only():
    for name, path in modules().items():
        for target in imports(path):
            if target.startswith("hangup_bot."):
                other = target.split(".")[-1]
                assert LAYERS[other] < LAYERS[name], f"{name} imports {other}"
