"""Each verdict kind, with the evidence a reader relies on."""

from __future__ import annotations

import time

import pytest
import sympy as sp

from checker import ClaimError, FiniteCheck, Reference, Scope, Status, check, sigmoid


def test_exact_proof_records_its_strategy_and_cross_check(scope: Scope) -> None:
    """A Bradley-Terry rewrite is proved by the exact normal form, not by simplify."""
    r1, r2 = scope.real("r1"), scope.real("r2")
    verdict = check(scope.identity(sp.exp(r1) / (sp.exp(r1) + sp.exp(r2)), sigmoid(r1 - r2), "BT = σ"))
    assert verdict.status is Status.PROVED
    assert verdict.method == "rational normal form"
    assert verdict.exact
    assert verdict.steps and verdict.crosscheck


def test_proof_resting_on_simplify_is_labelled_cas_trusted(scope: Scope) -> None:
    """Γ(x + 1)/Γ(x) = x needs simplify() (no exact strategy knows Γ): the verdict says so."""
    x = scope.positive("x")
    verdict = check(scope.identity(sp.gamma(x + 1) / sp.gamma(x), x, "Γ(x + 1)/Γ(x) = x"))
    assert verdict.status is Status.PROVED
    assert not verdict.exact
    assert "CAS-trusted" in verdict.method


def test_false_identity_is_refuted_with_small_exact_values(scope: Scope) -> None:
    """σ(a) = σ(b − a) fails at the simplest point, and both sides' enclosures are reported."""
    a, b = scope.real("a"), scope.real("b")
    verdict = check(scope.identity(sigmoid(a), sigmoid(b - a), "σ(a) = σ(b − a)"))
    assert verdict.status is Status.REFUTED
    example = verdict.counterexample
    assert example is not None
    assert example.assignment() == {"a": "0", "b": "1"}
    assert example.enclosure.lhs == "{1/2}"
    assert example.enclosure.rhs.startswith("[0.731058578")


def test_unprovable_and_unrefutable_claim_is_undecided_with_reason(scope: Scope) -> None:
    """Si (the sine integral) has no rule and simplify cannot help: the verdict is undecided and says why."""
    x = scope.real("x")
    verdict = check(scope.identity(sp.Si(x), sp.Si(2 * x), "Si(x) = Si(2x)"))
    assert verdict.status is Status.UNDECIDED
    assert "no proof found" in verdict.reason and "no counterexample" in verdict.reason


def test_time_limit_makes_a_claim_undecided() -> None:
    """A claim that runs past its limit is stopped and reported undecided."""
    slow = Scope.finite("sleeps", FiniteCheck(lambda _: time.sleep(30) or True, lambda: [0], "one instance"),
                        Reference("slow", "test"))
    start = time.perf_counter()
    verdict = check(slow, timeout=0.5)
    assert time.perf_counter() - start < 10
    assert verdict.status is Status.UNDECIDED
    assert "time limit" in verdict.reason


def test_prose_and_named_facts_are_asserted_never_proved() -> None:
    prose = check(Scope.prose("SFT comes first", holds=True, justification="InstructGPT, step 1"))
    fact = check(Scope.fact("KL ≥ 0", name="Gibbs' inequality", source="Cover & Thomas"))
    assert prose.status is Status.ASSERTED and prose.holds is True
    assert fact.status is Status.ASSERTED and "Gibbs" in fact.method


def test_finite_check_passing_is_asserted_and_labelled_not_a_proof() -> None:
    claim = Scope.finite("n² ≥ n on small n", FiniteCheck(lambda n: n * n >= n, lambda: range(10), "n < 10"),
                         Reference("squares", "arithmetic"))
    verdict = check(claim)
    assert verdict.status is Status.ASSERTED
    assert "not a proof" in verdict.summary and "10 instances" in verdict.summary


def test_finite_check_failing_is_refuted_with_the_instance() -> None:
    claim = Scope.finite("n² > n", FiniteCheck(lambda n: n * n > n, lambda: range(5), "n < 5"),
                         Reference("squares", "arithmetic"))
    verdict = check(claim)
    assert verdict.status is Status.REFUTED
    assert verdict.counterexample is not None and verdict.counterexample.instance == "fails on 0"


def test_conjunction_is_refuted_on_the_failing_part(scope: Scope) -> None:
    claim = scope.compare((sp.log(2), "<", sp.Rational(9, 10)), (sp.log(3), "<", 1), text="ln 2 < 0.9 and ln 3 < 1")
    verdict = check(claim)
    assert verdict.status is Status.REFUTED
    assert verdict.counterexample is not None and verdict.counterexample.enclosure.part == 1


def test_comparison_proved_by_witness_and_sign(scope: Scope) -> None:
    """x² − 2x + 1 ≥ 0 holds because it equals (x − 1)², which is a square."""
    x = scope.real("x")
    verdict = check(scope.compare((x**2 - 2 * x + 1, ">=", 0), text="(x-1)² ≥ 0", witness=(x - 1) ** 2))
    assert verdict.status is Status.PROVED
    assert verdict.method == "witness + manifest sign"


