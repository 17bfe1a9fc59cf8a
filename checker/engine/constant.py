"""Relations between constants: exact rational arithmetic, Arb balls up the precision ladder, and where the balls
overlap at every rung, an exact identity (:mod:`checker.numeric.constants`) — the prover's third strategy."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from checker.numeric.balls import LADDER, Undefined, endpoints, fmt
from checker.numeric.constants import prove_zero
from checker.values.claims import Relational
from checker.values.semantics import Semantics
from checker.values.written import fast, unfold

from .conditions import computable
from .evidence import Proof
from .judgement import side_value, violates


def constant_value(quantity: sp.Expr) -> Fraction | None:
    """A constant's value if it is certainly zero (0) or certainly not (a non-zero stand-in), else None."""
    value, _ = side_value(computable(quantity), {}, 113)
    if value is None:
        return None
    low, high = endpoints(value)
    if low > 0 or high < 0:
        return Fraction(1)
    return Fraction(0) if low == high == 0 else None


def between_constants(written: Relational, part: Relational, semantics: Semantics) -> Proof | None:
    """A relation between constants (``written`` as written, ``part`` evaluated), decided by exact arithmetic or
    by intervals at rising precision, and where those cannot separate the sides by an exact identity."""
    lhs, rhs = computable(written.lhs), computable(written.rhs)
    if lhs.free_symbols or rhs.free_symbols or lhs.atoms(sp.core.function.AppliedUndef) or \
            rhs.atoms(sp.core.function.AppliedUndef):
        return None
    relation = written.relation.value
    overlapping = None
    for prec in LADDER:
        left, left_problem = side_value(lhs, {}, prec)
        right, right_problem = side_value(rhs, {}, prec)
        if isinstance(left_problem, Undefined) and isinstance(right_problem, Undefined) and relation == "=":
            return Proof("both sides undefined", (f"neither side has a real value ({left_problem}; {right_problem}): "
                                                  "an identity between two undefined sides holds",))
        if isinstance(left_problem, Undefined) or isinstance(right_problem, Undefined):
            if semantics is Semantics.WHERE_DEFINED:
                return Proof("vacuous", (f"a side is undefined ({left_problem or right_problem}): no point has both "
                                         "sides defined",))
            return None
        if left is None or right is None:
            continue
        outcome = violates(left, relation, right)
        if outcome is False:
            method = "exact rational arithmetic" if isinstance(left, Fraction) and isinstance(right, Fraction) \
                else f"ball arithmetic ({prec} bits)"
            return Proof(method, (f"lhs ∈ {fmt(left)}, rhs ∈ {fmt(right)}, so {fast(written.lhs)} "
                                  f"{relation} {fast(written.rhs)} holds",))
        if outcome is True:
            return None
        overlapping = (left, right)
    if overlapping is None or relation not in ("=", "<=", ">="):
        return None
    # equal to every digit at the cap: only an exact argument can say they are equal
    steps = prove_zero(unfold(part.lhs - part.rhs))
    if steps is None:
        return None
    if part.lhs.has(sp.Sum, sp.Product) or part.rhs.has(sp.Sum, sp.Product):
        steps = ("sums and products carried out in closed form (series of rational terms through Hurwitz ζ and ψ, "
                 "others by SymPy's summation)", *steps)
    return Proof("exact constant identity", (*steps, f"so {fast(written.lhs)} = {fast(written.rhs)}"
                                             + (f", and {relation} holds" if relation != "=" else "")))
