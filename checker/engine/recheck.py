"""A second, independent look at every counterexample before it is reported as certified.

The certified layer (:mod:`checker.interval`, Arb balls) decides that a relation fails at a point. Before that
verdict is shown, this module checks it again by another method that shares none of that code:

- the point satisfies every declaration of the claim: each value lies in its atom's declared domain, the
  entries of a distribution sum to 1, and no defined quantity is given a value (a definition holds everywhere);
- the relation, evaluated at the point by plain mpmath arithmetic at a precision above the one that
  separated it (rational subexpressions in exact fractions, so an exact zero stays an exact zero), fails the
  same way: a side that was found undefined is undefined here too, and values that were found to violate the
  relation are not seen to satisfy it with a margin this evaluation can trust.

A disagreement is an internal error of the checker — reported as such, never as a verdict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

import mpmath
import sympy as sp

from checker.values.claims import Claim
from checker.values.functions import guarded, kink, rangemax, rangemin, realroot
from checker.values.verdicts import Counterexample

PRECISIONS = (256, 1024, 4096, 8256)
"""Bits of the second evaluation, raised while it cannot tell (8256 = twice the certified layer's cap, + 64)."""
MAX_TERMS = 10_000


class NoValue(Exception):
    """The expression has no real value at the point."""


class CannotTell(Exception):
    """This evaluation has no rule or not enough precision for the expression."""


Number = Fraction | mpmath.mpf


def disagreement(claim: Claim, example: Counterexample, relations: list[tuple[sp.Expr, str, sp.Expr]]) -> str | None:
    """Why the second look disagrees with a counterexample, or None when it confirms it (or, for a construct it
    has no rule for, cannot judge: then the first method's certificate stands alone and nothing is contradicted)."""
    values = dict(example.values)
    problem = _declarations(claim, values)
    if problem:
        return problem
    if example.instance:
        return None
    lhs, relation, rhs = relations[example.enclosure.part]
    point = {atom: Fraction(int(v.p), int(v.q)) for atom, v in values.items()}
    seen = "holds"
    for prec in PRECISIONS:
        try:
            verdict = _fails(lhs, relation, rhs, point, prec, example.undefined)
        except CannotTell:
            return None  # a construct this evaluation has no rule for (not a matter of precision)
        except (RecursionError, OverflowError, ZeroDivisionError, ValueError, TypeError):
            return None
        if verdict is True:
            return None
        seen = "holds" if verdict is False else "cannot be told apart"
    what = "a side is undefined" if example.undefined else f"the relation {relation} fails"
    found = "both sides are defined" if example.undefined else \
        ("the relation holds" if seen == "holds" else "the two sides cannot be told apart")
    return f"the certified layer found that {what} at {example}, but an independent evaluation at " \
           f"{PRECISIONS[-1]} bits finds that {found}"


def _declarations(claim: Claim, values: Mapping[sp.Basic, sp.Rational]) -> str | None:
    defined = {atom for atom, _ in claim.definitions}
    groups: dict[tuple[str, ...], list[Fraction]] = {}
    for atom, value in values.items():
        if atom in defined:
            return f"the counterexample gives the defined quantity {atom} a value ({value})"
        exact = Fraction(int(value.p), int(value.q))
        domain = claim.domain_of(atom)
        if not domain.contains(exact):
            return f"the counterexample puts {atom} = {value} outside its declared domain ({domain})"
        if domain.group:
            groups.setdefault(domain.group, []).append(exact)
    for group, entries in groups.items():
        if len(entries) == len(group) and sum(entries) != 1:
            return f"the counterexample's entries of ({', '.join(group)}) sum to {sum(entries)}, not 1"
    return None


def _fails(lhs: sp.Expr, relation: str, rhs: sp.Expr, point: Mapping[sp.Basic, Fraction], prec: int,
           undefined: bool) -> bool | None:
    """True: this evaluation sees the same failure; False: it sees the relation hold; None: it cannot tell."""
    with mpmath.workprec(prec):
        sides = []
        for side in (lhs, rhs):
            try:
                sides.append(_Walk(point).value(side))
            except NoValue:
                sides.append(None)
        if undefined:
            return any(s is None for s in sides)
        left, right = sides
        if left is None or right is None:
            return None
        if isinstance(left, Fraction) and isinstance(right, Fraction):
            difference = left - right
            return not {"=": difference == 0, "!=": difference != 0, "<": difference < 0, "<=": difference <= 0,
                        ">": difference > 0, ">=": difference >= 0}[relation]
        a, b = mpmath.mpf(_float(left)), mpmath.mpf(_float(right))
        scale = max(abs(a), abs(b))
        tolerance = scale * mpmath.mpf(2) ** (-(prec - 48))
        d = a - b
        if relation == "=":
            return True if abs(d) > tolerance else None
        if relation == "!=":
            return True if abs(d) <= tolerance else False
        holds = {"<": d < -tolerance, "<=": d < -tolerance, ">": d > tolerance, ">=": d > tolerance}[relation]
        return False if holds else True


def _float(x: Number) -> mpmath.mpf:
    return mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else x


class _Walk:
    def __init__(self, point: Mapping[sp.Basic, Fraction]) -> None:
        self.point = point

    def value(self, e: sp.Basic) -> Number:  # noqa: C901 - one dispatch table
        if e in self.point:
            return self.point[e]
        if e.is_Rational:
            return Fraction(int(e.p), int(e.q))
        if e is sp.pi:
            return +mpmath.pi
        if e is sp.E:
            return mpmath.e + 0
        if e is sp.EulerGamma:
            return +mpmath.euler
        if e is sp.Catalan:
            return +mpmath.catalan
        if e is sp.GoldenRatio:
            return +mpmath.phi
        if e is sp.zoo or e is sp.nan or e is sp.I or (not e.args and e.is_infinite):
            raise NoValue(str(e))
        if isinstance(e, sp.Add):
            return self._add([self.value(a) for a in e.args])
        if isinstance(e, sp.Mul):
            return self._mul([self.value(a) for a in e.args])
        if isinstance(e, sp.Pow):
            return _power(self.value(e.base), self.value(e.exp))
        if isinstance(e, guarded):
            for requirement in e.args[1:]:
                self.value(requirement)
            return self.value(e.args[0])
        if isinstance(e, (sp.Sum, sp.Product, rangemax, rangemin)):
            return self._ranged(e)
        if isinstance(e, sp.Piecewise):
            for piece, condition in e.args:
                if condition is sp.true:
                    return self.value(piece)
                if isinstance(condition, sp.Eq) and self.value(condition.lhs) == self.value(condition.rhs):
                    return self.value(piece)
            raise NoValue("no piece applies")
        if isinstance(e, sp.binomial):
            return _binomial(self.value(e.args[0]), self.value(e.args[1]))
        if isinstance(e, realroot):
            return _odd_root(self.value(e.args[0]), int(e.args[1]))
        if isinstance(e, (sp.Max, sp.Min)):
            values = [self.value(a) for a in e.args]
            return max(values, key=_float) if isinstance(e, sp.Max) else min(values, key=_float)
        if isinstance(e, kink):
            x, need = self.value(e.args[0]), int(e.args[1])
            exact = isinstance(x, Fraction)
            if need == 0 and x == 0 or need == 1 and x <= 0 or need == 2 and exact and x.denominator == 1:
                raise NoValue("not differentiable")
            return Fraction(0)
        if len(e.args) == 1 and type(e).__name__ in _ONE_ARGUMENT:
            argument = self.value(e.args[0])  # a value as written first (SymPy would read sin(asin 10) as 10)
            if isinstance(e, (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)):
                # at the point's exact values (cos(πx) at x = ½ is cos(π/2)), if no other atom is left
                try:
                    node = e.xreplace({a: sp.Rational(v.numerator, v.denominator) for a, v in self.point.items()})
                except (ValueError, TypeError, ArithmeticError, AttributeError):  # SymPy cannot rebuild max(0, ∛0)
                    # (it cannot compare them) or max(∛y, sec π) (sec π's realness asks −1 for a method it lacks)
                    node = e
                exact = None if node.free_symbols or node.has(sp.core.function.AppliedUndef) else \
                    _at_multiple_of_pi(node)
                if exact is not None:
                    return exact
            return _function(type(e).__name__, argument)
        if isinstance(e, sp.log):
            x, b = self.value(e.args[0]), self.value(e.args[1])
            if _float(b) <= 0 or b == 1:
                raise NoValue("log base")
            return _function("log", x) / _function("log", b)
        raise CannotTell(f"no rule for {type(e).__name__}")

    @staticmethod
    def _add(values: list[Number]) -> Number:
        if all(isinstance(v, Fraction) for v in values):
            return sum(values, Fraction(0))
        return mpmath.fsum(_float(v) for v in values)

    @staticmethod
    def _mul(values: list[Number]) -> Number:
        if all(isinstance(v, Fraction) for v in values):
            product = Fraction(1)
            for v in values:
                product *= v
            return product
        if any(v == 0 for v in values if isinstance(v, Fraction)):
            return Fraction(0)
        return mpmath.fprod(_float(v) for v in values)

    def _ranged(self, e: sp.Basic) -> Number:
        if isinstance(e, (rangemax, rangemin)):
            body, index, low, high = e.args
        else:
            body, (index, low, high) = e.args[0], e.args[1]
        first = self.value(low)
        if not (isinstance(first, Fraction) and first.denominator == 1):
            raise CannotTell("a range that does not start at an integer")
        if high is sp.oo:
            if not isinstance(e, sp.Sum):
                raise CannotTell("an infinite product or maximum")
            return self._series(body, index, int(first))
        last = self.value(high)
        if not (isinstance(last, Fraction) and last.denominator == 1) or last - first > MAX_TERMS:
            raise CannotTell("a range this evaluation does not write out")
        terms = [_Walk({**self.point, index: Fraction(k)}).value(body) for k in range(int(first), int(last) + 1)]
        if isinstance(e, sp.Sum):
            return self._add(terms) if terms else Fraction(0)
        if isinstance(e, sp.Product):
            return self._mul(terms) if terms else Fraction(1)
        if not terms:
            raise NoValue("a maximum over an empty range")
        return max(terms, key=_float) if isinstance(e, rangemax) else min(terms, key=_float)

    def _series(self, body: sp.Basic, index: sp.Basic, first: int) -> Number:
        """An infinite series: geometric when its first terms have one exact ratio (|ratio| ≥ 1 diverges), else
        summed by mpmath's extrapolation (``nsum``) — another method than the certified layer's closed forms."""
        def term(k: int) -> Number:
            return _Walk({**self.point, index: Fraction(k)}).value(body)

        t0, t1, t2 = term(first), term(first + 1), term(first + 2)
        if all(isinstance(t, Fraction) for t in (t0, t1, t2)) and t0 != 0 and t1 * t1 == t0 * t2:
            ratio = t1 / t0
            if abs(ratio) >= 1:
                raise NoValue("a divergent series")
            return t0 / (1 - ratio)
        if t0 == 0 and t1 == 0 and t2 == 0:
            raise CannotTell("a series whose first terms are 0")
        closed = hurwitz_sum(body.xreplace(self.point), index, first)
        if closed is not None:
            return closed
        return mpmath.nsum(lambda k: _float(term(int(k))), [first, mpmath.inf])


def hurwitz_sum(body: sp.Basic, index: sp.Basic, first: int) -> mpmath.mpf | None:
    """Σ_{k≥first} of a rational function of k that splits into c/(k + s)^m (the partial fractions of
    :meth:`checker.series.RationalSeries.hurwitz`), valued by mpmath's Hurwitz ζ and ψ — not Arb's."""
    from checker.numeric.series import rational_series

    series = rational_series(sp.Sum(body, (index, first, sp.oo)))
    parts = series.hurwitz() if series is not None else None
    if parts is None:
        return None
    total = mpmath.mpf(0)
    for c, m, shift in parts:
        start = mpmath.mpf(int((first + shift).p)) / int((first + shift).q)
        weight = mpmath.mpf(int(c.p)) / int(c.q)
        total += weight * mpmath.zeta(m, start) if m >= 2 else -weight * mpmath.digamma(start)
    return total


_ONE_ARGUMENT = {"exp", "log", "sigmoid", "Abs", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh",
                 "coth", "sech", "csch", "asin", "acos", "atan", "acot", "asec", "acsc", "asinh", "acosh", "atanh",
                 "acoth", "sign", "floor", "ceiling", "factorial", "gamma", "loggamma", "erf", "erfc"}


def _at_multiple_of_pi(e: sp.Basic) -> Fraction | None:
    """A trigonometric function of a constant at a rational multiple of π (sin π, tan π/2), by SymPy's own exact
    values — which the certified layer reaches another way; a float's sine of π is never exactly 0. Only the
    argument's ratio to π is used. None where that is not a rational or the value is not."""
    if not e.args:  # the point put in, SymPy evaluated the node itself (cos(π/2) is 0, tan(π/2) is zoo)
        exact = e
    else:
        ratio = e.args[0].doit() / sp.pi
        if not ratio.is_Rational:
            return None
        exact = type(e)(sp.pi * ratio)
    if exact.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise NoValue(type(e).__name__)
    return Fraction(int(exact.p), int(exact.q)) if exact.is_Rational else None


def _function(name: str, x: Number) -> Number:  # noqa: C901 - one dispatch table
    """A function with this module's own reading of where it is defined."""
    exact = isinstance(x, Fraction)
    if name == "Abs":
        return abs(x)
    if name == "sign":
        return Fraction((x > 0) - (x < 0))
    if name in ("floor", "ceiling"):
        if exact:
            return Fraction(x.numerator // x.denominator if name == "floor" else -(-x.numerator // x.denominator))
        return Fraction(int(mpmath.floor(x) if name == "floor" else mpmath.ceil(x)))
    if name == "factorial":
        if not exact:  # sin 0 and the like come back as floats: whether they are whole cannot be told here
            raise CannotTell("the factorial of an inexact value")
        if x.denominator != 1 or x < 0:
            raise NoValue("factorial")
        return Fraction(math.factorial(int(x))) if x <= 5000 else mpmath.factorial(int(x))
    if name == "exp" and exact and x == 0:
        return Fraction(1)
    if exact and x == 0 and name in ("sin", "tan", "asin", "atan", "sinh", "tanh", "asinh", "atanh", "cos", "cosh",
                                     "sec", "sech"):
        # exact values at 0, so that an exponent sin 0 is the integer 0 here too ((−1)^(sin 0) = 1)
        return Fraction(1 if name in ("cos", "cosh", "sec", "sech") else 0)
    f = _float(x)
    if name == "log":
        if f <= 0:
            raise NoValue("log")
        return Fraction(0) if exact and x == 1 else mpmath.log(f)
    if name == "sigmoid":
        return 1 / (1 + mpmath.exp(-f))
    if name in ("tan", "sec") and mpmath.cos(f) == 0 or name in ("cot", "csc") and mpmath.sin(f) == 0:
        raise NoValue(name)
    if name in ("coth", "csch", "acot") and f == 0:
        if name == "acot":
            return mpmath.pi / 2
        raise NoValue(name)
    if name in ("asin", "acos") and abs(f) > 1 or name == "acosh" and f < 1 or name == "atanh" and abs(f) >= 1:
        raise NoValue(name)
    if name in ("asec", "acsc") and abs(f) < 1 or name == "acoth" and abs(f) <= 1:
        raise NoValue(name)
    if name in ("gamma", "loggamma") and (exact and x.denominator == 1 and x <= 0 or name == "loggamma" and f <= 0):
        raise NoValue(name)
    if name == "acot":
        return mpmath.atan(1 / f)
    special = {"loggamma": mpmath.loggamma, "asec": lambda v: mpmath.acos(1 / v), "acsc": lambda v: mpmath.asin(1 / v),
               "acoth": lambda v: mpmath.atanh(1 / v)}
    return special.get(name, getattr(mpmath, name, None) or _missing(name))(f)


def _missing(name: str):  # type: ignore[no-untyped-def]
    raise CannotTell(f"no rule for {name}")


def _exact_root(x: Fraction, n: int) -> Fraction | None:
    """The n-th root of a non-negative rational when it is rational (so ∛0 = 0 and √4 = 2 stay exact)."""
    parts = []
    for part in (x.numerator, x.denominator):
        guess = int(mpmath.nint(mpmath.root(part, n))) if part else 0
        parts.append(next((g for g in (guess - 1, guess, guess + 1) if g >= 0 and g**n == part), None))
    return None if None in parts else Fraction(parts[0], parts[1])


def _odd_root(x: Number, n: int) -> Number:
    """The real n-th root, exact when x is the n-th power of a rational (∛0 = 0, ∛−8 = −2), so an exponent
    that is such a root is still seen to be an integer."""
    if isinstance(x, Fraction):
        root = _exact_root(abs(x), n)
        if root is not None:
            return root if x >= 0 else -root
    f = _float(x)
    return mpmath.root(f, n) if f >= 0 else -mpmath.root(-f, n)


def _power(base: Number, exponent: Number) -> Number:
    if isinstance(exponent, Fraction) and exponent.denominator == 1:
        n = int(exponent)
        if base == 0:
            if n < 0:
                raise NoValue("zero to a negative power")
            return Fraction(1) if n == 0 else Fraction(0)
        if isinstance(base, Fraction) and abs(n) * max(base.numerator.bit_length(), base.denominator.bit_length()) \
                < 1 << 16:
            return base**n
        return _float(base) ** n
    if isinstance(base, Fraction) and isinstance(exponent, Fraction) and base > 0 and exponent.denominator <= 64 \
            and abs(exponent.numerator) <= 64:
        root = _exact_root(base, exponent.denominator)
        if root is not None:
            return root**exponent.numerator  # √4 = 2 exactly: (−2)^{√4} is then an integer power
    b, x = _float(base), _float(exponent)
    if b < 0:
        raise NoValue("non-integer power of a negative number")
    if b == 0:
        if x > 0:
            return Fraction(0)
        raise NoValue("zero to a non-positive non-integer power")
    return mpmath.power(b, x)


def _binomial(n: Number, k: Number) -> Number:
    if not (isinstance(n, Fraction) and isinstance(k, Fraction)) or n.denominator != 1 or n < 0 or k.denominator != 1:
        raise NoValue("binomial")
    if not 0 <= k <= n:
        return Fraction(0)
    return Fraction(math.comb(int(n), int(k))) if n <= 5000 else mpmath.binomial(int(n), int(k))
