from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from hangup_bot.answers import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.load()


@pytest.fixture
def catalog_dir(tmp_path: Path):
    """Write YAML files into a fresh directory: catalog_dir({"name.yml": "yaml text"})."""

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return tmp_path

    return write
