"""Values of formulas at exact points: exact rational arithmetic where it stays rational, Arb's ball arithmetic
(python-flint) elsewhere; every judgement is about the value at the point, never the formula's shape.

A value is a :class:`fractions.Fraction` (exact) or an ``arb`` ball that certainly contains the true value:
Arb bounds the rounding error of every operation, elementary and special functions included, so no rule here
rounds by hand. Decisions are read only from the balls' exact endpoints (:func:`endpoints`): two balls that
are disjoint separate two values, an exact value inside a ball decides nothing.

Powers are judged by the value of their exponent: ``(-1)^n`` at ``n = 0`` is the integer power 1,
``0^{1/2}`` is 0, ``γ^0`` is 1 even at ``γ = 0`` (the convention 0⁰ = 1, see :mod:`checker.semantics`).
Where the value is certainly undefined over the reals, :class:`Undefined` is raised with the reason; where a
ball is too wide to tell, :class:`Uncertain`.

Precision is a rung of :data:`LADDER`: a caller that cannot decide at one rung evaluates the whole expression
again at the next, up to :data:`CAP` bits. Exact numbers are kept exact up to :data:`EXACT_BITS`; beyond that
they continue as balls, so ``e^{20000}``, ``x^{6000}`` or ``10^{8685}`` are evaluated without printing or
converting huge integers.

Stable forms: ``log(1 + u)`` is evaluated as log1p(u), ``exp(u) − 1`` as expm1(u), ``log σ(u)`` as
−log1p(e^{−u}) and σ(u) from the side where e^{∓u} ≤ 1, so a tiny value keeps its relative precision
(softplus and log-sigmoid as written in a loss).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal, localcontext
from fractions import Fraction

import sympy as sp
from flint import arb, ctx, fmpq

from checker.values.functions import guarded, kink, rangemax, rangemin, realroot, sigmoid
from checker.values.written import shown

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


def evaluate(expr: sp.Basic, env: Mapping[sp.Basic, Value], prec: int = 53) -> Value:
    """The value of ``expr`` with its atoms replaced by ``env`` (Fractions, or balls for a box)."""
    old = ctx.prec
    ctx.prec = prec
    try:
        value = _Evaluator(env).value(expr)
    except (OverflowError, ZeroDivisionError, ValueError, AssertionError) as error:
        raise Uncertain(f"ball arithmetic failed ({error})") from None
    finally:
        ctx.prec = old
    if not is_exact(value) and not value.is_finite():
        raise Uncertain("the enclosure is unbounded")
    return value


def _small(value: Fraction) -> Fraction | None:
    if max(value.numerator.bit_length(), value.denominator.bit_length()) > EXACT_BITS:
        return None
    return value


def _finite(x: Ball, what: str) -> Ball:
    if not x.is_finite():
        raise Uncertain(f"{what}: the enclosure is unbounded")
    return x


ONE, MINUS_ONE = sp.Integer(1), sp.Integer(-1)


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
        if not e.args:
            return self._atom(e)
        if isinstance(e, sp.Add):
            return self._add(e)
        if isinstance(e, sp.Mul):
            return self._product([self.value(a) for a in e.args])
        if isinstance(e, sp.Pow):
            return self._pow(e)
        if isinstance(e, sp.exp):
            return self._exp(self.value(e.args[0]))
        if isinstance(e, sp.log):
            return self._logarithm(e)
        if isinstance(e, sigmoid):
            return _sigmoid(self.value(e.args[0]))
        if isinstance(e, guarded):
            for requirement in e.args[1:]:
                self.value(requirement)
            return self.value(e.args[0])
        if isinstance(e, (sp.Max, sp.Min)):
            return _extremum([self.value(a) for a in e.args], isinstance(e, sp.Max))
        if isinstance(e, sp.Abs):
            return _absolute(self.value(e.args[0]))
        if isinstance(e, ELEMENTARY):
            return elementary(e, self.value(e.args[0]))
        if isinstance(e, SPECIAL):
            return special(e, self.value(e.args[0]))
        if isinstance(e, (sp.Sum, sp.Product)):
            return self._iterated(e)
        if isinstance(e, (rangemax, rangemin)):
            return self._range_extremum(e)
        if isinstance(e, sp.Piecewise):
            return self._piecewise(e)
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
        if isinstance(e, (sp.core.function.AppliedUndef, sp.Derivative, sp.Indexed)):
            raise Uncertain(f"no value for {e}")
        raise Uncertain(f"no rule for {type(e).__name__} ({e})")

    @staticmethod
    def _atom(e: sp.Basic) -> Value:
        constant = CONSTANTS.get(e)
        if constant is not None:
            return constant()
        if e is sp.zoo or e is sp.nan:
            raise Undefined("division by zero")
        if e.is_infinite or e is sp.oo or e is sp.S.NegativeInfinity:
            raise Undefined("an infinite value")
        if e is sp.I:
            raise Undefined("the imaginary unit is not a real number")
        raise Uncertain(f"no value for {e}")

    def _add(self, e: sp.Add) -> Value:
        if len(e.args) == 2 and MINUS_ONE in e.args:
            other = e.args[0] if e.args[1] == -1 else e.args[1]
            if isinstance(other, sp.exp):  # e^u − 1 as expm1(u): no cancellation near u = 0
                u = self.value(other.args[0])
                if not is_exact(u) or u != 0:
                    self._exp(u)  # the same limits as e^u itself
                    return _finite(ball(u).expm1(), "expm1")
        return _sum([self.value(a) for a in e.args])

    def _logarithm(self, e: sp.log) -> Value:
        argument = e.args[0]
        x = self._natural_log(argument)
        if len(e.args) == 1:
            return x
        base = self.value(e.args[1])
        if is_exact(base) and base == 1:
            raise Undefined("logarithm to base 1")
        return self._product([x, _reciprocal(self._natural_log(e.args[1]), e.args[1])])

    def _natural_log(self, argument: sp.Basic) -> Value:
        if isinstance(argument, sigmoid):  # log σ(u) = −log1p(e^{−u}): log-sigmoid keeps its digits for large u
            u = self.value(argument.args[0])
            if is_exact(u) and u == 0:
                return _log(Fraction(1, 2), argument)
            return -_finite(ball(self._exp(-u)).log1p(), "log-sigmoid")
        if isinstance(argument, sp.Add) and ONE in argument.args:
            rest = [a for a in argument.args if a != ONE] + [ONE] * (list(argument.args).count(ONE) - 1)
            y = _sum([self.value(a) for a in rest]) if rest else Fraction(0)
            if not is_exact(y):  # log(1 + u) as log1p(u): softplus log(1 + e^u) keeps its digits for u ≪ 0
                low, high = endpoints(y)
                if high <= -1:
                    raise Undefined(f"logarithm of a non-positive number: {shown(argument)} ∈ {fmt(1 + y)}")
                if low <= -1:
                    raise Uncertain(f"log argument {shown(argument)} ∈ {fmt(1 + y)} may be non-positive")
                return _finite(y.log1p(), "log1p")
            return _log(1 + y, argument)
        return _log(self.value(argument), argument)

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
            return _sum(terms) if terms else Fraction(0)
        return self._product(terms) if terms else Fraction(1)

    def _geometric(self, e: sp.Sum) -> Value:
        """Σ_{k≥a} C·r^k at the point: C·r^a/(1 − r) when |r| < 1, 0 when C = 0, divergent when C ≠ 0 and
        |r| ≥ 1 — each decided exactly or by an enclosure that settles it, else uncertain."""
        from .series import RATIONAL_TERMS, geometric, rational_series

        series = geometric(e)
        if series is None:
            rational = rational_series(e)
            if rational is None:
                raise Uncertain("an infinite series that is neither geometric nor of rational terms")
            parts = rational.hurwitz()
            if parts is not None:  # Hurwitz ζ and ψ: enclosures as tight as any other function's
                total: Value = Fraction(0)
                for c, m, shift in parts:
                    at = ball(rational.low + Fraction(int(shift.p), int(shift.q)))
                    value = arb(m).zeta(at) if m >= 2 else -at.digamma()
                    total = _sum([total, self._product([Fraction(int(c.p), int(c.q)), value])])
                return total
            body, index = e.args[0], e.args[1][0]
            last = rational.low + RATIONAL_TERMS - 1
            terms = self._terms(body, index, range(rational.low, last + 1))
            tail = rational.tail(max(last, 1))
            bound = Fraction(int(tail.p), int(tail.q))
            return _sum([ball(t) for t in terms]) + box(-bound, bound)  # the terms added, the rest bounded
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
        return _extremum(terms, isinstance(e, rangemax))

    def _piecewise(self, e: sp.Piecewise) -> Value:
        """A piece is taken only where its condition certainly holds and every earlier one certainly fails."""
        for piece, condition in e.args:
            if condition is sp.true:
                return self.value(piece)
            if not isinstance(condition, sp.Eq):
                raise Uncertain(f"a piecewise condition that is not an equation ({condition})")
            left, right = self.value(condition.lhs), self.value(condition.rhs)
            if not (is_exact(left) and is_exact(right)):
                raise Uncertain(f"whether {condition} holds is not certain here")
            if left == right:
                return self.value(piece)
        raise Undefined("no piece applies")

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
        product = arb(1)
        for v in values:
            product = product * ball(v)
        return product

    @staticmethod
    def _exp(x: Value) -> Value:
        if is_exact(x) and x == 0:
            return Fraction(1)
        low, high = endpoints(x)
        if high > EXP_LIMIT or low < -EXP_LIMIT:
            raise Uncertain(f"exp of an argument beyond ±{EXP_LIMIT} ({fmt(x)})")
        return ball(x).exp()

    def _pow(self, e: sp.Pow) -> Value:
        base, exponent = e.args
        b = self.value(base)
        x = self.value(exponent)
        if is_exact(x) and x.denominator == 1:
            return _integer_power(b, int(x), base)
        if is_exact(x):
            return _rational_power(b, x, base)
        return _real_power(b, x, base, exponent)


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
    _nonzero(x, f"denominator {shown(denominator)}")
    return 1 / x


def _nonzero(x: Ball, what: str) -> None:
    low, high = endpoints(x)
    if low == high == 0:
        raise Undefined(f"{what} is 0")
    if low <= 0 <= high:
        raise Uncertain(f"{what} ∈ {fmt(x)} may be zero")


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
        size = max(b.numerator.bit_length(), b.denominator.bit_length()) * abs(n)
        if size <= EXACT_BITS:
            return b**n
    if abs(n) > EXP_LIMIT:
        raise Uncertain(f"integer power {n} beyond ±{EXP_LIMIT}")
    if n == 0:
        return Fraction(1)  # 0⁰ = 1: the power of an inexact base is 1 whatever the base
    x = ball(b)
    if n < 0:
        _nonzero(x, f"base {shown(base)} of a negative power")
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


# -- constants, elementary and special functions ------------------------------------------------------------------

CONSTANTS = {sp.pi: arb.pi, sp.E: arb.const_e, sp.EulerGamma: arb.const_euler, sp.Catalan: arb.const_catalan,
             sp.GoldenRatio: lambda: (1 + arb(5).sqrt()) / 2}
"""Named constants, each a ball at the current precision."""

ELEMENTARY = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.asin, sp.acos, sp.atan, sp.acot, sp.asec, sp.acsc,
              sp.sinh, sp.cosh, sp.tanh, sp.coth, sp.sech, sp.csch, sp.asinh, sp.acosh, sp.atanh, sp.acoth)
SPECIAL = (sp.gamma, sp.loggamma, sp.erf, sp.erfc)

_ZERO_AT_ZERO = frozenset({"sin", "tan", "asin", "atan", "sinh", "tanh", "asinh", "atanh"})
_ONE_AT_ZERO = frozenset({"cos", "cosh", "sec", "sech"})


def elementary(e: sp.Basic, x: Value) -> Value:  # noqa: C901 - one dispatch table
    """A trigonometric or hyperbolic function, or an inverse one, of a value: Arb's rigorous balls.

    Arb has no acot, asec, acsc or acoth; they are atan, acos, asin and atanh of 1/x (SymPy's real branches:
    acot x ∈ (−π/2, π/2] with acot 0 = π/2, asec x = acos(1/x), acsc x = asin(1/x), acoth x = atanh(1/x)).
    """
    name = type(e).__name__
    if is_exact(x) and x == 0:
        if name in _ZERO_AT_ZERO:
            return Fraction(0)
        if name in _ONE_AT_ZERO:
            return Fraction(1)
    argument = shown(e.args[0])
    u = ball(x)
    low, high = endpoints(x)
    if name in ("sin", "cos"):
        return u.sin() if name == "sin" else u.cos()
    if name in ("tan", "sec"):
        _nonzero(u.cos(), f"the cosine of {argument}")
        return u.tan() if name == "tan" else 1 / u.cos()
    if name in ("cot", "csc"):
        _nonzero(u.sin(), f"the sine of {argument}")
        return u.cot() if name == "cot" else 1 / u.sin()
    if name in ("sinh", "cosh", "tanh", "coth", "sech", "csch"):
        if high > EXP_LIMIT or low < -EXP_LIMIT:
            raise Uncertain(f"{name} of an argument beyond ±{EXP_LIMIT}")
        if name in ("coth", "csch"):
            _nonzero(u, f"the argument {argument} of {name}")
            return u.coth() if name == "coth" else 1 / u.sinh()
        return {"sinh": u.sinh, "cosh": u.cosh, "tanh": u.tanh, "sech": lambda: 1 / u.cosh()}[name]()
    if name == "asinh":
        return u.asinh()
    if name == "acosh":
        _needs(low, high, 1, None, "acosh below 1", argument, x)
        return u.acosh()
    if name == "atanh":
        _needs(low, high, -1, 1, "atanh outside (−1, 1)", argument, x, open_ends=True)
        return u.atanh()
    if name in ("asin", "acos"):
        _needs(low, high, -1, 1, f"{name} outside [−1, 1]", argument, x)
        return u.asin() if name == "asin" else u.acos()
    if name == "atan":
        return u.atan()
    if name == "acot":
        if low <= 0 <= high:
            if low == high:
                return arb.pi() / 2
            raise Uncertain(f"acot near 0: {argument} ∈ {fmt(x)}")
        return (1 / u).atan()
    if name in ("asec", "acsc", "acoth"):
        edge = "[−1, 1]" if name == "acoth" else "(−1, 1)"
        inside = (low >= -1 and high <= 1) if name == "acoth" else (low > -1 and high < 1)
        near = (low <= 1 and high >= -1) if name == "acoth" else (low < 1 and high > -1)
        if inside:
            raise Undefined(f"{name} inside {edge}: {argument} ∈ {fmt(x)}" if not is_exact(x)
                            else f"{name} inside {edge}: {argument} = {show(x)}")
        if near:
            raise Uncertain(f"{name} near {edge}: {argument} ∈ {fmt(x)}")
        inverse = 1 / ball(x) if not is_exact(x) else ball(1 / x)
        return {"asec": inverse.acos, "acsc": inverse.asin, "acoth": inverse.atanh}[name]()
    raise Uncertain(f"no rule for {name}")


def special(e: sp.Basic, x: Value) -> Value:
    """Γ, log Γ, erf and erfc: exact where SymPy's values are rational (Γ of a natural), Arb's balls elsewhere."""
    argument = shown(e.args[0])
    low, high = endpoints(x)
    if isinstance(e, (sp.gamma, sp.loggamma)):
        if isinstance(e, sp.loggamma) and high <= 0:
            raise Undefined(f"log Γ of a non-positive number: {argument} = {show(x)}" if is_exact(x)
                            else f"log Γ of a non-positive number: {argument} ∈ {fmt(x)}")
        if is_exact(x) and x.denominator == 1 and x <= 0:
            raise Undefined(f"Γ at a pole: {argument} = {x}")
        if isinstance(e, sp.loggamma) and low <= 0:
            raise Uncertain(f"log Γ of {argument} ∈ {fmt(x)}, which may be non-positive")
        if low <= 0 and math.floor(high) >= math.ceil(low) and not (is_exact(x)):
            raise Uncertain(f"Γ near a pole: {argument} ∈ {fmt(x)}")
        if high > EXP_LIMIT:
            raise Uncertain(f"Γ of an argument beyond {EXP_LIMIT}")
        if isinstance(e, sp.gamma) and is_exact(x) and x.denominator == 1 and x <= EXACT_FACTORIAL:
            return Fraction(math.factorial(int(x) - 1))
        return ball(x).gamma() if isinstance(e, sp.gamma) else ball(x).lgamma()
    if is_exact(x) and x == 0:
        return Fraction(0) if isinstance(e, sp.erf) else Fraction(1)
    return ball(x).erf() if isinstance(e, sp.erf) else ball(x).erfc()


def _needs(low: Fraction, high: Fraction, least: int | None, most: int | None, reason: str, argument: str,
           x: Value, open_ends: bool = False) -> None:
    where = f"{argument} = {show(x)}" if is_exact(x) else f"{argument} ∈ {fmt(x)}"
    outside = (least is not None and (high < least or (open_ends and high <= least))) or \
        (most is not None and (low > most or (open_ends and low >= most)))
    if outside:
        raise Undefined(f"{reason}: {where}")
    partly = (least is not None and (low < least or (open_ends and low <= least))) or \
        (most is not None and (high > most or (open_ends and high >= most)))
    if partly:
        raise Uncertain(f"{reason}? {where}")


def _factorial(x: Value, argument: sp.Basic) -> Value:
    if not is_exact(x):
        raise Uncertain(f"factorial of {shown(argument)} ∈ {fmt(x)}")
    if x.denominator != 1 or x < 0:
        raise Undefined(f"factorial of a number that is not a natural number: {shown(argument)} = {show(x)}")
    if x <= EXACT_FACTORIAL:
        return Fraction(math.factorial(int(x)))
    if x > EXP_LIMIT:
        raise Uncertain(f"factorial of {x} is too large to compute here")
    return arb.fac_ui(int(x))


def _binomial(n: Value, k: Value) -> Value:
    if not (is_exact(n) and is_exact(k)):
        raise Uncertain("binomial coefficient of inexact arguments")
    if n.denominator != 1 or n < 0 or k.denominator != 1:
        raise Undefined(f"binomial coefficient outside the natural numbers: ({show(n)} over {show(k)})")
    if not 0 <= k <= n:
        return Fraction(0)
    if n <= EXACT_FACTORIAL:
        return Fraction(math.comb(int(n), int(k)))
    if n > EXP_LIMIT:
        raise Uncertain("binomial coefficient too large to compute here")
    return arb.bin_uiui(int(n), int(k))


def _realroot(x: Value, n: Value) -> Value:
    """The real odd root, an increasing function: on a ball, the union of the roots of its two ends (each end an
    Arb evaluation, so the union is rigorous at the working precision)."""
    if not (is_exact(n) and n.denominator == 1 and n % 2 == 1):
        raise Uncertain("a real root of an index that is not an odd integer")
    degree = int(n)
    if is_exact(x):
        magnitude = _exact_root(abs(x), degree) if x != 0 else Fraction(0)
        if magnitude is not None:
            return magnitude if x >= 0 else -magnitude

    def signed_root(end: Fraction) -> Ball:
        if end == 0:
            return arb(0)
        root = ball(abs(end)).root(degree)
        return root if end > 0 else -root

    low, high = endpoints(x)
    if low == high:
        return signed_root(low)
    return signed_root(low).union(signed_root(high))


def _step(e: sp.Basic, x: Value) -> Value:
    """floor, ceiling and sign: decided only when the ball does not straddle a jump."""
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
