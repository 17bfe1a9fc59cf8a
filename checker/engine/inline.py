"""A claim checked in the calling process first, within a time budget and a memory headroom.

Most claims finish in milliseconds, where starting a worker process costs more than the claim (a fork, and the
caches the caller then fills again); a run with one worker therefore tries each claim here for
:data:`INLINE_BUDGET` seconds. An alarm (SIGALRM, repeated every tenth of a second until the claim is left, so
one swallowed by a bare ``except`` is not the last) ends a try that runs longer, and the claim goes to a worker
with the full time limit; the address space is limited meanwhile, as a worker's is.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence

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

    previous = signal.signal(signal.SIGALRM, alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, budget)
        try:
            return check(claim)
        finally:
            armed[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Overtime:
        armed[0] = False
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
