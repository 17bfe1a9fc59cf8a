"""Proofs by cases over the pieces of max, min, |·|, sgn and clip.

A relation whose sides contain a piecewise atom — ``max(a, b)``, ``min(a, b)``, ``|a|``, ``sgn a`` (clip is
``min(max(x, lo), hi)``) — is split on the innermost such atom: where ``a ≥ b`` the maximum is ``a``, where
``a ≤ b`` it is ``b``. Each piece is a claim of its own, proved by the other strategies (and split again if
more atoms remain). The case condition ``g ≥ 0`` becomes part of the formula: when ``g = c·s + d`` is linear
in a real symbol ``s`` with a coefficient ``c`` of evident sign, ``s`` is replaced by ``(h − d)/c`` with a
fresh ``h ≥ 0`` (``h > 0`` for a strict case, ``h = 0`` for an equation), so every point of the case is
reached as ``h`` runs over its range. Where no such symbol exists, the piece must hold on the whole domain.

Each piece is judged where both sides are defined (the strict half, definedness, is the original claim's and
is shown separately), and may range over more points than its case (``s`` loses its declared bounds): a proof
of each piece is therefore a proof of the relation on its case, and the cases cover the domain.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sympy as sp

from checker.numeric.sign import NEG, NONNEG, NONPOS, POS, BoundOf, manifest_sign
from checker.values.claims import Claim, Relation, Relational
from checker.values.domains import NONNEGATIVE, POSITIVE
from checker.values.semantics import Semantics
from checker.values.written import brief

from .evidence import Proof

_GAPS = itertools.count(1)
"""Numbers for the fresh symbols of the cases, so each prints with a name of its own."""

MAX_PIECES = 16
"""How many pieces one proof by cases may check in all (each split doubles them)."""

_ATOMS = (sp.Max, sp.Min, sp.Abs, sp.sign, sp.Heaviside)


@dataclass(frozen=True, slots=True)
class Piece:
    """One case: the atom's value there and the condition ``condition (≥ | > | =) 0`` that selects it."""

    value: sp.Expr
    condition: sp.Expr
    relation: str
    at_zero: bool = True
    """Whether the value is also the atom's where the condition is 0 (max, min, |·|: both arguments agree there)."""


def case_atom(expr: sp.Basic) -> sp.Basic | None:
    """An innermost piecewise atom of the expression (its arguments contain none), or None."""
    found = [a for a in sp.preorder_traversal(expr) if isinstance(a, _ATOMS)]
    for atom in found:
        if not any(isinstance(b, _ATOMS) for arg in atom.args for b in sp.preorder_traversal(arg)):
            return atom
    return None


def pieces(atom: sp.Basic) -> tuple[Piece, ...]:
    """The cases of one atom; together they cover every real value of its arguments."""
    if isinstance(atom, (sp.Max, sp.Min)):
        first, *rest = atom.args
        other = rest[0] if len(rest) == 1 else type(atom)(*rest, evaluate=False)
        # the second case is strict: the first already covers the points where the two arguments are equal
        if isinstance(atom, sp.Max):
            return Piece(first, first - other, ">="), Piece(other, other - first, ">")
        return Piece(first, other - first, ">="), Piece(other, first - other, ">")
    (argument,) = atom.args[:1]
    if isinstance(atom, sp.Abs):
        return Piece(argument, argument, ">="), Piece(-argument, -argument, ">")
    middle = sp.Rational(1, 2) if isinstance(atom, sp.Heaviside) else sp.Integer(0)
    low = sp.Integer(0) if isinstance(atom, sp.Heaviside) else sp.Integer(-1)
    if isinstance(atom, sp.Heaviside) and len(atom.args) > 1:
        middle = atom.args[1]
    return (Piece(sp.Integer(1), argument, ">", False), Piece(low, -argument, ">", False),
            Piece(middle, argument, "="))


def _solvable(condition: sp.Expr, claim: Claim, bound_of, fixed: frozenset[sp.Basic]) \
        -> tuple[sp.Symbol, sp.Expr, sp.Expr] | None:
    """A real symbol the condition is linear in, with ``condition = c·s + d`` and c of evident sign."""
    candidates = sorted(condition.free_symbols, key=lambda s: (claim.domain_of(s).lo is not None
                                                                or claim.domain_of(s).hi is not None, str(s)))
    for symbol in candidates:
        domain = claim.domain_of(symbol)
        if domain.integer or domain.group or not isinstance(symbol, sp.Symbol) or symbol in fixed:
            continue
        expanded = sp.expand(condition)
        if expanded.has(sp.Derivative) or any(symbol in f.free_symbols
                                              for f in expanded.atoms(sp.core.function.AppliedUndef)):
            continue
        coefficient = expanded.diff(symbol)
        if symbol in coefficient.free_symbols:
            continue
        rest = sp.expand(expanded - coefficient * symbol)
        if symbol in rest.free_symbols:
            continue
        if manifest_sign(coefficient, bound_of) in (POS, NEG) or manifest_sign(sp.factor(coefficient), bound_of) \
                in (POS, NEG):
            return symbol, coefficient, rest
    return None


def by_cases(claim: Claim, part: Relational, bound_of: BoundOf,
             prove: Callable[[Claim], Proof | None]) -> Proof | None:
    """A proof of the relation split on one piecewise atom, every piece proved by ``prove``; None if there is no
    atom or some piece is not proved."""
    found = split(claim, part, bound_of)
    if found is None:
        return None
    steps = []
    for where, piece in found:
        proof = prove(piece)
        if proof is None:
            return None
        steps.append(f"{where}: {proof.method}")
        steps.extend(f"  {step}" for step in proof.steps)
    return Proof("cases", tuple(steps)) if steps else None


