"""Series of rational terms: Σ_{k≥a} p(k)/q(k) with rational coefficients, deg q − deg p ≥ 2 and q without a root
at k ≥ a — recognised, split into Hurwitz ζ and ψ terms, and summed in closed form where those have exact values.

Here, below the engine and the evaluator, because carrying out a formula's sums (:func:`checker.values.written.unfold`)
needs the closed form: SymPy's own summation of such a series can take tens of seconds in hypergeometric
expansion, or return nan for a convergent one (Σ_{k≥2} 1/((k + ½)(k + 1)²)). The evaluator encloses the same
series with Arb (:mod:`checker.numeric.series`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from .trees import beyond_degree, evaluated

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


    def closed_form(self) -> sp.Expr | None:
        """The sum in closed form where every piece of :meth:`hurwitz` has one SymPy writes exactly: ζ(m, n) =
        ζ(m) − Σ_{i<n} i^{−m} and ζ(m, n + ½) = (2^m − 1)ζ(m) − Σ_{i<n} (i + ½)^{−m} for even m (ζ(m) a rational
        multiple of π^m), ψ(p/q) by Gauss's digamma theorem for q ≤ 6 (the Euler–Mascheroni constants cancel, the
        m = 1 coefficients summing to 0); else None, and the series is left to the evaluator's enclosure."""
        parts = self.hurwitz()
        if parts is None:
            return None
        total = sp.Integer(0)
        for coefficient, m, shift in parts:
            start = self.low + shift
            if m == 1:
                if start.q > CLOSED_DIGAMMA:
                    return None
                total -= coefficient * sp.polygamma(0, start)
                continue
            whole, half = (start, sp.Integer(0)) if start.is_Integer else (start - sp.Rational(1, 2), sp.Rational(1, 2))
            if m % 2 or not whole.is_Integer or whole < 0:
                return None
            head = sum((1 / (i + half) ** m for i in range(int(whole)) if i + half != 0), sp.Integer(0))
            full = sp.zeta(m) * (2**m - 1 if half else 1)
            total += coefficient * (full - head)
        total = sp.expand(total)
        return None if total.has(sp.zeta, sp.polygamma) else total


CLOSED_DIGAMMA = 6
"""The largest denominator of a shift whose ψ the closed form uses (Gauss's theorem has ~q/2 terms of cos·log sin)."""


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


def factored_series(series: sp.Basic) -> tuple[sp.Expr, RationalSeries, sp.Expr] | None:
    """The series as c·Σ p(k)/q(k) with c free of k — (c, the series of p/q, its terms p/q) — c = 1 when the series
    is one as written; or None. Σ c·t(k) converges as Σ t(k) does, to c times its value, wherever c is defined."""
    found = rational_series(series)
    if found is not None:
        return sp.Integer(1), found, series.function
    if not isinstance(series, sp.Sum) or len(series.limits) != 1:
        return None
    factor, terms = evaluated(series.function).as_independent(series.limits[0][0], as_Add=False)
    found = rational_series(sp.Sum(terms, *series.limits)) if factor != 1 else None
    return None if found is None else (factor, found, terms)
