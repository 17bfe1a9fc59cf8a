"""A quick look in floating point: which points are not worth certifying.

The counterexample probe tries the simplest points of a claim before any proof. At most of them a true claim
holds, and certifying that (exact rationals, then intervals) costs more than the rest of the probe. This
module evaluates the same written trees in IEEE floats; where both sides come out finite and the relation
holds with a wide margin, the probe moves on. Nothing is ever decided here: a point where the floats see a
failure, come close, or cannot evaluate (an unknown function, a pole, a log of a non-positive number, an
overflow) is judged by :func:`checker.semantics.judge` as before. A verdict therefore never rests on a
float; the cost of a float that is wrong is only a point certified for nothing.

The floats also say where a tree is clearly undefined (:func:`clearly_undefined`: the log or a fractional power
of a number they find negative, 1/x or log x where x is exactly 0). The search skips such a point only where no
failure it still looks for could come from it (:mod:`checker.engine.screen`): both sides of an equation
undefined, a where-defined claim, or a definedness counterexample already in hand.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

import sympy as sp

from checker.values.functions import guarded, sigmoid

MARGIN = 1e-6
"""Relative margin by which a relation must hold in floats for a point to be skipped."""


class Unclear(Exception):
    """The floats cannot say (the point is certified instead)."""


class ExactZero(float):
    """A coordinate that is exactly 0 (its rational is 0, not a float that underflowed): 1/x and log x there are
    undefined, whatever rounding did elsewhere."""


EXACT_ZERO = ExactZero(0.0)


class NotReal(Unclear):
    """The tree takes the logarithm, or a fractional power, of a number the floats find negative — with no
    cancellation behind it, so its sign is not a rounding artefact: the tree is undefined at the point."""


def value(expr: sp.Basic, env: Mapping[sp.Basic, float], known: dict[sp.Basic, float]) -> float:
    """The float value of a written tree at a point, or :class:`Unclear`."""
    if expr in env:
        return env[expr]
    if expr in known:
        return known[expr]
    result = _value(expr, env, known)
    if not math.isfinite(result):
        raise Unclear
    known[expr] = result
    return result


ABSORBED = 1e-12
"""A term smaller than this fraction of its sum is (partly) lost in it: the floats cannot say."""
CANCELLATION = 1e-6
"""A sum smaller than this fraction of its largest term has lost the digits that matter (1e20 + x − 1e20):
the floats cannot say, and the point is certified."""


def _value(expr: sp.Basic, env: Mapping[sp.Basic, float], known: dict[sp.Basic, float]) -> float:  # noqa: C901
    try:
        if expr.is_Number:
            if expr.is_Rational:
                return float(Fraction(int(expr.p), int(expr.q)))  # type: ignore[attr-defined]
            raise Unclear
        if expr is sp.pi:
            return math.pi
        if expr is sp.E:
            return math.e
        args = expr.args
        if isinstance(expr, sp.Add):
            terms = [value(a, env, known) for a in args]
            total = math.fsum(terms)
            largest = max(abs(t) for t in terms)
            if largest > 0 and abs(total) < CANCELLATION * largest:
                raise Unclear
            if any(0 < abs(t) < ABSORBED * abs(total) for t in terms):
                raise Unclear  # 1 + 10^{-17}: a term the sum cannot hold
            return total
        if isinstance(expr, sp.Mul):
            product = 1.0
            for a in args:
                product *= value(a, env, known)
            return product
        if isinstance(expr, sp.Pow):
            base, exponent = value(args[0], env, known), value(args[1], env, known)
            if base == 0 and exponent < 0:
                raise NotReal if isinstance(base, ExactZero) else Unclear
            if base < 0 and exponent != int(exponent):
                raise NotReal
            return float(base ** exponent)
        if isinstance(expr, sp.exp):
            return math.exp(value(args[0], env, known))
        if isinstance(expr, sp.log) and len(args) == 1:
            argument = value(args[0], env, known)
            if argument < 0:
                raise NotReal
            if argument == 0:
                raise NotReal if isinstance(argument, ExactZero) else Unclear  # else perhaps an underflow
            return math.log(argument)
        if isinstance(expr, sigmoid):
            x = value(args[0], env, known)
            return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
        if isinstance(expr, sp.Abs):
            return abs(value(args[0], env, known))
        if isinstance(expr, guarded):
            for requirement in args[1:]:
                value(requirement, env, known)  # each has a float value (else Unclear: the point is certified)
            return value(args[0], env, known)
        if isinstance(expr, (sp.Max, sp.Min)):
            values = [value(a, env, known) for a in args]
            return max(values) if isinstance(expr, sp.Max) else min(values)
    except (OverflowError, ZeroDivisionError, ValueError, TypeError):
        raise Unclear from None
    raise Unclear


def clearly_holds(lhs: sp.Basic, relation: str, rhs: sp.Basic, env: Mapping[sp.Basic, float],
                  known: dict[sp.Basic, float], equalities: bool = True) -> bool:
    """Whether the relation holds in floats by a wide margin (False: unclear, or it may fail).

    An equation has no margin: two sides equal in floats may differ in the 17th digit. ``equalities=False``
    (the full search) never skips one; the probe, a quick first look, does.
    """
    if relation == "=" and not equalities:
        return False
    try:
        left, right = value(lhs, env, known), value(rhs, env, known)
    except Unclear:
        return False
    scale = max(1.0, abs(left), abs(right))
    gap = right - left
    if relation == "=":
        return abs(gap) <= 1e-12 * scale  # equal to the last digits: let the certified judge say so exactly
    if relation in ("<", "<="):
        return gap > MARGIN * scale
    if relation in (">", ">="):
        return -gap > MARGIN * scale
    return False


def clearly_undefined(expr: sp.Basic, env: Mapping[sp.Basic, float], known: dict[sp.Basic, float]) -> bool:
    """Whether the floats find the tree undefined at the point (:class:`NotReal`) before anything unclear; like
    :func:`clearly_holds`, only ever a reason not to certify a point that could not change the search."""
    try:
        value(expr, env, known)
    except NotReal:
        return True
    except Unclear:
        return False
    return False
