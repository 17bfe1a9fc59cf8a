"""Counterexample search over a claim's domain: simple points, the formula's own singular points, random
points, higher precision; then shrinking to the simplest values.

A counterexample is reported only when :func:`checker.semantics.judge` certifies the failure with exact or
interval arithmetic at exact rational values; the search itself may be heuristic, the verdict is not. A
point where both sides are defined and differ is preferred: a *definedness* counterexample (one side
undefined where the semantics needs it defined) is reported only when no value counterexample is found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import islice

import sympy as sp

from checker.numeric.balls import CAP, LADDER, endpoints, is_exact
from checker.values.claims import Claim
from checker.values.functions import normal_mean
from checker.values.semantics import Semantics
from checker.values.verdicts import Counterexample, Enclosure

from .judgement import Judgement, Outcome, exact_value, judge, side_value
from .points import (
    Relations,
    Unsearchable,
    Values,
    Variable,
    claim_variables,
    environment,
    length_instances,
    prepared,
    repairs,
    rng_for,
    simple_points,
    special_values,
)
from .screen import screened

SIMPLE_BUDGET = 1500
RANDOM_BUDGET = 300
REPAIR_POINTS = 40
"""Simple points per linear critical quantity, each moved onto that quantity's zero."""
RETRY_POINTS = 12
INTEGRAL_POINTS = 40
"""Simple points for a claim whose values are rigorous integrals (an expectation with no closed form)."""
"""Simple points re-evaluated at higher precision when nothing failed at 53 bits (near-equalities)."""



@dataclass(frozen=True, slots=True)
class Search:
    counterexample: Counterexample | None
    tried: int
    unknown: int
    agreement: str = ""
    """For constant sides that no precision separated: how far they agree, e.g. "equal to 1,233 digits"."""


def search(claim: Claim, *, definedness_only: bool = False, probe: int = 0) -> Search:
    """Look for exact values at which some relation of the claim certifiably fails.

    With ``definedness_only`` (the relation is already proved wherever both sides are defined) the search
    stops at the first point where definedness fails. With ``probe`` it tries only that many of the
    simplest points, and reports only a value counterexample (a cheap look before any proof is attempted).
    """
    try:
        variables = claim_variables(claim)
    except Unsearchable:
        return _search_instances(_instances_or_raise(claim), definedness_only, probe)
    relations = prepared(claim)
    if not variables:
        constant = _constant(relations, claim.semantics)
        if probe and constant.counterexample is not None and constant.counterexample.undefined:
            return Search(None, constant.tried, constant.unknown)
        return constant
    tried = unknown = 0
    fallback: tuple[Values, tuple[int, Judgement]] | None = None
    points = _points(claim, variables) if not probe else \
        ((tuple(v.candidates[i] for v, i in zip(variables, vector)), 53) for vector in simple_points(variables, probe))
    proved = _proved_at(claim, variables)
    for values, prec in points:
        if proved(values):
            tried += 1  # a point where the claim this one weakens is proved: the same formulas hold there
            continue
        # equations are screened only in a first look: the probe, and the audit's search of a claim with an
        # assumption dropped (where a dropped assumption matters, the claim fails grossly, not in the 17th digit)
        screen_equations = bool(probe) or claim.weakened is not None
        if prec == 53 and screened(relations, variables, values, screen_equations, claim.semantics,
                                    fallback is not None or bool(probe)):
            tried += 1  # the floats see nothing the search could still find here: nothing to certify
            continue
        found, outcome = _fails(relations, variables, values, claim.semantics, prec)
        tried += 1
        unknown += outcome is Outcome.UNKNOWN
        if found is None:
            continue
        if found[1].undefined and not definedness_only:
            fallback = fallback or (values, found)
            continue
        return Search(_shrink(relations, variables, values, found, claim.semantics, prec, proved), tried, unknown)
    if fallback is not None and not probe:
        return Search(_shrink(relations, variables, *fallback, claim.semantics, 53, proved), tried, unknown)
    return Search(None, tried, unknown)


def _proved_at(claim: Claim, variables: tuple[Variable, ...]) -> Callable[[Values], bool]:
    """For the audit's claim with an assumption dropped: whether a point lies where the claim it weakens is
    proved (every atom in its old domain, every old distribution summing to 1), so it cannot fail there."""
    if claim.weakened is None:
        return lambda values: False
    proved = dict(claim.weakened.proved_on)

    def inside(values: Values) -> bool:
        sums: dict[tuple[str, ...], Fraction] = {}
        for atom, value in environment(variables, values).items():
            domain = proved.get(atom)
            if domain is None or not domain.contains(value):
                return False
            if domain.group:
                sums[domain.group] = sums.get(domain.group, Fraction(0)) + value
        return all(total == 1 for total in sums.values())

    return inside


