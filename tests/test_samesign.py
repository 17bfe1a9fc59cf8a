"""Comparisons with 0 proved through factors of the same sign (checker/engine/samesign.py): each replacement has
its factor's sign at every point where the factor is defined (checked by an independent evaluation), true claims
are proved, and the prover alone never proves a false one that looks alike (an even power, a wrong constant, a
parameter of unknown sign, a log of a negative ratio)."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest
import sympy as sp

from checker import Status, check
from checker.engine.samesign import _factor, _simplest
from checker.values.functions import realroot, sigmoid

from .replay import side
from .test_traps import _claim, _refuted_and_never_proved

TWO = "x: positive\n  y: positive"
REAL = "x: real\n  y: real"
TRUE = [
    (TWO, r"(x-y)\log\frac{x}{y} \ge 0"),  # the terms of Jeffreys' divergence
    (REAL, r"(\sigma(x)-\sigma(y))(x-y) \ge 0"),
    (REAL, r"(e^{-x}-e^{-y})(x-y) \le 0"),  # a decreasing function turns the sign
    (TWO, r"(\sqrt{x}-\sqrt{y})(x-y) \ge 0"),
    (REAL, r"(x^3-y^3)(x-y) \ge 0"),
    (REAL, r"(|x|-|y|)(x^2-y^2) \ge 0"),
    ("x: real", r"x \arctan x \ge 0"),
    ("x: real", r"x \operatorname{erf}(x) \ge 0"),
    ("x: real", r"(\sigma(x)-\frac12) x \ge 0"),
    ("x: positive", r"(\log x - 2)(x - e^{2}) \ge 0"),  # f(u) − n as u − f⁻¹(n)
    ("x: real", r"(2^{x} - 2)(x-1) \ge 0"),
    ("x: real", r"(e^{x} - e)(x-1) \ge 0"),
    ("x: real", r"(\tanh x - \tanh 1)(x-1) \ge 0"),
    ("x: real", r"(\sqrt[3]{x} - 1)(x - 1) \ge 0"),  # a real odd root
    ("x: real", r"(e^{x}-1)^{3} x \ge 0"),
    ("x: 'interval (1, oo)'", r"\log(\log x)\,(x - e) \ge 0"),  # replaced twice: ln ln x, ln x − 1, x − e
    ("x: 'interval (0, 1)'\n  y: 'interval (0, 1)'", r"(x - y)\log\frac{x(1-y)}{y(1-x)} \ge 0"),
    ("x: real\n  y: real\n  '\\beta': positive", r"(\sigma(\beta x) - \sigma(\beta y))(x - y) \ge 0"),
    (TWO, r"(x-y)(\log x-\log y) + (x^2-y^2)(e^{x}-e^{y}) \ge 0"),  # a sum, term by term
    ("a: real\n  b: real\n  c: real", r"\log(e^{a}+e^{b}+e^{c}) > a"),  # the only log: e^a + e^b + e^c − e^a > 0
    ("x: real", r"\log(1+e^{-x}) \ge -x"),
]

FALSE = [
    (REAL, r"(x-y)\log\frac{x}{y} \ge 0", "where-defined"),  # x/y > 0 with both negative: the sign turns
    (TWO, r"(x-y)\log\frac{x}{y} > 0", "strict"),  # 0 at x = y
    (REAL, r"(x^2-y^2)(x-y) \ge 0", "strict"),  # an even power is not increasing
    (REAL, r"(|x|-|y|)(x-y) \ge 0", "strict"),
    (REAL, r"(e^{-x}-e^{-y})(x-y) \ge 0", "strict"),
    ("x: positive", r"(x-2)\log x \ge 0", "strict"),
    ("x: real", r"(\sigma(x)-\frac13) x \ge 0", "strict"),  # σ(u) = 1/3 at u = −ln 2, not 0
    ("x: positive", r"(\log x - 2)(x - 7) \ge 0", "strict"),  # e² is not 7
    ("x: real", r"(e^{x}-1)^{2} x \ge 0", "strict"),
    ("x: real", r"(\tanh x - \frac12)(x-1) \ge 0", "strict"),
    ("x: real", r"(2^{x} - 4)(x-1) \ge 0", "strict"),
    ("x: real", r"(\frac12)^{x}(x-1) \ge 0", "strict"),
    ("x: real\n  y: real\n  '\\beta': real", r"(\sigma(\beta x) - \sigma(\beta y))(x - y) \ge 0", "strict"),
    (TWO, r"(x-y)(\log x-\log y) - (x^2-y^2)(e^{x}-e^{y}) \ge 0", "strict"),
    ("a: real\n  b: real\n  c: real", r"\log(e^{a}+e^{b}-e^{c}) > a", "where-defined"),
    ("a: real\n  b: real", r"\log(e^{a}+e^{b}) + \log(e^{a}) > 2a + b", "strict"),  # two logs
]


@pytest.mark.parametrize(("symbols", "formula"), TRUE, ids=[f for _, f in TRUE])
def test_same_sign_proofs(tmp_path: Path, symbols: str, formula: str) -> None:
    verdict = check(_claim(tmp_path, symbols, formula))
    assert verdict.status is Status.PROVED and verdict.method == "same-sign factors", verdict.reason
    assert any("has the sign of" in step for step in verdict.steps)


@pytest.mark.parametrize(("symbols", "formula", "semantics"), FALSE, ids=[f for _, f, _ in FALSE])
def test_no_proof_of_a_false_look_alike(tmp_path: Path, symbols: str, formula: str, semantics: str) -> None:
    _refuted_and_never_proved(_claim(tmp_path, symbols, formula, semantics))


u, v = sp.symbols("u v", real=True)
FACTORS = [
    sp.log(u), sp.atan(u), sp.tanh(u), sp.sinh(u), sp.asinh(u), sp.erf(u),
    sp.exp(u) - sp.exp(v), sp.exp(-u) - sp.exp(v), sp.log(u) - sp.log(v), 3 * sp.log(u) - 3 * sp.log(v),
    sigmoid(u) - sigmoid(v), sigmoid(u) - sp.Rational(1, 2), sigmoid(u) - sp.Rational(1, 5),
    sp.exp(u) - 1, sp.exp(u) - sp.E, sp.exp(u) - 3, -2 * sp.exp(u) + 6, sp.log(u) - 2, sp.log(u) + sp.Rational(1, 3),
    sp.atan(u) - sp.atan(v), sp.tanh(u) - sp.tanh(1), sp.erf(u) - sp.erf(v),
    sp.sqrt(u) - sp.sqrt(v), sp.sqrt(u) - 2, u**3 - v**3, u**3 - 8, u**3 + 8, u ** sp.Rational(3, 2) - 2,
    realroot(u, 3) - realroot(v, 3), realroot(u, 3) + 2, sp.Abs(u) - sp.Abs(v),
    2**u - 2**v, 2**u - 8, sp.Rational(1, 2)**u - sp.Rational(1, 2)**v, sp.Rational(1, 3)**u - 9,
    (sp.exp(u) - 1)**3, (sp.exp(u) - 1)**-1, sp.log(sp.log(u)),
    sp.log(u) - v, 2 * sp.log(u) + u - 3, -sp.log(u) + v**2, sp.log(u**2 + 1) - v, sp.exp(u) - sp.log(v),
    -3 * sp.log(sp.exp(u) + sp.exp(v)) + u,
]


TOO_CLOSE = mpmath.mpf(10) ** -40


@pytest.mark.parametrize("factor", FACTORS, ids=[str(f) for f in FACTORS])
def test_each_replacement_has_the_sign_of_its_factor(factor: sp.Expr) -> None:
    """At 300 rational points (small, large, near the replacement's zero), wherever the factor has a real
    value, the replacement has one of the same sign — by mpmath at 50 digits, not by the checker's arithmetic."""
    simpler = _factor(factor)
    assert simpler is not None and _simplest(factor) is not None
    rng = random.Random(str(factor))
    compared = 0
    for _ in range(300):
        point = {s: Fraction(rng.randint(-400, 400), rng.choice((1, 3, 7, 40, 100, 100))) for s in (u, v)}
        before = side(factor, point)
        if before is None:
            continue
        after = side(_simplest(factor), point)
        assert after is not None, (factor, point)
        if min(abs(before), abs(after)) < TOO_CLOSE:
            continue  # 0 to 50 digits (3^2 − 9, or σ(400) − σ(399)): no sign this evaluation can tell
        compared += 1
        assert mpmath.sign(before) == mpmath.sign(after), (factor, _simplest(factor), point, before, after)
    assert compared >= 40


KEPT_AS_THEY_ARE = [u**2 - v**2, u**4 - 1, sp.cos(u) - sp.cos(v), sp.log(u) + sp.log(v) - 1, sp.sin(u),
                    u ** sp.Rational(2, 3) - v ** sp.Rational(2, 3), 2 * sp.exp(u) - sp.exp(v), sp.exp(u) + sp.exp(v),
                    sp.log(u) * sp.log(v), sp.exp(u) - sp.I, sp.log(2)]


@pytest.mark.parametrize("factor", KEPT_AS_THEY_ARE, ids=[str(f) for f in KEPT_AS_THEY_ARE])
def test_no_replacement_where_the_sign_is_not_kept(factor: sp.Expr) -> None:
    """Even powers, cos, mixed functions, unequal coefficients, sums of increasing functions, numbers."""
    assert _factor(factor) is None
