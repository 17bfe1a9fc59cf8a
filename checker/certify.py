"""Judging one relation at one exact point with interval arithmetic.

``judge`` answers FAILS only when the enclosures certify it: the two sides' intervals are disjoint
(for ``=``) or ordered the wrong way (for ``<``, ``<=``, ``>``, ``>=``), or one side of an identity is
certainly undefined over the reals while the other is defined.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from .interval import Interval, Uncertain, Undefined, enclose, fmt, rounded


class Outcome(enum.Enum):
    CONSISTENT = "consistent"   # enclosures agree with the relation (not a proof)
    FAILS = "fails"             # certified violation
    UNKNOWN = "unknown"         # too wide or unsupported
    OUTSIDE = "outside"         # both sides undefined, or a comparison side undefined: not in the claim's domain


@dataclass(frozen=True, slots=True)
class Judgement:
    outcome: Outcome
    lhs: str = ""
    rhs: str = ""
    note: str = ""


def judge(lhs: sp.Expr, relation: str, rhs: sp.Expr, env: Mapping[sp.Basic, Fraction],
          prec: int = 53) -> Judgement:
    """Evaluate both sides at ``env`` and decide whether the relation certifiably fails there."""
    left, left_problem = _side(lhs, env, prec)
    right, right_problem = _side(rhs, env, prec)
    if isinstance(left_problem, Uncertain) or isinstance(right_problem, Uncertain):
        return Judgement(Outcome.UNKNOWN, note=str(left_problem or right_problem))
    if left is None or right is None:
        if relation == "=" and (left is None) != (right is None):
            side, defined = ("left", right) if left is None else ("right", left)
            return Judgement(Outcome.FAILS,
                             lhs="undefined" if left is None else fmt(left),
                             rhs="undefined" if right is None else fmt(right),
                             note=f"the {side} side is undefined over the reals "
                                  f"({left_problem or right_problem}) while the other side is {fmt(defined)}")
        return Judgement(Outcome.OUTSIDE, note=str(left_problem or right_problem))
    fails = {
        "=": left.b < right.a or right.b < left.a,
        "<": left.a >= right.b,
        "<=": left.a > right.b,
        ">": left.b <= right.a,
        ">=": left.b < right.a,
    }[relation]
    if not fails:
        return Judgement(Outcome.CONSISTENT, fmt(left), fmt(right))
    shown_left, shown_right = _distinct(left, right)
    return Judgement(Outcome.FAILS, _exact(lhs, env) or shown_left, _exact(rhs, env) or shown_right)


def _exact(expr: sp.Expr, env: Mapping[sp.Basic, Fraction]) -> str:
    """A side that is a rational number at the point is shown exactly, as the singleton ``{9/10}``."""
    value = expr.xreplace({atom: sp.Rational(v.numerator, v.denominator) for atom, v in env.items()})
    return f"{{{value}}}" if value.is_Rational else ""


def _side(expr: sp.Expr, env: Mapping[sp.Basic, Fraction],
          prec: int) -> tuple[Interval | None, Undefined | Uncertain | None]:
    try:
        return enclose(expr, env, prec), None
    except (Undefined, Uncertain) as problem:
        return None, problem


def _distinct(left: Interval, right: Interval) -> tuple[str, str]:
    """Print two enclosures with enough digits that a reader sees them apart when they are apart."""
    for digits in (12, 20, 30, 45, 60, 90, 120, 200, 320):
        (a, b), (c, d) = rounded(left, digits), rounded(right, digits)
        if b < c or d < a or (a == b == c == d):
            break
    return fmt(left, digits), fmt(right, digits)

