"""The exact constant-identity proofs (checker/constants.py) never prove a non-zero number 0, never fail with an
error, and find the identities they are built for: random combinations of logarithms, inverse tangents and sines,
radicals and rationals, some true by construction, some perturbed."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.numeric.balls import CAP, endpoints
from checker.numeric.constants import prove_zero
from checker.numeric.interval import evaluate

SMALL = st.fractions(min_value=Fraction(-5), max_value=Fraction(5), max_denominator=12)
POSITIVE = st.fractions(min_value=Fraction(1, 12), max_value=Fraction(12), max_denominator=12)
UNIT = st.fractions(min_value=Fraction(-1), max_value=Fraction(1), max_denominator=12)


def _q(f: Fraction) -> sp.Rational:
    return sp.Rational(f.numerator, f.denominator)


@st.composite
def terms(draw) -> sp.Expr:  # type: ignore[no-untyped-def]
    kind = draw(st.sampled_from(["log", "atan", "asin", "acos", "acot", "root", "rational", "pi", "log-e", "atanh"]))
    c = _q(draw(st.fractions(min_value=-4, max_value=4, max_denominator=4)))
    if kind == "log":
        return c * sp.log(_q(draw(POSITIVE)))
    if kind == "log-e":
        return c * sp.log(1 + sp.exp(int(draw(st.integers(-3, 3)))))
    if kind == "atan":
        return c * sp.atan(_q(draw(SMALL)))
    if kind == "asin":
        return c * sp.asin(_q(draw(UNIT)))
    if kind == "acos":
        return c * sp.acos(_q(draw(UNIT)))
    if kind == "acot":
        return c * sp.acot(_q(draw(SMALL)))
    if kind == "atanh":
        return c * sp.atanh(_q(draw(st.fractions(min_value=Fraction(-9, 10), max_value=Fraction(9, 10),
                                                  max_denominator=10))))
    if kind == "root":
        return c * sp.sqrt(_q(draw(POSITIVE)))
    if kind == "pi":
        return c * sp.pi
    return _q(draw(SMALL))


def _certainly_nonzero(expr: sp.Expr) -> bool:
    low, high = endpoints(evaluate(expr, {}, CAP))
    return low > 0 or high < 0


@settings(max_examples=300, deadline=None)
@given(st.lists(terms(), min_size=1, max_size=5))
def test_a_proof_of_zero_is_never_given_for_a_non_zero_number(parts: list[sp.Expr]) -> None:
    expr = sp.Add(*parts)
    steps = prove_zero(expr)
    if steps is not None:
        assert not _certainly_nonzero(expr), (expr, steps)


@settings(max_examples=150, deadline=None)
@given(a=SMALL, b=SMALL, shift=st.sampled_from([0, 1, -1]))
def test_the_arctangent_addition_formula_is_proved_and_its_perturbation_is_not(a: Fraction, b: Fraction,
                                                                              shift: int) -> None:
    if a * b == 1:
        return
    k = 0 if a * b < 1 else (1 if a > 0 else -1)  # atan a + atan b = atan((a+b)/(1−ab)) + kπ
    identity = sp.atan(_q(a)) + sp.atan(_q(b)) - sp.atan(_q((a + b) / (1 - a * b))) - k * sp.pi
    assert prove_zero(identity + shift * sp.Rational(1, 10**30)) is not None if shift == 0 else \
        prove_zero(identity + shift * sp.Rational(1, 10**30)) is None


@settings(max_examples=100, deadline=None)
@given(bases=st.lists(POSITIVE, min_size=1, max_size=4), exponents=st.lists(st.integers(-3, 3), min_size=4,
                                                                               max_size=4))
def test_a_logarithm_of_a_product_is_the_sum_of_the_logarithms(bases: list[Fraction], exponents: list[int]) -> None:
    product = Fraction(1)
    for base, n in zip(bases, exponents):
        product *= base**n
    identity = sp.log(_q(product)) - sp.Add(*(n * sp.log(_q(base)) for base, n in zip(bases, exponents)))
    assert prove_zero(identity) is not None
    assert prove_zero(identity + sp.log(sp.Rational(1001, 1000))) is None


def test_an_arcsine_and_its_arccosine_make_a_right_angle_for_any_argument() -> None:
    for a in (Fraction(-1), Fraction(-2, 3), Fraction(0), Fraction(1, 7), Fraction(1)):
        assert prove_zero(sp.asin(_q(a)) + sp.acos(_q(a)) - sp.pi / 2) is not None


def test_sympy_giving_up_on_a_gcd_is_no_proof() -> None:
    """SymPy's heuristic gcd fails on 12^15·(1 + e)^−10 − 1 (found by Hypothesis): the logarithms' product is
    then not shown to be 1, which is no proof, and no exception escapes."""
    expr = -5 * sp.pi - 4 - 5 * sp.log(1 + sp.E) / 2 + sp.Rational(15, 4) * sp.log(12)
    assert prove_zero(expr) is None
