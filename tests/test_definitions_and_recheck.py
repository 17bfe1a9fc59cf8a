"""A definition holds everywhere, and no counterexample is reported that the question's declarations or an
independent evaluation contradict: a defined family member is the same quantity inside sums, products and maxima
over the family; every counterexample is re-checked (checker/recheck.py) before it is shown, and a disagreement
is an internal error, never a verdict."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import sympy as sp

from checker import Status, check
from checker.engine.checking import check_many
from checker.engine.recheck import disagreement
from checker.questions.loading import load_question
from checker.values.verdicts import Counterexample, Enclosure

from .replay import replays

FAMILY = """---
id: defined-member
rule: correct
key: 1
symbols:
  n: positive integer
families:
  r: real
definitions:
  r_1: '1'
---
A defined member of a family.

"""

CASES = [
    (r"\sum_{k=1}^{1} r_k = r_1", Status.PROVED),
    (r"\sum_{k=1}^{2} r_k = 1 + r_2", Status.PROVED),
    (r"\prod_{k=1}^{2} r_k = r_2", Status.PROVED),
    (r"\sum_{k=1}^{3} r_k = r_2 + r_3 + r_1", Status.PROVED),
    (r"\sum_{k=1}^{2} r_k = r_2", Status.REFUTED),
    (r"\max_{k=1}^{2} r_k = r_2", Status.REFUTED),
    (r"\sum_{k=1}^{\infty} r_k \ge 1", Status.REFUTED),
    (r"\sum_{k=2}^{3} r_k = r_2 + r_3", Status.PROVED),
]


@pytest.fixture(scope="module")
def family_verdicts(tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("family") / "q.md"
    path.write_text(FAMILY + "\n".join(f"{n}. ${f}$" for n, (f, _) in enumerate(CASES, start=1)) + "\n")
    claims = [option.claim for option in load_question(path).options]
    return list(zip(CASES, claims, check_many(claims)))


def test_a_defined_family_member_is_the_same_quantity_inside_ranges(family_verdicts) -> None:  # type: ignore[no-untyped-def]
    for (formula, expected), claim, verdict in family_verdicts:
        assert verdict.status is expected, (formula, verdict.summary, verdict.reason)
        if verdict.status is Status.REFUTED:
            assert replays(claim, verdict), formula


def test_no_counterexample_gives_a_defined_quantity_a_value(family_verdicts) -> None:  # type: ignore[no-untyped-def]
    for (formula, _), _claim, verdict in family_verdicts:
        if verdict.counterexample is not None:
            named = {str(atom) for atom, _ in verdict.counterexample.values}
            assert "r[1]" not in named and "r_1" not in named, (formula, verdict.counterexample)


def test_a_range_of_symbolic_length_over_a_defined_member_is_never_refuted_by_ignoring_it(tmp_path: Path) -> None:
    path = tmp_path / "q.md"
    path.write_text(FAMILY + "1. $\\sum_{k=1}^{n} r_k = 1 + \\sum_{k=2}^{n} r_k$\n2. $1 = 1$\n")
    verdict = check(load_question(path).options[0].claim)
    assert verdict.status is not Status.REFUTED


def _example(values: dict[sp.Basic, sp.Rational], *, undefined: bool = False) -> Counterexample:
    return Counterexample(tuple(values.items()), Enclosure(0, "", ""), "=", "planted", undefined=undefined)


def test_the_second_look_rejects_a_point_outside_the_declarations(scope) -> None:  # type: ignore[no-untyped-def]
    x = scope.positive("x")
    claim = scope.identity(x, x + 1, "x = x + 1")
    relations = [(x, "=", x + 1)]
    assert "outside its declared domain" in disagreement(claim, _example({x: sp.Integer(-2)}), relations)
    assert disagreement(claim, _example({x: sp.Integer(2)}), relations) is None


def test_the_second_look_rejects_a_value_given_to_a_defined_quantity(scope) -> None:  # type: ignore[no-untyped-def]
    x = scope.real("x")
    z = sp.Symbol("Z")
    scope.define(z, x + 1)
    claim = scope.identity(z, x + 2, "Z = x + 2")
    problem = disagreement(claim, _example({x: sp.Integer(0), z: sp.Integer(5)}), [(x + 1, "=", x + 2)])
    assert problem is not None and "defined quantity Z" in problem


def test_the_second_look_rejects_a_failure_it_does_not_see(scope) -> None:  # type: ignore[no-untyped-def]
    x = scope.real("x")
    claim = scope.identity(x**2, x * x, "x² = x·x")
    relations = [(sp.Pow(x, 2, evaluate=False), "=", sp.Mul(x, x, evaluate=False))]
    problem = disagreement(claim, _example({x: sp.Rational(3, 7)}), relations)
    assert problem is not None and "independent evaluation" in problem and "holds" in problem
    undefined = disagreement(claim, _example({x: sp.Rational(3, 7)}, undefined=True), relations)
    assert undefined is not None and "both sides are defined" in undefined


def test_a_disagreement_between_the_two_evaluations_is_an_internal_error_not_a_verdict(scope, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Plant a bug in the certified layer: atan a little too large. The refutation it would certify is withheld."""
    from checker.numeric import interval

    real = interval.elementary

    def planted(e, x, at_point=None):  # type: ignore[no-untyped-def]
        value = real(e, x, at_point)
        return value + interval.ball(Fraction(1, 10**6)) if type(e).__name__ == "atan" else value

    monkeypatch.setattr(interval, "elementary", planted)
    interval_cache = __import__("checker.engine.judgement", fromlist=["_constant_value"])._constant_value
    interval_cache.cache_clear()
    claim = scope.identity(sp.atan(sp.Rational(1, 2)) + sp.atan(sp.Rational(1, 3)), sp.pi / 4, "Euler's pair")
    verdict = check(claim)
    interval_cache.cache_clear()
    assert verdict.status is Status.UNDECIDED and verdict.method == "internal error", verdict
    assert "independent evaluation" in verdict.reason


def test_the_document_has_no_internal_error(bank_results) -> None:  # type: ignore[no-untyped-def]
    verdicts = [option.verdict for result in bank_results.values() for option in result.options] + \
        [verdict for result in bank_results.values() for _, verdict in result.support]
    assert verdicts and not [v for v in verdicts if v.method == "internal error"]
