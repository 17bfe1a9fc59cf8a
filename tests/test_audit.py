"""The assumption audit: which declared assumptions a proof needs, and where formulas are undefined."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp
from click.testing import CliRunner

from checker import Scope
from checker.engine.audit import audit_claims, undefined_point, weakenings
from checker.engine.checking import check_many
from checker.values.verdicts import Status


def _audit(claims):  # type: ignore[no-untyped-def]
    return audit_claims(claims, check_many(claims))


def test_a_needed_assumption_is_shown_with_its_counterexample() -> None:
    """The reward through π_r needs Z > 0 and β > 0, and π_ref > 0: as written, π_ref = 0 gives log(0/0)."""
    s = Scope()
    beta, r, ref, z = s.beta("β"), s.real("r"), s.positive("π_ref"), s.positive("Z")
    pi_r = s.define(sp.Symbol("π_r", positive=True), ref * sp.exp(r / beta) / z)
    claim = s.identity(r, beta * sp.log(pi_r / ref) + beta * sp.log(z), "r = β log(π_r/π_ref) + β log Z")
    (audit,) = _audit([claim])
    needed = {c.assumption: c for c in audit.assumptions}
    assert needed["Z > 0"].necessary and needed["β > 0"].necessary
    assert needed["π_ref > 0"].necessary
    at_zero = needed["π_ref > 0"].verdict.counterexample
    assert at_zero is not None and at_zero.assignment()["π_ref"] == "0" and "division by zero" in at_zero.note
    example = needed["Z > 0"].verdict.counterexample
    assert example is not None and example.assignment()["Z"] == "0" and "undefined" in example.note


def test_each_assumption_is_dropped_alone() -> None:
    """log(ab) = log a + log b needs positivity of one factor, not of both: dropping either alone keeps it true."""
    s = Scope()
    a, b = s.positive("a"), s.positive("b")
    (audit,) = _audit([s.identity(sp.log(a * b), sp.log(a) + sp.log(b), "log ab")])
    assert [c.necessary for c in audit.assumptions] == [False, False]


def test_distribution_constraint_is_audited_as_one_assumption() -> None:
    s = Scope()
    p = s.distribution(["p1", "p2"])
    claim = s.identity(p[0] + p[1], 1, "Σp = 1")
    assert [label for label, _, _ in weakenings(claim)] == ["(p1, p2) is a distribution"]
    (audit,) = _audit([claim])
    assert audit.assumptions[0].necessary is True


def test_undefined_formulas_are_flagged_with_the_point() -> None:
    s = Scope()
    x, q = s.real("x"), s.probability("q")
    assert undefined_point(s.identity(1 / x, 1 / x, "1/x")) == (
        "the left side is undefined at x = 0: division by zero: x = 0")
    assert "logarithm of a non-positive number" in undefined_point(s.identity(sp.log(x), sp.log(x), "log x"))
    assert undefined_point(s.identity(sp.log(q), sp.log(q), "log q")) == ""
    audits = _audit([s.identity(1 / x, 1 / x, "1/x"), s.identity(sp.log(q), sp.log(q), "log q")])
    assert audits[0].undefined and not audits[1].undefined


def test_audit_through_the_cli(runner: CliRunner) -> None:
    from checker.cli import main

    result = runner.invoke(main, ["--audit", "q12"])
    assert result.exit_code == 0
    assert "audit option 2 needs Z(x) > 0" in result.output
    assert "audit option 2 needs β > 0" in result.output
    json_result = runner.invoke(main, ["--audit", "--format", "json", "d2"])
    import json

    steps = json.loads(json_result.output)["derivations"][0]["steps"]
    assert any(entry["audit"]["assumptions"] and any(a["necessary"] for a in entry["audit"]["assumptions"])
               for entry in steps)


def test_a_claim_defined_everywhere_by_its_shape_is_not_sampled(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The probe samples points only where a condition (a denominator, a log argument) may fail on the declared
    domain; the shape is read by the probe itself, in the worker that checked the claim."""
    import checker.engine.audit as audit
    from checker.engine.checking import check_inline

    s = Scope()
    x, q, beta = s.real("x"), s.probability("q"), s.beta("β")
    everywhere = [s.identity(sp.log(q), sp.log(q), "log q"), s.identity(x / beta, x / beta, "x/β")]
    somewhere = [s.identity(sp.log(x), sp.log(x), "log x"), s.identity(1 / (x - 1), 1 / (x - 1), "1/(x − 1)")]
    assert all(audit.defined_everywhere(c) for c in everywhere)
    assert not any(audit.defined_everywhere(c) for c in somewhere)
    sampled: list[str] = []
    original = audit.undefined_point
    monkeypatch.setattr(audit, "undefined_point",
                        lambda claim, *rest: sampled.append(claim.text) or original(claim, *rest))
    probes = [check_inline(audit._undefined_probe(c)) for c in everywhere + somewhere]
    assert sampled == ["log x", "1/(x − 1)"]
    assert [p.status for p in probes] == [Status.ASSERTED, Status.ASSERTED, Status.REFUTED, Status.REFUTED]
    monkeypatch.setattr(audit, "undefined_point", original)
    audits = _audit(everywhere + somewhere)
    assert [bool(a.undefined) for a in audits] == [False, False, True, True]
    assert "x = 1" in audits[3].undefined


