"""Shared fixtures: a click runner, a fresh scope, the document bank checked once per session."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from checker import Scope, check_questions


@pytest.fixture(autouse=True)
def private_cache_home(tmp_path_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Runs never write into the developer's own ~/.cache, and each test's `verify` really checks (no run
    replayed from an earlier test; tests/test_speed_caches.py turns the run cache on where it is the subject)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("VERIFY_REPLAY", "0")


@pytest.fixture(scope="session", autouse=True)
def shipped_parse_cache() -> None:
    """Library calls in tests read the shipped LaTeX parse cache, as the CLI does."""
    from checker.notation.latex import use_caches
    from checker.notation.latex.cache import ParseCache
    from derivations import PARSE_CACHE

    use_caches(ParseCache(PARSE_CACHE, writable=False))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def scope() -> Scope:
    return Scope()


@pytest.fixture(scope="session")
def bank_results():  # type: ignore[no-untyped-def]
    from derivations import bank

    return {r.question.id: r for r in check_questions(bank())}
