"""Counterexample search over a claim's domain: simple points first, then random ones, then shrinking.

A counterexample is reported only when :func:`checker.certify.judge` certifies the failure with
interval arithmetic at exact rational values; the search itself may be heuristic, the verdict is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from .certify import Judgement, Outcome, judge
from .claims import Claim
from .points import Variable, environment, prepared, rng_for, simple_points, variables_of
from .prove import PRECISIONS
from .verdicts import Counterexample, Enclosure

SIMPLE_BUDGET = 1500
RANDOM_BUDGET = 300
RETRY_POINTS = 12
"""Simple points re-evaluated at higher precision when nothing failed at 53 bits (near-equalities)."""


@dataclass(frozen=True, slots=True)
class Search:
    counterexample: Counterexample | None
    tried: int
    unknown: int


def search(claim: Claim) -> Search:
    """Look for exact values at which some relation of the claim certifiably fails."""
    relations = prepared(claim)
    variables = variables_of(claim, [side for lhs, _, rhs in relations for side in (lhs, rhs)])
    tried = unknown = 0
    if not variables:
        return _constant(relations)
    simple_budget, random_budget = claim.search_budget or (SIMPLE_BUDGET, RANDOM_BUDGET)
    for vector in simple_points(variables, simple_budget):
        values = tuple(v.candidates[i] for v, i in zip(variables, vector))
        found, outcome = _fails(relations, variables, values)
        tried += 1
        unknown += outcome is Outcome.UNKNOWN
        if found is not None:
            return Search(_shrink(relations, variables, values, found), tried, unknown)
    rng = rng_for(claim)
    for _ in range(random_budget):
        values = tuple(v.random(rng) for v in variables)
        found, outcome = _fails(relations, variables, values)
        tried += 1
        unknown += outcome is Outcome.UNKNOWN
        if found is not None:
            return Search(_shrink(relations, variables, values, found), tried, unknown)
    for prec in PRECISIONS[1:]:
        for vector in simple_points(variables, RETRY_POINTS):
            values = tuple(v.candidates[i] for v, i in zip(variables, vector))
            found, _ = _fails(relations, variables, values, prec)
            tried += 1
            if found is not None:
                index, verdict = found
                return Search(_counterexample(variables, values, index, relations[index][1], verdict, prec),
                              tried, unknown)
    return Search(None, tried, unknown)


def _constant(relations: list[tuple[sp.Expr, str, sp.Expr]]) -> Search:
    """Without free atoms, raise the precision until the enclosures separate or the budget ends."""
    for index, (lhs, relation, rhs) in enumerate(relations):
        difference = lhs - rhs
        if difference.is_Rational:
            # exact: no enclosure needed, and none could separate equal values
            holds = {"=": difference == 0, "<": difference < 0, "<=": difference <= 0,
                     ">": difference > 0, ">=": difference >= 0}[relation]
            if not holds:
                exact = Judgement(Outcome.FAILS, str(lhs), str(rhs), f"exact: lhs − rhs = {difference}")
                return Search(_counterexample((), (), index, relation, exact, 53), 1, 0)
            continue
        for prec in PRECISIONS:
            verdict = judge(lhs, relation, rhs, {}, prec)
            if verdict.outcome is Outcome.FAILS:
                return Search(_counterexample((), (), index, relation, verdict, prec), 1, 0)
            if verdict.outcome is not Outcome.CONSISTENT:
                break
    return Search(None, 1, 0)


def _fails(relations: list[tuple[sp.Expr, str, sp.Expr]], variables: tuple[Variable, ...],
           values: tuple[tuple[Fraction, ...], ...], prec: int = 53) -> tuple[tuple[int, Judgement] | None, Outcome]:
    env = environment(variables, values)
    worst = Outcome.CONSISTENT
    for index, (lhs, relation, rhs) in enumerate(relations):
        verdict = judge(lhs, relation, rhs, env, prec)
        if verdict.outcome is Outcome.FAILS:
            return (index, verdict), Outcome.FAILS
        if verdict.outcome is Outcome.UNKNOWN:
            worst = Outcome.UNKNOWN
    return None, worst


def _shrink(relations: list[tuple[sp.Expr, str, sp.Expr]], variables: tuple[Variable, ...],
            values: tuple[tuple[Fraction, ...], ...], found: tuple[int, Judgement]) -> Counterexample:
    """Replace each coordinate by the simplest candidate that keeps the failure, until nothing changes."""
    current = list(values)
    changed = True
    while changed:
        changed = False
        for position, variable in enumerate(variables):
            for candidate in variable.candidates:
                if candidate == current[position]:
                    break
                trial = current.copy()
                trial[position] = candidate
                result, _ = _fails(relations, variables, tuple(trial))
                if result is not None:
                    current, found, changed = trial, result, True
                    break
    index, verdict = found
    return _counterexample(variables, tuple(current), index, relations[index][1], verdict, 53)


def _counterexample(variables: tuple[Variable, ...], values: tuple[tuple[Fraction, ...], ...], index: int,
                    relation: str, verdict: Judgement, prec: int) -> Counterexample:
    pairs = tuple((atom, sp.Rational(v.numerator, v.denominator))
                  for variable, value in zip(variables, values) for atom, v in zip(variable.atoms, value))
    note = verdict.note or {"=": "the two sides differ", "<": "lhs ≥ rhs", "<=": "lhs > rhs",
                            ">": "lhs ≤ rhs", ">=": "lhs < rhs"}[relation]
    if prec != 53:
        note += f" (certified at {prec} bits)"
    return Counterexample(pairs, Enclosure(index, verdict.lhs, verdict.rhs), relation, note)


def crosscheck(claim: Claim, points: int = 6) -> tuple[list[str], str | None]:
    """Evaluate every relation at a few points; return the evaluations and a contradiction, if any."""
    relations = prepared(claim)
    variables = variables_of(claim, [side for lhs, _, rhs in relations for side in (lhs, rhs)])
    rng = rng_for(claim)
    simple = list(simple_points(variables, 2))
    samples = [tuple(v.candidates[i] for v, i in zip(variables, vector)) for vector in simple]
    samples += [tuple(v.random(rng) for v in variables) for _ in range(points)]
    records: list[str] = []
    for values in dict.fromkeys(samples):
        env = environment(variables, values)
        point = ", ".join(f"{a} = {x}" for a, x in env.items()) or "constants"
        for lhs, relation, rhs in relations:
            verdict = judge(lhs, relation, rhs, env)
            if verdict.outcome is Outcome.FAILS:
                return records, f"at {point}: lhs ∈ {verdict.lhs}, rhs ∈ {verdict.rhs} {verdict.note}".strip()
            if verdict.outcome is Outcome.CONSISTENT:
                records.append(f"{point}: lhs ∈ {verdict.lhs}, rhs ∈ {verdict.rhs}")
    return records, None