def test_a_weakened_claim_is_tried_with_the_argument_that_proved_its_original() -> None:
    """The audit's claim carries where and how its original is proved: only that strategy is tried on it, a point
    inside the proved domain is never tried as a counterexample, and the verdicts are those of a check from
    scratch."""
    from dataclasses import replace
    from fractions import Fraction

    from checker.engine.points import claim_variables
    from checker.engine.prove import COMPARISON_STRATEGIES, _method_names, _strategies
    from checker.engine.refute import _proved_at

    s = Scope()
    a, b = s.positive("a"), s.positive("b")
    claim = s.compare((a / b + b / a, ">=", 2), text="a/b + b/a ≥ 2")
    (verdict,) = check_many([claim])
    variants = weakenings(claim, verdict)
    assert variants and all(v.weakened is not None for _, _, v in variants)
    # a/b + b/a − 2 = (a − b)²/(ab): the proof factored, and says so; the weakened claims may factor too
    assert verdict.method == "manifest sign" and any(" (factored) is " in step for step in verdict.steps)
    assert all(v.weakened.methods == (verdict.method, "factored") for _, _, v in variants)  # type: ignore[union-attr]
    chosen = _strategies(COMPARISON_STRATEGIES, variants[0][2])
    assert chosen == [strategy for strategy, names in COMPARISON_STRATEGIES if verdict.method in names]
    assert len(_strategies(COMPARISON_STRATEGIES, claim)) == len(COMPARISON_STRATEGIES)
    assert _method_names("rational normal form + witness + manifest sign") == {
        "rational normal form", "witness + manifest sign"}
    fresh = [replace(v, weakened=None) for _, _, v in variants]
    reused, scratch = check_many([v for _, _, v in variants]), check_many(fresh)
    assert [v.status for v in reused] == [v.status for v in scratch]
    weakened = variants[0][2]
    variables = claim_variables(weakened)
    inside = _proved_at(weakened, variables)
    at = {str(v.atoms[0]): i for i, v in enumerate(variables)}
    point = [(Fraction(1),), (Fraction(2),)]
    assert inside(tuple(point[at[name]] for name in ("a", "b")))
    point = [(Fraction(-1),), (Fraction(2),)]
    assert not inside(tuple(point[at[name]] for name in ("a", "b")))


def test_a_weakened_claim_is_searched_at_working_precision_and_cross_checked_outside_the_proved_domain() -> None:
    """Where a dropped assumption matters the claim fails grossly, so the audit's search does not climb the
    precision ladder; its cross-check evaluates no point where the original is proved (nothing new there), and
    a claim checked outside the audit still climbs the ladder."""
    from checker.engine.points import claim_variables
    from checker.engine.refute import _points, _proved_at, crosscheck

    s = Scope()
    a, b = s.positive("a"), s.positive("b")
    claim = s.identity(sp.log(a * b), sp.log(a) + sp.log(b), "log ab")
    (verdict,) = check_many([claim])
    (_, _, dropped), _ = weakenings(claim, verdict)
    assert {prec for _, prec in _points(dropped, claim_variables(dropped))} == {53}
    assert {prec for _, prec in _points(claim, claim_variables(claim))} > {53}
    variables = claim_variables(dropped)
    inside = _proved_at(dropped, variables)
    records, contradiction = crosscheck(dropped)
    assert contradiction is None and records
    evaluated = [record.split(":")[0] for record in records]
    assert all(not inside(tuple((Fraction(value),) for value in _values(point, variables)))
               for point in evaluated)


