"""Values of the certified layer: exact Fractions or Arb balls, the precision ladder, and how values are shown.

A value is a :class:`~fractions.Fraction` (exact) or an Arb ball (python-flint's ``arb``: midpoint and radius,
the true value inside). :class:`Undefined` says a formula has no real value at a point, :class:`Uncertain`
that the precision used cannot tell; :func:`show`, :func:`fmt` and :func:`rounded` print values with digits
that are certainly right.
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

from flint import arb, fmpq

Ball = arb
"""An Arb ball: a midpoint and a radius; the true value lies in [mid − rad, mid + rad]."""


Value = Fraction | arb
"""A Fraction (exact) or a Ball."""


LADDER = (53, 113, 256, 1024, 4096)
"""The precisions (bits) a decision escalates through, each rung re-evaluating the whole expression."""


CAP = LADDER[-1]
"""The highest precision: two values not separated here are equal to about CAP·log10(2) ≈ 1,233 digits."""


EXP_LIMIT = 1 << 20
"""Beyond this, exp arguments and powers are not evaluated (the result's exponent alone would be huge)."""


EXACT_BITS = 1 << 18
"""Largest exact number (in bits) kept as a Fraction; larger ones continue as balls."""


MAX_TERMS = 10_000
"""Longest sum, product or range evaluated term by term at a point."""


EXACT_FACTORIAL = 5000
"""Factorials and binomial coefficients of naturals up to this are exact integers; larger ones Arb balls."""


class Undefined(Exception):
    """The expression has no real value at the point (the message says why)."""


class Uncertain(Exception):
    """The enclosure cannot decide (too wide, or an unsupported construct)."""


def is_exact(value: Value) -> bool:
    return isinstance(value, Fraction)


def ball(value: Value) -> Ball:
    """A value as a ball at the current precision (an exact Fraction becomes a ball that contains it)."""
    if isinstance(value, Fraction):
        return arb(fmpq(value.numerator, value.denominator))
    return value


def box(low: Fraction, high: Fraction) -> Ball:
    """A ball containing every number of [low, high] (for branch and bound over a box)."""
    return ball(low).union(ball(high))


def _small(value: Fraction) -> Fraction | None:
    if max(value.numerator.bit_length(), value.denominator.bit_length()) > EXACT_BITS:
        return None
    return value


def _finite(x: Ball, what: str) -> Ball:
    if not x.is_finite():
        raise Uncertain(f"{what}: the enclosure is unbounded")
    return x


def endpoints(x: Value) -> tuple[Fraction, Fraction]:
    """The exact rational endpoints of a value: [mid − rad, mid + rad] read from the ball's binary digits."""
    if is_exact(x):
        return x, x
    if not x.is_finite():
        raise Uncertain("unbounded enclosure")
    middle, radius = _dyadic(x.mid()), _dyadic(x.rad())
    return middle - radius, middle + radius


def _dyadic(exact: Ball) -> Fraction:
    mantissa, exponent = (int(part) for part in exact.man_exp())
    return Fraction(mantissa << exponent) if exponent >= 0 else Fraction(mantissa, 1 << -exponent)


SHOWN_DIGITS = 30
"""An exact value is printed as a fraction when both its parts have at most this many digits."""


def show(value: Value) -> str:
    """A value for a reader: the exact fraction when short, else a decimal enclosure."""
    if is_exact(value):
        if max(value.numerator.bit_length(), value.denominator.bit_length()) <= SHOWN_DIGITS * 3:
            return str(value)
        return fmt(value)
    return fmt(value)


def fmt(x: Value, digits: int = 12) -> str:
    """Interval endpoints as decimals rounded outward, so the printed interval still encloses the value."""
    try:
        lo, hi = endpoints(x)
    except Uncertain:
        return str(x)
    return f"[{_decimal(lo, digits, floor=True)}, {_decimal(hi, digits, floor=False)}]"


def rounded(x: Value, digits: int) -> tuple[Fraction, Fraction]:
    """The outward-rounded endpoints that :func:`fmt` prints at ``digits`` significant digits."""
    lo, hi = endpoints(x)
    return _as_fraction(*_round(lo, digits, floor=True)), _as_fraction(*_round(hi, digits, floor=False))


def _as_fraction(n: int, exponent: int) -> Fraction:
    """n · 10^(−exponent)."""
    return Fraction(n, 10 ** exponent) if exponent >= 0 else Fraction(n * 10 ** -exponent)


def _round(value: Fraction, digits: int, *, floor: bool) -> tuple[int, int]:
    """(n, exponent) with n · 10^(−exponent) the value rounded down (``floor``) or up to ``digits`` significant
    digits. Integer arithmetic throughout: a value like 2^(10⁶) or its reciprocal is scaled without reducing a
    fraction of million-digit parts (Fraction's gcd made printing such a value take seconds)."""
    if value == 0:
        return 0, 0
    exponent = digits - 1 - _floor_log10(abs(value))
    numerator, denominator = value.numerator, value.denominator
    if exponent >= 0:
        numerator *= _ten(exponent)
    else:
        denominator *= _ten(-exponent)
    whole, remainder = divmod(numerator, denominator)
    return (whole if floor or remainder == 0 else whole + 1), exponent


def _decimal(value: Fraction, digits: int, *, floor: bool) -> str:
    if value == 0:
        return "0"
    n, exponent = _round(value, digits, floor=floor)
    with localcontext() as context:
        context.prec = max(digits + 5, 28)
        value_text = Decimal(n).scaleb(-exponent)
        return str(value_text) if -8 < exponent < digits + 8 else format(value_text, "g")


@lru_cache(maxsize=32)
def _ten(power: int) -> int:
    """10^power: the same huge powers recur for a value's two endpoints and its digit count."""
    return 10 ** power


def _floor_log10(value: Fraction) -> int:
    """floor(log10(value)) for a positive rational, from bit lengths (no decimal conversion of huge numbers), the
    guess corrected by comparisons of integers."""
    numerator, denominator = value.numerator, value.denominator
    guess = math.floor((numerator.bit_length() - denominator.bit_length()) * math.log10(2))

    def at_most(power: int) -> bool:  # 10^power ≤ value
        return _ten(power) * denominator <= numerator if power >= 0 else denominator <= numerator * _ten(-power)

    while not at_most(guess):
        guess -= 1
    while at_most(guess + 1):
        guess += 1
    return guess
