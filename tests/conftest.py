"""Shared fixtures: a click runner, a fresh scope, and the document bank checked once per session."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from checker import Scope, check_questions


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
