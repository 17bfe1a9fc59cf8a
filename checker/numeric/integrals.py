"""Expectations under a normal distribution with no closed form, as Arb's rigorous integrals.

E_{x∼N(μ, v)}[f(x)] = ∫ f(μ + σt)·φ(t) dt with σ = √v and φ the standard normal density. Arb's integrator
(``acb.integral``, Petras's algorithm with certified error bounds) encloses the integral over [−L, L]; the
rest is at most M·erfc(L/√2) for an operand bounded by |f| ≤ M, with L chosen so that this is below the
working precision — and that bound is added to the ball's radius, so the enclosure is certain.

The operand is compiled to a function of a complex ball, as the integrator needs: + − ·, integer powers, exp,
sin, cos, tan, sinh, cosh, tanh, σ, erf are meromorphic; √ and log are evaluated with Arb's ``analytic`` flag,
which returns a non-finite ball where the branch cut is near (the integrator then subdivides). Anything else
is :class:`NotIntegrable`, and the value at the point is uncertain.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from fractions import Fraction

import sympy as sp
from flint import acb, arb, ctx

from checker.values.functions import sigmoid

Complex = Callable[[acb, bool], acb]


class NotIntegrable(ValueError):
    """An operand this module cannot compile for the integrator."""


def _constant(value: object) -> acb:
    if isinstance(value, Fraction):
        return acb(arb(value.numerator) / value.denominator)
    if isinstance(value, arb):
        return acb(value)
    raise NotIntegrable(f"a value {value!r}")


def compile_operand(expr: sp.Basic, variable: sp.Basic, env: Mapping[sp.Basic, object]) -> Complex:  # noqa: C901
    """The operand as a function of a complex ball t (the variable) and the analytic flag."""
    if expr == variable:
        return lambda t, _: t
    if expr.is_Rational:
        value = acb(arb(int(expr.p)) / int(expr.q))
        return lambda t, _: value
    if expr in env:
        value = _constant(env[expr])
        return lambda t, _: value
    if expr is sp.pi:
        return lambda t, _: acb(arb.pi())
    if expr is sp.E:
        return lambda t, _: acb(arb(1).exp())
    args = [compile_operand(a, variable, env) for a in expr.args]
    if isinstance(expr, sp.Add):
        def add(t: acb, analytic: bool) -> acb:
            total = acb(0)
            for f in args:
                total += f(t, analytic)
            return total
        return add
    if isinstance(expr, sp.Mul):
        def mul(t: acb, analytic: bool) -> acb:
            product = acb(1)
            for f in args:
                product *= f(t, analytic)
            return product
        return mul
    if isinstance(expr, sp.Pow):
        base, exponent = args[0], expr.args[1]
        if exponent.is_Integer:
            power = int(exponent)
            return lambda t, analytic: base(t, analytic) ** power
        if exponent == sp.Rational(1, 2):
            return lambda t, analytic: base(t, analytic).sqrt(analytic=analytic)
        raise NotIntegrable(f"the power {expr}")
    unary = {sp.exp: acb.exp, sp.sin: acb.sin, sp.cos: acb.cos, sp.tan: acb.tan, sp.sinh: acb.sinh,
             sp.cosh: acb.cosh, sp.tanh: acb.tanh, sp.erf: acb.erf}
    for kind, method in unary.items():
        if isinstance(expr, kind) and len(args) == 1:
            (inner,) = args
            return lambda t, analytic, method=method: method(inner(t, analytic))
    if isinstance(expr, sigmoid):
        (inner,) = args
        return lambda t, analytic: 1 / (1 + (-inner(t, analytic)).exp())
    if isinstance(expr, sp.log) and len(args) == 1:
        (inner,) = args
        return lambda t, analytic: inner(t, analytic).log(analytic=analytic)
    raise NotIntegrable(f"{type(expr).__name__} in the operand")


def normal_expectation(body: sp.Basic, variable: sp.Basic, mean: object, variance: object, bound: Fraction,
                       env: Mapping[sp.Basic, object], prec: int) -> arb:
    """An enclosure of E[body] with the variable ∼ N(mean, variance) and |body| ≤ bound (see the module)."""
    operand = compile_operand(body, variable, env)
    centre, spread = _constant(mean), _constant(variance)
    if not (spread.real > 0):
        raise NotIntegrable("a variance that is not certainly positive")
    scale = spread.sqrt()
    density = 1 / (2 * arb.pi()).sqrt()
    half_width = math.sqrt(2 * (prec + 8) * math.log(2)) + 2

    def integrand(t: acb, analytic: bool) -> acb:
        return operand(centre + scale * t, analytic) * (-(t * t) / 2).exp() * density

    old = ctx.prec
    ctx.prec = prec + 16
    try:
        value = acb.integral(integrand, -half_width, half_width)
        tail = arb(bound.numerator) / bound.denominator * (arb(half_width) / arb(2).sqrt()).erfc()
    finally:
        ctx.prec = old
    if not value.is_finite():
        raise NotIntegrable("the integrator did not converge")
    return value.real + arb(0, tail.upper())
