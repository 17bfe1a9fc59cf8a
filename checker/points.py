"""The free atoms of a claim and exact points of its domain: simplest first, then random."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from .claims import Claim
from .domains import REAL, Domain, distribution_candidates
from .normal import unfold


@dataclass(frozen=True, slots=True)
class Variable:
    """One independent coordinate of the search: a symbol, or all entries of a distribution jointly."""

    atoms: tuple[sp.Basic, ...]
    domain: Domain
    candidates: tuple[tuple[Fraction, ...], ...]

    def random(self, rng: random.Random) -> tuple[Fraction, ...]:
        if self.domain.group:
            weights = [rng.randint(1, 9) for _ in self.atoms]
            total = sum(weights)
            return tuple(Fraction(w, total) for w in weights)
        return (_random_value(self.domain, rng),)


def _random_value(domain: Domain, rng: random.Random) -> Fraction:
    for _ in range(200):
        if domain.integer:
            value = Fraction(rng.randint(0, 12))
        else:
            value = Fraction(rng.randint(-24, 24), rng.randint(1, 8))
            if domain.hi is not None and domain.hi <= 1 and domain.lo is not None and domain.lo >= 0:
                value = Fraction(rng.randint(0, 12), 12)
        if domain.contains(value):
            return value
    return domain.candidates()[0]


class Unsearchable(Exception):
    """The claim's atoms cannot be given independent values (e.g. f(x) and f(2x) both appear)."""


def variables_of(claim: Claim, exprs: list[sp.Expr]) -> tuple[Variable, ...]:
    """The search coordinates of the given (expanded) expressions of a claim."""
    atoms: set[sp.Basic] = set()
    applications: dict[str, set[tuple[sp.Basic, ...]]] = {}
    for expr in exprs:
        atoms |= expr.free_symbols
        for derivative in expr.atoms(sp.Derivative):
            inner = derivative.expr
            if not isinstance(inner, sp.core.function.AppliedUndef):
                raise Unsearchable(f"derivative of a compound expression {derivative}")
            atoms.add(derivative)
        for application in expr.atoms(sp.core.function.AppliedUndef):
            applications.setdefault(str(application.func), set()).add(application.args)
            atoms.add(application)
    for name, argsets in applications.items():
        if len(argsets) > 1:
            raise Unsearchable(f"function {name} is applied at several arguments; their values are not independent")
    groups: dict[tuple[str, ...], list[sp.Basic]] = {}
    singles: list[Variable] = []
    for atom in sorted(atoms, key=str):
        domain = claim.domain_of(atom) if isinstance(atom, sp.Symbol) else REAL
        if domain.group:
            groups.setdefault(domain.group, []).append(atom)
        else:
            singles.append(Variable((atom,), domain, tuple((v,) for v in domain.candidates())))
    for names, members in groups.items():
        by_name = {str(m): m for m in members}
        for name in names:
            if name not in by_name:
                raise Unsearchable(f"distribution entry {name} is not among the claim's symbols")
        ordered = tuple(by_name[n] for n in names)
        singles.append(Variable(ordered, claim.domain_of(ordered[0]),
                                distribution_candidates(len(ordered))))
    return tuple(singles)


def simple_points(variables: tuple[Variable, ...], budget: int) -> Iterator[tuple[int, ...]]:
    """Index vectors into each variable's candidates, by increasing total index (simplest first)."""
    sizes = [len(v.candidates) for v in variables]
    if not variables:
        yield ()
        return
    produced = 0
    for total in range(sum(s - 1 for s in sizes) + 1):
        for vector in _compositions(total, sizes):
            yield vector
            produced += 1
            if produced >= budget:
                return


def _compositions(total: int, sizes: list[int]) -> Iterator[tuple[int, ...]]:
    if len(sizes) == 1:
        if total < sizes[0]:
            yield (total,)
        return
    for first in range(min(total, sizes[0] - 1) + 1):
        for rest in _compositions(total - first, sizes[1:]):
            yield (first, *rest)


def environment(variables: tuple[Variable, ...], values: tuple[tuple[Fraction, ...], ...]) -> dict[sp.Basic, Fraction]:
    env: dict[sp.Basic, Fraction] = {}
    for variable, value in zip(variables, values):
        env.update(zip(variable.atoms, value))
    return env


def rng_for(claim: Claim) -> random.Random:
    """A generator seeded by the claim's content, so runs are reproducible."""
    seed = hashlib.sha256(("|".join(sp.srepr(p.lhs) + p.relation.value + sp.srepr(p.rhs)
                                    for p in claim.parts)).encode()).digest()
    return random.Random(int.from_bytes(seed[:8], "big"))


@lru_cache(maxsize=64)
def _prepared(claim: Claim) -> tuple[tuple[sp.Expr, str, sp.Expr], ...]:
    return tuple((unfold(p.lhs), p.relation.value, unfold(p.rhs)) for p in claim.expanded_parts())


def prepared(claim: Claim) -> list[tuple[sp.Expr, str, sp.Expr]]:
    """Each relation of the claim with definitions substituted and calculus carried out.

    Remembered per claim, because the search, the cross-check and the audit all start from it.
    """
    return list(_prepared(claim))
