"""The assumption audit: which declared assumptions each proof needs, and where formulas are undefined.

- For every proved claim, each declared assumption is dropped in turn (a positive, probability, beta,
  discount, integer or interval symbol becomes merely real; a distribution loses its "sums to 1") and
  the weakened claim is checked again. A counterexample shows the assumption is necessary; a proof
  shows it is not; anything else is reported as unknown.
- Every mathematical claim is probed at simple and random points of its declared domain for a side
  that is undefined there (a division by zero, a log of a non-positive number), reported with the point.
Both run through the same worker pool, under the same time limit, as the claims themselves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

import sympy as sp

from checker.numeric.balls import Uncertain, Undefined
from checker.numeric.interval import evaluate
from checker.values.claims import Claim, FiniteCheck, Kind, Reference, Relational, Weakened
from checker.values.domains import POSITIVE, REAL, Domain
from checker.values.verdicts import Status, Verdict
from checker.values.written import substitute

from .checking import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, check_many, derived
from .definedness import domain_bounds, required
from .points import Unsearchable, claim_variables, environment, prepared, rng_for, simple_points
from .prove import FACTORED


@dataclass(frozen=True, slots=True)
class AssumptionCheck:
    """What happened to a proved claim when one declared assumption was dropped."""

    assumption: str
    weakened: str
    verdict: Verdict

    @property
    def necessary(self) -> bool | None:
        if self.verdict.status is Status.REFUTED:
            return True
        if self.verdict.status is Status.PROVED:
            return False
        return None


@dataclass(frozen=True, slots=True)
class Audit:
    """The audit of one claim: its assumption checks (for proved claims) and where it is undefined."""

    assumptions: tuple[AssumptionCheck, ...]
    undefined: str


def _strong(domain: Domain) -> bool:
    return bool(domain.group) or domain.integer or domain.lo is not None or domain.hi is not None


def weakenings(claim: Claim, proof: Verdict | None = None) -> list[tuple[str, str, Claim]]:
    """The claim with each declared assumption dropped in turn: (assumption, weaker form, claim); given the
    claim's ``proof``, each weakened claim carries where and how the claim is proved (:class:`Weakened`)."""
    return _variants(claim, _methods(proof))


def _methods(proof: Verdict | None) -> tuple[str, ...] | None:
    """The methods a weakened claim is tried with: those of an exact proof, never of simplify's word alone; and
    whether that proof factored (a sign proof says so in its step: see :data:`checker.engine.prove.FACTORED`)."""
    if proof is None or proof.status is not Status.PROVED or not proof.exact:
        return None
    factored = any(f" ({FACTORED}) is " in step for step in proof.steps)
    return (proof.method, FACTORED) if factored else (proof.method,)


def weakening(claim: Claim, methods: tuple[str, ...] | None, number: int) -> Claim:
    """The ``number``-th claim of :func:`weakenings` (the proof's methods given): what a run's worker, holding
    the claim, builds for itself (see :func:`checker.engine.checking.derived`) — that one alone."""
    _, _, atoms, weaker = _droppable(claim)[number]
    return _replace(claim, atoms, weaker, methods)


def _variants(claim: Claim, methods: tuple[str, ...] | None) -> list[tuple[str, str, Claim]]:
    return [(label, weaker_text, _replace(claim, atoms, weaker, methods))
            for label, weaker_text, atoms, weaker in _droppable(claim)]


def _droppable(claim: Claim) -> list[tuple[str, str, list[sp.Basic], Domain]]:
    """Each declared assumption that can be dropped: (as a reader writes it, the weaker form, the atoms it covers,
    their weaker domain) — a distribution's "sums to 1" once for all its entries."""
    if not claim.is_mathematical:
        return []
    found: list[tuple[str, str, list[sp.Basic], Domain]] = []
    seen_groups: set[tuple[str, ...]] = set()
    for atom, domain in claim.domains:
        if not isinstance(atom, sp.Symbol) or not _strong(domain):
            continue
        if domain.group:
            if domain.group in seen_groups:
                continue
            seen_groups.add(domain.group)
            members = [a for a, d in claim.domains if d.group == domain.group]
            found.append((f"({', '.join(domain.group)}) is a distribution", "entries positive, not summing to 1",
                          members, POSITIVE))
        else:
            found.append((assumption_label(atom, domain), f"{atom} real", [atom], REAL))
    return found


