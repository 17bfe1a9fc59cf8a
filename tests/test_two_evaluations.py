"""The certified layer (Arb) and the second look (checker/recheck.py, plain mpmath) read the same semantics: on
random formulas at random exact points, where Arb gives a ball the second evaluation's value lies in it, and where
Arb finds a side undefined the second evaluation finds no value. (A disagreement would withhold a true
counterexample as an internal error: this is the test that keeps there being none.)"""

from __future__ import annotations

import contextlib
import os
import resource
from collections.abc import Iterator
from fractions import Fraction

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.engine.recheck import CannotTell, NoValue, _Walk
from checker.numeric.balls import Uncertain, Undefined, endpoints
from checker.numeric.interval import evaluate
from checker.values.functions import realroot, sigmoid

X, Y = sp.Symbol("x"), sp.Symbol("y")
U = {"evaluate": False}
UNARY = [sp.exp, sp.log, sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.asin, sp.acos, sp.atan, sp.acot, sp.asec,
         sp.acsc, sp.sinh, sp.cosh, sp.tanh, sp.coth, sp.sech, sp.csch, sp.asinh, sp.acosh, sp.atanh, sp.acoth,
         sp.Abs, sp.floor, sp.ceiling, sp.sign, sp.erf, sp.erfc, sp.gamma, sp.loggamma, sigmoid, sp.factorial]


@st.composite
def formulas(draw, depth: int = 3) -> sp.Expr:  # type: ignore[no-untyped-def]
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        leaf = draw(st.sampled_from(["x", "y", "number", "pi"]))
        if leaf == "number":
            return sp.Rational(draw(st.integers(-6, 6)), draw(st.integers(1, 4)))
        return {"x": X, "y": Y, "pi": sp.pi}[leaf]
    kind = draw(st.sampled_from(["unary", "add", "mul", "pow", "root", "div", "max"]))
    a = draw(formulas(depth - 1))
    if kind == "unary":
        return draw(st.sampled_from(UNARY))(a, **U)
    b = draw(formulas(depth - 1))
    if kind == "add":
        return sp.Add(a, b, **U)
    if kind == "mul":
        return sp.Mul(a, b, **U)
    if kind == "div":
        return sp.Mul(a, sp.Pow(b, -1, **U), **U)
    if kind == "max":
        try:
            return sp.Max(a, b, **U)
        except (ZeroDivisionError, TypeError, ValueError):
            # even unevaluated, Max orders its arguments by their numeric values, and SymPy's evalf of one with a
            # pole (coth 0) fails: such an input is not a formula this test can be given
            return sp.Add(a, b, **U)
    if kind == "root":
        return realroot(a, 3, **U)
    exponent = draw(st.sampled_from([sp.Integer(2), sp.Integer(-1), sp.Rational(1, 2), sp.Rational(-2, 3), b,
                                     sp.Pow(4, sp.Rational(1, 2), **U), realroot(X, 3, **U)]))  # √4 is the integer 2
    return sp.Pow(a, exponent, **U)


POINT = st.fractions(min_value=-3, max_value=3, max_denominator=6)


