"""A relation at one point: each side's value from the tree as written, certified by the Arb layer.

:func:`judge` says whether a relation holds, fails or is undefined at a point under a claim's semantics
(:mod:`checker.values.semantics`); :func:`decide` does so for constant sides; :func:`violates` compares two
certified values. Values come from :mod:`checker.numeric.interval`; a counterexample's values are exact
where they can be.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from checker.numeric.balls import LADDER, Uncertain, Undefined, Value, endpoints, fmt, is_exact, rounded, show
from checker.numeric.interval import evaluate

# -- the formula as written ------------------------------------------------------------------------------
from checker.values.semantics import Semantics
from checker.values.written import evaluated, unfold

from .conditions import computable

# -- at a point ----------------------------------------------------------------------------------------------


class Outcome(enum.Enum):
    CONSISTENT = "consistent"   # values agree with the relation (not a proof)
    FAILS = "fails"             # certified violation
    UNKNOWN = "unknown"         # too wide or unsupported
    OUTSIDE = "outside"         # the point says nothing under this semantics (where-defined, a side undefined)


@dataclass(frozen=True, slots=True)
class Judgement:
    """The relation at one point: the outcome, both sides as printed, and why."""

    outcome: Outcome
    lhs: str = ""
    rhs: str = ""
    note: str = ""
    undefined: bool = False
    """True when the failure is that a side is undefined (a *definedness* counterexample)."""
    certain: bool = False
    """For a consistent outcome: the values certainly satisfy the relation (no higher precision can change it),
    rather than overlapping."""


def side_value(expr: sp.Basic, env: Mapping[sp.Basic, Value], prec: int, known: dict[sp.Basic, Value] | None = None) \
        -> tuple[Value | None, Undefined | Uncertain | None]:
    """A side's value at a point, or why there is none; ``known``: subtrees' values at this point and precision."""
    if not env:
        return _constant_value(expr, prec)
    try:
        return evaluate(expr, env, prec, known), None
    except (Undefined, Uncertain) as problem:
        return None, problem


@lru_cache(maxsize=1024)
def _constant_value(expr: sp.Basic, prec: int) -> tuple[Value | None, Undefined | Uncertain | None]:
    """A side without atoms: the search, the proof and the cross-check of one claim each ask for it."""
    try:
        return evaluate(expr, {}, prec), None
    except (Undefined, Uncertain) as problem:
        return None, problem


def judge(lhs: sp.Basic, relation: str, rhs: sp.Basic, env: Mapping[sp.Basic, Value], prec: int = 53,
          semantics: Semantics = Semantics.STRICT, *, shown: bool = True) -> Judgement:
    """Whether ``lhs REL rhs`` (computable written trees) certainly fails at the exact point ``env``.

    With ``shown=False`` a consistent outcome carries no printed values (the search looks only for failures,
    and printing enclosures costs more than comparing them).
    """
    known: dict[sp.Basic, Value] = {}  # the two sides share subtrees
    left, left_problem = side_value(lhs, env, prec, known)
    right, right_problem = side_value(rhs, env, prec, known)
    left_undefined, right_undefined = isinstance(left_problem, Undefined), isinstance(right_problem, Undefined)
    if left_undefined or right_undefined:
        if semantics is Semantics.WHERE_DEFINED:
            return Judgement(Outcome.OUTSIDE, note=str(left_problem or right_problem))
        if relation == "=":
            if left_undefined and right_undefined:
                return Judgement(Outcome.CONSISTENT, "undefined", "undefined", "both sides are undefined")
            other, other_problem = (right, right_problem) if left_undefined else (left, left_problem)
            if other is None:
                return Judgement(Outcome.UNKNOWN, note=str(other_problem))
        side = "left" if left_undefined else "right"
        problem = left_problem if left_undefined else right_problem
        if left_undefined and right_undefined:
            tail = "; so is the right side"
        else:
            other = right if left_undefined else left
            if other is not None:
                other = _exact_if_known(rhs if left_undefined else lhs, env, other)
                left, right = (None, other) if left_undefined else (other, None)
            tail = f"; the {'right' if left_undefined else 'left'} side is " + \
                ("not certain" if other is None else _shown(other))
        return Judgement(Outcome.FAILS, "undefined" if left_undefined else _shown_or_uncertain(left),
                         "undefined" if right_undefined else _shown_or_uncertain(right),
                         f"the {side} side is undefined ({problem}){tail}", undefined=True)
    if left is None or right is None:
        return Judgement(Outcome.UNKNOWN, note=str(left_problem or right_problem))
    failing = violates(left, relation, right)
    equal = failing is None and relation in ("<", ">", "!=") and _exactly_equal(lhs, rhs, env)
    if equal:
        failing = True  # the enclosures overlap because the two values are the same number
    if not failing:
        # certainly holds, or the enclosures overlap: consistent with the relation (never a proof by itself)
        certain = failing is False
        return Judgement(Outcome.CONSISTENT, _shown(left), _shown(right), certain=certain) if shown else \
            Judgement(Outcome.CONSISTENT, certain=certain)
    left, right = _exact_if_known(lhs, env, left), _exact_if_known(rhs, env, right)
    # values that are the same number are never printed apart: 12 digits, not 320 digits of a binary endpoint
    shown_left, shown_right = (_shown(left), _shown(right)) if equal else _distinct(left, right)
    note = {"=": "the two sides differ", "!=": "the two sides are equal", "<": "lhs ≥ rhs", "<=": "lhs > rhs",
            ">": "lhs ≤ rhs", ">=": "lhs < rhs"}[relation]
    if equal:
        note = "the two sides are the same number (exact arithmetic)"
    return Judgement(Outcome.FAILS, shown_left, shown_right, note)


def decide(lhs: sp.Basic, relation: str, rhs: sp.Basic) -> bool | None:
    """The truth of a relation between two closed written expressions (numbers, no atoms), certified by exact
    or interval arithmetic; None when a side is undefined or the values cannot tell (e.g. equal irrationals)."""
    for prec in LADDER:
        left, left_problem = side_value(lhs, {}, prec)
        right, right_problem = side_value(rhs, {}, prec)
        if isinstance(left_problem, Undefined) or isinstance(right_problem, Undefined):
            return None
        if left is not None and right is not None:
            failing = violates(left, relation, right)
            if failing is not None:
                return not failing
    if _exactly_equal(lhs, rhs, {}):
        return relation in ("=", "<=", ">=")
    return None


def _exactly_equal(lhs: sp.Basic, rhs: sp.Basic, env: Mapping[sp.Basic, Value]) -> bool:
    """Whether SymPy's exact arithmetic makes the two sides the same number at a point where both are defined."""
    if not all(isinstance(v, Fraction) for v in env.values()):
        return False
    point = {a: sp.Rational(v.numerator, v.denominator) for a, v in env.items()}
    difference = unfold(evaluated(lhs)).xreplace(point) - unfold(evaluated(rhs)).xreplace(point)
    return difference == 0 or (not difference.free_symbols and _proved_zero(difference))


