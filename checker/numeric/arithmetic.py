"""Certified arithmetic on values: sums, reciprocals, logarithms, |·|, σ, extrema, powers and exact roots.

Exact where the operands are exact (Fractions, exact rational roots), Arb balls otherwise; an operation
undefined at the value raises :class:`~.balls.Undefined`, one the precision cannot settle
:class:`~.balls.Uncertain`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import sympy as sp
from flint import arb

from checker.values.written import shown

from .balls import (
    EXACT_BITS,
    EXP_LIMIT,
    Ball,
    Uncertain,
    Undefined,
    Value,
    _small,
    ball,
    box,
    endpoints,
    fmt,
    is_exact,
    show,
)


def _sum(values: list[Value]) -> Value:
    if all(map(is_exact, values)):
        total = sum(values, Fraction(0))
        small = _small(total)
        if small is not None:
            return small
    result = arb(0)
    for v in values:
        result = result + ball(v)
    return result


def _log(x: Value, argument: sp.Basic) -> Value:
    if is_exact(x):
        if x <= 0:
            raise Undefined(f"logarithm of a non-positive number: {shown(argument)} = {show(x)}")
        if x == 1:
            return Fraction(0)
        return ball(x).log()
    low, high = endpoints(x)
    if high <= 0:
        raise Undefined(f"logarithm of a non-positive number: {shown(argument)} ∈ {fmt(x)}")
    if low <= 0:
        raise Uncertain(f"log argument {shown(argument)} ∈ {fmt(x)} may be non-positive")
    return x.log()


def _reciprocal(x: Value, denominator: sp.Basic) -> Value:
    if is_exact(x):
        if x == 0:
            raise Undefined(f"division by zero: {shown(denominator)} = 0")
        return 1 / x
    _nonzero(x, lambda: f"denominator {shown(denominator)}")
    return 1 / x


def _nonzero(x: Ball, what: Callable[[], str]) -> None:
    """Raise unless the ball excludes 0; ``what`` names the quantity, printed only when raising (printing a
    SymPy expression costs more than the arithmetic)."""
    low, high = endpoints(x)
    if low == high == 0:
        raise Undefined(f"{what()} is 0")
    if low <= 0 <= high:
        raise Uncertain(f"{what()} ∈ {fmt(x)} may be zero")


def _extremum(values: list[Value], largest: bool) -> Value:
    if all(map(is_exact, values)):
        return max(values) if largest else min(values)
    ends = [endpoints(v) for v in values]
    pick = max if largest else min
    return box(pick(low for low, _ in ends), pick(high for _, high in ends))


def _absolute(x: Value) -> Value:
    if is_exact(x):
        return abs(x)
    low, high = endpoints(x)
    if low >= 0:
        return x
    if high <= 0:
        return -x
    return box(Fraction(0), max(-low, high))


def _sigmoid(x: Value) -> Value:
    """σ(x) = 1/(1 + e^{−x}) for x ≥ 0 and e^x/(1 + e^x) for x < 0: the exponential taken is at most 1."""
    if is_exact(x) and x == 0:
        return Fraction(1, 2)
    low, high = endpoints(x)
    u = ball(x)
    if high < -EXP_LIMIT or low > EXP_LIMIT:
        raise Uncertain(f"σ of an argument beyond ±{EXP_LIMIT} ({fmt(x)})")
    if low >= 0:
        return 1 / (1 + (-u).exp())
    if high <= 0:
        small = u.exp()
        return small / (1 + small)
    return 1 / (1 + (-u).exp())


def _integer_power(b: Value, n: int, base: sp.Basic) -> Value:
    if is_exact(b):
        if b == 0:
            if n < 0:
                raise Undefined(f"division by zero: {shown(base)} = 0" if n == -1
                                else f"zero to a negative power: {shown(base)} = 0")
            return Fraction(1) if n == 0 else Fraction(0)
        if abs(b) == 1:  # ±1 to any integer power, however large: by its parity
            return Fraction(1) if b == 1 or n % 2 == 0 else Fraction(-1)
        size = max(b.numerator.bit_length(), b.denominator.bit_length()) * abs(n)
        if size <= EXACT_BITS:
            return b**n
    if abs(n) > EXP_LIMIT:
        raise Uncertain(f"integer power {n} beyond ±{EXP_LIMIT}")
    if n == 0:
        return Fraction(1)  # 0⁰ = 1: the power of an inexact base is 1 whatever the base
    x = ball(b)
    if n < 0:
        _nonzero(x, lambda: f"base {shown(base)} of a negative power")
        return 1 / (x ** (-n))
    return x**n


def _rational_power(b: Value, x: Fraction, base: sp.Basic) -> Value:
    what = "square root" if x.denominator == 2 else "non-integer power"
    if is_exact(b):
        if b < 0:
            raise Undefined(f"{what} of a negative number: {shown(base)} = {show(b)}")
        if b == 0:
            if x < 0:
                raise Undefined(f"zero to a negative power: {shown(base)} = 0")
            return Fraction(0)
        if b == 1:
            return Fraction(1)
        root = _exact_root(b, x.denominator)
        if root is not None and max(root.numerator.bit_length(), root.denominator.bit_length()) \
                * abs(x.numerator) <= EXACT_BITS:
            return root**x.numerator
    low, high = endpoints(b)
    if high < 0:
        raise Undefined(f"{what} of a negative number: {shown(base)} ∈ {fmt(b)}")
    if abs(x) > EXP_LIMIT:
        raise Uncertain(f"power with an exponent beyond ±{EXP_LIMIT}")
    if low > 0:
        return _positive_power(ball(b), x)
    if x > 0 and low >= 0:
        return box(Fraction(0), endpoints(_positive_power(ball(high), x))[1]) if high > 0 else Fraction(0)
    raise Uncertain(f"base {shown(base)} ∈ {fmt(b)} may be negative")


def _positive_power(b: Ball, x: Fraction) -> Ball:
    """b^x for a positive ball: a root and an integer power where the root's degree is small, else exp(x log b)."""
    if x.denominator <= 64 and abs(x.numerator) <= 1 << 16:
        root = b.sqrt() if x.denominator == 2 else b.root(x.denominator) if x.denominator > 1 else b
        return root**x.numerator if x.numerator > 0 else 1 / root ** (-x.numerator)
    return (ball(x) * b.log()).exp()


