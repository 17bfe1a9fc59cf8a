"""Identities with sums and products of symbolic length, proved by induction on the length.

``Σ_{t=0}^{T-1} γ^t (r_t + γ V_{t+1} − V_t) = Σ_{t=0}^{T-1} γ^t r_t + γ^T V_T − V_0`` cannot be summed in closed
form (r and V are families), but it is a statement about every T ≥ 1, and induction proves such statements:

1. the sums are made linear — a sum of a sum is split, factors free of the index are taken out, a term free of
   the index is counted (only where the range cannot be empty-reversed) — and each index is given one name per
   nesting depth, so the same sum written with ``i`` or ``j`` is one atom;
2. *base*: D(n) = lhs − rhs is 0 at the smallest lengths of the domain, with every range written out;
3. *step*: D(n + 1) = D(n) for every n from there on, where each sum to ``u(n) + 1`` is written as the sum to
   ``u(n)`` plus its last term — valid because that range is not empty — so what is left is an identity between
   the last terms, proved by the rational normal form.

Only a length whose upper bounds are ``n + c`` (and whose lower bounds are numbers) is inducted on.
"""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction

import sympy as sp

from checker.numeric.sign import NEG, NONNEG, POS, BoundOf, manifest_sign
from checker.values.claims import Claim, Kind, Relation, Relational
from checker.values.domains import Domain
from checker.values.semantics import Semantics

MAX_BASES = 4
"""Base cases one induction may check (the lengths below where every range is non-empty, and that one)."""


_INDICES: list[sp.Dummy] = []


def _index(depth: int) -> sp.Dummy:
    """The index of the sums at one nesting depth: a Dummy, so it can never be a symbol of the claim."""
    while len(_INDICES) <= depth:
        _INDICES.append(sp.Dummy(f"k{len(_INDICES)}", integer=True))
    return _INDICES[depth]


def linear(expr: sp.Basic, bound_of: BoundOf, depth: int = 0) -> sp.Basic:
    """Sums made linear in their terms, indices renamed by depth (see the module's docstring)."""
    if isinstance(expr, sp.Sum) and len(expr.limits) == 1:
        (index, low, high), = expr.limits
        fresh = _index(depth)
        body = linear(expr.function.xreplace({index: fresh}), bound_of, depth + 1)
        terms = sp.Add.make_args(sp.expand(body, power_exp=True, mul=True, multinomial=True, log=False,
                                           power_base=False))
        out = []
        for term in terms:
            inside, outside = [], []
            for factor in sp.Mul.make_args(term):
                (inside if fresh in factor.free_symbols else outside).append(factor)
            if not inside:
                count = high - low + 1
                if manifest_sign(count, bound_of) not in (POS, NONNEG):
                    out.append(sp.Sum(term, (fresh, low, high)))
                    continue
                out.append(sp.Mul(*outside) * count)
                continue
            out.append(sp.Mul(*outside) * sp.Sum(sp.Mul(*inside), (fresh, low, high)))
        return sp.Add(*out)
    if not expr.args or not expr.has(sp.Sum):
        return expr
    return expr.func(*(linear(a, bound_of, depth) for a in expr.args))


def canonical(expr: sp.Basic, depth: int = 0) -> sp.Basic:
    """Each sum's index renamed by its nesting depth in this expression (after :func:`linear` has moved factors
    out of sums, the same sum may sit at another depth than where it was written)."""
    if isinstance(expr, sp.Sum) and len(expr.limits) == 1:
        (index, low, high), = expr.limits
        fresh = _index(depth)
        return sp.Sum(canonical(expr.function.xreplace({index: fresh}), depth + 1), (fresh, low, high))
    if not expr.args or not expr.has(sp.Sum):
        return expr
    return expr.func(*(canonical(a, depth) for a in expr.args))


def _ranged(expr: sp.Basic, n: sp.Symbol) -> list[sp.Basic]:
    return [r for r in expr.atoms(sp.Sum, sp.Product) if any(n in limit.free_symbols for limit in r.limits[0][1:])]


def inductable(expr: sp.Basic, n: sp.Symbol) -> int | None:
    """The first length from which every range bounded by n is non-empty at n + 1, or None when n does not
    bound the sums as ``n + c`` from numeric lower bounds."""
    first = None
    for ranged in _ranged(expr, n):
        if len(ranged.limits) != 1:
            return None
        (_, low, high), = ranged.limits
        if n in low.free_symbols or not low.is_Integer:
            return None
        offset = sp.expand(high - n)
        if n in offset.free_symbols or not offset.is_Integer:
            return None
        # at n + 1 the range is [low, n + 1 + offset]: non-empty once n ≥ low − 1 − offset
        need = int(low) - 1 - int(offset)
        first = need if first is None else max(first, need)
    return first


def peel(expr: sp.Basic, n: sp.Symbol) -> sp.Basic:
    """Each sum (product) bounded by ``n + 1 + c`` written as the one to ``n + c`` plus (times) its last term."""
    mapping = {}
    for ranged in _ranged(expr, n):
        (index, low, high), = ranged.limits
        last = ranged.function.xreplace({index: high})
        shorter = type(ranged)(ranged.function, (index, low, high - 1))
        mapping[ranged] = shorter + last if isinstance(ranged, sp.Sum) else shorter * last
    return expr.xreplace(mapping)


