"""check(claim) -> Verdict: prove, cross-check, refute, and only then trust simplify; all under a time limit.

Each claim runs in a forked worker process that is killed when its time limit passes, so a runaway
SymPy call cannot hang the run and cannot be swallowed by an ``except`` inside SymPy; the claim is
then undecided. Where ``fork`` is unavailable the claim runs in-process without a hard limit.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from collections import deque
from collections.abc import Sequence
from dataclasses import replace
from itertools import islice
from multiprocessing.connection import Connection, wait

from .claims import Claim, Kind, Relational
from .points import Unsearchable
from .prove import Proof, prove_part, simplify_identity
from .refute import crosscheck, search
from .verdicts import Status, Verdict, undecided

DEFAULT_TIMEOUT = 10.0


def check(claim: Claim, timeout: float = DEFAULT_TIMEOUT) -> Verdict:
    """Check one claim under a hard time limit of ``timeout`` seconds."""
    return check_many([claim], timeout, jobs=1)[0]


def check_many(claims: Sequence[Claim], timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None) -> list[Verdict]:
    """Check claims in up to ``jobs`` worker processes at once (default: one per CPU), each under ``timeout``."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    results: list[Verdict | None] = [None] * len(claims)
    if "fork" not in multiprocessing.get_all_start_methods():
        for index, claim in enumerate(claims):
            start = time.perf_counter()
            results[index] = _timed(check_inline(claim), time.perf_counter() - start)
        return results  # type: ignore[return-value]
    context = multiprocessing.get_context("fork")
    pending = deque(enumerate(claims))
    running: dict[Connection, tuple[int, multiprocessing.Process, float]] = {}
    while pending or running:
        while pending and len(running) < jobs:
            index, claim = pending.popleft()
            if claim.kind in (Kind.PROSE, Kind.FACT):
                results[index] = check_inline(claim)
                continue
            receiver, sender = context.Pipe(duplex=False)
            worker = context.Process(target=_work, args=(claim, sender), daemon=True)
            worker.start()
            sender.close()
            running[receiver] = (index, worker, time.perf_counter())
        if not running:
            continue
        deadline = min(start for _, _, start in running.values()) + timeout
        ready = wait(list(running), timeout=max(0.0, deadline - time.perf_counter()))
        now = time.perf_counter()
        for receiver in list(running):
            index, worker, start = running[receiver]
            if receiver in ready:
                try:
                    verdict = receiver.recv()
                except EOFError:
                    verdict = undecided("the worker process died without a verdict (out of memory?)", "worker")
            elif now - start >= timeout:
                verdict = undecided(f"time limit of {timeout:g} s exceeded", "time limit")
            else:
                continue
            del running[receiver]
            receiver.close()
            if worker.is_alive():
                worker.kill()
            worker.join()
            results[index] = _timed(verdict, now - start)
    return results  # type: ignore[return-value]


def _timed(verdict: Verdict, seconds: float) -> Verdict:
    return replace(verdict, seconds=round(seconds, 4))


def _work(claim: Claim, sender: object) -> None:
    try:
        verdict = check_inline(claim)
    except RecursionError:
        verdict = undecided("expression too deeply nested (recursion limit)", "error")
    except Exception as error:  # noqa: BLE001 - reported as the verdict's reason, never swallowed
        last = traceback.extract_tb(error.__traceback__)[-1]
        verdict = undecided(f"internal error {type(error).__name__}: {error} "
                            f"({last.filename.rsplit('/', 1)[-1]}:{last.lineno})", "error")
    sender.send(verdict)  # type: ignore[attr-defined]
    sender.close()  # type: ignore[attr-defined]


def check_inline(claim: Claim) -> Verdict:
    """Check one claim in this process, without a hard time limit."""
    if claim.kind in (Kind.PROSE, Kind.FACT):
        return _asserted(claim)
    if claim.kind is Kind.FINITE:
        return _finite(claim)
    return _mathematical(claim)


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
    from .verdicts import Counterexample, Enclosure

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


def _mathematical(claim: Claim) -> Verdict:
    parts = claim.expanded_parts()
    proofs: list[Proof | None] = [prove_part(claim, part) for part in parts]
    if all(proofs):
        return _confirm(claim, [p for p in proofs if p is not None])
    try:
        found = search(claim)
    except Unsearchable as error:
        found = None
        no_search = str(error)
    else:
        no_search = ""
    if found is not None and found.counterexample is not None:
        example = found.counterexample
        return Verdict(Status.REFUTED, "counterexample (interval-certified)",
                       f"{example} (lhs ∈ {example.enclosure.lhs}, rhs ∈ {example.enclosure.rhs})",
                       counterexample=example,
                       steps=(f"relation {example.enclosure.part + 1}: {parts[example.enclosure.part]}",
                              f"searched {found.tried} points"))
    trusted = [proof or _trusted(part) for proof, part in zip(proofs, parts)]
    if all(trusted):
        return _confirm(claim, [p for p in trusted if p is not None])
    searched = f"no counterexample among {found.tried} points" if found else f"no search: {no_search}"
    unproved = [str(i + 1) for i, p in enumerate(trusted) if p is None]
    return undecided(f"no proof found for relation(s) {', '.join(unproved)}; {searched}", "search")


def _trusted(part: Relational) -> Proof | None:
    if part.relation.value != "=":
        return None
    return simplify_identity(part)


def _confirm(claim: Claim, proofs: list[Proof]) -> Verdict:
    """Accept a proof only if interval evaluation at sample points agrees with it."""
    try:
        records, contradiction = crosscheck(claim)
    except Unsearchable as error:
        records, contradiction = [f"no cross-check: {error}"], None
    method = " + ".join(dict.fromkeys(p.method for p in proofs))
    if contradiction is not None:
        return undecided(f"the {method} proof is contradicted by interval evaluation {contradiction}",
                         "cross-check failed")
    if not records:
        return undecided(f"the {method} proof could not be cross-checked: no sample point could be evaluated",
                         "cross-check failed")
    exact = all(p.exact for p in proofs)
    steps = tuple(step for p in proofs for step in p.steps)
    label = method if exact else f"{method}"
    return Verdict(Status.PROVED, label, f"{label}; cross-checked at {len(records)} points",
                   exact=exact, steps=steps, crosscheck=tuple(islice(records, 8)))