@contextlib.contextmanager
def _capped(megabytes: int = 3072) -> Iterator[None]:
    """This process's address space capped at what it uses now plus ``megabytes`` for one example, as a worker's
    is when the checker evaluates: an example that needs more raises MemoryError instead of exhausting the
    machine (the test suite was once killed by the kernel's OOM killer at 24 GB inside this test)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm", encoding="ascii") as statm:
        used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = used + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit if soft == resource.RLIM_INFINITY else min(limit, soft), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@settings(max_examples=400, deadline=None)
@given(expr=formulas(), x=POINT, y=POINT)
def test_the_second_evaluation_agrees_with_the_ball(expr: sp.Expr, x: Fraction, y: Fraction) -> None:
    try:
        with _capped():
            _agree(expr, {X: x, Y: y})
    except MemoryError:
        return  # in the checker this evaluation runs in a worker with such a cap: the claim is undecided there


def _agree(expr: sp.Expr, point: dict[sp.Basic, Fraction]) -> None:
    try:
        low, high = endpoints(evaluate(expr, point, 113))
    except Uncertain:
        return
    except Undefined:
        try:
            with mpmath.workprec(256):
                _Walk(point).value(expr)
        except (NoValue, ZeroDivisionError):
            return
        except (OverflowError, ValueError, TypeError):
            return  # the second look has no value either (it then withholds nothing: see recheck.disagreement)
        raise AssertionError(f"Arb: undefined; mpmath: a value, for {expr} at {point}") from None
    if max(abs(low), abs(high)) > 10**300:
        return
    with mpmath.workprec(256):
        try:
            value = _Walk(point).value(expr)
        except CannotTell:
            return  # no rule for this construct at this value: the second look withholds nothing
        except (NoValue, ZeroDivisionError) as problem:
            raise AssertionError(f"Arb: [{float(low)}, {float(high)}]; mpmath: no value ({problem}), for {expr}") \
                from None
        v = mpmath.mpf(value.numerator) / value.denominator if isinstance(value, Fraction) else value
        slack = (abs(v) + 1) * mpmath.mpf(2) ** -200
        assert mpmath.mpf(low.numerator) / low.denominator - slack <= v <= \
            mpmath.mpf(high.numerator) / high.denominator + slack, (expr, point, float(low), float(high), v)


def test_a_node_sympy_cannot_rebuild_at_the_point_leaves_both_evaluations_their_value() -> None:
    """Found by the test above: max(∛y, sec π) rebuilt at y = 4/5 raises inside SymPy (sec π's realness asks −1
    for a method it lacks); both evaluations fall back to the value as written instead of raising."""
    secant = sp.sec(sp.pi, evaluate=False)
    expr = sp.cos(sp.Max(realroot(Y, 3), secant, evaluate=False), evaluate=False)
    _agree(expr, {X: Fraction(2, 3), Y: Fraction(4, 5)})


def test_random_claims_get_a_verdict_that_replays_and_never_an_error() -> None:
    """Random relations between random formulas (x real, y positive) through the whole engine: no verdict is
    an error — SymPy failing to evaluate a formula with no real value (max(−2, √−π)) included — and every
    refutation replays independently."""
    from hypothesis import HealthCheck, Phase, seed

    from checker.engine.checking import check_many
    from checker.values.scope import Scope

    from .replay import replays

    scope = Scope()
    x, y = scope.real("x"), scope.positive("y")
    claims = []

    @seed(20261202)
    @settings(max_examples=80, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(a=formulas(), b=formulas(), relation=st.sampled_from(["=", "<", ">=", "!="]))
    def collect(a: sp.Expr, b: sp.Expr, relation: str) -> None:
        try:
            lhs, rhs = a.xreplace({X: x, Y: y}), b.xreplace({X: x, Y: y})
        except (ValueError, TypeError):
            return  # SymPy refused to build the pair (not the checker's input)
        claims.append(scope.identity(lhs, rhs, "random") if relation == "=" else
                      scope.compare((lhs, relation, rhs), text="random"))

    collect()
    verdicts = check_many(claims)
    assert len(claims) >= 60
    for claim, verdict in zip(claims, verdicts):
        assert verdict.method not in ("error", "internal error"), (claim.parts, verdict.reason)
        if verdict.status.value == "refuted":
            assert replays(claim, verdict), (claim.parts, verdict.summary)


def test_a_formula_sympy_cannot_evaluate_is_still_judged_as_written() -> None:
    from checker import Status, check
    from checker.values.scope import Scope

    scope = Scope()
    y = scope.positive("y")
    undefined = sp.Max(-2, sp.Pow(sp.Mul(-1, sp.pi, **U), sp.Rational(1, 2), **U), **U)  # max(−2, √−π)
    verdict = check(scope.identity(undefined, y, "max(-2, sqrt(-pi)) = y"))
    assert verdict.status is Status.REFUTED and verdict.counterexample.undefined  # type: ignore[union-attr]
    odd_root = sp.Max(sp.Rational(1, 2), realroot(sp.Mul(-1, sp.pi, **U), 3, **U), **U)
    assert check(scope.compare((odd_root, "<", y + 1), text="max(1/2, cbrt(-pi)) < y + 1")).status is Status.PROVED


@pytest.mark.parametrize("expr", [sp.Pow(-1, sp.sin(X), evaluate=False), sp.Pow(X, sp.tan(X), evaluate=False),
                                  sp.Pow(-2, sp.sinh(X), evaluate=False)])
def test_an_exponent_that_is_exactly_zero_is_an_integer_to_both_evaluations(expr: sp.Expr) -> None:
    """(−1)^(sin 0) is 1 — the exponent's value is the integer 0 — to the second look too, which once read sin 0
    as an inexact number and called the power undefined (found by the property test above)."""
    _agree(expr, {X: Fraction(0), Y: Fraction(1)})
