"""Inequalities decided from the values of lhs − rhs: exactly between the real roots of a rational function of
one symbol, or by interval branch and bound over a bounded box."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from checker.numeric.balls import Uncertain, Undefined, box, endpoints
from checker.numeric.interval import evaluate
from checker.numeric.sign import NEG, POS, manifest_sign, satisfies
from checker.values.claims import Claim, Relational
from checker.values.functions import expand_sigmoid
from checker.values.written import unfold

from .evidence import Proof
from .roots import Inseparable, sign_points, univariate

BOX_BUDGET = 400
"""Sub-boxes the branch and bound may evaluate before it gives up."""


def univariate_proof(claim: Claim, part: Relational) -> Proof | None:
    """A rational function of one symbol keeps its sign between consecutive real roots of its numerator and
    denominator: its sign at one rational point of each stretch, and its value at each root, decide (exact)."""
    found = univariate(unfold(expand_sigmoid(part.lhs - part.rhs)), claim)
    if found is None:
        return None
    symbol, num, den = found
    domain = claim.domain_of(symbol)
    try:
        points, _ = sign_points([num, den], domain)
        _, numerator_roots = sign_points([num], domain)
    except Inseparable:
        return None  # a stretch without a sample point would be a gap in the argument
    relation = part.relation.value
    for point in points:
        value = sp.Rational(point.numerator, point.denominator)
        denominator = den.eval(value)
        if denominator == 0:
            continue  # a pole: undefined there, which only the definedness half cares about
        sign = manifest_sign(num.eval(value) / denominator, lambda _: None)
        if num.eval(value) == 0:
            sign = "zero"
        if relation == "!=" and sign != "zero":
            continue
        if not (satisfies(sign, relation) or (sign == "zero" and relation in ("<=", ">="))):
            return None
    if relation in ("<", ">", "!="):
        # at an irrational root of the numerator that is no pole, lhs − rhs = 0 and a strict relation fails;
        # the numerator has exactly one root in each of its isolating intervals, and it is a pole exactly when
        # the common factor of numerator and denominator vanishes in that interval
        common = sp.gcd(num, den)
        for a, b in numerator_roots:
            if a != b and (common.degree() < 1 or common.count_roots(sp.Rational(a.numerator, a.denominator),
                                                                     sp.Rational(b.numerator, b.denominator)) == 0):
                return None
    return Proof("sign between real roots",
                 (f"lhs − rhs = ({num.as_expr()})/({den.as_expr()}) has the sign {relation} 0 needs at one point of "
                  f"each of the {len(points)} stretches and roots of the domain where it is defined",))


def box_proof(claim: Claim, part: Relational) -> Proof | None:
    """Interval branch and bound over a bounded box: bisect until every sub-box certifies the sign."""
    difference = unfold(part.lhs - part.rhs)
    symbols = sorted(difference.free_symbols, key=str)
    if not symbols or len(symbols) > 6 or difference.atoms(sp.core.function.AppliedUndef, sp.Derivative):
        return None
    corners = []
    for symbol in symbols:
        domain = claim.domain_of(symbol)
        if domain.lo is None or domain.hi is None or domain.integer or domain.lo == domain.hi:
            return None
        corners.append((domain.lo, domain.hi))
    relation = part.relation.value
    pending = [tuple(corners)]
    evaluated_boxes = 0
    while pending:
        current = pending.pop()
        evaluated_boxes += 1
        if evaluated_boxes > BOX_BUDGET:
            return None
        env = {s: box(lo, hi) for s, (lo, hi) in zip(symbols, current)}
        try:
            low, high = endpoints(evaluate(difference, env))
        except (Undefined, Uncertain):
            pass
        else:
            sign = POS if low > 0 else NEG if high < 0 else "non-negative" if low >= 0 else \
                "non-positive" if high <= 0 else None
            if satisfies(sign, relation):
                continue
            if _violated(low, high, relation):
                return None
        widest = max(range(len(current)), key=lambda k: current[k][1] - current[k][0])
        lo, hi = current[widest]
        middle = (lo + hi) / 2
        for half in ((lo, middle), (middle, hi)):
            pending.append(tuple(half if k == widest else current[k] for k in range(len(current))))
    return Proof("interval branch and bound",
                 (f"lhs − rhs has the sign {relation} 0 needs on each of {evaluated_boxes} sub-boxes of the domain",))


def _violated(low: Fraction, high: Fraction, relation: str) -> bool:
    """Whether lhs − rhs ∈ [low, high] certainly violates the relation on the whole sub-box."""
    return {"<": low >= 0, "<=": low > 0, ">": high <= 0, ">=": high < 0, "!=": low == high == 0}[relation]
