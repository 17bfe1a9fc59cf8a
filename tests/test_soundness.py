"""Soundness traps: identities that hold only under positivity, near-equalities, unsound shortcuts."""

from __future__ import annotations

import pathlib
import re

import pytest
import sympy as sp

from checker import Scope, Status, check


@pytest.mark.parametrize(
    ("domain", "expected"),
    [("real", Status.REFUTED), ("positive", Status.PROVED)],
    ids=["real-refuted", "positive-proved"],
)
def test_log_of_product_depends_on_positivity(domain: str, expected: Status) -> None:
    """log(ab) = log a + log b is false for real a, b and true for positive ones."""
    scope = Scope()
    a, b = getattr(scope, domain)("a"), getattr(scope, domain)("b")
    verdict = check(scope.identity(sp.log(a * b), sp.log(a) + sp.log(b), "log(ab) = log a + log b"))
    assert verdict.status is expected
    if expected is Status.REFUTED:
        assert verdict.counterexample is not None
        assert verdict.counterexample.assignment() == {"a": "-1", "b": "-1"}
        assert "the right side is undefined (logarithm of a non-positive number" in verdict.counterexample.note


@pytest.mark.parametrize(("domain", "expected"), [("real", Status.REFUTED), ("positive", Status.PROVED)],
                         ids=["real-refuted", "positive-proved"])
def test_sqrt_of_square_depends_on_sign(domain: str, expected: Status) -> None:
    scope = Scope()
    x = getattr(scope, domain)("x")
    assert check(scope.identity(sp.sqrt(x**2), x, "√(x²) = x")).status is expected


def test_power_rule_for_logs_needs_positive_base(scope: Scope) -> None:
    """log(x²) = 2 log x fails at x = −1 for real x."""
    x = scope.real("x")
    verdict = check(scope.identity(sp.log(x**2), 2 * sp.log(x), "log x² = 2 log x"))
    assert verdict.status is Status.REFUTED
    assert verdict.counterexample is not None and verdict.counterexample.assignment() == {"x": "-1"}


def test_near_equality_of_rationals_is_refuted_exactly(scope: Scope) -> None:
    """(x+1)² and x² + 2x + 1 + 10⁻³⁰ differ by less than double precision can see; exact arithmetic sees it."""
    x = scope.real("x")
    verdict = check(scope.identity((x + 1) ** 2, x**2 + 2 * x + 1 + sp.Rational(1, 10**30), "near miss"))
    assert verdict.status is Status.REFUTED
    assert verdict.counterexample is not None and verdict.counterexample.assignment() == {"x": "0"}


def test_near_equality_is_refuted_at_higher_precision(scope: Scope) -> None:
    """x + e^{π√163} and x + 262537412640768744 differ by 7.5·10⁻¹³ next to 2.6·10¹⁷: 53 bits cannot tell."""
    x = scope.real("x")
    verdict = check(scope.identity(x + sp.exp(sp.pi * sp.sqrt(163)), x + 262537412640768744, "near miss"))
    assert verdict.status is Status.REFUTED
    assert verdict.counterexample is not None and "113 bits" in verdict.counterexample.note


@pytest.mark.parametrize(
    ("relation", "expected"),
    [("<", Status.PROVED), (">=", Status.REFUTED)],
    ids=["below-proved", "above-refuted"],
)
def test_comparison_near_an_integer_threshold(relation: str, expected: Status, scope: Scope) -> None:
    """exp(π√163) falls 7.5·10⁻¹³ short of an integer: interval arithmetic at rising precision decides."""
    claim = scope.compare((sp.exp(sp.pi * sp.sqrt(163)), relation, 262537412640768744), text="Ramanujan")
    assert check(claim).status is expected


def test_threshold_given_as_exact_decimal(scope: Scope) -> None:
    """0.9 written as Rational('0.9') is exactly 9/10; a value at the threshold is not below it."""
    claim = scope.compare((sp.Rational(9, 10), "<", sp.Rational("0.9")), text="0.9 < 0.9")
    verdict = check(claim)
    assert verdict.status is Status.REFUTED


def test_positive_claim_not_proved_on_a_real_domain(scope: Scope) -> None:
    """exp(log x) = x is meaningful only for x > 0; on a log-free real claim the checker does not guess."""
    x, y = scope.real("x"), scope.real("y")
    verdict = check(scope.identity(sp.exp(x) * sp.exp(y), sp.exp(x + y), "exp(x)exp(y) = exp(x+y)"))
    assert verdict.status is Status.PROVED and verdict.exact


def test_engine_never_uses_unsound_shortcuts() -> None:
    """Expr.equals, forced rewrites and numeric is_zero never appear in the engine's source."""
    source = "\n".join(p.read_text() for p in pathlib.Path(__file__).parents[1].joinpath("checker").rglob("*.py"))
    assert not re.search(r"\.equals\(", source)
    assert "force=True" not in source
    assert not re.search(r"\.is_zero\b", source)
    assert not re.search(r"\bevalf\(", source)
