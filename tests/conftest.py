"""Shared fixtures. Keep this small: fixtures used by one test module belong in that module."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_7ba69945cb43b524.txt"

# Variables that would let a developer's shell change what a test sees.
_ENV_VARS = (
    "OPENAI_BASE_URL",
    "OPENAI_API_KEY",
    "SUMMARIZER_MODEL",
    "SUMMARIZER_MODE",
    "SUMMARIZER_STRATEGY",
    "SUMMARIZER_TIMEOUT",
    "SUMMARIZER_MAX_TOKENS",
    "SUMMARIZER_CONFIG",
)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """No test reads the user's cache, config file or endpoint settings."""
    for name in _ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path_factory.mktemp("env")
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    yield


@pytest.fixture
def seed_path() -> Path:
    """A seed report (a real document with curly quotes, dashes and quotations)."""
    return SEED


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