def lengths(claim: Claim, expr: sp.Basic) -> list[sp.Symbol]:
    """The integer symbols with a lower bound that bound a sum or product of the expression."""
    found = set()
    for ranged in expr.atoms(sp.Sum, sp.Product):
        for limit in ranged.limits[0][1:]:
            for symbol in limit.free_symbols:
                domain = claim.domain_of(symbol)
                if domain.integer and domain.lo is not None and not domain.group:
                    found.add(symbol)
    return sorted(found, key=str)


def steps_of(claim: Claim, part: Relational, bound_of: BoundOf, prove) -> tuple[str, ...] | None:
    """The induction proof of an identity (``prove(claim)`` proves a sub-claim, returning its steps or None)."""
    if part.relation is not Relation.EQ:
        return None
    difference = canonical(linear(sp.Add(part.lhs, -part.rhs), bound_of))
    if sp.expand(difference) == 0:
        return ("the sums made linear (factors free of the index taken out, terms free of it counted, each index "
                "named by its depth) cancel: lhs − rhs = 0",)
    for n in lengths(claim, difference):
        first = inductable(difference, n)
        if first is None:
            continue
        domain = claim.domain_of(n)
        lo = math.floor(domain.lo) + 1 if domain.lo_open else math.ceil(domain.lo)
        start = max(lo, first)
        if start - lo + 1 > MAX_BASES or (domain.hi is not None and start >= domain.hi):
            continue
        done = []
        for value in range(lo, start + 1):
            base = _at(claim, part, n, value)
            found = prove(base)
            if found is None:
                break
            done.append(f"base {n} = {value}: {found}")
        else:
            later = Domain("integer", lo=Fraction(start), lo_open=False, integer=True)
            domains = tuple((a, later if a == n else d) for a, d in claim.domains)
            step_lhs = peel(difference.xreplace({n: n + 1}), n)
            step = Claim(Kind.IDENTITY, f"{claim.text} [induction step on {n}]",
                         (Relational(sp.expand(step_lhs - difference), Relation.EQ, sp.Integer(0)),),
                         domains, semantics=Semantics.WHERE_DEFINED, cas_trusted=claim.cas_trusted)
            found = prove(step)
            if found is not None:
                return (*done, f"step: for {n} ≥ {start}, D({n} + 1) − D({n}) = 0 where D = lhs − rhs (each sum "
                               f"to {n} + 1 is the sum to {n} plus its last term): {found}",
                        f"so lhs − rhs = D({n}) = 0 for every {n} ≥ {lo} (induction on {n})")
            hypothesis = _solved(difference, n, bound_of)
            if hypothesis is not None:
                atom, value = hypothesis
                assumed = Claim(Kind.IDENTITY, f"{claim.text} [induction step on {n}, using D({n}) = 0]",
                                (Relational(sp.expand(step_lhs.xreplace({atom: value})), Relation.EQ, sp.Integer(0)),),
                                domains, semantics=Semantics.WHERE_DEFINED, cas_trusted=claim.cas_trusted)
                found = prove(assumed)
                if found is not None:
                    return (*done, f"step: for {n} ≥ {start}, D({n}) = 0 gives {atom} = {value}, and then "
                                   f"D({n} + 1) = 0 (each product or sum to {n} + 1 written through the one to {n}): "
                                   f"{found}", f"so lhs − rhs = 0 for every {n} ≥ {lo} (induction on {n})")
    return None


def _solved(difference: sp.Expr, n: sp.Symbol, bound_of: BoundOf) -> tuple[sp.Basic, sp.Expr] | None:
    """A product or sum bounded by n that D(n) = 0 determines: D = A·P + B with A of evident sign and A, B free of
    P — then P = −B/A (the induction hypothesis, used in the step)."""
    expanded = sp.expand(difference)
    for atom in sorted(_ranged(difference, n), key=sp.default_sort_key):
        slope = expanded.coeff(atom)
        rest = sp.expand(expanded - slope * atom)
        if slope != 0 and not slope.has(atom) and not rest.has(atom) and manifest_sign(slope, bound_of) in (POS, NEG):
            return atom, -rest / slope
    return None


def written_out(expr: sp.Basic) -> sp.Basic:
    """Sums and products with numeric bounds written out term by term; an empty range (upper bound below the
    lower) is 0 for a sum and 1 for a product — the README's convention, not SymPy's."""
    def numeric(e: sp.Basic) -> bool:
        return isinstance(e, (sp.Sum, sp.Product)) and len(e.limits) == 1 and \
            all(limit.is_Integer for limit in e.limits[0][1:])

    def out(e: sp.Basic) -> sp.Basic:
        (index, low, high), = e.limits
        terms = [e.function.xreplace({index: sp.Integer(k)}) for k in range(int(low), int(high) + 1)]
        return sp.Add(*terms) if isinstance(e, sp.Sum) else sp.Mul(*terms)

    for _ in range(4):
        if not expr.has(sp.Sum, sp.Product):
            break
        expr = expr.replace(numeric, out)
    return expr


def _at(claim: Claim, part: Relational, n: sp.Symbol, value: int) -> Claim:
    """The identity at one length, every range written out."""
    lhs = written_out(part.lhs.xreplace({n: sp.Integer(value)}))
    rhs = written_out(part.rhs.xreplace({n: sp.Integer(value)}))
    return replace(claim, text=f"{claim.text} [at {n} = {value}]", parts=(Relational(lhs, Relation.EQ, rhs),),
                   definitions=(), domains=tuple((a, d) for a, d in claim.domains if a != n),
                   semantics=Semantics.WHERE_DEFINED, witness=None)


