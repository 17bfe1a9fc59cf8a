"""Interval arithmetic at exact points: rigorous enclosures of SymPy expressions (mpmath's ``iv``).

Every operation rounds outward, so an enclosure always contains the true value. Where the true
value is certainly undefined over the reals (log of a non-positive number, division by exact zero)
:class:`Undefined` is raised; where an enclosure is too wide to tell, :class:`Uncertain`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

import sympy as sp
from mpmath import isfinite, iv, mpf

from .functions import sigmoid

Interval = Any
"""An ``mpmath.iv`` interval (mpmath ships no type information)."""


EXP_LIMIT = 1 << 20
"""Beyond this, exp and powers are not evaluated (mpmath slows to a crawl at high precision): 'uncertain'."""


class Undefined(Exception):
    """The expression has no real value at the point."""


class Uncertain(Exception):
    """The enclosure cannot decide (too wide, or an unsupported construct)."""


def _exact(value: Fraction) -> Interval:
    return iv.mpf(value.numerator) / iv.mpf(value.denominator)


def enclose(expr: sp.Basic, env: Mapping[sp.Basic, Fraction], prec: int = 53) -> Interval:
    """An interval containing the real value of ``expr`` with atoms replaced by exact values."""
    old = iv.prec
    iv.prec = prec
    try:
        return _eval(expr, env)
    except (OverflowError, ZeroDivisionError) as error:
        raise Uncertain(str(error)) from None
    finally:
        iv.prec = old


def _eval(e: sp.Basic, env: Mapping[sp.Basic, Fraction]) -> Interval:  # noqa: C901 - one dispatch table
    if e in env:
        return _exact(env[e])
    if e.is_Rational:
        return _exact(Fraction(int(e.p), int(e.q)))
    if e is sp.pi:
        return iv.pi
    if e is sp.E:
        return iv.e
    if isinstance(e, sp.Add):
        total = iv.mpf(0)
        for arg in e.args:
            total = total + _eval(arg, env)
        return total
    if isinstance(e, sp.Mul):
        product = iv.mpf(1)
        for arg in e.args:
            product = product * _eval(arg, env)
        return product
    if isinstance(e, sp.Pow):
        return _pow(e, env)
    if isinstance(e, sp.exp):
        x = _eval(e.args[0], env)
        if x.b > EXP_LIMIT or x.a < -EXP_LIMIT:
            raise Uncertain(f"exp of an argument beyond ±{EXP_LIMIT} ({fmt(x)})")
        return iv.exp(x)
    if isinstance(e, sp.log):
        if len(e.args) != 1:
            raise Uncertain("log with a base")
        x = _eval(e.args[0], env)
        if x.b <= 0:
            raise Undefined(f"log of a non-positive number ({e.args[0]} ∈ {fmt(x)})")
        if x.a <= 0:
            raise Uncertain(f"log argument {e.args[0]} ∈ {fmt(x)} may be non-positive")
        return iv.log(x)
    if isinstance(e, (sp.sin, sp.cos)):
        return (iv.sin if isinstance(e, sp.sin) else iv.cos)(_eval(e.args[0], env))
    if isinstance(e, sigmoid):
        return 1 / (1 + iv.exp(-_eval(e.args[0], env)))
    if isinstance(e, (sp.Max, sp.Min)):
        values = [_eval(arg, env) for arg in e.args]
        pick = max if isinstance(e, sp.Max) else min
        return iv.mpf([pick(v.a for v in values), pick(v.b for v in values)])
    if isinstance(e, sp.Abs):
        x = _eval(e.args[0], env)
        if x.a >= 0:
            return x
        if x.b <= 0:
            return -x
        return iv.mpf([0, max(-x.a, x.b)])
    raise Uncertain(f"no interval rule for {type(e).__name__} ({e})")


def _pow(e: sp.Pow, env: Mapping[sp.Basic, Fraction]) -> Interval:
    base, exponent = e.args
    b = _eval(base, env)
    if exponent.is_Integer:
        n = int(exponent)
        if abs(n) > EXP_LIMIT:
            raise Uncertain(f"integer power {n} beyond ±{EXP_LIMIT}")
        if n < 0:
            if b.a <= 0 <= b.b:
                if b.a == 0 and b.b == 0:
                    raise Undefined(f"division by zero ({base} = 0)")
                raise Uncertain(f"denominator {base} ∈ {fmt(b)} may be zero")
            return 1 / (b ** (-n))
        return b ** n
    if exponent.is_Rational and exponent.q == 2 and b.a == 0 and b.b == 0 and exponent > 0:
        return iv.mpf(0)
    x = _eval(exponent, env)
    if abs(x.a) > EXP_LIMIT or abs(x.b) > EXP_LIMIT:
        raise Uncertain(f"power with an exponent beyond ±{EXP_LIMIT}")
    if b.b <= 0:
        raise Undefined(f"non-integer power of a non-positive number ({base} ∈ {fmt(b)})")
    if b.a <= 0:
        raise Uncertain(f"base {base} ∈ {fmt(b)} may be non-positive")
    return iv.exp(x * iv.log(b))


def endpoints(x: Interval) -> tuple[Fraction, Fraction]:
    """The exact rational endpoints of an interval (read raw, so no rounding to another precision)."""
    low, high = x._mpi_  # type: ignore[attr-defined]
    return _to_fraction(low), _to_fraction(high)


def _to_fraction(raw: tuple[int, int, int, int]) -> Fraction:
    if not isfinite(mpf(raw)):
        raise Uncertain("unbounded enclosure")
    sign, man, exp, _ = raw
    magnitude = Fraction(man * 2**exp) if exp >= 0 else Fraction(man, 2**-exp)
    return -magnitude if sign else magnitude


def fmt(x: Interval, digits: int = 12) -> str:
    """Interval endpoints as decimals rounded outward, so the printed interval still encloses the value."""
    try:
        lo, hi = endpoints(x)
    except Uncertain:
        return str(x)
    return f"[{_decimal(lo, digits, floor=True)}, {_decimal(hi, digits, floor=False)}]"


def rounded(x: Interval, digits: int) -> tuple[Fraction, Fraction]:
    """The outward-rounded endpoints that :func:`fmt` prints at ``digits`` significant digits."""
    lo, hi = endpoints(x)
    return _round(lo, digits, floor=True)[0], _round(hi, digits, floor=False)[0]


def _round(value: Fraction, digits: int, *, floor: bool) -> tuple[Fraction, int, int]:
    if value == 0:
        return Fraction(0), 0, 0
    exponent = digits - 1 - _floor_log10(abs(value))
    scaled = value * Fraction(10) ** exponent
    n = math.floor(scaled) if floor else math.ceil(scaled)
    return Fraction(n) / Fraction(10) ** exponent, n, exponent


def _decimal(value: Fraction, digits: int, *, floor: bool) -> str:
    if value == 0:
        return "0"
    _, n, exponent = _round(value, digits, floor=floor)
    with localcontext() as context:
        context.prec = max(digits + 5, 28)
        value_text = Decimal(n).scaleb(-exponent)
        return str(value_text) if -8 < exponent < digits + 8 else format(value_text, "g")


def _floor_log10(value: Fraction) -> int:
    guess = len(str(value.numerator)) - len(str(value.denominator))
    while Fraction(10) ** guess > value:
        guess -= 1
    while Fraction(10) ** (guess + 1) <= value:
        guess += 1
    return guess