def _instances_or_raise(claim: Claim) -> list[tuple[tuple[tuple[sp.Symbol, sp.Integer], ...], Claim]]:
    """The claim written out at its smallest symbolic lengths; re-raises the caller's Unsearchable if it has
    none (called inside ``except Unsearchable``)."""
    instances = length_instances(claim)
    if not instances:
        raise  # noqa: PLE0704 - re-raises the Unsearchable being handled
    return instances


def _search_instances(instances: list[tuple[tuple[tuple[sp.Symbol, sp.Integer], ...], Claim]],
                      definedness_only: bool, probe: int) -> Search:
    """Search a claim over a family to a symbolic length at its small lengths, each written out: a counterexample
    there is one of the claim, with the length among its values."""
    tried = unknown = 0
    for lengths, instance in instances:
        try:
            found = search(instance, definedness_only=definedness_only, probe=probe)
        except Unsearchable:
            continue
        tried, unknown = tried + found.tried, unknown + found.unknown
        if found.counterexample is not None:
            example = found.counterexample
            note = example.note if instance.parts[0].lhs.has(sp.oo) or instance.parts[0].rhs.has(sp.oo) else \
                re.sub(r"; [^;]*'s other members are 0 \(an episode that ends\)", "", example.note)
            return Search(replace(example, values=(*lengths, *example.values), note=note), tried, unknown)
    return Search(None, tried, unknown)


def fails_at(claim: Claim, values: Mapping[sp.Basic, Fraction]) -> bool:
    """Whether some relation of the claim certainly fails at a known exact point (every atom given); False when
    the point does not cover the claim's atoms or nothing is certain there."""
    try:
        relations = prepared(claim)
        atoms = {atom for variable in claim_variables(claim) for atom in variable.atoms}
    except Unsearchable:
        return False
    if not atoms <= values.keys():
        return False
    env = {atom: values[atom] for atom in atoms}
    return any(judge(lhs, relation, rhs, env, semantics=claim.semantics, shown=False).outcome is Outcome.FAILS
               for lhs, relation, rhs in relations)


