"""A claim checked in the calling process first, within a time budget and a memory headroom.

Most claims finish in milliseconds, where starting a worker process costs more than the claim (a fork, and the
caches the caller then fills again); a run with one worker therefore tries each claim here for
:data:`INLINE_BUDGET` seconds. An alarm (SIGALRM, repeated every tenth of a second until the claim is left, so
one swallowed by a bare ``except`` is not the last) ends a try that runs longer, and the claim goes to a worker
with the full time limit; the address space is limited meanwhile, as a worker's is. An alarm that lands in a
finaliser or a garbage-collector callback is dropped quietly (the next one ends the try), and what a try may
leave changed when cut short — SymPy's global switches, the ball and mpmath precisions, context variables such
as the expansion limit — is as it was before the try.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import mpmath

from checker.values.claims import Claim
from checker.values.verdicts import Verdict

INLINE_BUDGET = 1.0
"""Seconds a mathematical claim may run in the calling process, when the run has one worker, before it is handed
to a worker process with the full time limit: most claims finish in milliseconds, and a worker process started
for them costs more than they do (a fork, and caches the caller then has to fill again)."""


class _Overtime(BaseException):
    """The inline budget ran out (a BaseException, so that no ``except Exception`` on the way can swallow it)."""


def runs_inline(workers: int) -> bool:
    """Whether claims may first run in this process: one worker would be started, and this process's alarm
    timer is ours to use (the main thread, no SIGALRM handler or timer of the caller's)."""
    return (workers == 1 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))


def in_process(check: Callable[[Claim], Verdict], claims: Sequence[Claim], indices: Iterable[int], budget: float,
               memory_mb: int) -> Iterator[tuple[int, Verdict | None, float]]:
    """Each claim's index, its verdict checked here (None when it needs longer: a worker's job) and the seconds
    spent, in order."""
    for index in indices:
        start = time.perf_counter()
        verdict = within_budget(check, claims[index], budget, memory_mb)
        yield index, verdict, time.perf_counter() - start


def within_budget(check: Callable[[Claim], Verdict], claim: Claim, budget: float, memory_mb: int) -> Verdict | None:
    """The claim's verdict, checked here within ``budget`` seconds and ``memory_mb`` more memory; None when the
    budget runs out (or the memory cannot be limited here). The alarm repeats every tenth of a second until the
    claim is left, so one swallowed by a bare ``except`` is not the last."""
    with _memory_headroom(memory_mb) as limited:
        if not limited:
            return None
        return _alarmed(check, claim, budget)


@contextlib.contextmanager
def _memory_headroom(memory_mb: int) -> Iterator[bool]:
    """Limit this process's address space to what it uses now plus ``memory_mb`` (a claim that needs more is
    undecided, as in a worker), and restore the limit after; yields False where that cannot be done."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        yield False
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = used + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield True
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _alarmed(check: Callable[[Claim], Verdict], claim: Claim, budget: float) -> Verdict | None:
    armed = [True]

    def alarm(signum: int, frame: object) -> None:
        if armed[0]:
            signal.setitimer(signal.ITIMER_REAL, 0.1)
            raise _Overtime

    def unraisable(report: Any) -> None:
        # an alarm that lands in a finaliser or a garbage-collector callback cannot end the try from there: it
        # is dropped quietly (the next one, a tenth of a second later, will), anything else goes on as before
        if not isinstance(report.exc_value, _Overtime):
            hook(report)

    state = _State()
    hook, sys.unraisablehook = sys.unraisablehook, unraisable
    previous = signal.signal(signal.SIGALRM, alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, budget)
        try:
            return contextvars.copy_context().run(check, claim)  # limits a strategy lowers stay in the try
        finally:
            armed[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Overtime:
        armed[0] = False
        state.restore()
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = hook


class _State:
    """The process-wide settings a computation changes and restores on its way out, saved before a try: an alarm
    that lands between a change and its restoring (inside a ``finally``) must not leave them changed."""

    def __init__(self) -> None:
        from flint import ctx
        from sympy.core.parameters import global_parameters

        self.flint, self.sympy = ctx, global_parameters
        self.prec = ctx.prec
        self.parameters = (global_parameters.evaluate, global_parameters.distribute, global_parameters.exp_is_pow)
        self.mpmath = mpmath.mp.prec

    def restore(self) -> None:
        self.flint.prec = self.prec
        self.sympy.evaluate, self.sympy.distribute, self.sympy.exp_is_pow = self.parameters
        mpmath.mp.prec = self.mpmath
