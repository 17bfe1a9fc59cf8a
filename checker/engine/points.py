"""The free atoms of a claim and exact points of its domain: simplest first, the formula's own singular
points, then random ones."""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from checker.values.claims import Claim
from checker.values.domains import Domain, distribution_candidates
from checker.values.functions import rangemax, rangemin
from checker.values.written import beyond_degree, evaluated, free_atoms, unfold

from .conditions import computable, conditions
from .roots import Inseparable, rational_roots, sign_points, univariate

Relations = list[tuple[sp.Expr, str, sp.Expr]]
"""A claim's relations as values at points are computed from (:func:`prepared`)."""
Values = tuple[tuple[Fraction, ...], ...]
"""A point of the search: each variable's coordinates."""


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
    lo, hi = domain.lo, domain.hi
    for _ in range(200):
        if domain.integer:
            low = int(lo) if lo is not None else -12
            value = Fraction(rng.randint(low, low + (12 if lo is not None else 24)))
        elif lo is not None and hi is not None:
            value = lo + (hi - lo) * Fraction(rng.randint(0, 24), 24)
        elif lo is not None:
            value = lo + Fraction(rng.randint(0, 48), rng.randint(1, 8))
        elif hi is not None:
            value = hi - Fraction(rng.randint(0, 48), rng.randint(1, 8))
        else:
            value = Fraction(rng.randint(-24, 24), rng.randint(1, 8))
        if domain.contains(value):
            return value
    return domain.candidates()[0]


class Unsearchable(Exception):
    """The claim's atoms cannot be given independent values (e.g. f(x) and f(2x) both appear)."""


def variables_of(claim: Claim, exprs: list[sp.Expr]) -> tuple[Variable, ...]:
    """The search coordinates of the given (computable) expressions of a claim."""
    atoms: set[sp.Basic] = set()
    applications: dict[str, set[tuple[sp.Basic, ...]]] = {}
    for expr in exprs:
        atoms |= free_atoms(expr)
        _applications(expr, applications)
    for name, argsets in applications.items():
        if len(argsets) > 1:
            raise Unsearchable(f"function {name} is applied at several arguments; their values are not independent")
    groups: dict[tuple[str, ...], list[sp.Basic]] = {}
    singles: list[Variable] = []
    special = special_values(claim)
    for atom in sorted(atoms, key=str):
        domain = claim.domain_of(atom)
        if domain.group:
            groups.setdefault(domain.group, []).append(atom)
            continue
        values = list(domain.candidates())
        if not values:
            raise Unsearchable(f"the domain of {atom} ({domain.describe()}) is empty")
        # the formula's own singular points come right after the two simplest values
        extra = [v for v in special.get(atom, ()) if v not in values and domain.contains(v)]
        values[2:2] = extra
        singles.append(Variable((atom,), domain, tuple((v,) for v in values)))
    declared = {str(atom): atom for atom, _ in claim.domains}
    for names, members in groups.items():
        by_name = {str(m): m for m in members}
        for name in names:
            # an entry the formulas do not mention still takes its share of the probability
            if name not in by_name and name in declared:
                by_name[name] = declared[name]
            if name not in by_name:
                raise Unsearchable(f"distribution entry {name} is not among the claim's symbols")
        ordered = tuple(by_name[n] for n in names)
        singles.append(Variable(ordered, claim.domain_of(ordered[0]),
                                distribution_candidates(len(ordered))))
    return tuple(singles)


def _applications(expr: sp.Expr, applications: dict[str, set[tuple[sp.Basic, ...]]]) -> None:
    """Record each undefined function's arguments; raise where a derivative of a compound expression or a range
    over a family to an unknown bound leaves no independent coordinates (one walk of the tree)."""
    nodes = list(sp.preorder_traversal(expr))
    for node in nodes:
        if isinstance(node, sp.Derivative) and not isinstance(node.expr, sp.core.function.AppliedUndef):
            raise Unsearchable(f"derivative of a compound expression {node}")
    for node in nodes:
        if isinstance(node, sp.core.function.AppliedUndef):
            applications.setdefault(str(node.func), set()).add(node.args)
    for node in nodes:
        if isinstance(node, (sp.Sum, sp.Product, rangemax, rangemin)) and any(
                index in m.free_symbols for m in node.atoms(sp.Indexed) for index in node.bound_symbols):
            raise Unsearchable(f"{node} runs over an indexed family to a bound not known in advance")