def assumption_label(atom: sp.Basic, domain: Domain) -> str:
    """An assumption as a reader writes it: ``β > 0``, ``p ∈ (0, 1]``, ``|y| a non-negative integer``."""
    if domain.integer:
        return f"{atom} a {domain.name}"
    if domain.hi is None and domain.lo is not None:
        return f"{atom} {'>' if domain.lo_open else '≥'} {domain.lo}"
    if domain.lo is None and domain.hi is not None:
        return f"{atom} {'<' if domain.hi_open else '≤'} {domain.hi}"
    left, right = "(" if domain.lo_open else "[", ")" if domain.hi_open else "]"
    return f"{atom} ∈ {left}{domain.lo}, {domain.hi}{right}"


def _replace(claim: Claim, atoms: Sequence[sp.Basic], weaker: Domain, methods: tuple[str, ...] | None) -> Claim:
    mapping = {atom: sp.Symbol(atom.name, **weaker.assumptions()) for atom in atoms}  # type: ignore[attr-defined]
    swap = lambda e: substitute(e, mapping)  # noqa: E731 - one-line helper
    domains = tuple((mapping.get(a, a), weaker if a in mapping else d) for a, d in claim.domains)
    proved_on = tuple((mapping.get(a, a), d) for a, d in claim.domains)
    return Claim(claim.kind, claim.text + " [assumption dropped]",
                 tuple(Relational(swap(p.lhs), p.relation, swap(p.rhs)) for p in claim.parts), domains,
                 tuple((swap(a), swap(e)) for a, e in claim.definitions), claim.reference,
                 None if claim.witness is None else swap(claim.witness), search_budget=AUDIT_SEARCH,
                 semantics=claim.semantics, cas_trusted=False,
                 weakened=None if methods is None else Weakened(proved_on, methods))


AUDIT_SEARCH = (60, 15)
"""The counterexample search for a claim with an assumption dropped: where the assumption matters, the claim
fails at simple points outside the old domain (a negative β, entries not summing to 1), found by the simplest
values first; a claim that survives this search is "unknown", not "does not need" (only a proof says that)."""


PROBE = (100, 20)
"""Points the definedness probe evaluates: the simplest ones (where a formula breaks: 0, the domain's ends),
then random ones."""


def _undefined_probe(claim: Claim, budget: int = PROBE[0], random_points: int = PROBE[1]) -> Claim:
    """A finite check, run in a worker: every side is defined on the domain by the formula's shape (every condition
    holds there: nothing to sample), or at each sampled point of it. The shape is read in the worker, where the
    claim's conditions were worked out while it was checked; in the run's own process they would be worked out
    again from nothing."""
    def instances() -> list[str]:
        return ["probe"]

    def holds(_: object) -> bool:
        return defined_everywhere(claim) or undefined_point(claim, budget, random_points) == ""

    return Claim(Kind.FINITE, f"{claim.text} is defined on its domain",
                 finite=FiniteCheck(holds, instances, "sampled points of the domain"),
                 reference=Reference("definedness", "interval evaluation"))


def defined_everywhere(claim: Claim) -> bool:
    """Whether every side of the claim is defined on its whole domain by shape and declared bounds (no
    denominator, logarithm, root or power base that could break there): the analysis a strict proof's
    definedness half rests on, so the definedness probe of such a claim samples no point."""
    try:
        sides = [side for part in claim.written_parts() for side in (part.lhs, part.rhs)]
    except (ValueError, TypeError, AttributeError, ZeroDivisionError):
        return False
    return not required(sides, domain_bounds(claim.domains))


