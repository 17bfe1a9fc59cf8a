"""Claims: statements about SymPy expressions under declared domains, as frozen values.

A claim is one of
- an identity ``lhs = rhs``;
- a match of an expression against a named reference definition (an identity whose right side is the reference);
- a comparison, or a conjunction of comparisons (``A < 9/10 and B >= 9/10``), optionally with a witness;
- a prose statement or a named mathematical fact, which the checker asserts and never counts as proved;
- a finite check of an algorithmic statement over all small instances (evidence, not proof).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import sympy as sp

from .domains import REAL, Domain
from .errors import ClaimError
from .semantics import RANGED, Semantics, range_parts, written_out
from .written import build, evaluated, free_atoms, substitute


class Kind(enum.Enum):
    """What sort of statement a claim is."""

    IDENTITY = "identity"
    MATCH = "match"
    COMPARISON = "comparison"
    PROSE = "prose"
    FACT = "fact"
    FINITE = "finite"


class Relation(enum.Enum):
    """A relation between two sides."""

    EQ = "="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="

    @property
    def sympy_class(self) -> type:
        return {"=": sp.Eq, "!=": sp.Ne, "<": sp.StrictLessThan, "<=": sp.LessThan, ">": sp.StrictGreaterThan,
                ">=": sp.GreaterThan}[self.value]


@dataclass(frozen=True, slots=True)
class Relational:
    """One relation ``lhs REL rhs``."""

    lhs: sp.Expr
    relation: Relation
    rhs: sp.Expr

    def __str__(self) -> str:
        return f"{self.lhs} {self.relation.value} {self.rhs}"


@dataclass(frozen=True, slots=True)
class Reference:
    """A named reference definition with its source."""

    name: str
    source: str
    expr: sp.Expr | None = None


@dataclass(frozen=True, slots=True)
class FiniteCheck:
    """An algorithmic statement checked on every instance a generator yields.

    ``holds(instance)`` returns True when the statement holds on that instance; passing on every
    instance is evidence, not proof, and the verdict says so.
    """

    holds: Callable[[Any], bool]
    instances: Callable[[], Iterable[Any]]
    scope: str


@dataclass(frozen=True, slots=True)
class Weakened:
    """Where a claim with an assumption dropped (the audit's) came from: the proved claim's domains, on this
    claim's atoms, and the methods that proved it. Inside those domains the formulas are the proved ones, so no
    point there can refute this claim; and the strategies that failed on the proved claim, with more to work
    with, are not tried again."""

    proved_on: tuple[tuple[sp.Basic, Domain], ...]
    methods: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement to check; build one with :class:`Scope`'s methods rather than directly.

    ``parts`` and ``definitions`` hold the formulas *as written* (trees built unevaluated, so ``x/x`` is
    still a division); :meth:`expanded_parts` gives SymPy's evaluated form for the prover, and
    :mod:`checker.semantics` reads definedness from the written form.
    """

    kind: Kind
    text: str
    parts: tuple[Relational, ...] = ()
    domains: tuple[tuple[sp.Basic, Domain], ...] = ()
    definitions: tuple[tuple[sp.Basic, sp.Expr], ...] = ()
    reference: Reference | None = None
    witness: sp.Expr | None = None
    holds: bool | None = None
    justification: str = ""
    finite: FiniteCheck | None = field(default=None, compare=False)
    search_budget: tuple[int, int] | None = None
    """(simple points, random points) for the counterexample search, when not the engine's default."""
    semantics: Semantics = Semantics.STRICT
    """When the relation holds: strict (both sides defined) or where-defined (see :mod:`checker.semantics`)."""
    cas_trusted: bool = True
    """Whether a proof may rest on ``sympy.simplify`` alone (labelled CAS-trusted); the audit says "unknown"
    rather than "does not need" on such grounds."""
    weakened: Weakened | None = None
    """For the audit's claim with an assumption dropped: the proved claim it weakens (see :class:`Weakened`)."""

    def __post_init__(self) -> None:
        leaves = _leaves(self._expressions())
        floats = [leaf for leaf in leaves if isinstance(leaf, sp.Float)]
        if floats:
            raise ClaimError(f"claim {self.text!r}: float constant {sorted(map(str, floats))[0]} "
                             "is inexact; write it as a Rational, e.g. Rational('0.9')")
        if self.kind in (Kind.PROSE, Kind.FACT) and self.holds is None:
            raise ClaimError(f"claim {self.text!r}: a prose claim needs a stance (holds=True/False)")
        if self.kind in (Kind.IDENTITY, Kind.MATCH, Kind.COMPARISON):
            declared = {atom for atom, _ in self.domains} | {atom for atom, _ in self.definitions}
            for symbol in self.expanded_free_symbols():
                if symbol not in declared:
                    raise ClaimError(f"claim {self.text!r}: symbol {symbol} has no declared domain")

    def content(self) -> tuple[object, ...]:
        """Everything a mathematical claim's verdict depends on — not its text or label: two options of
        different questions stating the same thing have the same content, and one check answers both."""
        return (self.kind, self.parts, self.domains, self.definitions, self.witness, self.search_budget,
                self.semantics, self.cas_trusted, self.weakened)

    @property
    def is_mathematical(self) -> bool:
        return self.kind in (Kind.IDENTITY, Kind.MATCH, Kind.COMPARISON)

    def domain_of(self, atom: sp.Basic) -> Domain:
        """The declared domain of an atom (a family member's is its family's; an undefined function's, if declared)."""
        key = atom.base if isinstance(atom, sp.Indexed) else atom
        for known, domain in self.domains:
            if known == key:
                return domain
        return REAL

    def expand(self, expr: sp.Expr) -> sp.Expr:
        """Substitute the claim's definitions until none applies (at most a few rounds), keeping the written form.

        A defined member of a family (``r_1``) is the same quantity inside a sum, product or extremum over that
        family: a range with numeric bounds is written out so each term meets the definition; in one of
        symbolic length the member is the definition where the index takes its value (a piecewise term)."""
        for _ in range(8):
            new = substitute(_into_ranges(expr, self.definitions), dict(self.definitions)) if self.definitions \
                else expr
            if new == expr:
                return expr
            expr = new
        raise ClaimError(f"claim {self.text!r}: definitions do not terminate (a cycle?)")

    def written_parts(self) -> tuple[Relational, ...]:
        """Each relation with definitions substituted, as written (unevaluated)."""
        return _written_parts(self)

    def expanded_parts(self) -> tuple[Relational, ...]:
        """Each relation with definitions substituted, in SymPy's evaluated form."""
        return _expanded_parts(self)

    def expanded_free_symbols(self) -> set[sp.Symbol]:
        """The symbols the claim mentions once its definitions are substituted (the defined atoms excepted)."""
        atoms: set[sp.Basic] = set()
        for expr in self._expressions():
            atoms |= free_atoms(expr)
        return {a for a in atoms if isinstance(a, sp.Symbol)} - {atom for atom, _ in self.definitions}

    def _expressions(self) -> list[sp.Basic]:
        return ([side for part in self.parts for side in (part.lhs, part.rhs)]
                + [definition for _, definition in self.definitions]
                + ([self.witness] if self.witness is not None else []))


def _leaves(exprs: list[sp.Basic]) -> set[sp.Basic]:
    """The leaves of expression trees (symbols, numbers), each shared subtree walked once."""
    leaves: set[sp.Basic] = set()
    seen: set[int] = set()
    pending = list(exprs)
    while pending:
        expr = pending.pop()
        if id(expr) in seen:
            continue
        seen.add(id(expr))
        if expr.args:
            pending.extend(expr.args)
        else:
            leaves.add(expr)
    return leaves


@lru_cache(maxsize=1024)
def ranges_over(expr: sp.Basic, atom: sp.Basic) -> bool:
    """Whether a defined family member may be one of the terms of a range in ``expr`` (``r_1`` in Σ_k r_k)."""
    return isinstance(atom, sp.Indexed) and any(
        m.base == atom.base for e in expr.atoms(*RANGED) for m in range_parts(e)[0].atoms(sp.Indexed))


def _into_ranges(expr: sp.Basic, definitions: tuple[tuple[sp.Basic, sp.Expr], ...]) -> sp.Basic:
    """Ranges over a family with a defined member, made to meet the definition (see :meth:`Claim.expand`)."""
    members: dict[sp.Basic, list[tuple[sp.Basic, sp.Expr]]] = {}
    for atom, definition in definitions:
        if isinstance(atom, sp.Indexed) and len(atom.indices) == 1:
            members.setdefault(atom.base, []).append((atom.indices[0], definition))
    if not members or not expr.has(*RANGED):
        return expr

    def over_defined(e: sp.Basic) -> bool:
        body, index = range_parts(e)[:2]
        return any(m.base in members and index in m.indices[0].free_symbols for m in body.atoms(sp.Indexed))

    def rebuild(e: sp.Basic) -> sp.Basic:
        if not e.args:
            return e
        if isinstance(e, RANGED) and over_defined(e):
            written = written_out(e)
            if written is not None:
                return rebuild(written)
            body, index = range_parts(e)[:2]

            def piecewise(member: sp.Basic) -> sp.Basic:
                if not isinstance(member, sp.Indexed) or member.base not in members or len(member.indices) != 1:
                    return member
                pieces = [(value, sp.Eq(member.indices[0], where, evaluate=False))
                          for where, value in members[member.base]]
                return sp.Piecewise(*pieces, (member, True), evaluate=False)

            new_body = body.replace(lambda m: isinstance(m, sp.Indexed) and index in m.free_symbols, piecewise)
            return build(e.func, [rebuild(new_body), *e.args[1:]])
        args = [rebuild(a) for a in e.args]
        return e if all(new is old for new, old in zip(args, e.args)) else build(e.func, args)

    return rebuild(expr)


@lru_cache(maxsize=256)
def _written_parts(claim: Claim) -> tuple[Relational, ...]:
    """Remembered per claim: the search, the proof, the cross-check and the audit all start from them."""
    return tuple(Relational(claim.expand(p.lhs), p.relation, claim.expand(p.rhs)) for p in claim.parts)


@lru_cache(maxsize=256)
def _expanded_parts(claim: Claim) -> tuple[Relational, ...]:
    return tuple(Relational(evaluated(p.lhs), p.relation, evaluated(p.rhs)) for p in claim.written_parts())


def atoms_of(expr: sp.Expr) -> Iterator[sp.Basic]:
    """The free atoms of an expression: symbols, family members, undefined function applications, derivatives."""
    yield from free_atoms(expr)

