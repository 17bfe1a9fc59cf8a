"""Exact proof strategies, cheapest first; each returns a :class:`Proof` or None.

Order and soundness:
1. ``syntactic`` — both sides are the same SymPy expression once definitions are substituted (exact).
2. ``rational normal form`` — exact rewrites (calculus, σ's definition, logs split only under declared
   positivity, exp of sums as products, distribution entries summing to 1), then ``cancel`` of
   lhs − rhs as a rational function whose exp/log atoms are treated as independent variables: an
   identity there holds for every value of the atoms, hence on the domain (exact).
3. ``interval (constant)`` — a comparison or identity without free atoms decided by interval
   arithmetic at rising precision (rigorous; for identities only the ≠ direction, handled by refute).
4. ``witness`` / ``manifest sign`` — for comparisons: lhs − rhs is proved equal to a witness by (2),
   and the witness's sign follows from its shape (positive factors, squares, exp) (exact).
5. ``simplify`` — SymPy's heuristic ``simplify(lhs − rhs) == 0``; sound only as far as SymPy is, so
   it is labelled CAS-trusted and tried last, after the counterexample search.
Every proof is then cross-checked by :mod:`checker.certify` before it is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .claims import Claim, Relation, Relational
from .domains import Domain
from .functions import expand_sigmoid
from .interval import Uncertain, Undefined, enclose, fmt
from .normal import rational_form, unfold
from .sign import NEG, NONNEG, NONPOS, POS, manifest_sign, satisfies

PRECISIONS = (53, 113, 256, 1024)


@dataclass(frozen=True, slots=True)
class Proof:
    method: str
    steps: tuple[str, ...]
    exact: bool = True


def prove_part(claim: Claim, part: Relational) -> Proof | None:
    """Try the exact strategies on one relation of a claim."""
    if part.relation is Relation.EQ:
        return syntactic(part) or normal_form_identity(claim, part)
    return constant_comparison(part) or witness_comparison(claim, part) or sign_comparison(claim, part)


def syntactic(part: Relational) -> Proof | None:
    if part.lhs == part.rhs:
        return Proof("syntactic", (f"both sides are {part.lhs}",))
    return None


def normal_form_identity(claim: Claim, part: Relational) -> Proof | None:
    form, steps = rational_form(part.lhs - part.rhs, claim.domains)
    if form == 0:
        return Proof("rational normal form", ("lhs − rhs = " + str(part.lhs - part.rhs), *steps))
    return None


def constant_comparison(part: Relational) -> Proof | None:
    difference = unfold(part.lhs - part.rhs)
    if difference.free_symbols or difference.atoms(sp.Derivative):
        return None
    if difference.is_Rational:
        if satisfies(manifest_sign(difference, lambda _: None), part.relation.value) or (
                difference == 0 and part.relation.value in ("<=", ">=")):
            return Proof("exact rational arithmetic", (f"lhs − rhs = {difference}",))
        return None
    for prec in PRECISIONS:
        try:
            box = enclose(difference, {}, prec)
        except (Uncertain, Undefined):
            return None
        sign = POS if box.a > 0 else NEG if box.b < 0 else NONNEG if box.a >= 0 else NONPOS if box.b <= 0 else None
        if satisfies(sign, part.relation.value):
            return Proof(f"interval arithmetic ({prec} bits)",
                         (f"lhs − rhs ∈ {fmt(box)} at {prec} bits, so {part} holds",))
    return None


def witness_comparison(claim: Claim, part: Relational) -> Proof | None:
    if claim.witness is None:
        return None
    witness = claim.expand(claim.witness)
    sign = manifest_sign(unfold(witness), _symbol_sign(claim.domains))
    if not satisfies(sign, part.relation.value):
        return None
    identity = normal_form_identity(claim, Relational(part.lhs - part.rhs, Relation.EQ, witness))
    if identity is None:
        return None
    return Proof("witness + manifest sign",
                 (f"lhs − rhs = {claim.witness} (witness)", *identity.steps[1:],
                  f"the witness is {sign} by its shape, so {part.relation.value} holds"))


def sign_comparison(claim: Claim, part: Relational) -> Proof | None:
    difference = unfold(expand_sigmoid(part.lhs - part.rhs))
    symbol_sign = _symbol_sign(claim.domains)
    for rewrite in (lambda e: e, sp.together, sp.factor):  # cheapest first; factor only if needed
        candidate = rewrite(difference)
        sign = manifest_sign(candidate, symbol_sign)
        if satisfies(sign, part.relation.value):
            return Proof("manifest sign", (f"lhs − rhs = {candidate} is {sign} by its shape",))
    return None


def simplify_identity(part: Relational) -> Proof | None:
    """CAS-trusted: SymPy's simplify reduces lhs − rhs to 0."""
    reduced = sp.simplify(expand_sigmoid(unfold(part.lhs - part.rhs)))
    if reduced == 0:
        return Proof("simplify (CAS-trusted)", ("sympy.simplify(lhs − rhs) = 0",), exact=False)
    return None


def _symbol_sign(domains: tuple[tuple[sp.Basic, Domain], ...]):  # type: ignore[no-untyped-def]
    table = dict(domains)

    def sign(atom: sp.Basic) -> str | None:
        domain = table.get(atom)
        if domain is None or domain.lo is None:
            return None
        if domain.lo > 0 or (domain.lo == 0 and domain.lo_open):
            return POS
        if domain.lo == 0:
            return NONNEG
        return None

    return sign
