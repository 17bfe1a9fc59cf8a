"""Step-by-step derivations as values: chains of expressions related by =, <=, <, >=, >.

A :class:`Derivation` is a start expression and its :class:`Step` s under declared domains and definitions;
each step becomes a claim (:meth:`Derivation.step_claims`) that :mod:`checker.questions.chains` checks. The
chain proves its first expression REL its last, where REL composes the steps' relations (= and <= give <=;
any < makes it <); a chain that goes both up and down concludes nothing and is refused when built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import sympy as sp

from .claims import Claim, Kind, Reference, Relation, Relational
from .errors import ClaimError
from .semantics import Semantics

FACT_SEARCH = (100, 20)
"""A named fact is searched for a counterexample more briefly: a misapplied fact fails at simple points."""


@dataclass(frozen=True, slots=True)
class Step:
    """One line of a derivation: ``REL expr``, with how it is justified."""

    expr: sp.Expr
    relation: Relation
    justification: str = ""
    fact: str | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class Derivation:
    """A chain ``start REL₁ e₁ REL₂ e₂ …`` under declared domains and definitions."""

    id: str
    title: str
    start: sp.Expr
    steps: tuple[Step, ...]
    domains: tuple[tuple[sp.Basic, object], ...] = ()
    definitions: tuple[tuple[sp.Basic, sp.Expr], ...] = ()
    notes: tuple[str, ...] = ()
    semantics: Semantics = Semantics.STRICT
    latex: tuple[str, ...] = ()
    """The chain's lines as written (the first holds the start), one per step; empty when built in Python."""
    origin: tuple[str, int] = field(default=(), compare=False)
    """The file and line the chain starts at (empty when built in Python): where annotations point."""
    step_lines: tuple[int, ...] = field(default=(), compare=False)
    """Each step's line in that file, when the chain is written a step per line."""

    def __post_init__(self) -> None:
        if not self.steps:
            raise ClaimError(f"derivation {self.id}: needs at least one step")
        conclusion(self.steps, self.id)

    @property
    def conclusion(self) -> Relation:
        return conclusion(self.steps, self.id)

    def step_claims(self) -> list[Claim]:
        claims = []
        previous = self.start
        for number, step in enumerate(self.steps, start=1):
            kind = Kind.IDENTITY if step.relation is Relation.EQ else Kind.COMPARISON
            reference = Reference(step.fact, "named fact") if step.fact else None
            claims.append(Claim(kind, f"step {number}: {step.source or step.expr}",
                                (Relational(previous, step.relation, step.expr),), self.domains,  # type: ignore[arg-type]
                                self.definitions, reference=reference,
                                search_budget=FACT_SEARCH if step.fact else None, semantics=self.semantics))
            previous = step.expr
        return claims


def conclusion(steps: Sequence[Step], name: str = "") -> Relation:
    """The relation a chain of steps proves between its ends."""
    relations = {s.relation for s in steps}
    if Relation.NE in relations:
        raise ClaimError(f"derivation {name}: a ≠ step does not chain")
    up = relations & {Relation.LT, Relation.LE}
    down = relations & {Relation.GT, Relation.GE}
    if up and down:
        raise ClaimError(f"derivation {name}: mixes ≤ and ≥ steps, so it proves nothing about its ends")
    if Relation.LT in relations:
        return Relation.LT
    if Relation.GT in relations:
        return Relation.GT
    if up:
        return Relation.LE
    if down:
        return Relation.GE
    return Relation.EQ
