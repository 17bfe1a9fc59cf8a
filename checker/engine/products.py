"""Rising factorials of one class written through one: telescoping products in the rational normal form.

SymPy carries out Π_{k=1}^{n} (2k + 1)/(2k + 3) as (3/2)_n/(5/2)_n, rising factorials (a)_n = a(a + 1)…(a + n − 1)
that the normal form takes as unrelated atoms — and the step of an induction over a product meets (a)_{n−1}, (a)_n,
(a)_{n+1} side by side. Rising factorials whose shifts differ by a whole number m and whose lengths by a whole
number d are related exactly: for a whole N ≥ 0,

    (a + m)_{N+d} = (a)_N · (a + N)(a + N + 1)…(a + N + d + m − 1) / (a(a + 1)…(a + m − 1)),

since (a)_m (a + m)_{N+d} = (a)_{N+d+m} = (a)_N (a + N)_{d+m}. Every rising factorial of a class is written through
the one of least shift a and least length N, taken only where a > 0 by the symbols' assumptions: then nothing
divided by vanishes, and (a)_N > 0 cancels. n! is (1)_n.
"""

from __future__ import annotations

import sympy as sp

MAX_SHIFT = 40
"""The largest m + d written out as factors."""


def _rising(e: sp.Basic) -> tuple[sp.Expr, sp.Expr] | None:
    """(a, n) for (a)_n with n a non-negative integer (n! as (1)_n), else None."""
    if isinstance(e, sp.RisingFactorial):
        shift, length = e.args
    elif isinstance(e, sp.factorial):
        shift, length = sp.Integer(1), e.args[0]
    else:
        return None
    if not (length.is_integer and length.is_nonnegative):
        return None
    return shift, length


def _split(e: sp.Expr) -> tuple[sp.Rational, sp.Expr]:
    """e as a rational constant plus the rest."""
    constant, rest = e.as_coeff_Add()
    return (constant, rest) if constant.is_Rational else (sp.Integer(0), e)


def one_rising_factorial_per_class(expr: sp.Expr) -> sp.Expr:
    """Every (a + m)_{N+d} written as (a)_N times a rational function, (a)_N the rising factorial of least shift and
    least length of its class (shifts differing by whole numbers, lengths by whole numbers), where a > 0 (see the
    module)."""
    found = {node: r for node in sp.preorder_traversal(expr) if (r := _rising(node)) is not None}
    least: dict[tuple[sp.Expr, sp.Rational, sp.Expr], tuple[sp.Rational, sp.Rational]] = {}
    keyed = {}
    for node, (shift, length) in found.items():
        (s, shift_rest), (j, length_rest) = _split(shift), _split(length)
        key = (shift_rest, s - sp.floor(s), length_rest)
        low_s, low_j = least.get(key, (s, j))
        least[key] = (min(low_s, s), min(low_j, j))
        keyed[node] = (key, s, j)
    substitution = {}
    for node, (key, s, j) in keyed.items():
        low_s, low_j = least[key]
        base, length = key[0] + low_s, key[2] + low_j
        m, d = int(s - low_s), int(j - low_j)
        if not base.is_positive or m + d > MAX_SHIFT or m + d == 0 and not isinstance(node, sp.factorial):
            continue
        ratio = sp.Mul(*(base + length + i for i in range(d + m))) / sp.Mul(*(base + i for i in range(m)))
        substitution[node] = sp.RisingFactorial(base, length) * ratio
    return expr.xreplace(substitution) if substitution else expr
