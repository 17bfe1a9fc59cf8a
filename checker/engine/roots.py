"""Polynomials in one symbol read off a claim's formulas: rational roots, real roots isolated, and a point in each
stretch where a ratio of polynomials keeps its sign — where the search looks first."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from checker.values.claims import Claim
from checker.values.domains import Domain
from checker.values.written import beyond_degree


def rational_roots(quantity: sp.Expr, symbol: sp.Symbol) -> list[Fraction]:
    """The rational roots of a quantity that is a polynomial (or a ratio of polynomials) in ``symbol``."""
    if beyond_degree(quantity):
        return []
    numerator, _ = sp.fraction(sp.together(quantity))
    try:
        poly = sp.Poly(numerator, symbol)
    except sp.PolynomialError:
        return []
    if poly.degree() < 1 or poly.degree() > 12 or not all(c.is_Rational for c in poly.all_coeffs()):
        return []
    roots = []
    for factor, _ in sp.factor_list(poly)[1]:
        if factor.degree() == 1:
            a, b = factor.all_coeffs()
            root = -b / a
            roots.append(Fraction(int(root.p), int(root.q)))
    return roots


def univariate(expr: sp.Expr, claim: Claim) -> tuple[sp.Symbol, sp.Poly, sp.Poly] | None:
    """``expr`` as a ratio of polynomials with rational coefficients in its one continuous symbol, if it is one."""
    symbols = expr.free_symbols
    if len(symbols) != 1 or expr.atoms(sp.core.function.AppliedUndef, sp.Derivative) or beyond_degree(expr):
        return None
    (symbol,) = symbols
    domain = claim.domain_of(symbol)
    if domain.group or domain.integer:
        return None
    numerator, denominator = sp.fraction(sp.together(expr))
    try:
        num, den = sp.Poly(numerator, symbol), sp.Poly(denominator, symbol)
    except sp.PolynomialError:
        return None
    if not all(c.is_Rational for c in num.all_coeffs() + den.all_coeffs()) or num.degree() + den.degree() > 40:
        return None
    return symbol, num, den


def sign_points(polys: list[sp.Poly], domain: Domain) -> tuple[list[Fraction], list[tuple[Fraction, Fraction]]]:
    """Rational points of the domain, one in each open stretch between consecutive real roots of the polynomials
    (where none of them changes sign), with the closed ends and the rational roots; and every real root's
    isolating interval (a point for a rational root)."""
    product = sp.Poly(sp.Mul(*(p.as_expr() for p in polys)), *polys[0].gens)
    if product.degree() < 1:
        roots: list[tuple[Fraction, Fraction]] = []
    else:
        square_free = sp.Poly(sp.sqf_part(product.as_expr()), *polys[0].gens)
        found = square_free.intervals(inf=None if domain.lo is None else sp.Rational(domain.lo.numerator,
                                                                                 domain.lo.denominator),
                                      sup=None if domain.hi is None else sp.Rational(domain.hi.numerator,
                                                                                 domain.hi.denominator))
        roots = [(Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))) for (a, b), _ in found]
        roots = _separated(square_free, roots, domain.lo, domain.hi)
    ends = [Fraction(domain.lo) if domain.lo is not None else (roots[0][0] - 1 if roots else Fraction(-1))]
    ends += [b for _, b in roots]
    starts = [a for a, _ in roots] + [Fraction(domain.hi) if domain.hi is not None
                                       else (roots[-1][1] + 1 if roots else Fraction(1))]
    points = [(u + v) / 2 for u, v in zip(ends, starts) if u < v]
    points += [a for a, b in roots if a == b]
    points += [end for end, closed in ((domain.lo, not domain.lo_open), (domain.hi, not domain.hi_open))
               if end is not None and closed]
    return [p for p in dict.fromkeys(points) if domain.contains(p)], roots


class Inseparable(ValueError):
    """Isolating intervals that could not be refined apart (or away from the domain's ends)."""


def _separated(poly: sp.Poly, roots: list[tuple[Fraction, Fraction]], lo: Fraction | None = None,
               hi: Fraction | None = None) -> list[tuple[Fraction, Fraction]]:
    """Refine isolating intervals until consecutive ones do not touch and none straddles or touches an end of
    the domain (a root at an end is that exact point): otherwise a stretch between a root and its neighbour or
    the domain's end would have no sample point. :class:`Inseparable` if refining does not get there."""
    roots = sorted(roots)
    ends = [end for end in (lo, hi) if end is not None]

    def refine(j: int) -> None:
        a, b = roots[j]
        for end in ends:
            if a <= end <= b and poly.eval(sp.Rational(end.numerator, end.denominator)) == 0:
                roots[j] = (end, end)
                return
        s, t = poly.refine_root(sp.Rational(a.numerator, a.denominator), sp.Rational(b.numerator, b.denominator),
                                eps=sp.Rational(b - a) / 4)
        roots[j] = (Fraction(int(s.p), int(s.q)), Fraction(int(t.p), int(t.q)))

    for _ in range(200):
        touching = {j for i in range(len(roots) - 1) if roots[i][1] >= roots[i + 1][0] for j in (i, i + 1)}
        touching |= {j for j, (a, b) in enumerate(roots) if a != b and any(a <= end <= b for end in ends)}
        touching = {j for j in touching if roots[j][0] != roots[j][1]}
        if not touching:
            if any(roots[i][1] >= roots[i + 1][0] for i in range(len(roots) - 1)):
                raise Inseparable("two roots' intervals still touch")
            return roots
        for j in sorted(touching):
            refine(j)
    raise Inseparable("root isolation did not separate the roots from each other and the domain's ends")