def _values(point: str, variables):  # type: ignore[no-untyped-def]
    """A cross-check record's point ("a = -1, b = 1") as values in the order of the search's variables."""
    given = dict(pair.split(" = ") for pair in point.split(", "))
    return [given[str(v.atoms[0])] for v in variables]


def test_the_audit_runs_in_the_runs_workers_and_finds_what_it_finds_alone(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Inside one block of shared workers the audit's claims are built by the workers that checked the claims
    (one fork for the run and its audit), with the same findings as an audit with workers of its own."""
    from checker.engine import workers
    from checker.engine.checking import shared_workers

    s = Scope()
    beta, r, ref, z = s.beta("β"), s.real("r"), s.positive("π_ref"), s.positive("Z")
    pi_r = s.define(sp.Symbol("π_r", positive=True), ref * sp.exp(r / beta) / z)
    claims = [s.identity(r, beta * sp.log(pi_r / ref) + beta * sp.log(z), "r through π_r"),
              s.identity(sp.log(ref * z), sp.log(ref) + sp.log(z), "log of a product")]
    alone = _audit(claims)
    pools: list[object] = []
    original = workers.Pool.__init__

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        pools.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(workers.Pool, "__init__", counted)
    with shared_workers(claims, jobs=1):
        shared = audit_claims(claims, check_many(claims))
    assert len(pools) == 1

    def findings(audits):  # type: ignore[no-untyped-def]
        return [[(c.assumption, c.necessary, c.verdict.status, c.verdict.method) for c in a.assumptions]
                for a in audits]

    assert findings(shared) == findings(alone) and any(c.necessary for a in alone for c in a.assumptions)


def test_a_worker_that_builds_another_claim_than_the_one_asked_for_gives_no_verdict() -> None:
    """The parent sends a derived claim's content digest: a derivation that builds something else in the worker
    (it should never) is an internal error, never a verdict on the wrong claim."""
    from checker.engine.checking import check_many, derived, shared_workers

    s = Scope()
    x = s.real("x")
    claim = s.identity(x + x, 2 * x, "x + x = 2x")
    wrong = s.identity(x + x, 3 * x, "x + x = 3x")
    with shared_workers([claim], jobs=1):
        asked = derived(wrong, claim, _another_claim)
        (verdict,) = check_many([asked])
    assert verdict.status.value == "undecided" and "internal error" in verdict.reason


def _another_claim(claim):  # type: ignore[no-untyped-def]
    return claim  # not the claim the parent derived


def test_a_weakened_claim_is_factored_only_if_its_original_was(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Factoring is the sign argument's costly rewrite: the audit's claim tries it only when the proof it weakens
    needed it (b(x − 1)² ≥ 0 is non-negative as written; with b merely real no rewrite helps, and none is costly)."""
    from checker.engine import prove

    s = Scope()
    b, x = s.positive("b"), s.real("x")
    claim = s.compare((b * (x - 1) ** 2, ">=", 0), text="b(x − 1)² ≥ 0")
    (verdict,) = check_many([claim])
    assert verdict.method == "manifest sign" and not any("(factored)" in step for step in verdict.steps)
    (_, _, weakened), = weakenings(claim, verdict)
    factored: list[object] = []
    original = sp.factor
    monkeypatch.setattr(sp, "factor", lambda e, *a, **k: factored.append(e) or original(e, *a, **k))
    context = prove._Context(weakened)
    assert prove._sign(context, context.evaluated[0]) is None and not factored
    square = prove._Context(s.compare((x**2 - 2 * x + 1, ">=", 0), text="x² − 2x + 1 ≥ 0"))
    proof = prove._sign(square, square.evaluated[0])  # a claim of its own factors where it must
    assert proof is not None and factored and " (factored) is " in proof.steps[0]
    (verdict,) = check_many([weakened])
    assert verdict.status.value == "refuted"