def test_float_constants_are_rejected(scope: Scope) -> None:
    """0.9 as a float is inexact; the claim must say Rational('0.9')."""
    with pytest.raises(ClaimError, match=r"Rational\('0.9'\)"):
        scope.compare((sp.log(2), "<", 0.9), text="ln 2 < 0.9")
    with pytest.raises(ClaimError, match="float constant"):
        scope.identity(sp.Float(0.5) * sp.Symbol("q", positive=True), 1, "float inside")


def test_symbol_without_domain_is_rejected(scope: Scope) -> None:
    stranger = sp.Symbol("w")
    with pytest.raises(ClaimError, match="w has no declared domain"):
        scope.identity(stranger, 1, "w = 1")


def test_unknown_relation_is_rejected(scope: Scope) -> None:
    with pytest.raises(ClaimError, match="unknown relation '=<'"):
        scope.compare((1, "=<", 2), text="bad")


def test_claims_asked_for_later_in_a_run_go_to_the_workers_forked_for_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Within a run, a claim listed up front — or one with the same content, built again later — is checked by
    the run's own workers, forked once; a claim not on the list gets a pool of its own; a claim cut by the time
    limit costs its worker, not the later checks; the workers end with the run."""
    from checker.engine import workers
    from checker.engine.checking import check_many, shared_workers

    scope = Scope()
    x = scope.real("x")
    square = scope.identity((x + 1) ** 2, x**2 + 2 * x + 1, "square")
    again = scope.identity((x + 1) ** 2, x**2 + 2 * x + 1, "the square, built again")
    wrong = scope.identity((x + 1) ** 2, x**2 + 1, "a wrong square")
    slow = Scope.finite("sleeps", FiniteCheck(lambda _: time.sleep(30) or True, lambda: [0], "one instance"),
                        Reference("slow", "test"))
    pools: list[workers.Pool] = []
    original = workers.Pool.__init__

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        pools.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(workers.Pool, "__init__", counted)
    with shared_workers([square, slow, wrong], jobs=1):
        assert check_many([square])[0].status is Status.PROVED
        assert check_many([slow], timeout=0.5)[0].method == "time limit"
        assert [v.status for v in check_many([again, wrong])] == [Status.PROVED, Status.REFUTED]
        assert len(pools) == 1
        assert check_many([scope.identity(x, x, "x = x")])[0].status is Status.PROVED
        assert len(pools) == 2
        shared = pools[0]
        alive = [worker for _, worker in shared.idle]
    assert alive and not any(worker.is_alive() for worker in alive)


def test_a_worker_leaves_the_parents_objects_to_the_parent() -> None:
    """A worker is born with what the run holds out of its garbage collector's sight (so its collections neither
    walk those objects nor copy their pages), and the process that started it — a test session, a service
    checking claim after claim — collects its own again once the workers are closed: nothing is left frozen."""
    import gc

    from checker.engine.workers import Pool
    from checker.values.verdicts import undecided

    scope = Scope()
    x = scope.real("x")
    claim = scope.identity(x, x, "x = x")

    def frozen(_claim):  # type: ignore[no-untyped-def]
        return undecided(str(gc.get_freeze_count()), "probe")

    before = gc.get_freeze_count()
    pool = Pool([claim], 1, 4096, frozen)
    try:
        pool.assign(0)
        ((_, verdict),) = pool.collect(10)
    finally:
        pool.close()
    assert gc.get_freeze_count() == before
    assert int(verdict.summary) > 1000  # SymPy's modules and the run's claims, at the least


def test_a_proof_prints_the_same_steps_whatever_the_hash_seed() -> None:
    """The points a normal form accounts for come from sets of atoms: the proof must print them in one order in
    every process (the shipped verdicts and a CI diff rely on it), not in the order of a hash seed."""
    import os
    import subprocess
    import sys

    script = ("import sympy as sp\nfrom checker import Scope, check\ns = Scope()\n"
              "z, w, u = s.real('z'), s.real('w'), s.real('u')\n"
              "v = check(s.identity(1/z + 1/w + 1/u, (w*u + z*u + z*w)/(z*w*u), 'sum of reciprocals'))\n"
              "print(v.status.value); print('\\n'.join(v.steps))\n")
    printed = set()
    for seed in ("1", "2", "3", "4"):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        printed.add(done.stdout)
    assert len(printed) == 1
    (text,) = printed
    assert text.startswith("proved") and "z = 0" in text and "w = 0" in text


def test_a_constant_relation_that_certainly_holds_is_not_evaluated_again_at_higher_precision(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """ln 2 < 1 holds for certain at 53 bits: no rung above can change that. Two sides whose balls overlap still
    climb the whole ladder, where numbers say how far they agree."""
    from checker.engine import refute
    from checker.engine.refute import search

    scope = Scope()
    precisions: list[int] = []
    original = refute.judge
    monkeypatch.setattr(refute, "judge", lambda *a, **k: precisions.append(a[4]) or original(*a, **k))
    assert search(scope.compare((sp.log(2), "<", 1), text="ln 2 < 1")).counterexample is None
    assert precisions == [53]
    precisions.clear()
    found = search(scope.identity(sp.log(4), 2 * sp.log(2), "ln 4 = 2 ln 2"))
    assert found.counterexample is None and precisions == [53, 113, 256, 1024, 4096] and "digits" in found.agreement
