"""Both sides of a refuted relation along a line through its counterexample: what a plot in a report shows.

The line moves one continuous coordinate of the counterexample and keeps the others fixed (for an entry of
a distribution, it moves that entry against another so the entries still sum to 1). Values are computed by
the same evaluator that certifies counterexamples, at exact rational points, and returned as floats for
drawing; a point where a side is undefined is a gap. A picture, not evidence: the verdict rests on the
certified counterexample alone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from checker.numeric.balls import Uncertain, Undefined, endpoints
from checker.numeric.interval import evaluate
from checker.values.claims import Claim
from checker.values.verdicts import Counterexample

from .points import prepared

SAMPLES = 25
BUDGET = 0.06
"""Seconds one profile may take; a formula slower than this to evaluate is drawn with fewer points."""


@dataclass(frozen=True, slots=True)
class Profile:
    """Values of both sides of one relation at points ``x`` of the moving coordinate."""

    atom: sp.Basic
    """The coordinate on the horizontal axis."""
    partner: sp.Basic | None
    """For a distribution entry: the entry moved the other way (so the entries still sum to 1)."""
    at: float
    """The counterexample's value of ``atom``."""
    relation: str
    xs: tuple[float, ...]
    lhs: tuple[float | None, ...]
    rhs: tuple[float | None, ...]


def _value(expr: sp.Expr, env: dict[sp.Basic, Fraction]) -> float | None:
    try:
        low, high = endpoints(evaluate(expr, env, prec=40))
    except (Undefined, Uncertain, ArithmeticError, ValueError, TypeError):
        return None
    middle = float((low + high) / 2)
    return middle if abs(middle) < 1e300 else None


def _range(claim: Claim, atom: sp.Basic, at: Fraction, partner: tuple[sp.Basic, Fraction] | None
           ) -> tuple[Fraction, Fraction]:
    """The interval of values the line covers: about the counterexample, inside the declared domain."""
    domain = claim.domain_of(atom)
    span = max(Fraction(1), abs(at))
    low, high = at - span, at + span
    if partner is not None:  # atom + t and partner − t both stay in (0, 1)
        low, high = max(low, Fraction(0)), min(high, at + partner[1])
    if domain.lo is not None:
        low = max(low, domain.lo)
    if domain.hi is not None:
        high = min(high, domain.hi)
    inset = (high - low) / 200
    return low + (inset if partner is not None or domain.lo_open else 0), \
        high - (inset if partner is not None or domain.hi_open else 0)


Coordinate = tuple[sp.Basic, "tuple[sp.Basic, Fraction] | None", Fraction, Fraction]


def _coordinates(claim: Claim, values: dict[sp.Basic, Fraction]) -> list[Coordinate]:
    """The continuous coordinates a line can move, each with its partner (for a distribution entry) and range;
    a declared symbol reads best on an axis, a derivative or a function's value only when nothing else moves."""
    found: list[Coordinate] = []
    for atom in sorted(values, key=lambda a: (not isinstance(a, sp.Symbol), not isinstance(a, sp.Indexed))):
        domain = claim.domain_of(atom)
        if domain.integer:
            continue
        partner = None
        if domain.group:
            others = [a for a in values if a != atom and claim.domain_of(a).group == domain.group]
            if not others:
                continue
            partner = (others[-1], values[others[-1]])
        low, high = _range(claim, atom, values[atom], partner)
        if low < high:
            found.append((atom, partner, low, high))
    return found


def profile(claim: Claim, example: Counterexample, samples: int = SAMPLES) -> Profile | None:
    """Both sides of the failing relation along the first continuous coordinate of ``example``, or None."""
    if example.instance or not example.values:
        return None
    values = {atom: Fraction(int(sp.Rational(v).p), int(sp.Rational(v).q)) for atom, v in example.values}
    try:
        parts = prepared(claim)
        lhs, relation, rhs = parts[example.enclosure.part]
    except (IndexError, ArithmeticError, ValueError, TypeError):
        return None
    candidates = _coordinates(claim, values)
    if not candidates:
        return None

    def moved(atom: sp.Basic, partner: tuple[sp.Basic, Fraction] | None, x: Fraction) -> dict[sp.Basic, Fraction]:
        env = dict(values)
        env[atom] = x
        if partner is not None:
            env[partner[0]] = partner[1] - (x - values[atom])
        return env

    def changes(atom: sp.Basic, partner: tuple[sp.Basic, Fraction] | None, low: Fraction, high: Fraction) -> bool:
        """Whether the gap between the sides moves along this coordinate (a flat picture shows nothing)."""
        gaps = set()
        for x in (low + (high - low) / 4, values[atom]):
            env = moved(atom, partner, x)
            left, right = _value(lhs, env), _value(rhs, env)
            gaps.add(None if left is None or right is None else round(left - right, 9))
        return len(gaps) > 1

    atom, partner, low, high = next((c for c in candidates[:4] if len(candidates) > 1 and changes(*c)),
                                    candidates[0])
    grid = {low + (high - low) * Fraction(i, samples - 1) for i in range(samples)}
    grid = {Fraction(round(x * 10_000), 10_000) if x.denominator > 10_000 else x for x in grid} | {values[atom]}
    ordered = sorted(grid)
    # coarse to fine, so a formula that is slow to evaluate is still drawn over the whole range
    order = sorted(range(len(ordered)), key=lambda i: -((i & -i) if i else len(ordered) * 2))
    computed: dict[Fraction, tuple[float | None, float | None]] = {}
    deadline = time.perf_counter() + BUDGET
    for i in [ordered.index(values[atom]), *order]:
        x = ordered[i]
        if x in computed:
            continue
        env = moved(atom, partner, x)
        computed[x] = (_value(lhs, env), _value(rhs, env))
        if time.perf_counter() > deadline and len(computed) >= 9:
            break
    xs = sorted(computed)
    left = [computed[x][0] for x in xs]
    right = [computed[x][1] for x in xs]
    if not any(v is not None for v in left + right):
        return None
    return Profile(atom, partner[0] if partner else None, float(values[atom]), relation,
                   tuple(float(x) for x in xs), tuple(left), tuple(right))