def _real_power(b: Value, x: Ball, base: sp.Basic, exponent: sp.Basic) -> Value:
    if is_exact(b) and b == 1:
        return Fraction(1)
    low, high = endpoints(x)
    if abs(low) > EXP_LIMIT or abs(high) > EXP_LIMIT:
        raise Uncertain(f"power with an exponent beyond ±{EXP_LIMIT}")
    base_low, base_high = endpoints(b)
    if base_low > 0:
        return (x * ball(b).log()).exp()
    if math.floor(high) >= math.ceil(low):
        raise Uncertain(f"exponent {shown(exponent)} ∈ {fmt(x)} may be an integer and the base {shown(base)} "
                        f"∈ {fmt(b)} is not positive")
    if base_high < 0:
        raise Undefined(f"non-integer power of a negative number: {shown(base)} ∈ {fmt(b)}")
    if is_exact(b) and b == 0:
        if low > 0:
            return Fraction(0)
        if high < 0:
            raise Undefined(f"zero to a negative power: {shown(base)} = 0")
    raise Uncertain(f"base {shown(base)} ∈ {fmt(b)} may be non-positive")


def _exact_root(value: Fraction, degree: int) -> Fraction | None:
    """The exact positive ``degree``-th root of a positive rational, when it is rational."""
    if max(value.numerator.bit_length(), value.denominator.bit_length()) > 4096:
        return None
    roots = []
    for n in (value.numerator, value.denominator):
        r = _integer_root(n, degree)
        if r is None:
            return None
        roots.append(r)
    return Fraction(roots[0], roots[1])


def _integer_root(n: int, degree: int) -> int | None:
    if degree == 2:
        r = math.isqrt(n)
        return r if r * r == n else None
    if n.bit_length() >= 1000:
        return None
    guess = round(n ** (1.0 / degree))
    for candidate in (guess - 1, guess, guess + 1):
        if candidate >= 0 and candidate**degree == n:
            return candidate
    return None
