"""The certified layer on Arb, primitive by primitive: at random exact rational points and random precisions
(53–2000 bits) the enclosure contains the value mpmath computes at three times the precision, and it narrows
as the precision rises; outside a function's domain it is undefined, never a value. Compound expressions
(nested radicals, sums of arctangents, softplus and log-sigmoid far out) likewise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.numeric.balls import LADDER, Undefined, _floor_log10, endpoints, fmt, rounded
from checker.numeric.interval import evaluate
from checker.values.functions import realroot, sigmoid

X, Y = sp.Symbol("x"), sp.Symbol("y")
U = {"evaluate": False}


@dataclass(frozen=True)
class Primitive:
    name: str
    expr: sp.Expr
    reference: Callable[[mpmath.mpf], mpmath.mpf]
    low: Fraction
    high: Fraction
    """The rational points drawn lie in [low, high] (inside the function's domain)."""
    avoid: tuple[Fraction, ...] = ()
    most: int = 2000
    """The highest precision drawn (mpmath's reference at three times it is slow for Γ)."""


def _q(text: str) -> Fraction:
    return Fraction(text)


PRIMITIVES = [
    Primitive("exp", sp.exp(X, **U), mpmath.exp, _q("-60"), _q("60")),
    Primitive("log", sp.log(X, **U), mpmath.log, _q("1/1000"), _q("1000")),
    Primitive("log base 3", sp.log(X, 3, **U), lambda v: mpmath.log(v) / mpmath.log(3), _q("1/100"), _q("100")),
    Primitive("integer power", sp.Pow(X, 7, **U), lambda v: v**7, _q("-9"), _q("9")),
    Primitive("negative power", sp.Pow(X, -3, **U), lambda v: v**-3, _q("1/10"), _q("9")),
    Primitive("square root", sp.Pow(X, sp.Rational(1, 2), **U), mpmath.sqrt, _q("0"), _q("500")),
    Primitive("rational power", sp.Pow(X, sp.Rational(5, 7), **U), lambda v: mpmath.power(v, mpmath.mpf(5) / 7),
              _q("1/50"), _q("50")),
    Primitive("irrational power", sp.Pow(X, sp.pi, **U), lambda v: mpmath.power(v, mpmath.pi), _q("1/50"), _q("50")),
    Primitive("power of e", sp.Pow(sp.E, X, **U), mpmath.exp, _q("-40"), _q("40")),
    Primitive("real cube root", realroot(X, 3, **U), lambda v: mpmath.cbrt(v) if v >= 0 else -mpmath.cbrt(-v),
              _q("-50"), _q("50")),
    Primitive("real fifth root", realroot(X, 5, **U),
              lambda v: mpmath.root(v, 5) if v >= 0 else -mpmath.root(-v, 5), _q("-50"), _q("50")),
    Primitive("sin", sp.sin(X, **U), mpmath.sin, _q("-100"), _q("100")),
    Primitive("cos", sp.cos(X, **U), mpmath.cos, _q("-100"), _q("100")),
    Primitive("tan", sp.tan(X, **U), mpmath.tan, _q("-3/2"), _q("3/2")),
    Primitive("cot", sp.cot(X, **U), mpmath.cot, _q("1/20"), _q("3")),
    Primitive("sec", sp.sec(X, **U), mpmath.sec, _q("-3/2"), _q("3/2")),
    Primitive("csc", sp.csc(X, **U), mpmath.csc, _q("1/20"), _q("3")),
    Primitive("asin", sp.asin(X, **U), mpmath.asin, _q("-1"), _q("1")),
    Primitive("acos", sp.acos(X, **U), mpmath.acos, _q("-1"), _q("1")),
    Primitive("atan", sp.atan(X, **U), mpmath.atan, _q("-1000"), _q("1000")),
    Primitive("acot", sp.acot(X, **U), lambda v: mpmath.atan(1 / v), _q("1/100"), _q("100")),
    Primitive("acot negative", sp.acot(X, **U), lambda v: mpmath.atan(1 / v), _q("-100"), _q("-1/100")),
    Primitive("asec", sp.asec(X, **U), lambda v: mpmath.acos(1 / v), _q("1"), _q("100")),
    Primitive("asec negative", sp.asec(X, **U), lambda v: mpmath.acos(1 / v), _q("-100"), _q("-1")),
    Primitive("acsc", sp.acsc(X, **U), lambda v: mpmath.asin(1 / v), _q("1"), _q("100")),
    Primitive("sinh", sp.sinh(X, **U), mpmath.sinh, _q("-30"), _q("30")),
    Primitive("cosh", sp.cosh(X, **U), mpmath.cosh, _q("-30"), _q("30")),
    Primitive("tanh", sp.tanh(X, **U), mpmath.tanh, _q("-30"), _q("30")),
    Primitive("coth", sp.coth(X, **U), mpmath.coth, _q("1/100"), _q("30")),
    Primitive("sech", sp.sech(X, **U), mpmath.sech, _q("-30"), _q("30")),
    Primitive("csch", sp.csch(X, **U), mpmath.csch, _q("1/100"), _q("30")),
    Primitive("asinh", sp.asinh(X, **U), mpmath.asinh, _q("-1000"), _q("1000")),
    Primitive("acosh", sp.acosh(X, **U), mpmath.acosh, _q("1"), _q("1000")),
    Primitive("atanh", sp.atanh(X, **U), mpmath.atanh, _q("-999/1000"), _q("999/1000")),
    Primitive("acoth", sp.acoth(X, **U), lambda v: mpmath.atanh(1 / v), _q("1001/1000"), _q("1000")),
    Primitive("gamma", sp.gamma(X, **U), mpmath.gamma, _q("-15/2"), _q("40"),
              avoid=tuple(Fraction(-n) for n in range(8)), most=800),
    Primitive("log gamma", sp.loggamma(X, **U), mpmath.loggamma, _q("1/1000"), _q("500"), most=800),
    Primitive("erf", sp.erf(X, **U), mpmath.erf, _q("-8"), _q("8")),
    Primitive("erfc", sp.erfc(X, **U), mpmath.erfc, _q("-8"), _q("25")),
    Primitive("logistic", sigmoid(X, **U), lambda v: 1 / (1 + mpmath.exp(-v)), _q("-800"), _q("800")),
    Primitive("softplus", sp.log(sp.Add(1, sp.exp(X, **U), **U), **U), lambda v: mpmath.log1p(mpmath.exp(v)),
              _q("-800"), _q("800")),
    Primitive("log-sigmoid", sp.log(sigmoid(X, **U), **U), lambda v: -mpmath.log1p(mpmath.exp(-v)),
              _q("-800"), _q("800")),
    Primitive("expm1", sp.Add(sp.exp(X, **U), -1, **U), mpmath.expm1, _q("-1/1000"), _q("1/1000")),
    Primitive("absolute value", sp.Abs(X, **U), abs, _q("-50"), _q("50")),
    Primitive("maximum", sp.Max(X, sp.sin(X, **U), **U), lambda v: max(v, mpmath.sin(v)), _q("-5"), _q("5")),
    Primitive("floor", sp.floor(sp.Mul(X, sp.pi, **U), **U), lambda v: mpmath.floor(v * mpmath.pi), _q("-9"), _q("9")),
    Primitive("sign", sp.sign(sp.sin(X, **U), **U), lambda v: mpmath.sign(mpmath.sin(v)), _q("1/10"), _q("3")),
]


def _fraction(v: mpmath.mpf) -> Fraction:
    sign, mantissa, exponent, _ = v._mpf_
    magnitude = Fraction(mantissa) * Fraction(2) ** exponent
    return -magnitude if sign else magnitude


def _points(primitive: Primitive) -> st.SearchStrategy[Fraction]:
    values = st.fractions(min_value=primitive.low, max_value=primitive.high, max_denominator=10**6)
    return values.filter(lambda v: v not in primitive.avoid)


def _contains(expr: sp.Expr, env: dict[sp.Basic, Fraction], reference: Callable[..., mpmath.mpf],
              prec: int) -> tuple[Fraction, Fraction]:
    low, high = endpoints(evaluate(expr, env, prec))
    with mpmath.workprec(3 * prec):
        value = reference(*(mpmath.mpf(v.numerator) / v.denominator for v in env.values()))
        exact = _fraction(mpmath.mpf(value))
        slack = abs(exact) * Fraction(2) ** -(3 * prec - 16)
    assert low - slack <= exact <= high + slack, (str(expr), env, prec, float(low), float(high), float(exact))
    return low, high


@pytest.mark.parametrize("primitive", PRIMITIVES, ids=[p.name for p in PRIMITIVES])
def test_every_primitive_encloses_the_value_and_narrows(primitive: Primitive) -> None:
    rungs = [rung for rung in LADDER[1:] if rung <= primitive.most]

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(point=_points(primitive), prec=st.integers(53, primitive.most), rung=st.sampled_from(rungs))
    def check(point: Fraction, prec: int, rung: int) -> None:
        _contains(primitive.expr, {X: point}, primitive.reference, prec)
        # each rung of the ladder the checker climbs narrows the enclosure (a bit more precision need not: Arb's
        # error bound for erfc(1) is wider at 54 bits than at 53)
        low, high = _contains(primitive.expr, {X: point}, primitive.reference, rung)
        wider_low, wider_high = endpoints(evaluate(primitive.expr, {X: point}, 53))
        assert high - low <= wider_high - wider_low
        if rung >= 200 and wider_high > wider_low:
            assert high - low < wider_high - wider_low

    check()


def test_the_enclosure_of_an_irrational_value_shrinks_up_the_ladder() -> None:
    widths = [endpoints(evaluate(sp.atan(X, **U), {X: Fraction(1, 3)}, prec)) for prec in LADDER]
    sizes = [high - low for low, high in widths]
    assert all(later < earlier for earlier, later in zip(sizes, sizes[1:]))
    assert sizes[-1] < Fraction(1, 10**1200)


OUTSIDE = [
    (sp.log(X, **U), Fraction(-1, 3)), (sp.log(X, **U), Fraction(0)), (sp.Pow(X, sp.Rational(1, 2), **U), Fraction(-1)),
    (sp.asin(X, **U), Fraction(3, 2)), (sp.acos(X, **U), Fraction(-2)), (sp.acosh(X, **U), Fraction(1, 2)),
    (sp.atanh(X, **U), Fraction(1)), (sp.acoth(X, **U), Fraction(1, 2)), (sp.asec(X, **U), Fraction(1, 2)),
    (sp.acsc(X, **U), Fraction(-1, 3)), (sp.gamma(X, **U), Fraction(-3)), (sp.loggamma(X, **U), Fraction(-1, 2)),
    (sp.Pow(X, -1, **U), Fraction(0)), (sp.coth(X, **U), Fraction(0)), (sp.Pow(X, sp.pi, **U), Fraction(-2)),
]


@pytest.mark.parametrize(("expr", "point"), OUTSIDE, ids=[f"{e.func.__name__}-{p}" for e, p in OUTSIDE])
def test_outside_its_domain_a_function_is_undefined(expr: sp.Expr, point: Fraction) -> None:
    for prec in (53, 1024):
        with pytest.raises(Undefined):
            evaluate(expr, {X: point}, prec)


def _nested_radical(a: mpmath.mpf, b: mpmath.mpf) -> mpmath.mpf:
    return mpmath.sqrt(a + b * mpmath.sqrt(2)) - mpmath.cbrt(b)  # b ≥ 0 in the points drawn


COMPOUND = [
    ("nested radical", sp.Add(sp.Pow(sp.Add(X, sp.Mul(Y, sp.Pow(2, sp.Rational(1, 2), **U), **U), **U),
                                     sp.Rational(1, 2), **U), sp.Mul(-1, realroot(Y, 3, **U), **U), **U),
     _nested_radical, (Fraction(1), Fraction(40)), (Fraction(0), Fraction(20))),
    ("sum of arctangents", sp.Add(sp.Mul(4, sp.atan(sp.Pow(X, -1, **U), **U), **U),
                                  sp.Mul(-1, sp.atan(sp.Pow(Y, -1, **U), **U), **U), **U),
     lambda a, b: 4 * mpmath.atan(1 / a) - mpmath.atan(1 / b), (Fraction(1), Fraction(300)),
     (Fraction(1), Fraction(300))),
    ("softplus difference", sp.Add(sp.log(sp.Add(1, sp.exp(X, **U), **U), **U),
                                   sp.Mul(-1, sp.log(sp.Add(1, sp.exp(Y, **U), **U), **U), **U), **U),
     lambda a, b: mpmath.log1p(mpmath.exp(a)) - mpmath.log1p(mpmath.exp(b)), (Fraction(-300), Fraction(300)),
     (Fraction(-300), Fraction(300))),
    ("log-gamma against a product", sp.Add(sp.loggamma(X, **U), sp.Mul(-1, sp.log(sp.gamma(Y, **U), **U), **U),
                                           **U),
     lambda a, b: mpmath.loggamma(a) - mpmath.log(mpmath.gamma(b)), (Fraction(1, 10), Fraction(60)),
     (Fraction(1, 10), Fraction(60))),
]


@pytest.mark.parametrize(("name", "expr", "reference", "xs", "ys"), COMPOUND, ids=[c[0] for c in COMPOUND])
def test_compound_expressions_enclose_their_value(name: str, expr: sp.Expr, reference: Callable[..., mpmath.mpf],
                                                  xs: tuple[Fraction, Fraction], ys: tuple[Fraction, Fraction]) -> None:
    @settings(max_examples=25, deadline=None)
    @given(x=st.fractions(*xs, max_denominator=1000), y=st.fractions(*ys, max_denominator=1000),
           prec=st.integers(53, 800 if "gamma" in name else 2000))
    def check(x: Fraction, y: Fraction, prec: int) -> None:
        _contains(expr, {X: x, Y: y}, reference, prec)

    check()


def test_softplus_and_log_sigmoid_keep_their_digits_far_out() -> None:
    """log(1 + e^{−700}) is about 10^{−304}: a naive 1 + tiny loses it; the stable form keeps 15 digits at 53 bits."""
    for expr, point in ((sp.log(sp.Add(1, sp.exp(X, **U), **U), **U), Fraction(-700)),
                        (sp.log(sigmoid(X, **U), **U), Fraction(700))):
        low, high = endpoints(evaluate(expr, {X: point}, 53))
        assert low != 0 and high != 0 and (high - low) / abs(high) < Fraction(1, 10**13)


def test_floor_and_sign_are_decided_only_off_the_jump() -> None:
    from checker.numeric.balls import Uncertain

    near_jump = sp.floor(sp.Add(sp.Mul(4, sp.atan(1, **U), **U), sp.Mul(-1, sp.pi, **U), **U), **U)  # floor(0)
    with pytest.raises(Uncertain):
        evaluate(near_jump, {}, 53)
    assert evaluate(sp.floor(sp.pi, **U), {}, 53) == 3


@settings(max_examples=300, deadline=None)
@given(st.fractions(min_value=Fraction(-10**30), max_value=Fraction(10**30)).filter(lambda q: q != 0),
       st.integers(min_value=1, max_value=25))
def test_printed_digits_enclose_the_value_and_are_the_nearest_outward(value: Fraction, digits: int) -> None:
    """A printed enclosure rounds outward to the nearest numbers of ``digits`` significant digits: the lower end
    is at most the value and less than 10^(1−digits) relative below it, the upper end the same above."""
    low, high = rounded(value, digits)
    assert low <= value <= high
    step = Fraction(10) ** (_floor_log10(abs(value)) + 1 - digits)
    assert value - low < step and high - value < step


@pytest.mark.parametrize("value", [Fraction(2) ** 1_000_000, Fraction(1, 3) ** 200_000, -Fraction(7) ** 300_001])
def test_a_value_of_a_million_bits_prints_its_leading_digits(value: Fraction) -> None:
    """2^(10⁶) and its kin are printed from integer arithmetic (reducing fractions of million-digit parts made a
    cross-check of (x^1000)^1000 run past the time limit); the digits agree with mpmath's."""
    text = fmt(value)
    low, high = (mpmath.mpf(part) for part in text.strip("[]").split(", "))
    with mpmath.workdps(40):
        exact = mpmath.mpf(value.numerator) / value.denominator
    assert low <= exact <= high and (high - low) / abs(exact) < mpmath.mpf(10) ** -10


def test_a_tower_of_powers_is_proved_within_its_time_limit(tmp_path: Path) -> None:
    """(x^1000)^1000 = x^1000000 is SymPy's same expression; its cross-check prints values of a million bits."""
    from checker import Status, check
    from checker.questions.loading import load_question

    path = tmp_path / "tower.md"
    path.write_text("---\nid: tower\nrule: correct\nkey: 1\nsymbols:\n  x: real\n---\nStem.\n\n"
                    "1. $(x^{1000})^{1000} = x^{1000000}$\n2. $x = x$\n", encoding="utf-8")
    claim = load_question(path).options[0].claim
    assert claim is not None and check(claim).status is Status.PROVED