def split(claim: Claim, part: Relational, bound_of) -> Iterator[tuple[str, Claim]] | None:
    """The pieces of a relation split on one atom, each as a claim over the case's points; None if no atom."""
    atom = case_atom(sp.Add(part.lhs, -part.rhs, evaluate=False))
    if atom is None:
        return None
    # a symbol that is differentiated, or an argument of an undefined function, is never solved for
    fixed = set()
    for side in (part.lhs, part.rhs):
        for node in side.atoms(sp.Derivative, sp.core.function.AppliedUndef):
            fixed |= node.free_symbols
    return _pieces(claim, part, atom, bound_of, frozenset(fixed))


_COVERS = {">=": (POS, NONNEG), ">": (POS,), "=": ()}
_EMPTY = {">=": (NEG,), ">": (NEG, NONPOS), "=": (POS, NEG)}


def _evident(condition: sp.Expr, bound_of) -> str | None:
    sign = manifest_sign(condition, bound_of)
    if sign is None:
        try:
            sign = manifest_sign(sp.factor(condition), bound_of)
        except (sp.PolynomialError, TypeError, ValueError):
            return None
    return sign


def _relevant(atom: sp.Basic, bound_of) -> list[tuple[Piece, bool]]:
    """The pieces whose case has points, each with whether it is the whole domain (then it alone is needed)."""
    out = []
    for piece in pieces(atom):
        sign = _evident(piece.condition, bound_of)
        covers = _COVERS[">="] if piece.relation == ">" and piece.at_zero else _COVERS[piece.relation]
        if sign in covers:
            return [(piece, True)]
        if sign not in _EMPTY[piece.relation]:
            out.append((piece, False))
    return out


def _pieces(claim: Claim, part: Relational, atom: sp.Basic, bound_of, fixed: frozenset[sp.Basic]) \
        -> Iterator[tuple[str, Claim]]:
    for piece, whole in _relevant(atom, bound_of):
        if whole:
            lhs, rhs = part.lhs.xreplace({atom: piece.value}), part.rhs.xreplace({atom: piece.value})
            where = f"{atom} is {brief(piece.value)} on the whole domain ({brief(piece.condition)} {piece.relation} 0)"
            yield where, Claim(claim.kind, f"{claim.text} [{where}]", (Relational(lhs, part.relation, rhs),),
                               claim.domains, semantics=Semantics.WHERE_DEFINED, cas_trusted=claim.cas_trusted)
            return
        lhs, rhs = part.lhs.xreplace({atom: piece.value}), part.rhs.xreplace({atom: piece.value})
        domains = dict(claim.domains)
        where = f"where {brief(piece.condition)} {piece.relation} 0, {atom} is {brief(piece.value)}"
        solved = _solvable(piece.condition, claim, bound_of, fixed)
        if solved is not None:
            symbol, coefficient, rest = solved
            if piece.relation == "=":
                value = -rest / coefficient
                where += f" ({symbol} = {brief(value)})"
            else:
                gap = sp.Dummy(f"h{next(_GAPS)}", **({"positive": True} if piece.relation == ">" else
                                                {"nonnegative": True}))
                domains[gap] = POSITIVE if piece.relation == ">" else NONNEGATIVE
                value = (gap - rest) / coefficient
                where += f" ({symbol} = {brief(value)} with {gap} {piece.relation} 0)"
            lhs, rhs = lhs.xreplace({symbol: value}), rhs.xreplace({symbol: value})
            domains.pop(symbol, None)
        else:
            multiple = _multiple(lhs, part.relation, rhs, piece)
            if multiple is not None:
                # the relation is a non-negative multiple of the case's own condition
                where += f" (there lhs − rhs is ({brief(multiple)})·({brief(piece.condition)}))"
                yield where, Claim(claim.kind, f"{claim.text} [{where}]",
                                   (Relational(multiple, Relation.GE, sp.Integer(0)),), claim.domains,
                                   semantics=Semantics.WHERE_DEFINED, cas_trusted=claim.cas_trusted)
                continue
            where += " (on the whole domain)"
        sub = Claim(claim.kind, f"{claim.text} [{where}]", (Relational(lhs, part.relation, rhs),),
                    tuple(domains.items()),
                    semantics=Semantics.WHERE_DEFINED, cas_trusted=claim.cas_trusted)
        yield where, sub


def _multiple(lhs: sp.Expr, relation: Relation, rhs: sp.Expr, piece: Piece) -> sp.Expr | None:
    """q with (what the relation needs to be ≥ 0) = q·condition, when the relation is not strict (or the case
    is): then q ≥ 0 proves the piece; None otherwise."""
    if relation in (Relation.LE, Relation.LT):
        need = rhs - lhs
    elif relation in (Relation.GE, Relation.GT):
        need = lhs - rhs
    else:
        return None
    if relation in (Relation.LT, Relation.GT) or piece.relation == "=" or piece.condition == 0:
        return None
    quotient = sp.cancel(sp.together(need / piece.condition))
    _, denominator = sp.fraction(quotient)
    # need = q·condition at every point only when q has no pole: its denominator must be a non-zero number
    if not (denominator.is_Number and denominator != 0) and manifest_sign(denominator, lambda _: None) != POS:
        return None
    return quotient
