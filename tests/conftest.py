"""Shared fixtures: a click runner, a fresh scope, the document bank checked once per session; and the property
tests' profile.

Hypothesis draws its examples afresh in every run unless told otherwise, so a rare example can fail one CI run of
unchanged code and pass the next (it happened: max(∛y, sec π), which SymPy cannot rebuild at a point, drawn once in
hundreds of runs). The test command is a gate — a red run does not land — so by default the examples are derived
from each test alone (``derandomize``): the same every run, and a failure is a failure of the code in hand.
``HYPOTHESIS_PROFILE=explore`` draws new examples each run, for looking for such cases on purpose.
"""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from hypothesis import settings

from checker import Scope, check_questions

settings.register_profile("gate", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gate"))


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
