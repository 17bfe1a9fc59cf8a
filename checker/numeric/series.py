"""Infinite geometric series: Σ_{k≥a} C·r^k, evaluated and proved exactly (series of rational terms, enclosed by
the evaluator, are recognised in :mod:`checker.values.series`).

For C and r free of k the series converges exactly when C = 0 or |r| < 1, to C·r^a/(1 − r); for C ≠ 0 and
|r| ≥ 1 its terms do not tend to 0 and it diverges (it is undefined, as a division by zero is). Any other
infinite sum over a plain index has no value at a point here (uncertain), and its convergence is a condition
the checker never takes as given.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from checker.values.series import RATIONAL_TERMS, RationalSeries, factored_series, rational_series
from checker.values.written import evaluated

__all__ = ["RATIONAL_TERMS", "Geometric", "RationalSeries", "factored_series", "geometric", "rational_series"]


@dataclass(frozen=True)
class Geometric:
    """Σ_{k≥low} coefficient·ratio^k."""

    coefficient: sp.Expr
    ratio: sp.Expr
    low: sp.Expr

    def closed_form(self) -> sp.Expr:
        return self.coefficient * self.ratio**self.low / (1 - self.ratio)


def geometric(series: sp.Basic) -> Geometric | None:
    """The series as coefficient·ratio^k from its lower bound to ∞, or None if it is not one."""
    if not isinstance(series, sp.Sum) or len(series.limits) != 1:
        return None
    index, low, high = series.limits[0]
    if evaluated(high) is not sp.oo or not evaluated(low).is_Integer:
        return None
    body = sp.powsimp(sp.expand_power_exp(evaluated(series.function)))
    coefficient, rest = body.as_independent(index, as_Add=False)
    if rest == 1:
        return Geometric(coefficient, sp.Integer(1), evaluated(low))
    ratio = sp.Integer(1)
    for factor in sp.Mul.make_args(rest):
        base, exponent = factor.as_base_exp()
        if index in base.free_symbols:
            return None
        slope, offset = sp.Poly(exponent, index).all_coeffs() if exponent.is_polynomial(index) and \
            sp.degree(exponent, index) == 1 else (None, None)
        if slope is None or not slope.is_Integer or slope == 0:
            return None  # b^{−k} is (1/b)^k: a base that is 0 makes every written term undefined anyway
        ratio *= base**slope
        coefficient *= base**offset
    return Geometric(coefficient, ratio, evaluated(low))
