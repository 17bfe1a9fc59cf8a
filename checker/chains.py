"""Step-by-step derivations: chains of expressions related by =, <=, <, >=, >, each step checked.

A step is justified by an algebraic rewrite (checked), a declared definition (checked with the
definition substituted), or a named fact (Gibbs' inequality, Jensen, …): a fact step is still searched
for a counterexample — a misapplied fact is refuted — and, when neither proved nor refuted, recorded as
asserted under the fact's name. The chain proves its first expression REL its last, where REL composes
the steps' relations (= and <= give <=; any < makes it <); a chain that goes both up and down concludes
nothing and is refused when built.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace

import sympy as sp

from .claims import Claim, Kind, Reference, Relation, Relational
from .engine import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Progress, check_many
from .errors import ClaimError
from .semantics import Semantics
from .verdicts import Status, Verdict

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


class ChainStatus(enum.Enum):
    VALID = "valid"
    VALID_IF_FACTS_HOLD = "valid if the facts hold"
    BROKEN = "broken"
    UNDECIDED = "undecided"


@dataclass(frozen=True, slots=True)
class DerivationResult:
    derivation: Derivation
    verdicts: tuple[Verdict, ...]
    status: ChainStatus
    first_failure: int | None
    explanation: str

    def failed(self) -> bool:
        return self.status in (ChainStatus.BROKEN, ChainStatus.UNDECIDED)


def _as_fact(verdict: Verdict, fact: str | None) -> Verdict:
    """A fact step neither proved nor refuted is asserted under the fact's name."""
    if fact is None or verdict.status is not Status.UNDECIDED:
        return verdict
    return replace(verdict, status=Status.ASSERTED, method=f"named fact: {fact}", holds=True,
                   summary=f"by {fact} (asserted; no counterexample found: {verdict.reason})", reason="")


def check_derivations(derivations: Sequence[Derivation], timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None,
                      *, memory_mb: int = DEFAULT_MEMORY_MB, progress: Progress | None = None,
                      checker: object = None) -> list[DerivationResult]:
    """Check every step of every derivation (through the worker pool) and judge each chain."""
    run = checker or check_many
    claims = [c for d in derivations for c in d.step_claims()]
    verdicts = iter(run(claims, timeout, jobs, memory_mb=memory_mb, progress=progress))  # type: ignore[operator]
    results = []
    for derivation in derivations:
        own = tuple(_as_fact(next(verdicts), step.fact) for step in derivation.steps)
        results.append(_judge(derivation, own))
    return results


def _judge(derivation: Derivation, verdicts: tuple[Verdict, ...]) -> DerivationResult:
    ends = f"first expression {derivation.conclusion.value} last expression ({len(derivation.steps)} steps)"
    for number, verdict in enumerate(verdicts, start=1):
        if verdict.status is Status.REFUTED:
            return DerivationResult(derivation, verdicts, ChainStatus.BROKEN, number,
                                    f"step {number} fails: {verdict.counterexample}")
    undecided = [n for n, v in enumerate(verdicts, start=1) if v.status is Status.UNDECIDED]
    if undecided:
        return DerivationResult(derivation, verdicts, ChainStatus.UNDECIDED, undecided[0],
                                f"step {undecided[0]} is undecided: {verdicts[undecided[0] - 1].reason}")
    facts = [n for n, v in enumerate(verdicts, start=1) if v.status is Status.ASSERTED]
    if facts:
        named = ", ".join(f"{n} ({derivation.steps[n - 1].fact})" for n in facts)
        return DerivationResult(derivation, verdicts, ChainStatus.VALID_IF_FACTS_HOLD, None,
                                f"proves {ends}, given the facts used at step(s) {named}")
    return DerivationResult(derivation, verdicts, ChainStatus.VALID, None, f"proves {ends}")
