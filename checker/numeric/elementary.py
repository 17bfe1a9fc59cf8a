"""Constants, elementary and special functions of certified values: trigonometric and hyperbolic functions
and their inverses, Γ, log Γ, erf, erfc, factorials, binomials, real roots, and the step and kink functions
the engine writes requirements with.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache

import sympy as sp
from flint import arb

from checker.values.written import evaluated, shown

from .arithmetic import _exact_root, _nonzero
from .balls import (
    EXACT_BITS,
    EXACT_FACTORIAL,
    EXP_LIMIT,
    Ball,
    Uncertain,
    Undefined,
    Value,
    ball,
    endpoints,
    fmt,
    is_exact,
    show,
)


class _Shown:
    """An argument as messages show it, printed only if a message is built (most evaluations raise none)."""

    __slots__ = ("expr",)

    def __init__(self, expr: sp.Basic) -> None:
        self.expr = expr

    def __str__(self) -> str:
        return shown(self.expr)


CONSTANTS = {sp.pi: arb.pi, sp.E: arb.const_e, sp.EulerGamma: arb.const_euler, sp.Catalan: arb.const_catalan,
             sp.GoldenRatio: lambda: (1 + arb(5).sqrt()) / 2}
"""Named constants, each a ball at the current precision."""


ELEMENTARY = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.asin, sp.acos, sp.atan, sp.acot, sp.asec, sp.acsc,
              sp.sinh, sp.cosh, sp.tanh, sp.coth, sp.sech, sp.csch, sp.asinh, sp.acosh, sp.atanh, sp.acoth)


SPECIAL = (sp.gamma, sp.loggamma, sp.erf, sp.erfc)


_ZERO_AT_ZERO = frozenset({"sin", "tan", "asin", "atan", "sinh", "tanh", "asinh", "atanh"})


_ONE_AT_ZERO = frozenset({"cos", "cosh", "sec", "sech"})


def _pi_ratio(argument: sp.Basic) -> sp.Rational | None:
    """q for a constant argument that is exactly qπ with q rational (SymPy's exact quotient; π is transcendental,
    so nothing else is), else None."""
    if argument.free_symbols or argument.has(sp.core.function.AppliedUndef):
        return None
    ratio = evaluated(argument) / sp.pi
    return ratio if ratio.is_Rational else None


@lru_cache(maxsize=1024)
def _at_pole(e: sp.Basic) -> bool:
    """Whether tan, sec, cot or csc of a constant argument is exactly at a pole: the argument is qπ with
    q ∈ ½ + ℤ for tan and sec, q ∈ ℤ for cot and csc. A ball of the cosine of π/2 contains 0 at every precision
    and would leave it uncertain."""
    if not e.args:  # the point put in, SymPy evaluated the node itself: tan(π/2) is zoo
        return e is sp.zoo
    ratio = _pi_ratio(e.args[0])
    if ratio is None:
        return False
    return (ratio - sp.Rational(1, 2)).is_integer if type(e).__name__ in ("tan", "sec") else ratio.is_integer


@lru_cache(maxsize=1024)
def _exact_circular(e: sp.Basic) -> Fraction | None:
    """sin or cos of a constant at a rational multiple of π where SymPy's exact value is rational (cos π/2 = 0,
    sin π/6 = ½), else None: a ball of cos π/2 contains 0 at every precision."""
    if not isinstance(e, (sp.sin, sp.cos)):  # the point put in, SymPy evaluated the node itself: cos(π/2) is 0
        return Fraction(int(e.p), int(e.q)) if e.is_Rational else None
    ratio = _pi_ratio(e.args[0])
    exact = None if ratio is None else type(e)(sp.pi * ratio)
    return Fraction(int(exact.p), int(exact.q)) if exact is not None and exact.is_Rational else None


def _straddles_zero(x: Ball) -> bool:
    low, high = endpoints(x)
    return low <= 0 <= high


def elementary(e: sp.Basic, x: Value, at_point: Callable[[], sp.Basic | None] | None = None) -> Value:  # noqa: C901
    """A trigonometric or hyperbolic function, or an inverse one, of a value: Arb's rigorous balls.

    Arb has no acot, asec, acsc or acoth; they are atan, acos, asin and atanh of 1/x (SymPy's real branches:
    acot x ∈ (−π/2, π/2] with acot 0 = π/2, asec x = acos(1/x), acsc x = asin(1/x), acoth x = atanh(1/x)).
    ``at_point`` gives the node with the point's exact values put in (cos(πx) at x = ½ is cos(π/2)), asked only
    where a sine's or cosine's ball contains 0: the zeros and poles at rational multiples of π are then exact.
    """
    name = type(e).__name__
    if is_exact(x) and x == 0:
        if name in _ZERO_AT_ZERO:
            return Fraction(0)
        if name in _ONE_AT_ZERO:
            return Fraction(1)
    argument = _Shown(e.args[0])
    u = ball(x)
    low, high = endpoints(x)
    if name in ("sin", "cos"):
        value = u.sin() if name == "sin" else u.cos()
        if _straddles_zero(value):
            node = e if not e.args[0].free_symbols else (at_point() if at_point is not None else None)
            exact = None if node is None else _exact_circular(node)
            if exact is not None:
                return exact
        return value
    if name in ("tan", "sec", "cot", "csc"):
        node = e
        if e.args[0].free_symbols:
            vanishing = u.cos() if name in ("tan", "sec") else u.sin()
            node = at_point() if at_point is not None and _straddles_zero(vanishing) else None
        if node is not None and _at_pole(node):
            raise Undefined(f"the {'cosine' if name in ('tan', 'sec') else 'sine'} of {argument} is 0")
    if name in ("tan", "sec"):
        _nonzero(u.cos(), lambda: f"the cosine of {argument}")
        return u.tan() if name == "tan" else 1 / u.cos()
    if name in ("cot", "csc"):
        _nonzero(u.sin(), lambda: f"the sine of {argument}")
        return u.cot() if name == "cot" else 1 / u.sin()
    if name in ("sinh", "cosh", "tanh", "coth", "sech", "csch"):
        if high > EXP_LIMIT or low < -EXP_LIMIT:
            raise Uncertain(f"{name} of an argument beyond ±{EXP_LIMIT}")
        if name in ("coth", "csch"):
            _nonzero(u, lambda: f"the argument {argument} of {name}")
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
    argument = _Shown(e.args[0])
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


def _needs(low: Fraction, high: Fraction, least: int | None, most: int | None, reason: str, argument: _Shown,
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
    small = min(k, n - k)  # C(10⁹, 2) is a small exact number however large n is
    if n <= EXACT_FACTORIAL or small * math.log2(int(n)) <= EXACT_BITS:
        return Fraction(math.comb(int(n), int(small)))
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
    where = _Shown(argument)
    if need == 0:
        if low == high == 0:
            raise Undefined(f"not differentiable where {where} = 0")
        if low > 0 or high < 0:
            return Fraction(0)
    elif need == 1:
        if high <= 0:
            raise Undefined(f"not differentiable where {where} ≤ 0")
        if low > 0:
            return Fraction(0)
    else:
        if low == high and low.denominator == 1:
            raise Undefined(f"not differentiable where {where} = {low}, an integer")
        if math.floor(low) == math.floor(high) and low.denominator != 1 and high.denominator != 1:
            return Fraction(0)
    raise Uncertain(f"the derivative may not exist at {shown(argument)} ∈ {fmt(x)}")
