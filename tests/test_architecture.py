"""The layout holds: imports point down only, and the core knows nothing of Slack, HTTP or SQL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "bot"

# Which of our areas each area may import. An area is a subpackage of bot/ or a module at its
# top. Areas further down the list stand on the ones above them, never the other way.
ALLOWED = {
    "config": set(),
    "knowledge": set(),
    "answers": {"knowledge"},
    "store": {"knowledge"},
    "calls": {"knowledge", "answers", "store", "config"},
    "render": {"knowledge", "answers", "calls"},
    "alerts": {"knowledge", "answers", "store", "config"},
    "reports": {"knowledge", "answers", "store", "config"},
    "slack": {"knowledge", "answers", "render", "alerts", "store", "reports", "calls", "config"},
    "web": {
        "knowledge",
        "answers",
        "render",
        "alerts",
        "store",
        "slack",
        "reports",
        "calls",
        "config",
    },
    "call_command": {"knowledge", "answers", "render", "store", "calls", "config"},
    "dbcommand": {"store", "config"},
    "cli": {
        "knowledge",
        "answers",
        "render",
        "alerts",
        "store",
        "slack",
        "web",
        "reports",
        "calls",
        "call_command",
        "config",
        "dbcommand",
    },
    "__main__": {"cli"},
}
FRAMEWORKS = {"slack_bolt", "slack_sdk", "flask", "sqlalchemy", "gunicorn", "prometheus_client"}
# Third-party libraries each area may import; anything not listed is refused.
CORE = ("config", "knowledge", "answers", "render", "alerts")
SLACK_ONLY = {"slack_bolt", "slack_sdk"}


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


def area_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def modules() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE
    )


def test_every_area_is_named_in_the_rules():
    assert {area_of(p) for p in modules()} <= set(ALLOWED)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_only(path):
    area = area_of(path)
    for target in imports(path):
        if target.startswith("hangup_bot."):
            other = target.split(".")[1]
            assert other == area or other in ALLOWED[area], f"{area} may not import {other}"


@pytest.mark.parametrize("area", CORE)
def test_core_imports_no_framework(area):
    for path in modules():
        if area_of(path) == area:
            bad = {i.split(".")[0] for i in imports(path)} & FRAMEWORKS
            assert not bad, (str(path.relative_to(PACKAGE)), bad)


def test_only_the_slack_package_imports_slack_libraries():
    for path in modules():
        if area_of(path) != "slack":
            assert not {i.split(".")[0] for i in imports(path)} & SLACK_ONLY, path.name


def test_every_subpackage_says_what_it_holds():
    for folder in sorted(p for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"):
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text()))
        assert doc and len(doc) > 40, folder.name


def test_no_module_is_over_250_lines():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in modules()
        if (n := len(p.read_text().splitlines())) > 250
    }
    assert long == {}


def test_no_import_cycles_between_modules():
    graph = {}
    for path in modules():
        name = ".".join(("hangup_bot", *path.relative_to(PACKAGE).with_suffix("").parts))
        graph[name] = {i for i in imports(path) if i.startswith("hangup_bot.")}
    names = set(graph)
    for name in graph:  # `from hangup_bot.store import outbox` names a module too
        graph[name] = {t if t in names else t.rsplit(".", 1)[0] for t in graph[name]} & names
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            assert state.get(nxt) != 1, " -> ".join([*trail, node, nxt])
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_the_top_level_shows_the_architecture():
    tracked = {p.name for p in ROOT.iterdir() if not p.name.startswith(".")}
    assert {"bot", "catalog", "tests", "bench", "docs", "manifest.yml", "Procfile"} <= tracked
    assert "src" not in tracked