@lru_cache(maxsize=64)
def claim_variables(claim: Claim) -> tuple[Variable, ...]:
    """The search coordinates of a claim's relations as written (:func:`prepared`): remembered per claim, as the
    search, the cross-check and the audit's probe all need them."""
    return variables_of(claim, [side for lhs, _, rhs in prepared(claim) for side in (lhs, rhs)])


def critical_quantities(claim: Claim) -> tuple[sp.Expr, ...]:
    """Quantities whose zeros are where a side may break: denominators, log arguments, roots' and powers' bases."""
    found: dict[sp.Expr, None] = {}
    for part in claim.written_parts():
        for side in (part.lhs, part.rhs):
            for condition in conditions(side):
                if condition.expr.free_symbols:
                    try:
                        found.setdefault(unfold(evaluated(condition.expr)))
                    except (ValueError, TypeError, AttributeError, ZeroDivisionError):
                        continue  # a quantity SymPy cannot evaluate gives no singular point to try
    return tuple(found)


@lru_cache(maxsize=64)
def special_values(claim: Claim) -> dict[sp.Basic, tuple[Fraction, ...]]:
    """Rational zeros of each critical quantity that depends on one symbol only (``x − 3`` → x = 3), and for a
    comparison in one symbol, a point in each stretch where lhs − rhs keeps its sign."""
    out: dict[sp.Basic, list[Fraction]] = {}
    try:
        parts = claim.expanded_parts()
    except (ValueError, TypeError, AttributeError, ZeroDivisionError):
        parts = ()  # SymPy could not evaluate the formula (see engine._searched_only): no sign points from it
    for part in parts:
        if part.relation.value == "=":
            continue
        try:
            found = univariate(unfold(part.lhs - part.rhs), claim)
        except (ValueError, TypeError, ArithmeticError, NotImplementedError):
            continue  # SymPy could not carry the difference out (max of ln 0 …): no sign points from it
        if found is not None:
            symbol, num, den = found
            try:
                points, _ = sign_points([num, den], claim.domain_of(symbol))
            except Inseparable:
                continue
            out.setdefault(symbol, []).extend(points)
    for quantity in critical_quantities(claim):
        symbols = quantity.free_symbols
        if len(symbols) != 1 or quantity.atoms(sp.core.function.AppliedUndef):
            continue
        (symbol,) = symbols
        for root in rational_roots(quantity, symbol):
            out.setdefault(symbol, [])
            if root not in out[symbol]:
                out[symbol].append(root)
    return {s: tuple(v) for s, v in out.items()}


@dataclass(frozen=True, slots=True)
class Repair:
    """A critical quantity linear in one symbol: ``a·s + c``; setting s = −c/a lands on its zero."""

    symbol: sp.Basic
    slope: sp.Expr
    offset: sp.Expr


@lru_cache(maxsize=64)
def repairs(claim: Claim) -> tuple[Repair, ...]:
    """For critical quantities in several symbols, how to solve each for one of its symbols."""
    return tuple(repair for quantity in critical_quantities(claim) for repair in _linear_in(quantity)
                 if not claim.domain_of(repair.symbol).group)


@lru_cache(maxsize=1024)
def _linear_in(quantity: sp.Expr) -> tuple[Repair, ...]:
    """The quantity's numerator as a·s + c, for each of its symbols s it is linear in (two symbols at least, no
    unknown function): remembered per quantity, as the claims of a run — the audit's above all, each with its own
    symbols, but with the same denominators (Z, 1 + e^x) — share most of them, and each costs a polynomial per
    symbol."""
    if beyond_degree(quantity):
        return ()
    numerator, _ = sp.fraction(sp.together(quantity))
    symbols = sorted(numerator.free_symbols, key=str)
    if len(symbols) < 2 or numerator.atoms(sp.core.function.AppliedUndef):
        return ()
    found = []
    for symbol in symbols:
        try:
            poly = sp.Poly(numerator, symbol)
        except sp.PolynomialError:
            continue
        if poly.degree() == 1:
            slope, offset = poly.all_coeffs()
            found.append(Repair(symbol, slope, offset))
    return tuple(found)


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


LENGTH_INSTANCES = 4
"""How many small values of each symbolic length the search writes a claim out at."""


