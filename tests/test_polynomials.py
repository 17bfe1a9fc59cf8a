"""The FLINT path of the normal form: a zero answer is an identity, a non-zero one final only among free atoms."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.engine.normal import numerator_form
from checker.numeric.polynomials import TooLarge, expanded_numerator

a, b, c, x, y = sp.symbols("a b c x y", real=True)
f = sp.Function("f")


@pytest.mark.parametrize(
    "expr",
    [
        (a + b) ** 2 - a**2 - 2 * a * b - b**2,
        1 / (x - 1) - 1 / (x + 1) - 2 / (x**2 - 1),
        (x**3 - y**3) / (x - y) - x**2 - x * y - y**2,
        f(x) ** 2 / (f(x) + 1) - f(x) + 1 - 1 / (f(x) + 1),
        sp.Derivative(f(x), x) * (a + 1) - sp.Derivative(f(x), x) - a * sp.Derivative(f(x), x),
        sp.pi * (a + sp.pi) - a * sp.pi - sp.pi**2,
    ],
    ids=["square", "partial-fractions", "quotient", "undefined-function", "derivative", "pi"],
)
def test_identities_reduce_to_zero(expr: sp.Expr) -> None:
    assert expanded_numerator(expr, 20_000) == (0, True)


@pytest.mark.parametrize(
    ("expr", "numerator"),
    [(x - y, x - y), (1 / x - 1 / y, y - x), ((a + 1) ** 2 - a**2, 2 * a + 1), (sp.pi - 3, sp.pi - 3)],
    ids=["difference", "over-a-common-denominator", "expanded", "pi-is-free"],
)
def test_a_nonzero_numerator_among_free_atoms_is_final(expr: sp.Expr, numerator: sp.Expr) -> None:
    found, final = expanded_numerator(expr, 20_000)  # type: ignore[misc]
    assert final
    assert sp.expand(found / numerator).is_Rational  # the same polynomial up to a constant factor


def test_related_atoms_leave_the_answer_to_sympy() -> None:
    """√x·√x = x is a relation FLINT does not know: its non-zero answer is not final, and the normal form finds 0."""
    root = sp.sqrt(x)
    expr = sp.Mul(root + 1, root - 1) - (x - 1)
    _, final = expanded_numerator(expr, 20_000)  # type: ignore[misc]
    assert not final
    assert numerator_form(expr) == 0
    absolute = sp.Mul(sp.Abs(x), sp.Abs(x) + 1) - x**2 - sp.Abs(x)  # |x|² = x² for real x
    assert expanded_numerator(absolute, 20_000)[1] is False  # type: ignore[index]
    assert numerator_form(absolute) == 0


def test_floats_and_infinities_have_no_exact_reading() -> None:
    assert expanded_numerator(x + sp.Float("0.5"), 100) is None
    assert expanded_numerator(x + sp.oo, 100) is None


def test_large_expansions_are_refused_before_they_are_made() -> None:
    with pytest.raises(TooLarge):
        expanded_numerator((a + b + c + x) ** 40 - 1, 5_000)
    with pytest.raises(TooLarge):
        expanded_numerator((a + b + c) * (a - b + x) * (x + y + 1) * (a + 2 * y - 3) - 1, 40)


_atoms = st.sampled_from([a, b, x, f(x), sp.Integer(2), sp.Rational(-1, 3)])


@st.composite
def _rational_expressions(draw: st.DrawFn, depth: int = 3) -> sp.Expr:
    if depth == 0 or draw(st.booleans()):
        return draw(_atoms)
    left, right = draw(_rational_expressions(depth - 1)), draw(_rational_expressions(depth - 1))
    operation = draw(st.sampled_from(["+", "-", "*", "/", "^"]))
    if operation == "/" and sp.simplify(right) == 0:
        operation = "*"
    return {"+": left + right, "-": left - right, "*": left * right,
            "/": left / right if right != 0 else left, "^": left ** draw(st.integers(-2, 3))
            if left != 0 else left}[operation]


@settings(max_examples=150, deadline=None)
@given(_rational_expressions(), _rational_expressions())
def test_flint_agrees_with_sympy_on_whether_a_rational_function_is_zero(p: sp.Expr, q: sp.Expr) -> None:
    """Over free atoms FLINT's answer is SymPy's ``cancel``: zero exactly when SymPy's is."""
    for expr in (p - q, p * q - q * p, (p + q) ** 2 - p**2 - 2 * p * q - q**2):
        if expr.has(sp.zoo, sp.nan):
            continue
        found = expanded_numerator(expr, 20_000)
        assert found is not None and found[1]
        assert (found[0] == 0) == (sp.cancel(expr) == 0), expr


@pytest.mark.parametrize(
    ("form", "proved"),
    [("radicals", True), ("radicals-wrong", False), ("fractions", True), ("fractions-off-by-1e-30", False)],
)
def test_the_normal_form_through_flint_proves_and_refutes_as_it_should(form: str, proved: bool) -> None:
    """End to end: radicals go to SymPy's arithmetic, rational functions to FLINT; a difference of 10⁻³⁰ is found."""
    from checker import Scope, Status, check

    s = Scope()
    p, t = s.positive("p"), s.real("t")
    product = sp.Mul(sp.sqrt(p) + 1, sp.sqrt(p) - 1, evaluate=False)
    fractions = (t**2 - 1) / (t**2 + 1) + 2 / (t**2 + 1)
    lhs, rhs = {"radicals": (product, p - 1), "radicals-wrong": (product, p + 1), "fractions": (fractions, 1),
                "fractions-off-by-1e-30": (fractions, 1 + sp.Rational(1, 10**30))}[form]
    verdict = check(s.identity(lhs, rhs, form))
    assert verdict.status is (Status.PROVED if proved else Status.REFUTED), verdict.summary
