"""check(claim) -> Verdict: prove, cross-check, refute, and only then trust simplify; all under a time limit.

Each claim runs in a forked worker process that is killed when its time limit passes, so a runaway
SymPy call cannot hang the run and cannot be swallowed by an ``except`` inside SymPy; the claim is
then undecided. Where ``fork`` is unavailable the claim runs in-process without a hard limit.
"""

from __future__ import annotations

import contextvars
import multiprocessing
import os
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from itertools import islice

import sympy as sp

from checker.values.claims import Claim, Kind, Relational
from checker.values.functions import expand_sigmoid
from checker.values.ordered import reseed
from checker.values.verdicts import Counterexample, Status, Verdict, undecided
from checker.values.written import fast, unfold

from .normal import SYMPY_REFUSALS
from .points import Unsearchable, prepared
from .prove import Attempt, Proof, attempt, defined_half
from .recheck import disagreement
from .refute import CROSSCHECK_SHOWN, crosscheck, in_declared_terms, search
from .workers import Derive, Job, Pool, Shared, timed

SYMPY_FAILURES = (*SYMPY_REFUSALS, LookupError, AttributeError)
"""What SymPy raises from inside its own code when it cannot go on (the strategies' refusals, and a KeyError on
zoo inside simplify): no proof, or, for a whole claim, "SymPy could not evaluate part of the formula"."""

DEFAULT_TIMEOUT = 10.0
DEFAULT_MEMORY_MB = 4096
"""Address-space limit of each worker process; a claim that needs more is undecided."""

Progress = Callable[[int, int], None]


def check(claim: Claim, timeout: float = DEFAULT_TIMEOUT) -> Verdict:
    """Check one claim under a hard time limit of ``timeout`` seconds."""
    return check_many([claim], timeout, jobs=1)[0]


def check_many(claims: Sequence[Claim], timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None, *,
               memory_mb: int = DEFAULT_MEMORY_MB, progress: Progress | None = None) -> list[Verdict]:
    """Check claims in up to ``jobs`` worker processes (default: one per CPU), each claim under ``timeout``.

    Workers are forked once and reused, so SymPy's caches stay warm; a worker whose claim runs past
    the limit is killed and replaced, and that claim alone is undecided. A claim whose content (formulas,
    domains, definitions, semantics — not its text) repeats an earlier one's is checked once: the repeat gets
    the same verdict marked ``cached``. ``progress(done, total)`` is called as claims finish.
    """
    if _INTERRUPTED:
        return [_not_checked() for _ in claims]
    first: dict[tuple[object, ...], int] = {}
    distinct: list[int] = []
    for index, claim in enumerate(claims):
        if not claim.is_mathematical or first.setdefault(claim.content(), index) == index:
            distinct.append(index)
    if len(distinct) == len(claims):
        return _check_distinct(claims, timeout, jobs, memory_mb, progress)
    repeats = len(claims) - len(distinct)
    checked = dict(zip(distinct, _check_distinct(
        [claims[i] for i in distinct], timeout, jobs, memory_mb,
        None if progress is None else lambda done, _: progress(done, len(claims)))))
    results = []
    for index, claim in enumerate(claims):
        original = first[claim.content()] if claim.is_mathematical else index
        verdict = checked[original]
        repeat = original != index and verdict.method != INTERRUPTED_METHOD
        results.append(replace(verdict, cached=True) if repeat else verdict)
    if progress is not None and repeats:
        progress(len(claims), len(claims))
    return results


