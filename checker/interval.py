"""Values of formulas at exact points: exact rational arithmetic where it stays rational, rigorous intervals
(mpmath's ``iv``) elsewhere; every judgement is about the value at the point, never the formula's shape.

A value is a :class:`fractions.Fraction` (exact) or an ``mpmath.iv`` interval that certainly contains the
true value (every operation rounds outward). Powers are judged by the value of their exponent: ``(-1)^n``
at ``n = 0`` is the integer power 1, ``0^{1/2}`` is 0, ``γ^0`` is 1 even at ``γ = 0`` (the convention
0⁰ = 1, see :mod:`checker.semantics`). Where the value is certainly undefined over the reals,
:class:`Undefined` is raised with the reason; where an interval is too wide to tell, :class:`Uncertain`.

Exact numbers are kept exact up to :data:`EXACT_BITS`; beyond that they continue as intervals, so
``e^{20000}``, ``x^{6000}`` or ``10^{8685}`` are evaluated without printing or converting huge integers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp
from mpmath import isfinite, iv, mpf

from .functions import guarded, kink, rangemax, rangemin, realroot, sigmoid
from .written import shown

Interval = Any
"""An ``mpmath.iv`` interval (mpmath ships no type information)."""
Value = Any
"""A Fraction (exact) or an Interval."""

EXP_LIMIT = 1 << 20
"""Beyond this, exp arguments and interval powers are not evaluated (mpmath slows to a crawl): 'uncertain'."""
EXACT_BITS = 1 << 18
"""Largest exact number (in bits) kept as a Fraction; larger ones continue as intervals."""
MAX_TERMS = 10_000
"""Longest sum, product or range evaluated term by term at a point."""


class Undefined(Exception):
    """The expression has no real value at the point (the message says why)."""


class Uncertain(Exception):
    """The enclosure cannot decide (too wide, or an unsupported construct)."""


def is_exact(value: Value) -> bool:
    return isinstance(value, Fraction)


def as_interval(value: Value) -> Interval:
    if isinstance(value, Fraction):
        return iv.mpf(value.numerator) / iv.mpf(value.denominator) if value.denominator != 1 \
            else iv.mpf(value.numerator)
    return value


def evaluate(expr: sp.Basic, env: Mapping[sp.Basic, Value], prec: int = 53) -> Value:
    """The value of ``expr`` with its atoms replaced by ``env`` (Fractions, or intervals for a box)."""
    old = iv.prec
    iv.prec = prec
    try:
        return _Evaluator(env).value(expr)
    except (OverflowError, ZeroDivisionError) as error:
        raise Uncertain(f"interval arithmetic failed ({error})") from None
    finally:
        iv.prec = old


def enclose(expr: sp.Basic, env: Mapping[sp.Basic, Value], prec: int = 53) -> Interval:
    """An interval containing the real value of ``expr`` at ``env``."""
    old = iv.prec
    iv.prec = prec
    try:
        return as_interval(evaluate(expr, env, prec))
    finally:
        iv.prec = old


def _small(value: Fraction) -> Fraction | None:
    if max(value.numerator.bit_length(), value.denominator.bit_length()) > EXACT_BITS:
        return None
    return value


class _Evaluator:
    def __init__(self, env: Mapping[sp.Basic, Value]) -> None:
        self.env = env
        self.known: dict[sp.Basic, Value] = {}
        """Values of the subtrees met so far: a written formula repeats its parts (Z, exp(r/β), …) often."""

    def value(self, e: sp.Basic) -> Value:
        if e in self.env:
            return self.env[e]
        if not e.args:
            return self._value(e)
        known = self.known.get(e)
        if known is None:
            known = self.known[e] = self._value(e)
        return known

    def _value(self, e: sp.Basic) -> Value:  # noqa: C901 - one dispatch table
        if e.is_Rational:
            return Fraction(int(e.p), int(e.q))
        if e is sp.pi:
            return iv.pi
        if e is sp.E:
            return iv.e
        if e is sp.zoo or e is sp.nan:
            raise Undefined("division by zero")
        if not e.args and (e.is_infinite or e is sp.oo or e is sp.S.NegativeInfinity):
            raise Undefined("an infinite value")
        if e is sp.I:
            raise Undefined("the imaginary unit is not a real number")
        if isinstance(e, sp.Add):
            return self._sum([self.value(a) for a in e.args])
        if isinstance(e, sp.Mul):
            return self._product([self.value(a) for a in e.args])
        if isinstance(e, sp.Pow):
            return self._pow(e)
        if isinstance(e, sp.exp):
            return self._exp(self.value(e.args[0]))
        if isinstance(e, sp.log):
            x = self._log(self.value(e.args[0]), e.args[0])
            if len(e.args) == 1:
                return x
            base = self.value(e.args[1])
            if is_exact(base) and base == 1:
                raise Undefined("logarithm to base 1")
            return self._product([x, self._reciprocal(self._log(base, e.args[1]), e.args[1])])
        if isinstance(e, sigmoid):
            x = self.value(e.args[0])
            if is_exact(x) and x == 0:
                return Fraction(1, 2)
            return 1 / (1 + iv.exp(-as_interval(x)))
        if isinstance(e, guarded):
            for requirement in e.args[1:]:
                self.value(requirement)
            return self.value(e.args[0])
        if isinstance(e, (sp.Max, sp.Min)):
            return self._extremum([self.value(a) for a in e.args], isinstance(e, sp.Max))
        if isinstance(e, sp.Abs):
            x = self.value(e.args[0])
            if is_exact(x):
                return abs(x)
            if x.a >= 0:
                return x
            if x.b <= 0:
                return -x
            return iv.mpf([0, max(-x.a, x.b)])
        if isinstance(e, ELEMENTARY):
            return elementary(e, self.value(e.args[0]))
        if isinstance(e, (sp.Sum, sp.Product)):
            return self._iterated(e)
        if isinstance(e, (rangemax, rangemin)):
            return self._range_extremum(e)
        if isinstance(e, sp.factorial):
            return _factorial(self.value(e.args[0]), e.args[0])
        if isinstance(e, sp.binomial):
            return _binomial(self.value(e.args[0]), self.value(e.args[1]))
        if isinstance(e, realroot):
            return _realroot(self.value(e.args[0]), self.value(e.args[1]))
        if isinstance(e, (sp.floor, sp.ceiling, sp.sign)):
            return _step(e, self.value(e.args[0]))
        if isinstance(e, kink):
            return _kink(self.value(e.args[0]), int(e.args[1]), e.args[0])
        if isinstance(e, (sp.Symbol, sp.core.function.AppliedUndef, sp.Derivative, sp.Indexed)):
            raise Uncertain(f"no value for {e}")
        raise Uncertain(f"no interval rule for {type(e).__name__} ({e})")

    def _range(self, low: sp.Basic, high: sp.Basic) -> range:
        if any(bound.has(sp.oo, sp.S.NegativeInfinity, sp.zoo) for bound in (low, high)):
            # an infinite series: its value (and whether it converges) is not found by adding terms; never
            # "undefined" for that reason alone
            raise Uncertain("an infinite range of terms")
        a, b = self.value(low), self.value(high)
        if not (is_exact(a) and is_exact(b) and a.denominator == 1 and b.denominator == 1):
            raise Uncertain(f"the range {low}..{high} is not a range of integers here")
        if b - a > MAX_TERMS:
            raise Uncertain(f"a range of more than {MAX_TERMS:,} terms")
        return range(int(a), int(b) + 1)

    def _terms(self, body: sp.Basic, index: sp.Basic, values: range) -> list[Value]:
        return [_Evaluator({**self.env, index: Fraction(v)}).value(body) for v in values]

    def _iterated(self, e: sp.Basic) -> Value:
        body, (index, low, high) = e.args[0], e.args[1]
        if isinstance(e, sp.Sum) and high is sp.oo:
            return self._geometric(e)
        terms = self._terms(body, index, self._range(low, high))
        if isinstance(e, sp.Sum):
            return self._sum(terms) if terms else Fraction(0)
        return self._product(terms) if terms else Fraction(1)

    def _geometric(self, e: sp.Sum) -> Value:
        """Σ_{k≥a} C·r^k at the point: C·r^a/(1 − r) when |r| < 1, 0 when C = 0, divergent when C ≠ 0 and
        |r| ≥ 1 — each decided exactly or by an enclosure that settles it, else uncertain."""
        from .series import geometric

        series = geometric(e)
        if series is None:
            raise Uncertain("an infinite series that is not geometric")
        body, index = e.args[0], e.args[1][0]
        self._terms(body, index, range(int(series.low), int(series.low) + 2))  # the written terms are defined
        coefficient, ratio = self.value(series.coefficient), self.value(series.ratio)
        if is_exact(coefficient) and coefficient == 0:
            return Fraction(0)
        low_r, high_r = endpoints(ratio)
        if -1 < low_r and high_r < 1:
            return self.value(series.closed_form())
        low_c, high_c = endpoints(coefficient)
        if (low_r >= 1 or high_r <= -1) and (low_c > 0 or high_c < 0):
            shown_ratio = show(ratio) if is_exact(ratio) else fmt(ratio)
            raise Undefined(f"a divergent series (ratio {shown_ratio}, |ratio| ≥ 1)")
        raise Uncertain("whether the series converges is not settled at this point")

    def _range_extremum(self, e: sp.Basic) -> Value:
        body, index, low, high = e.args
        terms = self._terms(body, index, self._range(low, high))
        if not terms:
            raise Undefined("a maximum over an empty range")
        return self._extremum(terms, isinstance(e, rangemax))

    @staticmethod
    def _sum(values: list[Value]) -> Value:
        if all(map(is_exact, values)):
            total = sum(values, Fraction(0))
            small = _small(total)
            if small is not None:
                return small
        result = iv.mpf(0)
        for v in values:
            result = result + as_interval(v)
        return result

    @staticmethod
    def _product(values: list[Value]) -> Value:
        if all(map(is_exact, values)):
            result = Fraction(1)
            for v in values:
                result *= v
            small = _small(result)
            if small is not None:
                return small
        if any(is_exact(v) and v == 0 for v in values):
            return Fraction(0)
        result = iv.mpf(1)
        for v in values:
            result = result * as_interval(v)
        return result

    @staticmethod
    def _exp(x: Value) -> Value:
        if is_exact(x) and x == 0:
            return Fraction(1)
        x = as_interval(x)
        if x.b > EXP_LIMIT or x.a < -EXP_LIMIT:
            raise Uncertain(f"exp of an argument beyond ±{EXP_LIMIT} ({fmt(x)})")
        return iv.exp(x)

    @staticmethod
    def _log(x: Value, argument: sp.Basic) -> Value:
        if is_exact(x):
            if x <= 0:
                raise Undefined(f"logarithm of a non-positive number: {shown(argument)} = {show(x)}")
            if x == 1:
                return Fraction(0)
            return iv.log(as_interval(x))
        if x.b <= 0:
            raise Undefined(f"logarithm of a non-positive number: {shown(argument)} ∈ {fmt(x)}")
        if x.a <= 0:
            raise Uncertain(f"log argument {shown(argument)} ∈ {fmt(x)} may be non-positive")
        return iv.log(x)

    @staticmethod
    def _reciprocal(x: Value, denominator: sp.Basic) -> Value:
        if is_exact(x):
            if x == 0:
                raise Undefined(f"division by zero: {shown(denominator)} = 0")
            return 1 / x
        if x.a <= 0 <= x.b:
            raise Uncertain(f"denominator {shown(denominator)} ∈ {fmt(x)} may be zero")
        return 1 / x

    @staticmethod
    def _extremum(values: list[Value], largest: bool) -> Value:
        if all(map(is_exact, values)):
            return max(values) if largest else min(values)
        boxes = [as_interval(v) for v in values]
        pick = max if largest else min
        return iv.mpf([pick(v.a for v in boxes), pick(v.b for v in boxes)])

    def _pow(self, e: sp.Pow) -> Value:
        base, exponent = e.args
        b = self.value(base)
        x = self.value(exponent)
        if is_exact(x) and x.denominator == 1:
            return self._integer_power(b, int(x), base)
        if is_exact(x):
            return self._rational_power(b, x, base)
        return self._real_power(b, x, base, exponent)

    def _integer_power(self, b: Value, n: int, base: sp.Basic) -> Value:
        if is_exact(b):
            if b == 0:
                if n < 0:
                    raise Undefined(f"division by zero: {shown(base)} = 0" if n == -1
                                    else f"zero to a negative power: {shown(base)} = 0")
                return Fraction(1) if n == 0 else Fraction(0)
            size = max(b.numerator.bit_length(), b.denominator.bit_length()) * abs(n)
            if size <= EXACT_BITS:
                return b**n
            if abs(n) > EXP_LIMIT:
                raise Uncertain(f"integer power {n} beyond ±{EXP_LIMIT}")
            b = as_interval(b)
        elif abs(n) > EXP_LIMIT:
            raise Uncertain(f"integer power {n} beyond ±{EXP_LIMIT}")
        if n < 0:
            if b.a <= 0 <= b.b:
                if b.a == 0 and b.b == 0:
                    raise Undefined(f"division by zero: {shown(base)} = 0")
                raise Uncertain(f"denominator {shown(base)} ∈ {fmt(b)} may be zero")
            return 1 / (b ** (-n))
        return b**n

    @staticmethod
    def _rational_power(b: Value, x: Fraction, base: sp.Basic) -> Value:
        what = "square root" if x.denominator == 2 else "non-integer power"
        if is_exact(b):
            if b < 0:
                raise Undefined(f"{what} of a negative number: {shown(base)} = {show(b)}")
            if b == 0:
                if x < 0:
                    raise Undefined(f"zero to a negative power: {shown(base)} = 0")
                return Fraction(0)
            root = _exact_root(b, x.denominator)
            if root is not None and max(root.numerator.bit_length(), root.denominator.bit_length()) \
                    * abs(x.numerator) <= EXACT_BITS:
                return root**x.numerator
            b = as_interval(b)
        if b.b < 0:
            raise Undefined(f"{what} of a negative number: {shown(base)} ∈ {fmt(b)}")
        if b.a > 0:
            return iv.exp(as_interval(x) * iv.log(b))
        if b.a >= 0 and x > 0:
            top = iv.exp(as_interval(x) * iv.log(iv.mpf(b.b))) if b.b > 0 else iv.mpf(0)
            return iv.mpf([0, top.b])
        raise Uncertain(f"base {shown(base)} ∈ {fmt(b)} may be negative")

    @staticmethod
    def _real_power(b: Value, x: Interval, base: sp.Basic, exponent: sp.Basic) -> Value:
        if abs(x.a) > EXP_LIMIT or abs(x.b) > EXP_LIMIT:
            raise Uncertain(f"power with an exponent beyond ±{EXP_LIMIT}")
        box = as_interval(b)
        if box.a > 0:
            return iv.exp(x * iv.log(box))
        low, high = endpoints(x)
        integer_inside = math.floor(high) >= math.ceil(low)
        if integer_inside:
            raise Uncertain(f"exponent {shown(exponent)} ∈ {fmt(x)} may be an integer and the base {shown(base)} "
                            f"∈ {fmt(box)} is not positive")
        if box.b < 0:
            raise Undefined(f"non-integer power of a negative number: {shown(base)} ∈ {fmt(box)}")
        if is_exact(b) and b == 0:
            if low > 0:
                return Fraction(0)
            if high < 0:
                raise Undefined(f"zero to a negative power: {shown(base)} = 0")
        raise Uncertain(f"base {shown(base)} ∈ {fmt(box)} may be non-positive")


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


def endpoints(x: Value) -> tuple[Fraction, Fraction]:
    """The exact rational endpoints of a value (read raw, so no rounding to another precision)."""
    if is_exact(x):
        return x, x
    low, high = x._mpi_  # type: ignore[attr-defined]
    return _to_fraction(low), _to_fraction(high)


def _to_fraction(raw: tuple[int, int, int, int]) -> Fraction:
    if not isfinite(mpf(raw)):
        raise Uncertain("unbounded enclosure")
    sign, man, exp, _ = raw
    magnitude = Fraction(man * 2**exp) if exp >= 0 else Fraction(man, 2**-exp)
    return -magnitude if sign else magnitude


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
    """floor(log10(value)) for a positive rational, from bit lengths (no decimal conversion of huge numbers)."""
    bits = value.numerator.bit_length() - value.denominator.bit_length()
    guess = math.floor(bits * math.log10(2))
    while Fraction(10) ** guess > value:
        guess -= 1
    while Fraction(10) ** (guess + 1) <= value:
        guess += 1
    return guess


# -- elementary functions ---------------------------------------------------------------------------------------

ELEMENTARY = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.asin, sp.acos, sp.atan, sp.acot, sp.asec, sp.acsc,
              sp.sinh, sp.cosh, sp.tanh, sp.coth, sp.sech, sp.csch, sp.asinh, sp.acosh, sp.atanh, sp.acoth)


def elementary(e: sp.Basic, x: Value) -> Value:  # noqa: C901 - one dispatch table
    """A trigonometric or hyperbolic function, or an inverse one, of a value: rigorous intervals."""
    name = type(e).__name__
    if is_exact(x) and x == 0 and name in ("sin", "tan", "asin", "atan", "sinh", "tanh", "asinh", "atanh"):
        return Fraction(0)
    if is_exact(x) and x == 0 and name in ("cos", "cosh", "sech"):
        return Fraction(1)
    box = as_interval(x)
    if name in ("sin", "cos", "tan", "cot", "sec", "csc"):
        sine, cosine = iv.sin(box), iv.cos(box)
        return {"sin": lambda: sine, "cos": lambda: cosine,
                "tan": lambda: sine * _inverse(cosine, f"the cosine of {shown(e.args[0])}"),
                "cot": lambda: cosine * _inverse(sine, f"the sine of {shown(e.args[0])}"),
                "sec": lambda: _inverse(cosine, f"the cosine of {shown(e.args[0])}"),
                "csc": lambda: _inverse(sine, f"the sine of {shown(e.args[0])}")}[name]()
    if name in ("sinh", "cosh", "tanh", "coth", "sech", "csch"):
        if box.b > EXP_LIMIT or box.a < -EXP_LIMIT:
            raise Uncertain(f"{name} of an argument beyond ±{EXP_LIMIT}")
        up, down = iv.exp(box), iv.exp(-box)
        sinh, cosh = (up - down) / 2, (up + down) / 2
        return {"sinh": lambda: sinh, "cosh": lambda: cosh, "tanh": lambda: sinh / cosh,
                "coth": lambda: cosh * _inverse(sinh, f"sinh of {shown(e.args[0])}"),
                "sech": lambda: 1 / cosh, "csch": lambda: _inverse(sinh, f"sinh of {shown(e.args[0])}")}[name]()
    if name == "asinh":
        return iv.log(box + iv.sqrt(box * box + 1))
    if name == "acosh":
        _needs(box, 1, None, "acosh below 1", e)
        return iv.log(box + iv.sqrt(_clamp_low(box * box - 1)))
    if name == "atanh":
        _needs(box, -1, 1, "atanh outside (−1, 1)", e, open_ends=True)
        return iv.log((1 + box) / (1 - box)) / 2
    if name == "acoth":
        if box.a >= -1 and box.b <= 1:
            raise Undefined(f"acoth inside [−1, 1]: {shown(e.args[0])} ∈ {fmt(box)}")
        if box.a <= 1 and box.b >= -1:
            raise Uncertain(f"acoth near [−1, 1]: {shown(e.args[0])} ∈ {fmt(box)}")
        return iv.log((box + 1) / (box - 1)) / 2
    if name in ("asin", "acos"):
        _needs(box, -1, 1, f"{name} outside [−1, 1]", e)
        return _monotone(mpmath.asin if name == "asin" else mpmath.acos, box, increasing=name == "asin")
    if name == "atan":
        return _monotone(mpmath.atan, box, increasing=True)
    if name == "acot":
        if box.a <= 0 <= box.b:
            if box.a == box.b:
                return iv.pi / 2
            raise Uncertain(f"acot near 0: {shown(e.args[0])} ∈ {fmt(box)}")
        return _monotone(mpmath.acot, box, increasing=False)
    if name in ("asec", "acsc"):
        if box.a > -1 and box.b < 1:
            raise Undefined(f"{name} inside (−1, 1): {shown(e.args[0])} ∈ {fmt(box)}")
        if box.a < 1 and box.b > -1:
            raise Uncertain(f"{name} near (−1, 1): {shown(e.args[0])} ∈ {fmt(box)}")
        function = mpmath.asec if name == "asec" else mpmath.acsc
        return _monotone(function, box, increasing=name == "asec")
    raise Uncertain(f"no interval rule for {name}")


def _inverse(x: Interval, what: str) -> Interval:
    if x.a <= 0 <= x.b:
        raise Uncertain(f"{what} ∈ {fmt(x)} may be zero")
    return 1 / x


def _clamp_low(x: Interval) -> Interval:
    return iv.mpf([max(x.a, 0), max(x.b, 0)])


def _needs(box: Interval, low: int | None, high: int | None, reason: str, e: sp.Basic, open_ends: bool = False) -> None:
    outside = (low is not None and (box.b < low or (open_ends and box.b <= low))) or \
        (high is not None and (box.a > high or (open_ends and box.a >= high)))
    if outside:
        raise Undefined(f"{reason}: {shown(e.args[0])} ∈ {fmt(box)}")
    partly = (low is not None and (box.a < low or (open_ends and box.a <= low))) or \
        (high is not None and (box.b > high or (open_ends and box.b >= high)))
    if partly:
        raise Uncertain(f"{reason}? {shown(e.args[0])} ∈ {fmt(box)}")


def _monotone(function: Any, box: Interval, *, increasing: bool) -> Interval:
    """A monotone function on an interval from its ends, computed with guard bits and widened outward."""
    prec = iv.prec
    with mpmath.workprec(prec + 24):
        ends = [function(mpmath.mpf(box.a)), function(mpmath.mpf(box.b))]
    low, high = (ends[0], ends[1]) if increasing else (ends[1], ends[0])
    slack = (abs(low) + abs(high) + mpmath.mpf(2) ** -prec) * mpmath.mpf(2) ** -(prec - 2)
    return iv.mpf([low - slack, high + slack])


def _factorial(x: Value, argument: sp.Basic) -> Value:
    if not is_exact(x):
        raise Uncertain(f"factorial of {shown(argument)} ∈ {fmt(x)}")
    if x.denominator != 1 or x < 0:
        raise Undefined(f"factorial of a number that is not a natural number: {shown(argument)} = {show(x)}")
    if x > 5000:
        raise Uncertain(f"factorial of {x} is too large to compute here")
    return Fraction(math.factorial(int(x)))


def _binomial(n: Value, k: Value) -> Value:
    if not (is_exact(n) and is_exact(k)):
        raise Uncertain("binomial coefficient of inexact arguments")
    if n.denominator != 1 or n < 0 or k.denominator != 1:
        raise Undefined(f"binomial coefficient outside the natural numbers: ({show(n)} over {show(k)})")
    if n > 5000:
        raise Uncertain("binomial coefficient too large to compute here")
    return Fraction(math.comb(int(n), int(k)) if 0 <= k <= n else 0)


def _realroot(x: Value, n: Value) -> Value:
    if not (is_exact(n) and n.denominator == 1 and n % 2 == 1):
        raise Uncertain("a real root of an index that is not an odd integer")
    degree = int(n)
    if is_exact(x):
        magnitude = _exact_root(abs(x), degree) if x != 0 else Fraction(0)
        if magnitude is not None:
            return magnitude if x >= 0 else -magnitude
    box = as_interval(x)

    def root(value: Any) -> Any:
        return mpmath.root(value, degree) if value >= 0 else -mpmath.root(-value, degree)

    return _monotone(root, box, increasing=True)


def _step(e: sp.Basic, x: Value) -> Value:
    """floor, ceiling and sign: exact where the value's integer part (or sign) is certain."""
    low, high = endpoints(x)
    if isinstance(e, sp.sign):
        signs = {(low > 0) - (low < 0), (high > 0) - (high < 0)}
        if len(signs) == 1 and (low == high or 0 not in signs):
            return Fraction(signs.pop())
        raise Uncertain(f"the sign of {shown(e.args[0])} ∈ {fmt(x)}")
    pick = math.floor if isinstance(e, sp.floor) else math.ceil
    if pick(low) == pick(high):
        return Fraction(pick(low))
    raise Uncertain(f"{type(e).__name__} of {shown(e.args[0])} ∈ {fmt(x)}")


def _kink(x: Value, need: int, argument: sp.Basic) -> Value:
    """0 where the derivative exists; undefined where the argument sits on a kink (see :class:`kink`)."""
    low, high = endpoints(x)
    where = f"not differentiable where {shown(argument)}"
    if need == 0:
        if low == high == 0:
            raise Undefined(f"{where} = 0")
        if low > 0 or high < 0:
            return Fraction(0)
    elif need == 1:
        if high <= 0:
            raise Undefined(f"{where} ≤ 0")
        if low > 0:
            return Fraction(0)
    else:
        if low == high and low.denominator == 1:
            raise Undefined(f"{where} = {low}, an integer")
        if math.floor(low) == math.floor(high) and low.denominator != 1 and high.denominator != 1:
            return Fraction(0)
    raise Uncertain(f"the derivative may not exist at {shown(argument)} ∈ {fmt(x)}")
