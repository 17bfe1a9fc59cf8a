"""Infinite geometric series: Σ_{k≥a} C·r^k, the one infinite sum the checker evaluates and proves exactly.

For C and r free of k the series converges exactly when C = 0 or |r| < 1, to C·r^a/(1 − r); for C ≠ 0 and
|r| ≥ 1 its terms do not tend to 0 and it diverges (it is undefined, as a division by zero is). Any other
infinite sum over a plain index has no value at a point here (uncertain), and its convergence is a condition
the checker never takes as given.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from checker.values.written import beyond_degree, evaluated


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


RATIONAL_TERMS = 4000
"""Terms of a series of rational terms added exactly before its tail is bounded."""


@dataclass(frozen=True)
class RationalSeries:
    """Σ_{k≥low} p(k)/q(k) with rational coefficients, deg q − deg p ≥ 2 and q without a root at k ≥ low: it
    converges absolutely (compared with Σ 1/k²), and every term is defined."""

    numerator: sp.Poly
    denominator: sp.Poly
    low: int

    def tail(self, after: int) -> sp.Rational:
        """A bound on |Σ_{k>after} p(k)/q(k)|: for k > N ≥ 1, |p(k)| ≤ A·k^{deg p} and |q(k)| ≥ B·k^{deg q} with
        A = Σ|pᵢ| and B = |q_lead| − Σ_{i<deg q}|qᵢ|/N (when positive), and Σ_{k>N} k^{−d} ≤ N^{1−d}/(d − 1)."""
        d = self.denominator.degree() - self.numerator.degree()
        a = sum(abs(c) for c in self.numerator.all_coeffs())
        lead, *rest = self.denominator.all_coeffs()
        b = abs(lead) - sum(abs(c) for c in rest) / after
        if b <= 0:
            raise ValueError("the tail bound needs more terms")
        return a / (b * (d - 1) * sp.Integer(after) ** (d - 1))


    @lru_cache(maxsize=256)  # noqa: B019 - frozen values, a few per run; every rung of the ladder asks again
    def hurwitz(self) -> tuple[tuple[sp.Rational, int, sp.Rational], ...] | None:
        """The terms as Σ c/(k + s)^m over rational s (partial fractions), or None when q does not split into
        rational linear factors: then Σ_{k≥a} p/q = Σ_{m≥2} c·ζ(m, a + s) − Σ_{m=1} c·ψ(a + s), every a + s > 0
        because q has no root at k ≥ a (the m = 1 coefficients sum to 0, as deg q ≥ deg p + 2 makes them)."""
        k = self.numerator.gens[0]
        out = []
        for term in sp.Add.make_args(sp.apart(self.numerator.as_expr() / self.denominator.as_expr(), k)):
            coefficient, rest = term.as_coeff_Mul()
            base, exponent = rest.as_base_exp()
            if not (coefficient.is_Rational and exponent.is_Integer and exponent < 0):
                return None
            try:
                linear = sp.Poly(base, k)
            except sp.PolynomialError:
                return None
            if linear.degree() != 1 or not all(c.is_Rational for c in linear.all_coeffs()):
                return None
            slope, offset = linear.all_coeffs()
            m = int(-exponent)
            out.append((coefficient / slope**m, m, offset / slope))
        if sum(c for c, m, _ in out if m == 1) != 0 or any(self.low + shift <= 0 for _, _, shift in out):
            return None
        return tuple(out)


@lru_cache(maxsize=256)
def rational_series(series: sp.Basic) -> RationalSeries | None:
    """The series as Σ p(k)/q(k) of the kind :class:`RationalSeries` describes, or None."""
    if not isinstance(series, sp.Sum) or len(series.limits) != 1:
        return None
    index, low, high = series.limits[0]
    low = evaluated(low)
    if evaluated(high) is not sp.oo or not low.is_Integer or beyond_degree(evaluated(series.function)):
        return None
    body = sp.cancel(evaluated(series.function))
    if body.free_symbols != {index}:
        return None
    numerator, denominator = sp.fraction(body)
    try:
        p, q = sp.Poly(numerator, index), sp.Poly(denominator, index)
    except sp.PolynomialError:
        return None
    if not all(c.is_Rational for c in p.all_coeffs() + q.all_coeffs()) or q.degree() - p.degree() < 2:
        return None
    if q.count_roots(low, sp.oo) != 0:  # Sturm's theorem, exact: no term has a zero denominator
        return None
    return RationalSeries(p, q, int(low))