def undefined_point(claim: Claim, budget: int = PROBE[0], random_points: int = PROBE[1]) -> str:
    """The first sampled point of the domain where a side is certainly undefined, described; or ''."""
    try:
        relations = prepared(claim)
        variables = claim_variables(claim)
    except Unsearchable:
        return ""
    rng = rng_for(claim)
    points: list[tuple[tuple[Fraction, ...], ...]] = [
        tuple(v.candidates[i] for v, i in zip(variables, vector)) for vector in simple_points(variables, budget)]
    points += [tuple(v.random(rng) for v in variables) for _ in range(random_points)]
    for values in points:
        env = environment(variables, values)
        for lhs, _, rhs in relations:
            for name, side in (("left", lhs), ("right", rhs)):
                try:
                    evaluate(side, env)
                except Undefined as problem:
                    where = ", ".join(f"{a} = {v}" for a, v in env.items())
                    return f"the {name} side is undefined at {where}: {problem}"
                except Uncertain:
                    continue
    return ""


class Store(Protocol):
    """Where audit results are remembered between runs (a :class:`checker.cache.ResultCache`)."""

    def get(self, claim: Claim) -> Verdict | None: ...

    def put(self, claim: Claim, verdict: Verdict) -> None: ...

    def get_note(self, key: str) -> str | None: ...

    def put_note(self, key: str, note: str) -> None: ...


def _probe_key(claim: Claim) -> str | None:
    from .cache import claim_key

    key = claim_key(claim)
    return None if key is None else hashlib.sha256(f"definedness probe {PROBE} {key}".encode()).hexdigest()


def audit_claims(claims: Sequence[Claim], verdicts: Sequence[Verdict], timeout: float = DEFAULT_TIMEOUT,
                 jobs: int | None = None, *, memory_mb: int = DEFAULT_MEMORY_MB, store: Store | None = None
                 ) -> list[Audit]:
    """Audit each claim: assumption checks for the proved ones, definedness probes for all mathematical ones.

    What ``store`` remembers from earlier runs is not redone; the rest — weakened claims and probes together —
    goes to the workers in one batch, so no core waits for the other kind to finish.
    """
    jobs_list: list[tuple[int, str, str, Claim]] = []
    for index, (claim, verdict) in enumerate(zip(claims, verdicts)):
        if verdict.status is Status.PROVED:
            methods = _methods(verdict)
            jobs_list += [(index, label, weaker, derived(variant, claim, weakening, methods, number))
                          for number, (label, weaker, variant) in enumerate(weakenings(claim, verdict))]
    weakened: list[Verdict | None] = [store.get(job[3]) if store is not None else None for job in jobs_list]
    undefined: dict[int, str] = {}
    probes: list[tuple[int, str | None, Claim]] = []
    for index, claim in enumerate(claims):
        if not claim.is_mathematical:
            continue
        key = _probe_key(claim) if store is not None else None
        known = store.get_note(key) if store is not None and key is not None else None
        if known is not None:
            undefined[index] = known
        else:
            probes.append((index, key, derived(_undefined_probe(claim), claim, _undefined_probe)))
    missing = [i for i, verdict in enumerate(weakened) if verdict is None]
    batch = [jobs_list[i][3] for i in missing] + [probe for _, _, probe in probes]
    done = check_many(batch, timeout, jobs, memory_mb=memory_mb)
    for i, verdict in zip(missing, done):
        weakened[i] = verdict
        if store is not None:
            store.put(jobs_list[i][3], verdict)
    for (index, key, _), probed in zip(probes, done[len(missing):]):
        if probed.status is Status.REFUTED:
            undefined[index] = undefined_point(claims[index])
        if store is not None and key is not None and probed.status in (Status.REFUTED, Status.ASSERTED):
            store.put_note(key, undefined.get(index, ""))  # a probe cut by the time limit is not remembered
    found: dict[int, list[AssumptionCheck]] = {}
    for (index, label, weaker, _), outcome in zip(jobs_list, weakened):
        if outcome is not None:  # every one is filled above
            found.setdefault(index, []).append(AssumptionCheck(label, weaker, outcome))
    return [Audit(tuple(found.get(i, ())), undefined.get(i, "")) for i in range(len(claims))]
