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

This module walks a written tree (:func:`evaluate`); values and their display are in :mod:`.balls`, arithmetic
in :mod:`.arithmetic`, functions in :mod:`.elementary`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import sympy as sp
from flint import arb, ctx

from checker.values.functions import guarded, kink, normal_mean, rangemax, rangemin, realroot, sigmoid
from checker.values.written import shown

from .arithmetic import (
    _absolute,
    _extremum,
    _integer_power,
    _log,
    _rational_power,
    _real_power,
    _reciprocal,
    _sigmoid,
    _sum,
)
from .balls import (
    EXP_LIMIT,
    MAX_TERMS,
    Uncertain,
    Undefined,
    Value,
    _finite,
    _small,
    ball,
    box,
    endpoints,
    fmt,
    is_exact,
    show,
)
from .elementary import (
    CONSTANTS,
    ELEMENTARY,
    SPECIAL,
    _binomial,
    _factorial,
    _kink,
    _realroot,
    _step,
    elementary,
    special,
)
from .integrals import NotIntegrable, normal_expectation
from .series import RATIONAL_TERMS, RationalSeries, factored_series, geometric, rational_series


def evaluate(expr: sp.Basic, env: Mapping[sp.Basic, Value], prec: int = 53,
             known: dict[sp.Basic, Value] | None = None) -> Value:
    """The value of ``expr`` with its atoms replaced by ``env`` (Fractions, or balls for a box).

    ``known`` holds values of subtrees already evaluated at this point and precision (the two sides of a
    relation share many: Z, exp(r/β), …); it is filled as the tree is evaluated."""
    old = ctx.prec
    ctx.prec = prec
    try:
        value = _Evaluator(env, known).value(expr)
    except (OverflowError, ZeroDivisionError, ValueError, AssertionError) as error:
        raise Uncertain(f"ball arithmetic failed ({error})") from None
    finally:
        ctx.prec = old
    if not is_exact(value) and not value.is_finite():
        raise Uncertain("the enclosure is unbounded")
    return value


ONE, MINUS_ONE = sp.Integer(1), sp.Integer(-1)
INTEGRAL_PRECISION = 128
"""The highest precision an expectation with no closed form is integrated at (each rung costs more time)."""


