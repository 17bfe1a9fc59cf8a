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

from .interval import Uncertain, Undefined, enclose, fmt, rounded


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
    left, left_note = _side(lhs, env, prec)
    right, right_note = _side(rhs, env, prec)
    if left == "uncertain" or right == "uncertain":
        return Judgement(Outcome.UNKNOWN, note=left_note or right_note)
    if left == "undefined" or right == "undefined":
        if relation == "=" and (left == "undefined") != (right == "undefined"):
            side = "left" if left == "undefined" else "right"
            defined = fmt(right) if left == "undefined" else fmt(left)
            return Judgement(Outcome.FAILS,
                             lhs="undefined" if left == "undefined" else fmt(left),
                             rhs="undefined" if right == "undefined" else fmt(right),
                             note=f"the {side} side is undefined over the reals "
                                  f"({left_note or right_note}) while the other side is {defined}")
        return Judgement(Outcome.OUTSIDE, note=left_note or right_note)
    fails = {
        "=": left.b < right.a or right.b < left.a,
        "<": left.a >= right.b,
        "<=": left.a > right.b,
        ">": left.b <= right.a,
        ">=": left.b < right.a,
    }[relation]
    if not fails:
        return Judgement(Outcome.CONSISTENT, fmt(left), fmt(right))
    return Judgement(Outcome.FAILS, *_distinct(left, right))


def _distinct(left: object, right: object) -> tuple[str, str]:
    """Print two enclosures with enough digits that a reader sees them apart when they are apart."""
    for digits in (12, 20, 30, 45, 60, 90, 120, 200, 320):
        (a, b), (c, d) = rounded(left, digits), rounded(right, digits)
        if b < c or d < a or (a == b == c == d):
            break
    return fmt(left, digits), fmt(right, digits)


def _side(expr: sp.Expr, env: Mapping[sp.Basic, Fraction], prec: int) -> tuple[object, str]:
    try:
        return enclose(expr, env, prec), ""
    except Undefined as error:
        return "undefined", str(error)
    except Uncertain as error:
        return "uncertain", str(error)