def _check_distinct(claims: Sequence[Claim], timeout: float, jobs: int | None, memory_mb: int,
                    progress: Progress | None) -> list[Verdict]:
    results: list[Verdict | None] = [None] * len(claims)
    pending: deque[int] = deque()
    for index, claim in enumerate(claims):
        if claim.kind in (Kind.PROSE, Kind.FACT):
            results[index] = check_inline(claim)
        else:
            pending.append(index)
    if "fork" not in multiprocessing.get_all_start_methods():
        for index in pending:
            start = time.perf_counter()
            results[index] = timed(check_inline(claims[index]), time.perf_counter() - start)
        return results  # type: ignore[return-value]
    done = len(claims) - len(pending)
    shared = _SHARED.get()
    found = shared.jobs(claims, pending) if shared is not None and pending else None
    jobs_of: dict[int, Job] = found if found is not None else {index: index for index in pending}
    pool = None
    try:
        if shared is not None and found is not None:
            pool = shared.pool()
        else:
            pool = Pool(claims, min(max(1, jobs or os.cpu_count() or 1), len(pending)), memory_mb, _safe_check)
        back = {job: index for index, job in jobs_of.items()}
        while pending or pool.busy:
            while pending and pool.idle:
                pool.assign(jobs_of[pending.popleft()])
            for job, verdict in pool.collect(timeout):
                results[back[job]] = verdict
                done += 1
                if progress is not None:
                    progress(done, len(claims))
    except KeyboardInterrupt:
        # Ctrl-C: the workers are ended below; what finished is kept, the rest is undecided, and every later
        # call answers at once, so the caller can still report what was checked (see :func:`interrupted`)
        _interrupt()
        if shared is not None:
            shared.close()
    finally:
        if pool is not None and found is None:
            pool.close()
    return [verdict if verdict is not None else _not_checked() for verdict in results]


_SHARED: contextvars.ContextVar[Shared | None] = contextvars.ContextVar("_SHARED", default=None)


@contextmanager
def shared_workers(claims: Sequence[Claim], jobs: int | None = None, *,
                   memory_mb: int = DEFAULT_MEMORY_MB) -> Iterator[None]:
    """Within the block, :func:`check_many` checks these claims — any with the same content, and any claim
    :func:`derived` from one of them — in workers forked once for all of them: a run lists up front every claim
    it may ask about, and what it asks for later (option pairs, the audit's claims) is checked with SymPy's
    caches warm, without another fork. Other claims get their own pool. Inside a block whose claims include
    these, the outer block's workers serve."""
    outer = _SHARED.get()
    if outer is not None and outer.covers(claims):
        yield
        return
    shared = Shared(claims, max(1, jobs or os.cpu_count() or 1), memory_mb, _safe_check)
    token = _SHARED.set(shared)
    try:
        yield
    finally:
        _SHARED.reset(token)
        shared.close()


def derived(claim: Claim, original: Claim, derive: Derive, *arguments: object) -> Claim:
    """Note that ``claim`` is ``derive(original, *arguments)`` (a module-level function, deterministic): inside
    :func:`shared_workers` holding ``original``, a worker builds the claim itself and checks it there."""
    shared = _SHARED.get()
    if shared is not None:
        shared.register(claim, original, derive, arguments)
    return claim


_INTERRUPTED = False


def _interrupt() -> None:
    global _INTERRUPTED
    _INTERRUPTED = True


def interrupted() -> bool:
    """Whether a Ctrl-C stopped a run in this process: claims not checked by then are undecided."""
    return _INTERRUPTED


def resume() -> None:
    """Check claims again after an interrupted run (a library caller that handled the Ctrl-C)."""
    global _INTERRUPTED
    _INTERRUPTED = False


def _not_checked() -> Verdict:
    return undecided("not checked: the run was interrupted (Ctrl-C)", INTERRUPTED_METHOD)


INTERRUPTED_METHOD = "interrupted"
INTERNAL_ERROR = "internal error"
"""The method of a verdict withheld because the checker's two evaluations of a counterexample disagree."""


def _safe_check(claim: Claim) -> Verdict:
    try:
        return check_inline(claim)
    except MemoryError:
        return undecided("the worker's memory limit was exceeded", "memory limit")
    except RecursionError:
        return undecided("expression too deeply nested (recursion limit)", "error")
    except Exception as error:  # noqa: BLE001 - reported as the verdict's reason, never swallowed
        last = traceback.extract_tb(error.__traceback__)[-1]
        from_sympy = "/sympy/" in last.filename.replace("\\", "/")
        if from_sympy and isinstance(error, SYMPY_FAILURES):
            # SymPy refusing to build or evaluate a piece of this formula (max of a complex value, a derivative
            # with respect to a number): the claim is left undecided, and this is not the checker's own error
            return undecided(f"SymPy could not evaluate part of the formula ({type(error).__name__}: {error})",
                             "error")
        return undecided(f"internal error {type(error).__name__}: {error} "
                         f"({last.filename.rsplit('/', 1)[-1]}:{last.lineno})", "error")


