"""Comparisons with square roots proved by squaring both sides: (a + b)/2 ≥ √(ab), √x ≤ (1 + x)/2, x ≥ −√(x² + 1).

For real A and B: if A ≥ 0 and A² ≥ B², then A = |A| ≥ |B| ≥ B; if B ≤ 0 and B² ≥ A², then −B = |B| ≥ |A| ≥ −A,
so again A ≥ B (and with A² > B², or B² > A², A > B). So ``A ≥ B`` (or ``B ≤ A``) follows from two claims, each
proved by the other strategies wherever its sides are defined: A ≥ 0 and A² − B² ≥ 0, or else B ≤ 0 and
B² − A² ≥ 0 (> 0 for a strict relation), the squares multiplied out, so √a·√a becomes a. Only where squaring
leaves fewer square roots than it found, so the strategy cannot call itself for ever; the definedness half of a
strict claim is the original claim's, shown separately.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from checker.values.claims import Claim, Relation, Relational
from checker.values.semantics import Semantics
from checker.values.written import beyond_degree, brief

from .evidence import Proof
from .normal import TERM_LIMIT, expansion_size

MAX_OPS = 120
"""Largest comparison (SymPy operations, both sides) squared: multiplying out a larger one costs seconds, and a
bound's sub-claims (ln t ≥ 1 − 1/t at √t) are often that large."""
_ORIENTED = {Relation.GE: (False, Relation.GE), Relation.GT: (False, Relation.GT),
             Relation.LE: (True, Relation.GE), Relation.LT: (True, Relation.GT)}
"""For each comparison: whether its sides swap to read "larger ≥ smaller", and the relation then."""


def roots(expr: sp.Basic) -> int:
    """How many powers with exponent an odd multiple of 1/2 (√u, u^{3/2}, u^{-1/2}) the expression holds."""
    return sum(1 for node in sp.preorder_traversal(expr)
               if isinstance(node, sp.Pow) and node.exp.is_Rational and node.exp.q == 2)


def squared(claim: Claim, part: Relational, prove: Callable[[Claim], Proof | None]) -> Proof | None:
    """A proof of the comparison ``part`` of ``claim`` by squaring both sides, or None."""
    if part.relation not in _ORIENTED:
        return None
    swap, relation = _ORIENTED[part.relation]
    larger, smaller = (part.rhs, part.lhs) if swap else (part.lhs, part.rhs)
    found = roots(larger) + roots(smaller)
    if found == 0 or sp.count_ops(larger) + sp.count_ops(smaller) > MAX_OPS or beyond_degree(larger - smaller):
        return None
    square = larger**2 - smaller**2
    if expansion_size(square) > TERM_LIMIT.get():
        return None
    square = sp.expand(square, power_base=False, power_exp=False, log=False)
    if roots(square) >= found:
        return None
    for side, sign, difference, how in ((larger, Relation.GE, square, "the larger side is ≥ 0, so the relation "
                                         "holds where larger² − smaller² is"),
                                        (smaller, Relation.LE, -square, "the smaller side is ≤ 0, so the relation "
                                         "holds where smaller² − larger² is")):
        steps = [f"{how} {relation.value} 0"]
        for expr, relation_here, what in ((side, sign, f"{brief(side)} {sign.value} 0"),
                                          (difference, relation, f"{brief(difference)} {relation.value} 0")):
            sub = Claim(claim.kind, f"{claim.text} [squares: {what}]",
                        (Relational(expr, relation_here, sp.Integer(0)),), claim.domains,
                        semantics=Semantics.WHERE_DEFINED, cas_trusted=claim.cas_trusted)
            proof = prove(sub)
            if proof is None:
                break
            steps.extend((f"{what} ({proof.method})", *(f"  {step}" for step in proof.steps)))
        else:
            return Proof("squares", tuple(steps))
    return None
