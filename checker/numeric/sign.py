"""Signs that follow from an expression's shape and its atoms' declared bounds: exact, no numerics.

Two readings work together: the *shape* (squares, exp, positive factors) and exact *bounds* propagated
from each atom's domain through sums, products and integer powers, keeping track of whether an end is
attained (``π(y_2) − 1`` with π(y_2) ∈ (0, 1] lies in (−1, 0], so it is non-positive). Bounds are
rational numbers, so a sign found here is exact. ``None`` means the sign is not settled this way.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from checker.values.functions import guarded, normal_mean, realroot, sigmoid
from checker.values.written import within

POS, NONNEG, NEG, NONPOS = "positive", "non-negative", "negative", "non-positive"


@dataclass(frozen=True, slots=True)
class Bound:
    """Where a quantity lies: ``lo``/``hi`` (None when unbounded) and whether each end is excluded."""

    lo: Fraction | None = None
    hi: Fraction | None = None
    lo_open: bool = True
    hi_open: bool = True

    @property
    def sign(self) -> str | None:
        if self.lo is not None and (self.lo > 0 or (self.lo == 0 and self.lo_open)):
            return POS
        if self.hi is not None and (self.hi < 0 or (self.hi == 0 and self.hi_open)):
            return NEG
        if self.lo is not None and self.lo >= 0:
            return NONNEG
        if self.hi is not None and self.hi <= 0:
            return NONPOS
        return None

    @property
    def finite(self) -> bool:
        return self.lo is not None and self.hi is not None


ANYWHERE = Bound()
BoundOf = Callable[[sp.Basic], "Bound | None"]


def _point(value: Fraction) -> Bound:
    return Bound(value, value, False, False)


def _from_sign(sign: str | None) -> Bound:
    zero = Fraction(0)
    return {POS: Bound(zero, None, True, True), NONNEG: Bound(zero, None, False, True),
            NEG: Bound(None, zero, True, True), NONPOS: Bound(None, zero, True, False)}.get(sign or "", ANYWHERE)


def _add(a: Bound, b: Bound) -> Bound:
    lo = None if a.lo is None or b.lo is None else a.lo + b.lo
    hi = None if a.hi is None or b.hi is None else a.hi + b.hi
    return Bound(lo, hi, a.lo_open or b.lo_open, a.hi_open or b.hi_open)


def _scaled(bound: Bound, c: Fraction) -> Bound:
    """c times every value of ``bound`` (an unbounded end stays unbounded, on the side c's sign sends it)."""
    if c == 0:
        return _point(Fraction(0))
    lo, hi = (None if end is None else c * end for end in (bound.lo, bound.hi))
    return Bound(lo, hi, bound.lo_open, bound.hi_open) if c > 0 else Bound(hi, lo, bound.hi_open, bound.lo_open)


def _mul(a: Bound, b: Bound) -> Bound:
    for point, other in ((a, b), (b, a)):
        if point.lo is not None and point.lo == point.hi and not point.lo_open and not point.hi_open:
            return _scaled(other, point.lo)  # a number times a range, unbounded or not: 2t + 1 ≥ 0 for t ≥ −½
    if not (a.finite and b.finite):
        return _from_sign(_mul_sign(a.sign, b.sign))
    corners = []
    for x, x_open in ((a.lo, a.lo_open), (a.hi, a.hi_open)):
        for y, y_open in ((b.lo, b.lo_open), (b.hi, b.hi_open)):
            # a corner value is attained when both ends are, or when one of them is an attained zero
            attained = (not x_open and not y_open) or (x == 0 and not x_open) or (y == 0 and not y_open)
            corners.append((x * y, not attained))  # type: ignore[operator]
    low = min(v for v, _ in corners)
    high = max(v for v, _ in corners)
    return Bound(low, high, all(o for v, o in corners if v == low), all(o for v, o in corners if v == high))


def _mul_sign(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return None
    negative = (a in (NEG, NONPOS)) != (b in (NEG, NONPOS))
    strict = a in (POS, NEG) and b in (POS, NEG)
    if strict:
        return NEG if negative else POS
    return NONPOS if negative else NONNEG


def bounds(expr: sp.Basic, bound_of: BoundOf) -> Bound:  # noqa: C901 - one dispatch table
    """Exact bounds of ``expr`` given each atom's bounds; ``ANYWHERE`` when nothing is known."""
    if expr.is_Rational:
        return _point(Fraction(int(expr.p), int(expr.q)))
    if expr.is_Atom or isinstance(expr, (sp.Derivative, sp.core.function.AppliedUndef)):
        known = bound_of(expr)
        if known is not None:
            return known
        return _from_sign(_assumed_sign(expr))
    if isinstance(expr, sp.Add):
        total = _point(Fraction(0))
        for term in expr.args:
            total = _add(total, bounds(term, bound_of))
            if total.lo is None and total.hi is None:
                return ANYWHERE
        return total
    if isinstance(expr, sp.Mul):
        product = _point(Fraction(1))
        for factor in expr.args:
            product = _mul(product, bounds(factor, bound_of))
        return product
    if isinstance(expr, sigmoid):
        return Bound(Fraction(0), Fraction(1), True, True) if _real(expr.args[0]) else ANYWHERE
    if isinstance(expr, sp.exp):
        if not _real(expr.args[0]):
            return ANYWHERE
        inner = bounds(expr.args[0], bound_of)
        # exp is increasing and exp(0) = 1: an argument of known sign bounds it by 1
        lo, lo_open = (Fraction(1), inner.lo_open or inner.lo > 0) if inner.lo is not None and inner.lo >= 0 \
            else (Fraction(0), True)
        hi, hi_open = (Fraction(1), inner.hi_open or inner.hi < 0) if inner.hi is not None and inner.hi <= 0 \
            else (None, True)
        return Bound(lo, hi, lo_open, hi_open)
    if isinstance(expr, sp.Abs):
        inner = bounds(expr.args[0], bound_of)
        return Bound(Fraction(0), None, inner.sign in (POS, NEG), True)
    if isinstance(expr, guarded):
        return bounds(expr.args[0], bound_of)
    if isinstance(expr, sp.Sum) and len(expr.limits) == 1:
        # a sum of terms of one sign has that sign (an empty range is 0, the README's convention)
        inner = bounds(expr.function, bound_of)
        if inner.lo is not None and inner.lo >= 0:
            return Bound(Fraction(0), None, False, True)
        if inner.hi is not None and inner.hi <= 0:
            return Bound(None, Fraction(0), True, False)
        return ANYWHERE
    if isinstance(expr, normal_mean):
        # a mean lies within the bounds of what it averages (ends kept closed: a mean may reach neither, but
        # nothing here needs that)
        inner = bounds(expr.args[0], bound_of)
        return Bound(inner.lo, inner.hi, inner.lo is None, inner.hi is None)
    if isinstance(expr, (sp.sin, sp.cos)) and _real(expr.args[0]):
        return Bound(Fraction(-1), Fraction(1), False, False)
    if isinstance(expr, sp.tanh) and _real(expr.args[0]):
        return Bound(Fraction(-1), Fraction(1), True, True)
    if isinstance(expr, sp.log) and len(expr.args) == 1:
        inner = bounds(expr.args[0], bound_of)
        if inner.sign == POS and inner.hi is not None and inner.hi <= 1:
            return Bound(None, Fraction(0), True, inner.hi_open or inner.hi < 1)
        if inner.lo is not None and inner.lo >= 1:
            return Bound(Fraction(0), None, inner.lo_open or inner.lo > 1, True)
        return ANYWHERE
    if isinstance(expr, sp.Pow):
        return _power(expr, bound_of)
    return ANYWHERE


def _power(expr: sp.Pow, bound_of: BoundOf) -> Bound:
    base, exponent = expr.args
    inner = bounds(base, bound_of)
    if exponent.is_Integer:
        n = int(exponent)
        if n == 0:
            return _point(Fraction(1))
        if 0 < n <= 64 and inner.finite:
            result = inner
            for _ in range(n - 1):
                result = _mul(result, inner)
            if n % 2 == 0 and inner.sign is None:
                return Bound(Fraction(0), result.hi, False, result.hi_open)
            return result
        if n < 0 and inner.sign in (POS, NEG):
            if inner.lo is not None and inner.lo > 0:
                # 1/b for b in [lo, hi] is in [1/hi, 1/lo]; for b ≥ lo with no upper bound, in (0, 1/lo]
                low, low_open = (Fraction(1) / inner.hi, inner.hi_open) if inner.hi is not None else (Fraction(0), True)
                reciprocal = Bound(low, Fraction(1) / inner.lo, low_open, inner.lo_open)
                if n == -1:
                    return reciprocal
                return _power(sp.Pow(sp.Dummy(), -n), lambda _: reciprocal)  # type: ignore[arg-type]
            odd = n % 2 != 0
            return _from_sign(inner.sign if odd else POS)
        if n % 2 == 0:
            return _from_sign(POS if inner.sign in (POS, NEG) else NONNEG if _real(base) and n > 0 else None)
        return _from_sign(inner.sign if n > 0 or inner.sign in (POS, NEG) else None)
    if inner.sign == POS and _real(exponent):
        return _from_sign(POS)
    if inner.sign in (POS, NONNEG) and exponent.is_positive:
        return _from_sign(NONNEG)
    return ANYWHERE


def _assumed_sign(atom: sp.Basic) -> str | None:
    if atom.is_positive:
        return POS
    if atom.is_negative:
        return NEG
    if atom.is_nonnegative:
        return NONNEG
    if atom.is_nonpositive:
        return NONPOS
    return None


def manifest_sign(expr: sp.Expr, bound_of: BoundOf) -> str | None:
    """The sign of ``expr`` read off its structure and its atoms' bounds, or None."""
    shape = _shape_sign(expr, bound_of)
    sign = shape if shape is not None else bounds(expr, bound_of).sign
    if (sign not in (POS, NEG) and isinstance(expr, sp.Add) and len(expr.args) <= LINEAR_TERMS and not _ENDS.get()
            and within(expr, LINEAR_NODES)):
        return _at_ends(expr, bound_of) or sign  # a strict sign, or one where the shape and bounds saw none
    return sign


LINEAR_TERMS, LINEAR_NODES = 6, 40
"""Largest sum (terms, tree nodes) whose sign is also read at the ends of a bounded symbol it is linear in:
the reading costs a derivative and two more sign readings, and signs are asked of every sum the prover meets (a
corrupted step of the optimal-policy derivation took a second longer without this bound)."""
_ENDS: contextvars.ContextVar[bool] = contextvars.ContextVar("_ENDS", default=False)
"""Inside such a reading: the signs at the ends are read without another (one symbol at a time, never nested)."""


def _at_ends(expr: sp.Add, bound_of: BoundOf) -> str | None:
    """The sign of a sum linear in a symbol bounded on both sides, from its signs at the two ends: on [lo, hi] it is
    a convex combination of them (p·x + (1 − p)·y > 0 for p ∈ [0, 1] and x, y > 0). At most three such symbols
    are tried."""
    bounded = [(s, b) for s in sorted(expr.free_symbols, key=str)
               if (b := bound_of(s)) is not None and b.lo is not None and b.hi is not None]
    token = _ENDS.set(True)
    try:
        for symbol, bound in bounded[:3]:
            sign = _linear_at_ends(expr, symbol, bound, bound_of)
            if sign is not None:
                return sign
    finally:
        _ENDS.reset(token)
    return None


def _degree(expr: sp.Basic, symbol: sp.Basic) -> int | None:
    """The degree of ``expr`` as a polynomial in ``symbol`` read off its tree (not expanded), or None if it is not
    one: p·x + (1 − p)·y is of degree 1 in p."""
    if symbol not in expr.free_symbols:
        return 0
    if expr == symbol:
        return 1
    if isinstance(expr, (sp.Add, sp.Mul)):
        degrees = [_degree(arg, symbol) for arg in expr.args]
        if any(d is None for d in degrees):
            return None
        return max(degrees) if isinstance(expr, sp.Add) else sum(degrees)  # type: ignore[arg-type]
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer and expr.exp >= 0:
        base = _degree(expr.base, symbol)
        return None if base is None else base * int(expr.exp)
    return None


def _linear(expr: sp.Add, symbol: sp.Basic) -> bool:
    return _degree(expr, symbol) == 1


def _linear_at_ends(expr: sp.Add, symbol: sp.Basic, bound: Bound, bound_of: BoundOf) -> str | None:
    if bound.lo is None or bound.hi is None or not _linear(expr, symbol):
        return None
    ends = [manifest_sign(expr.xreplace({symbol: sp.Rational(end.numerator, end.denominator)}), bound_of)
            for end in (bound.lo, bound.hi)]
    if all(sign == POS for sign in ends) or all(sign == NEG for sign in ends):
        return ends[0]
    if all(sign in (POS, NONNEG) for sign in ends):
        return NONNEG
    if all(sign in (NEG, NONPOS) for sign in ends):
        return NONPOS
    return None


def _shape_sign(expr: sp.Expr, bound_of: BoundOf) -> str | None:  # noqa: C901 - one dispatch table
    if expr.is_Rational:
        return POS if expr > 0 else NEG if expr < 0 else NONNEG
    if expr.is_Atom or isinstance(expr, (sp.Derivative, sp.core.function.AppliedUndef)):
        return bounds(expr, bound_of).sign
    if isinstance(expr, (sp.exp, sigmoid)):
        return POS if _real(expr.args[0]) else None
    if isinstance(expr, sp.Abs):
        return NONNEG
    if isinstance(expr, guarded):
        return manifest_sign(expr.args[0], bound_of)
    if isinstance(expr, SIGN_PRESERVING) and _real(expr.args[0]):
        return manifest_sign(expr.args[0], bound_of)  # odd and increasing: the sign of the argument
    if isinstance(expr, (sp.cosh, sp.sech, sp.acot, sp.factorial)) and _real(expr.args[0]):
        return POS
    if isinstance(expr, sp.acos):
        return NONNEG
    if isinstance(expr, sp.Pow):
        base, exponent = expr.args
        b = manifest_sign(base, bound_of)
        if exponent.is_Integer:
            n = int(exponent)
            if n % 2 == 0:
                if b in (POS, NEG) or (n < 0 and _real(base)):
                    return POS  # a negative even power is positive wherever it is defined (base ≠ 0)
                return NONNEG if _real(base) and n > 0 else None
            if n < 0 and b in (NONNEG, NONPOS):
                return POS if b == NONNEG else NEG  # where it is defined the base is not 0
            return b
        if b == POS and _real(exponent):
            return POS
        if b == NONNEG and exponent.is_Rational:
            # where b^e is defined: b > 0 for e < 0, b ≥ 0 for e > 0
            return POS if exponent < 0 else NONNEG
        if b == NONNEG and _real(exponent):
            return NONNEG  # x^n for x ≥ 0: 0 or positive wherever it is defined
        return None
    if isinstance(expr, sp.Mul):
        sign: str | None = POS
        for factor in expr.args:
            sign = _mul_sign(sign, manifest_sign(factor, bound_of))
            if sign is None:
                return None
        return sign
    if isinstance(expr, sp.Add):
        signs = [manifest_sign(term, bound_of) for term in expr.args]
        if all(s in (POS, NONNEG) for s in signs):
            return POS if POS in signs else NONNEG
        if all(s in (NEG, NONPOS) for s in signs):
            return NEG if NEG in signs else NONPOS
    return None


SIGN_PRESERVING = (sp.sinh, sp.tanh, sp.asinh, sp.atanh, sp.atan, sp.asin, sp.sign, realroot)


def _real(expr: sp.Expr) -> bool:
    return bool(expr.is_extended_real)


def satisfies(sign: str | None, relation: str) -> bool:
    """Whether a difference ``lhs - rhs`` of this sign makes ``lhs REL rhs`` hold."""
    return {
        "<": sign == NEG,
        "<=": sign in (NEG, NONPOS),
        ">": sign == POS,
        ">=": sign in (POS, NONNEG),
        "!=": sign in (POS, NEG),
    }.get(relation, False)