def check_inline(claim: Claim) -> Verdict:
    """Check one claim in this process, without a hard time limit."""
    reseed()  # SymPy's random choices the same for this claim in every run (see checker.values.ordered)
    if claim.kind in (Kind.PROSE, Kind.FACT):
        return _asserted(claim)
    if claim.kind is Kind.FINITE:
        return _finite(claim)
    return replace(_mathematical(claim), semantics=claim.semantics.value)


def _asserted(claim: Claim) -> Verdict:
    if claim.kind is Kind.FACT and claim.reference is not None:
        method = f"named fact: {claim.reference.name}"
        steps = (f"source: {claim.reference.source}",) + ((claim.justification,) if claim.justification else ())
    else:
        method = "prose"
        steps = (claim.justification,) if claim.justification else ()
    stance = "true" if claim.holds else "false"
    return Verdict(Status.ASSERTED, method, f"asserted {stance}: {claim.justification or method}",
                   steps=steps, holds=claim.holds)


def _finite(claim: Claim) -> Verdict:
    from checker.values.verdicts import Counterexample, Enclosure

    assert claim.finite is not None
    count = 0
    for instance in claim.finite.instances():
        count += 1
        if not claim.finite.holds(instance):
            example = Counterexample((), Enclosure(0, "", ""), "holds", instance=f"fails on {instance}")
            return Verdict(Status.REFUTED, "exhaustive finite check",
                           f"fails on the instance {instance}", counterexample=example)
    source = claim.reference.source if claim.reference else ""
    return Verdict(Status.ASSERTED, "finite check (not a proof)",
                   f"holds on all {count} instances ({claim.finite.scope}); a finite check is not a proof",
                   steps=(f"reference: {claim.reference.name if claim.reference else ''} — {source}",),
                   holds=True)


PROBE_POINTS = 12
"""The simplest points tried before any proof: a false claim is usually refuted there, long before a normal form
of a large expression could be computed."""


def _mathematical(claim: Claim) -> Verdict:
    try:
        parts = claim.expanded_parts()
    except (ValueError, TypeError, AttributeError, ZeroDivisionError) as error:
        # SymPy's evaluation of a formula with no real value can fail (max(−2, √−π) compares i√π): nothing to
        # prove from, but the formula as written can still be searched
        return _searched_only(claim, f"SymPy cannot build the evaluated form ({error})")
    try:
        # the audit's claim with an assumption dropped skips the first look: the one argument it is tried with
        # proved its original, and the search after a failed proof starts with the same simplest points
        probed = search(claim, probe=PROBE_POINTS) if claim.weakened is None else None
    except Unsearchable:
        probed = None
    if probed is not None and probed.counterexample is not None:
        return _refuted(claim, probed.counterexample, (f"searched {probed.tried} points",))
    attempts = [attempt(claim, index) for index in range(len(parts))]
    proofs = [a.proof(claim.semantics) for a in attempts]
    if all(proofs):
        return _confirm(claim, [p for p in proofs if p is not None])
    # where every relation is proved wherever both sides are defined, only definedness can still fail
    definedness_only = all(a.equal is not None for a in attempts)
    try:
        found = search(claim, definedness_only=definedness_only)
    except Unsearchable as error:
        found = None
        no_search = str(error)
    else:
        no_search = ""
    if found is not None and found.counterexample is not None:
        return _refuted(claim, found.counterexample, (f"searched {found.tried} points",))
    trusted = []
    for index, (a, part) in enumerate(zip(attempts, parts)):
        if a.equal is not None:
            trusted.append(a.proof(claim.semantics))
            continue
        equal = _trusted(part) if claim.cas_trusted else None
        trusted.append(None if equal is None else Attempt(equal, *defined_half(claim, index)).proof(claim.semantics))
    if all(trusted):
        return _confirm(claim, [p for p in trusted if p is not None])
    searched = f"no counterexample among {found.tried} points" if found else f"no search: {no_search}"
    if found is not None and found.agreement:
        searched = found.agreement  # constants: equal as far as numbers can see, which is never a proof
    reasons = []
    for number, (a, proof) in enumerate(zip(attempts, trusted), start=1):
        if proof is not None:
            continue
        if a.equal is not None:
            needed = ("both sides must be defined at the same points" if parts[number - 1].relation.value == "="
                      else "both sides must be defined on the whole domain")
            reasons.append(f"relation {number} holds wherever both sides are defined, but under strict semantics "
                           f"{needed} and that is not shown ({a.missing})")
        else:
            reasons.append(f"no proof found for relation {number}")
    return undecided(f"{'; '.join(reasons)}; {searched}", "search")