class _Evaluator:
    """Evaluates one written tree at one point, caching shared subtrees."""

    def __init__(self, env: Mapping[sp.Basic, Value], known: dict[sp.Basic, Value] | None = None) -> None:
        self.env = env
        self.known: dict[sp.Basic, Value] = {} if known is None else known
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

    def _value(self, e: sp.Basic) -> Value:
        if e.is_Rational:
            return Fraction(int(e.p), int(e.q))
        if not e.args:
            return self._atom(e)
        kind = type(e)
        rule = _RULES.get(kind)
        if rule is None:
            rule = _RULES[kind] = _rule_for(kind)
        return rule(self, e)

    def _mul(self, e: sp.Mul) -> Value:
        return self._product([self.value(a) for a in e.args])

    def _exp_of(self, e: sp.exp) -> Value:
        return self._exp(self.value(e.args[0]))

    def _sigmoid_of(self, e: sigmoid) -> Value:
        return _sigmoid(self.value(e.args[0]))

    def _guarded(self, e: guarded) -> Value:
        for requirement in e.args[1:]:
            self.value(requirement)
        return self.value(e.args[0])

    def _extremum_of(self, e: sp.Basic) -> Value:
        return _extremum([self.value(a) for a in e.args], isinstance(e, sp.Max))

    def _absolute_of(self, e: sp.Abs) -> Value:
        return _absolute(self.value(e.args[0]))

    def _elementary(self, e: sp.Basic) -> Value:
        return elementary(e, self.value(e.args[0]), lambda: self._at_point(e))

    def _at_point(self, e: sp.Basic) -> sp.Basic | None:
        """The node with the point's exact values put in, or None where a value is a ball or an atom is left."""
        exact = {atom: sp.Rational(v.numerator, v.denominator) for atom, v in self.env.items()
                 if isinstance(v, Fraction)}
        try:
            node = e.xreplace(exact)
        except (ValueError, TypeError, ArithmeticError, AttributeError):  # SymPy cannot rebuild max(0, ∛0), nor
            # max(∛y, sec π): sec π's realness asks −1 for a method it lacks
            return None
        if node.free_symbols or node.has(sp.core.function.AppliedUndef):
            return None
        return node

    def _special(self, e: sp.Basic) -> Value:
        return special(e, self.value(e.args[0]))

    def _factorial_of(self, e: sp.factorial) -> Value:
        return _factorial(self.value(e.args[0]), e.args[0])

    def _binomial_of(self, e: sp.binomial) -> Value:
        return _binomial(self.value(e.args[0]), self.value(e.args[1]))

    def _realroot_of(self, e: realroot) -> Value:
        return _realroot(self.value(e.args[0]), self.value(e.args[1]))

    def _step_of(self, e: sp.Basic) -> Value:
        return _step(e, self.value(e.args[0]))

    def _kink_of(self, e: kink) -> Value:
        return _kink(self.value(e.args[0]), int(e.args[1]), e.args[0])

    def _no_value(self, e: sp.Basic) -> Value:
        raise Uncertain(f"no value for {e}")

    def _no_rule(self, e: sp.Basic) -> Value:
        raise Uncertain(f"no rule for {type(e).__name__} ({e})")

    def _normal_mean(self, e: normal_mean) -> Value:
        """E_{x∼N(μ, v)}[f] with no closed form: Arb's rigorous integral (:mod:`.integrals`)."""
        body, variable, mean, variance, bound = e.args
        if ctx.prec > INTEGRAL_PRECISION:
            raise Uncertain(f"the expectation {shown(e)} is integrated at {INTEGRAL_PRECISION} bits at most")
        try:
            return normal_expectation(body, variable, self.value(mean), self.value(variance),
                                      Fraction(int(bound.p), int(bound.q)), self.env, ctx.prec)
        except NotIntegrable as problem:
            raise Uncertain(f"the expectation {shown(e)} ({problem})") from None

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

    def _rational(self, e: sp.Sum) -> tuple[sp.Basic, RationalSeries | None, sp.Basic]:
        """e as c·Σ p(k)/q(k) of rational coefficients: (c, the series, its terms) with c free of k (Σ ln x/(k(k + 1))),
        or with the point's exact values put in (Σ 1/(k + x)² at x = 3: c = 1); else no series."""
        found = factored_series(e)
        if found is None and isinstance(at_point := self._at_point(e), sp.Sum):
            series = rational_series(at_point)
            found = None if series is None else (sp.Integer(1), series, e.args[0])
        return found if found is not None else (sp.Integer(1), None, e.args[0])

    def _geometric(self, e: sp.Sum) -> Value:
        """Σ_{k≥a} C·r^k at the point: C·r^a/(1 − r) when |r| < 1, 0 when C = 0, divergent when C ≠ 0 and
        |r| ≥ 1 — each decided exactly or by an enclosure that settles it, else uncertain."""
        series = geometric(e)
        if series is None:
            factor, rational, body = self._rational(e)
            if rational is None:
                raise Uncertain("an infinite series that is neither geometric nor of rational terms")
            index, parts = e.args[1][0], rational.hurwitz()
            total: Value = Fraction(0)
            if parts is not None:  # Hurwitz ζ and ψ: enclosures as tight as any other function's
                for c, m, shift in parts:
                    at = ball(rational.low + Fraction(int(shift.p), int(shift.q)))
                    value = arb(m).zeta(at) if m >= 2 else -at.digamma()
                    total = _sum([total, self._product([Fraction(int(c.p), int(c.q)), value])])
            else:  # the first terms added, the rest bounded
                last = rational.low + RATIONAL_TERMS - 1
                tail = rational.tail(max(last, 1))
                bound = Fraction(int(tail.p), int(tail.q))
                terms = self._terms(body, index, range(rational.low, last + 1))
                total = _sum([ball(t) for t in terms]) + box(-bound, bound)
            return total if factor == 1 else self._product([self.value(factor), total])
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


_DISPATCH: tuple[tuple[type | tuple[type, ...], Callable[[_Evaluator, Any], Value]], ...] = (
    (sp.Add, _Evaluator._add),
    (sp.Mul, _Evaluator._mul),
    (sp.Pow, _Evaluator._pow),
    (sp.exp, _Evaluator._exp_of),
    (sp.log, _Evaluator._logarithm),
    (sigmoid, _Evaluator._sigmoid_of),
    (guarded, _Evaluator._guarded),
    (normal_mean, _Evaluator._normal_mean),
    ((sp.Max, sp.Min), _Evaluator._extremum_of),
    (sp.Abs, _Evaluator._absolute_of),
    (ELEMENTARY, _Evaluator._elementary),
    (SPECIAL, _Evaluator._special),
    ((sp.Sum, sp.Product), _Evaluator._iterated),
    ((rangemax, rangemin), _Evaluator._range_extremum),
    (sp.Piecewise, _Evaluator._piecewise),
    (sp.factorial, _Evaluator._factorial_of),
    (sp.binomial, _Evaluator._binomial_of),
    (realroot, _Evaluator._realroot_of),
    ((sp.floor, sp.ceiling, sp.sign), _Evaluator._step_of),
    (kink, _Evaluator._kink_of),
    ((sp.core.function.AppliedUndef, sp.Derivative, sp.Indexed), _Evaluator._no_value),
)
"""The rule for each kind of node, the first whose class matches (a subclass follows its base's rule)."""

_RULES: dict[type, Callable[[_Evaluator, Any], Value]] = {}
"""The rule found for each concrete class met, so a node's rule is one dictionary look-up."""


def _rule_for(kind: type) -> Callable[[_Evaluator, Any], Value]:
    for classes, rule in _DISPATCH:
        if issubclass(kind, classes):
            return rule
    return _Evaluator._no_rule
