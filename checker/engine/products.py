"""Rising factorials of one class written through one: telescoping products in the rational normal form.

SymPy carries out Π_{k=1}^{n} (2k + 1)/(2k + 3) as (3/2)_n/(5/2)_n, rising factorials (a)_n = a(a + 1)…(a + n − 1)
that the normal form takes as unrelated atoms. Shifts that differ by a whole number are related exactly:

    (a + m)_n = (a)_n · (a + n)(a + n + 1)…(a + n + m − 1) / (a(a + 1)…(a + m − 1))   for a whole m ≥ 0,

at every whole n ≥ 0, wherever a(a + 1)…(a + m − 1) ≠ 0 — so every rising factorial of a class is written through the
one of least shift a, taken only when a > 0 (then nothing divided by vanishes, and (a)_n > 0 cancels). n! is (1)_n.
"""

from __future__ import annotations

import sympy as sp


def _rising(e: sp.Basic) -> tuple[sp.Rational, sp.Expr] | None:
    """(a, n) for (a)_n with a rational a and n a non-negative integer (n! as (1)_n), else None."""
    if isinstance(e, sp.RisingFactorial):
        shift, length = e.args
    elif isinstance(e, sp.factorial):
        shift, length = sp.Integer(1), e.args[0]
    else:
        return None
    if not shift.is_Rational or not (length.is_integer and length.is_nonnegative):
        return None
    return shift, length


def one_rising_factorial_per_class(expr: sp.Expr) -> sp.Expr:
    """Every (a + m)_n written as (a)_n times a rational function of n, a the least shift of its class mod 1
    among the expression's rising factorials of the same n, where a > 0 (see the module)."""
    found = {node: r for node in sp.preorder_traversal(expr) if (r := _rising(node)) is not None}
    least: dict[tuple[sp.Expr, sp.Rational], sp.Rational] = {}
    for shift, length in found.values():
        key = (length, shift - sp.floor(shift))
        least[key] = min(least.get(key, shift), shift)
    substitution = {}
    for node, (shift, length) in found.items():
        base = least[(length, shift - sp.floor(shift))]
        m = int(shift - base)
        if base <= 0 or m == 0 and not isinstance(node, sp.factorial) or m > 40:
            continue
        ratio = sp.Mul(*((base + length + i) / (base + i) for i in range(m)))
        substitution[node] = sp.RisingFactorial(base, length) * ratio
    return expr.xreplace(substitution) if substitution else expr
