"""Reading a SymPy tree without changing it: its evaluated form, its size and its degree written out — what the
written forms (:mod:`checker.values.written`) and the series of rational terms (:mod:`checker.values.series`)
both need, below either."""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

MAX_DEGREE = 2000
"""The largest degree a formula written out as a polynomial may have for SymPy's dense polynomials to be built
from it (:func:`beyond_degree`)."""


def within(expr: sp.Basic, nodes: int) -> bool:
    """Whether the tree has at most ``nodes`` nodes: a size test that stops counting at the limit, where SymPy's
    ``count_ops`` builds each term's numerator and denominator (a second of a corrupted derivation step's proof went
    to counting the operations of the sums whose sign was asked)."""
    for seen, _ in enumerate(sp.preorder_traversal(expr), start=1):
        if seen > nodes:
            return False
    return True


def beyond_degree(expr: sp.Basic) -> bool:
    """Whether ``expr``, written out as a polynomial (or a ratio of polynomials) in its symbols and function
    values, could have a degree beyond :data:`MAX_DEGREE`: SymPy's ``Poly``, ``cancel`` and ``factor`` store a
    polynomial densely, so x^(10⁴⁰⁰), or (x + 1)² squared fifteen times (degree 32,768), would fill memory. Callers
    that read polynomials off a formula treat such a formula as not a polynomial (one fewer argument or search
    point, never a wrong one)."""
    return _degree(expr) > MAX_DEGREE


@lru_cache(maxsize=16384)
def _degree(e: sp.Basic) -> int:
    """An upper bound on the degree of ``e`` written out (numerator and denominator counted alike)."""
    if isinstance(e, sp.Pow):
        base, exponent = e.args
        if exponent.is_Rational:  # y^(p/q) is a polynomial of degree |p| in the generator y^(1/q)
            return abs(int(exponent.p)) * _degree(base)
        return 1 + _degree(base) + _degree(exponent)  # a generator of its own, whose parts may still be expanded
    if isinstance(e, sp.Add):
        return max(_degree(a) for a in e.args)
    if isinstance(e, sp.Mul):
        return sum(_degree(a) for a in e.args)
    if not e.args:
        return 0 if e.is_number else 1
    return 1 + max((_degree(a) for a in e.args if isinstance(a, sp.Basic)), default=0)


@lru_cache(maxsize=4096)
def evaluated(expr: sp.Basic) -> sp.Basic:
    """SymPy's evaluated form of a tree built unevaluated (what the prover manipulates)."""
    if not expr.args:
        return expr
    return expr.func(*(evaluated(arg) for arg in expr.args))
