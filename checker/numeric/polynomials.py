"""Is an expression the zero rational function? Decided exactly on FLINT's multivariate polynomials over ℚ.

An expression built by +, −, ·, ÷ and integer powers from rational numbers and *atoms* — everything else
(symbols, exp/log atoms made variables, undefined functions, derivatives, radicals, constants such as π) —
is a rational function of those atoms taken as independent indeterminates. If that rational function is
zero, the expression is zero wherever its denominators are non-zero, whatever values the atoms take: a
sound identity, with no appeal to what the atoms mean. If it is not zero, the expression may still be zero
through a relation between atoms (√x·√x = x, |x|² = x² for real x) that SymPy's own arithmetic applies;
only where every atom is free of such relations (symbols, undefined functions and their derivatives,
transcendental constants) is "not zero" final.

The polynomials are python-flint's ``fmpq_mpoly`` (FLINT), whose products and gcds are orders of
magnitude faster than expanding SymPy trees; the rational function is kept as a reduced numerator and
denominator.
"""

from __future__ import annotations

import math

import sympy as sp
from flint import fmpq, fmpq_mpoly, fmpq_mpoly_ctx

__all__ = ["TooLarge", "expanded_numerator"]


class TooLarge(Exception):
    """The expansion would exceed the term limit it was given."""


class _Unsupported(Exception):
    """A subexpression with no exact rational reading here (a float, an infinity, a zero denominator)."""


FREE_ATOMS = (sp.Symbol, sp.core.function.AppliedUndef, sp.Derivative, sp.exp, sp.log)
"""Atoms taken as independent, so a non-zero polynomial in them is final: SymPy's arithmetic knows no relation
among symbols, undefined functions and derivatives, and the normal form takes exp and log atoms as independent
variables by design (its rewrites have already used what relates them)."""
FREE_CONSTANTS = (sp.pi, sp.E, sp.EulerGamma, sp.Catalan, sp.GoldenRatio)


def expanded_numerator(expr: sp.Expr, limit: int) -> tuple[sp.Expr, bool] | None:
    """The expanded numerator of ``expr`` over a common denominator, its atoms as indeterminates, and whether
    that answer is final: a zero numerator always is (the identity holds whatever the atoms are), a non-zero
    one only where no relation between its atoms could make it zero. None where an atom has no exact reading.
    Raises :class:`TooLarge` when an expansion would pass ``limit`` terms."""
    atoms: dict[sp.Basic, int] = {}
    try:
        _collect(expr, atoms)
        names = tuple(f"g{i}" for i in range(len(atoms))) or ("g0",)
        context = fmpq_mpoly_ctx.get(names, "lex")
        generators = context.gens()
        numerator, _ = _Reader(context, {atom: generators[i] for atom, i in atoms.items()}, limit).read(expr)
    except _Unsupported:
        return None
    if numerator == 0:
        return sp.S.Zero, True
    final = all(isinstance(atom, FREE_ATOMS) or atom in FREE_CONSTANTS for atom in atoms)
    by_index = list(atoms)
    terms = [sp.Mul(sp.Rational(int(c.p), int(c.q)),
                    *(sp.Pow(by_index[i], k) for i, k in enumerate(monomial) if k))
             for monomial, c in numerator.terms()]
    return sp.Add(*terms), final


def _collect(expr: sp.Basic, atoms: dict[sp.Basic, int]) -> None:
    """Number the atoms of ``expr`` in the order they are met."""
    if isinstance(expr, sp.Rational):
        return
    if isinstance(expr, (sp.Add, sp.Mul)):
        for arg in expr.args:
            _collect(arg, atoms)
        return
    if isinstance(expr, sp.Pow) and isinstance(expr.exp, sp.Integer):
        _collect(expr.base, atoms)
        return
    if isinstance(expr, (sp.Float, sp.core.relational.Relational)) or not isinstance(expr, sp.Expr) \
            or expr.has(sp.Float):
        raise _Unsupported(type(expr).__name__)
    if isinstance(expr, (sp.core.numbers.ComplexInfinity, sp.core.numbers.Infinity,
                         sp.core.numbers.NegativeInfinity, sp.core.numbers.NaN)):
        raise _Unsupported(type(expr).__name__)
    atoms.setdefault(expr, len(atoms))


Quotient = tuple[fmpq_mpoly, fmpq_mpoly]


class _Reader:
    """Reads an expression into a reduced fraction of polynomials (numerator, denominator)."""

    def __init__(self, context: fmpq_mpoly_ctx, generators: dict[sp.Basic, fmpq_mpoly], limit: int) -> None:
        self.generators = generators
        self.limit = limit
        self.one = context.from_dict({(0,) * context.nvars(): 1})

    def constant(self, value: sp.Rational) -> fmpq_mpoly:
        return self.one * fmpq(int(value.p), int(value.q))

    def read(self, expr: sp.Basic) -> Quotient:
        if isinstance(expr, sp.Rational):
            return self.constant(expr), self.one
        if isinstance(expr, sp.Add):
            total = self.read(expr.args[0])
            for arg in expr.args[1:]:
                total = self._add(total, self.read(arg))
            return total
        if isinstance(expr, sp.Mul):
            product = self.read(expr.args[0])
            for arg in expr.args[1:]:
                product = self._mul(product, self.read(arg))
            return product
        if isinstance(expr, sp.Pow) and isinstance(expr.exp, sp.Integer):
            numerator, denominator = self.read(expr.base)
            n = int(expr.exp)
            if n < 0:
                if numerator == 0:
                    raise _Unsupported("a zero base to a negative power")
                numerator, denominator, n = denominator, numerator, -n
            self._check_power(numerator, n)
            self._check_power(denominator, n)
            return self._normalised(numerator ** n, denominator ** n)
        return self.generators[expr], self.one

    def _check(self, terms: int) -> None:
        if terms > self.limit:
            raise TooLarge(f"expanding the numerator would produce more than {self.limit:,} terms")

    def _check_power(self, polynomial: fmpq_mpoly, n: int) -> None:
        terms = len(polynomial)
        if terms > 1:
            self._check(math.comb(n + terms - 1, terms - 1) if n < 10**6 else self.limit + 1)

    def _add(self, a: Quotient, b: Quotient) -> Quotient:
        (p, q), (r, s) = a, b
        if q == s:
            self._check(len(p) + len(r))
            return self._reduced(p + r, q)
        common = q.gcd(s)
        q1, s1 = q // common, s // common
        self._check(len(p) * len(s1) + len(r) * len(q1))
        return self._reduced(p * s1 + r * q1, q1 * s)

    def _mul(self, a: Quotient, b: Quotient) -> Quotient:
        (p, q), (r, s) = a, b
        g1, g2 = p.gcd(s), r.gcd(q)
        p, s, r, q = p // g1, s // g1, r // g2, q // g2
        self._check(len(p) * len(r))
        return self._normalised(p * r, q * s)

    def _reduced(self, numerator: fmpq_mpoly, denominator: fmpq_mpoly) -> Quotient:
        if numerator == 0:
            return numerator, self.one
        common = numerator.gcd(denominator)
        if not common.is_one():
            numerator, denominator = numerator // common, denominator // common
        return self._normalised(numerator, denominator)

    def _normalised(self, numerator: fmpq_mpoly, denominator: fmpq_mpoly) -> Quotient:
        """Keep the denominator monic in its leading coefficient, so equal denominators compare equal."""
        lead = denominator.leading_coefficient()
        if lead != 1:
            numerator, denominator = numerator / lead, denominator / lead
        return numerator, denominator