def _searched_only(claim: Claim, why: str) -> Verdict:
    try:
        found = search(claim)
    except Unsearchable as error:
        return undecided(f"{why}; no search: {error}", "search")
    if found.counterexample is not None:
        return _refuted(claim, found.counterexample, (f"searched {found.tried} points",))
    return undecided(f"{why}; no counterexample among {found.tried} points", "search")


def _refuted(claim: Claim, example: Counterexample, steps: tuple[str, ...]) -> Verdict:
    problem = disagreement(claim, example, prepared(claim))
    if problem is not None:
        return undecided(f"internal error: {problem}; the counterexample is not reported", INTERNAL_ERROR)
    example = in_declared_terms(claim, example)
    part = claim.written_parts()[example.enclosure.part]
    kind = "definedness counterexample" if example.undefined else "counterexample"
    return Verdict(Status.REFUTED, f"{kind} (certified)",
                   f"{example} (lhs ∈ {example.enclosure.lhs}, rhs ∈ {example.enclosure.rhs})",
                   counterexample=example, steps=(f"relation {example.enclosure.part + 1}: {fast(part.lhs)} "
                                                  f"{part.relation.value} {fast(part.rhs)}", *steps))


def _trusted(part: Relational) -> Proof | None:
    if part.relation.value != "=":
        return None
    return simplify_identity(part)


def _confirm(claim: Claim, proofs: list[Proof]) -> Verdict:
    """Accept a proof only if evaluation at sample points (the singular ones included) agrees with it."""
    try:
        records, contradiction = crosscheck(claim)
    except Unsearchable as error:
        records, contradiction = [f"no cross-check: {error}"], None
    method = " + ".join(dict.fromkeys(p.method for p in proofs))
    if contradiction is not None:
        # A certified failure at a point outranks the proof: find the simplest such point.
        try:
            found = search(claim)
        except Unsearchable:
            found = None
        if found is not None and found.counterexample is not None:
            return _refuted(claim, found.counterexample,
                            (f"the {method} argument does not cover this point",))
        return undecided(f"the {method} proof is contradicted by evaluation {contradiction}", "cross-check failed")
    if not records:
        return undecided(f"the {method} proof could not be cross-checked: no sample point could be evaluated",
                         "cross-check failed")
    exact = all(p.exact for p in proofs)
    steps = tuple(step for p in proofs for step in p.steps)
    return Verdict(Status.PROVED, method, f"{method}; cross-checked at {len(records)} points",
                   exact=exact, steps=steps, crosscheck=tuple(islice(records, CROSSCHECK_SHOWN)))


def simplify_identity(part: Relational) -> Proof | None:
    """CAS-trusted: SymPy's simplify reduces lhs − rhs to 0 (wherever both sides are defined)."""
    try:
        reduced = sp.simplify(expand_sigmoid(unfold(part.lhs - part.rhs)))
    except SYMPY_FAILURES:
        return None  # simplify failing inside on a formula with ∞ (a KeyError on zoo): no CAS-trusted proof
    if reduced == 0:
        return Proof("simplify (CAS-trusted)", ("sympy.simplify(lhs − rhs) = 0",), exact=False)
    return None