@lru_cache(maxsize=256)
def _proved_zero(difference: sp.Expr) -> bool:
    from checker.numeric.constants import prove_zero

    return prove_zero(difference) is not None


def _exact_if_known(expr: sp.Basic, env: Mapping[sp.Basic, Value], value: Value) -> Value:
    """For display: the exact value SymPy finds at the point (log e⁻¹ = −1), when it lies in the enclosure.

    Only used once a side is known to be defined at the point, where SymPy's evaluated form agrees with
    the formula as written; the verdict itself never rests on it.
    """
    if is_exact(value) or not all(isinstance(v, Fraction) for v in env.values()):
        return value
    try:
        exact = unfold(evaluated(expr)).xreplace({a: sp.Rational(v.numerator, v.denominator) for a, v in env.items()})
    except (ValueError, TypeError, ArithmeticError, AttributeError):  # SymPy rebuilding max(…, 0·∞), max(∛y, sec π)
        # and the like: nothing to show
        return value
    if not exact.is_Rational:
        return value
    candidate = Fraction(int(exact.p), int(exact.q))
    low, high = endpoints(value)
    return candidate if low <= candidate <= high else value


def violates(left: Value, relation: str, right: Value) -> bool | None:
    """True if the relation certainly fails, False if it certainly holds, None if the values cannot tell."""
    if is_exact(left) and is_exact(right):
        holds = {"=": left == right, "!=": left != right, "<": left < right, "<=": left <= right, ">": left > right,
                 ">=": left >= right}[relation]
        return not holds
    # compare the exact rational endpoints: no rounding at whatever precision happens to be current
    (la, lb), (ra, rb) = endpoints(left), endpoints(right)
    fails = {"=": lb < ra or rb < la, "!=": False, "<": la >= rb, "<=": la > rb, ">": lb <= ra,
             ">=": lb < ra}[relation]
    if fails:
        return True
    holds = {"=": False, "!=": lb < ra or rb < la, "<": lb < ra, "<=": lb <= ra, ">": la > rb,
             ">=": la >= rb}[relation]
    return False if holds else None


def _shown_or_uncertain(value: Value | None) -> str:
    return "not certain" if value is None else _shown(value)


def _shown(value: Value) -> str:
    if is_exact(value):
        text = show(value)
        return f"{{{text}}}" if not text.startswith("[") else text
    return fmt(value)


def _distinct(left: Value, right: Value) -> tuple[str, str]:
    """Print two values with enough digits that a reader sees them apart when they are apart."""
    if is_exact(left) and is_exact(right) and _shown(left).startswith("{") and _shown(right).startswith("{"):
        return _shown(left), _shown(right)
    for digits in (12, 20, 30, 45, 60, 90, 120, 200, 320):
        (a, b), (c, d) = rounded(left, digits), rounded(right, digits)
        if b < c or d < a or (a == b == c == d):
            break
    shown = [(_shown(v) if is_exact(v) and _shown(v).startswith("{") else fmt(v, digits)) for v in (left, right)]
    return shown[0], shown[1]


def exact_value(expr: sp.Basic, env: Mapping[sp.Basic, Value]) -> Fraction | None:
    """The exact rational value of an expression at a point, if it has one that arithmetic shows."""
    value, _ = side_value(computable(expr), env, 53)
    return value if value is not None and is_exact(value) else None