def _points(claim: Claim, variables: tuple[Variable, ...]) -> Iterator[tuple[Values, int]]:
    """Every point the search tries, in order, with the precision to evaluate it at."""
    simple_budget, random_budget = claim.search_budget or (SIMPLE_BUDGET, RANDOM_BUDGET)
    integrals = any(p.lhs.has(normal_mean) or p.rhs.has(normal_mean) for p in claim.parts) or \
        any(d.has(normal_mean) for _, d in claim.definitions)
    if integrals:  # each value is a rigorous integral: a few points, at working precision only
        simple_budget, random_budget = min(simple_budget, INTEGRAL_POINTS), min(random_budget, INTEGRAL_POINTS // 4)
    for vector in simple_points(variables, simple_budget):
        yield tuple(v.candidates[i] for v, i in zip(variables, vector)), 53
    yield from ((values, 53) for values in _repaired(claim, variables))
    rng = rng_for(claim)
    for _ in range(random_budget):
        yield tuple(v.random(rng) for v in variables), 53
    # higher precision separates near-equalities; a claim with an assumption dropped fails grossly where the
    # assumption matters (a negative β, entries not summing to 1), so the audit's search does not climb
    for prec in LADDER[1:] if not integrals and claim.weakened is None else ():
        for vector in simple_points(variables, RETRY_POINTS):
            yield tuple(v.candidates[i] for v, i in zip(variables, vector)), prec


def _repaired(claim: Claim, variables: tuple[Variable, ...]) -> Iterator[Values]:
    """Simple points moved onto the zero of a critical quantity that is linear in one of its symbols."""
    position = {variable.atoms[0]: index for index, variable in enumerate(variables) if len(variable.atoms) == 1}
    for repair in repairs(claim):
        index = position.get(repair.symbol)
        if index is None:
            continue
        domain = variables[index].domain
        # the zero depends only on the coordinates the slope and offset mention: each is computed once
        used = [a for v in variables for a in v.atoms if repair.slope.has(a) or repair.offset.has(a)]
        zeros: dict[tuple[Fraction, ...], Fraction | None] = {}
        for vector in simple_points(variables, REPAIR_POINTS):
            values = [v.candidates[i] for v, i in zip(variables, vector)]
            env = environment(variables, tuple(values))
            key = tuple(env[a] for a in used)
            if key not in zeros:
                slope, offset = exact_value(repair.slope, env), exact_value(repair.offset, env)
                zeros[key] = None if slope is None or offset is None or slope == 0 else -offset / slope
            root = zeros[key]
            if root is not None and domain.contains(root):
                values[index] = (root,)
                yield tuple(values)


def _constant(relations: Relations, semantics: Semantics) -> Search:
    """Without free atoms, raise the precision until the values separate or the ladder ends."""
    fallback = None
    agreements = []
    for index, (lhs, relation, rhs) in enumerate(relations):
        verdict = None
        for prec in LADDER:
            verdict = judge(lhs, relation, rhs, {}, prec, semantics, shown=False)  # a failure is always shown
            if verdict.outcome is Outcome.FAILS:
                example = _counterexample((), (), index, relation, verdict, prec)
                if all(is_exact(side_value(side, {}, prec)[0]) for side in (lhs, rhs)):
                    example = replace(example, note=example.note + " (exact rational arithmetic)")
                if not verdict.undefined:
                    return Search(example, 1, 0)
                fallback = fallback or example
            if verdict.outcome is Outcome.OUTSIDE or verdict.certain:
                break  # certainly holds: no precision can make it fail, and there is no agreement to report
        if verdict is not None and verdict.outcome is Outcome.CONSISTENT and not verdict.certain:
            digits = agreement(lhs, rhs)
            if digits is not None:
                agreements.append(f"relation {index + 1}: {digits}" if len(relations) > 1 else digits)
    return Search(fallback, 1, 0, "; ".join(agreements))


def agreement(lhs: sp.Expr, rhs: sp.Expr) -> str | None:
    """How closely two constant sides agree at the top of the ladder when their balls still overlap, e.g. "the
    two sides are equal to 1,227 digits (balls at 4,096 bits); no proof"; None when they are exact or not both known."""
    left, _ = side_value(lhs, {}, CAP)
    right, _ = side_value(rhs, {}, CAP)
    if left is None or right is None or (is_exact(left) and is_exact(right)):
        return None
    (a, b), (c, d) = endpoints(left), endpoints(right)
    low, high = min(a, c), max(b, d)
    size = max(abs(low), abs(high))
    width = high - low
    if width == 0 or size == 0:
        return None

    def log10(ratio: Fraction) -> int:
        return max(0, (ratio.numerator.bit_length() - ratio.denominator.bit_length()) * 3 // 10)

    if low <= 0 <= high:  # both near 0: an absolute agreement
        return f"the two sides differ by less than 10^-{log10(1 / width):,} (balls at {CAP:,} bits); no proof"
    return f"the two sides are equal to {log10(size / width):,} digits (balls at {CAP:,} bits); no proof"


def _fails(relations: Relations, variables: tuple[Variable, ...], values: Values, semantics: Semantics,
           prec: int = 53) -> tuple[tuple[int, Judgement] | None, Outcome]:
    """The first relation that certainly fails at the point (a value failure before a definedness one)."""
    env = environment(variables, values)
    worst = Outcome.CONSISTENT
    undefined = None
    for index, (lhs, relation, rhs) in enumerate(relations):
        verdict = judge(lhs, relation, rhs, env, prec, semantics, shown=False)
        if verdict.outcome is Outcome.FAILS:
            if not verdict.undefined:
                return (index, verdict), Outcome.FAILS
            undefined = undefined or (index, verdict)
        elif verdict.outcome is Outcome.UNKNOWN:
            worst = Outcome.UNKNOWN
    if undefined is not None:
        return undefined, Outcome.FAILS
    return None, worst


def _shrink(relations: Relations, variables: tuple[Variable, ...], values: Values, found: tuple[int, Judgement],
            semantics: Semantics, prec: int, proved: Callable[[Values], bool] = lambda values: False) -> Counterexample:
    """Replace each coordinate by the simplest candidate that keeps a failure at least as good, until nothing
    changes (a value failure is never traded for a definedness one)."""
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
                if proved(tuple(trial)):
                    continue
                result, _ = _fails(relations, variables, tuple(trial), semantics, prec)
                if result is not None and (found[1].undefined or not result[1].undefined):
                    current, found, changed = trial, result, True
                    break
    index, verdict = found
    return _counterexample(variables, tuple(current), index, relations[index][1], verdict, prec)


def _counterexample(variables: tuple[Variable, ...], values: Values, index: int, relation: str,
                    verdict: Judgement, prec: int) -> Counterexample:
    pairs = tuple((atom, sp.Rational(v.numerator, v.denominator))
                  for variable, value in zip(variables, values) for atom, v in zip(variable.atoms, value))
    note = verdict.note
    families = sorted({str(a.base) for a, _ in pairs if isinstance(a, sp.Indexed)})
    if families:
        note += f"; {', '.join(families)}'s other members are 0 (an episode that ends)"
    if prec != 53:
        note += f" (certified at {prec} bits)"
    return Counterexample(pairs, Enclosure(index, verdict.lhs, verdict.rhs), relation, note,
                          undefined=verdict.undefined)


CROSSCHECK_SHOWN = 8
"""Evaluations of the cross-check a verdict shows (all of them are compared)."""


def crosscheck(claim: Claim, points: int = 6) -> tuple[list[str], str | None]:
    """Evaluate every relation at a few points, the singular ones included; return the evaluations and a
    contradiction, if any."""
    try:
        variables = claim_variables(claim)
    except Unsearchable:
        return _crosscheck_instances(_instances_or_raise(claim))
    relations = prepared(claim)
    rng = rng_for(claim)
    simple = list(simple_points(variables, 2))
    samples = [tuple(v.candidates[i] for v, i in zip(variables, vector)) for vector in simple]
    special = special_values(claim)
    if samples:
        for index, variable in enumerate(variables):
            for value in special.get(variable.atoms[0], ()) if len(variable.atoms) == 1 else ():
                if variable.domain.contains(value):
                    sample = list(samples[0])
                    sample[index] = (value,)
                    samples.append(tuple(sample))
    samples += islice(_repaired(claim, variables), 4)  # the first four: each point costs exact evaluations
    samples += [tuple(v.random(rng) for v in variables) for _ in range(points)]
    records: list[str] = []
    proved = _proved_at(claim, variables)
    inside = 0
    for values in dict.fromkeys(samples):
        if proved(values):
            inside += 1  # the audit's claim where the claim it weakens is proved (and was cross-checked)
            continue
        env = environment(variables, values)
        point = ", ".join(f"{a} = {x}" for a, x in env.items()) or "constants"
        for lhs, relation, rhs in relations:
            # the verdict shows the first CROSSCHECK_SHOWN evaluations: the rest are compared, not printed; a
            # constant too close to a jump (a floor) at one precision is evaluated at the next
            for prec in LADDER if not env else LADDER[:1]:
                verdict = judge(lhs, relation, rhs, env, prec, claim.semantics, shown=len(records) < CROSSCHECK_SHOWN)
                if verdict.outcome is not Outcome.UNKNOWN:
                    break
            if verdict.outcome is Outcome.FAILS:
                return records, f"at {point}: lhs ∈ {verdict.lhs}, rhs ∈ {verdict.rhs} {verdict.note}".strip()
            if verdict.outcome is Outcome.CONSISTENT:
                records.append(f"{point}: lhs ∈ {verdict.lhs}, rhs ∈ {verdict.rhs}" if verdict.lhs else point)
            elif verdict.outcome is Outcome.OUTSIDE:
                records.append(f"{point}: a side is undefined, which the where-defined semantics allows")
    if inside and not records:
        records.append(f"{inside} sample points, all where the claim this one weakens is proved")
    return records, None


def _crosscheck_instances(instances: list[tuple[tuple[tuple[sp.Symbol, sp.Integer], ...], Claim]]) \
        -> tuple[list[str], str | None]:
    """The cross-check of a claim over a family to a symbolic length, at its smallest lengths written out."""
    records: list[str] = []
    for lengths, instance in instances[:3]:
        try:
            found, contradiction = crosscheck(instance, points=2)
        except Unsearchable:
            continue
        at = ", ".join(f"{symbol} = {value}" for symbol, value in lengths)
        if contradiction is not None:
            return records, f"{at}, {contradiction}"
        records += [f"{at}, {record}" for record in found]
    return records, None


def in_declared_terms(claim: Claim, example: Counterexample) -> Counterexample:
    """The counterexample in the author's symbols: the parameter u_r of a symbol with symbolic bounds replaced by
    the symbol's exact value there (r = 1 − ε + 2ε·u_r at ε = 1/2, u_r = 1/2 is r = 1)."""
    values = dict(example.values)
    changed = False
    for atom, _ in example.values:
        stands_for = claim.domain_of(atom).stands_for
        if stands_for is None:
            continue
        symbol, expression = stands_for
        exact = sp.sympify(expression).xreplace(values)  # type: ignore[union-attr]
        if exact.is_Rational:
            values = {(symbol if a == atom else a): (exact if a == atom else v) for a, v in values.items()}
            changed = True
    if not changed:
        return example
    return replace(example, values=tuple(sorted(values.items(), key=lambda pair: str(pair[0]))))