def length_instances(claim: Claim) -> list[tuple[tuple[tuple[sp.Symbol, sp.Integer], ...], Claim]]:
    """The claim at small values of the integer symbols that bound a sum, product or extremum over an indexed
    family (``\\sum_{t=0}^{T-1} r_t`` at T = 1, 2, 3, 4), smallest first; empty when such a bound has a symbol that
    is not an integer."""
    lengths: set[sp.Symbol] = set()
    for lhs, _, rhs in prepared(claim):
        for side in (lhs, rhs):
            for ranged in side.atoms(sp.Sum, sp.Product, rangemax, rangemin):
                if not any(index in m.free_symbols for m in ranged.atoms(sp.Indexed) for index in ranged.bound_symbols):
                    continue
                limits = ranged.args[2:] if isinstance(ranged, (rangemax, rangemin)) else ranged.args[1][1:]
                for limit in limits:
                    for symbol in limit.free_symbols:
                        if not claim.domain_of(symbol).integer:
                            return []
                        lengths.add(symbol)
    if not lengths or len(lengths) > 2:
        return []
    ordered = sorted(lengths, key=str)
    choices = [sorted((v for v in claim.domain_of(s).candidates() if v.denominator == 1), key=lambda v: (abs(v), v))
               [:LENGTH_INSTANCES] for s in ordered]
    combos = sorted(itertools.product(*choices), key=lambda c: (sum(abs(v) for v in c), c))
    out = []
    for combo in combos[:LENGTH_INSTANCES * 2]:
        instance = claim
        values = []
        for symbol, value in zip(ordered, combo):
            number = sp.Integer(int(value))
            instance = restricted(instance, symbol, number)
            values.append((symbol, number))
        parts = tuple(replace(p, lhs=_numeric_limits(p.lhs), rhs=_numeric_limits(p.rhs)) for p in instance.parts)
        out.append((tuple(values), replace(instance, parts=parts)))
    return out


def _numeric_limits(expr: sp.Basic) -> sp.Basic:
    """Ranges whose bounds became numbers written as such (``T − 1`` at T = 1 is 0, not the tree 1 − 1)."""
    def ranged(e: sp.Basic) -> bool:
        return isinstance(e, (sp.Sum, sp.Product, rangemax, rangemin))

    def tidy(e: sp.Basic) -> sp.Basic:
        if isinstance(e, (rangemax, rangemin)):
            body, index, low, high = e.args
            return type(e)(body, index, evaluated(low), evaluated(high), evaluate=False)
        (index, low, high), = e.limits
        return type(e)(e.function, (index, evaluated(low), evaluated(high)))

    return expr.replace(ranged, tidy)


def rng_for(claim: Claim) -> random.Random:
    """A generator seeded by the claim's content, so runs are reproducible."""
    seed = hashlib.sha256(("|".join(_content(p.lhs) + p.relation.value + _content(p.rhs)
                                    for p in claim.parts)).encode()).digest()
    return random.Random(int.from_bytes(seed[:8], "big"))


def _content(expr: sp.Basic) -> str:
    """SymPy's ``srepr``; for a tree whose printing SymPy cannot order (it evaluates a sum's numeric terms to sort
    them, and 0/0 written as ∛0/ln 1 raises), the tree's classes and atoms in the order they stand."""
    try:
        return sp.srepr(expr)
    except (ValueError, TypeError, ArithmeticError):
        def walk(e: sp.Basic) -> str:
            return f"{type(e).__name__}({','.join(walk(a) for a in e.args)})" if e.args else f"{type(e).__name__}:{e}"
        return walk(expr)


@lru_cache(maxsize=64)
def _prepared(claim: Claim) -> tuple[tuple[sp.Expr, str, sp.Expr], ...]:
    return tuple((computable(p.lhs), p.relation.value, computable(p.rhs)) for p in claim.written_parts())


def prepared(claim: Claim) -> list[tuple[sp.Expr, str, sp.Expr]]:
    """Each relation of the claim as written, definitions substituted, derivatives carried out (with what they
    differentiate kept as a requirement): what values at points are computed from.

    Remembered per claim, because the search, the cross-check and the audit all start from it.
    """
    return list(_prepared(claim))


def restricted(claim: Claim, symbol: sp.Symbol, value: sp.Expr) -> Claim:
    """The claim on the slice ``symbol = value`` of its domain, as written."""
    from checker.values.written import substitute

    mapping = {symbol: value}
    return replace(
        claim, text=f"{claim.text} [at {symbol} = {value}]",
        parts=tuple(replace(p, lhs=substitute(claim.expand(p.lhs), mapping),
                            rhs=substitute(claim.expand(p.rhs), mapping)) for p in claim.parts),
        definitions=(), domains=tuple((a, d) for a, d in claim.domains if a != symbol),
        witness=None if claim.witness is None else substitute(claim.expand(claim.witness), mapping))
