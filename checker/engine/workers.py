"""Forked worker processes that check claims under a hard time and memory limit.

A worker is forked with the claims of a run in its memory and receives only their positions, so nothing is
pickled on the way in (claims hold the notation's functions); a verdict comes back through a pipe. A worker
whose claim runs past the time limit is killed and replaced; its claim alone is undecided. :class:`Shared`
keeps one pool for a whole run, so the claims asked for later (an answer key's option pairs) are checked by
workers whose SymPy caches the run's first claims have already filled.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from checker.values.claims import Claim
from checker.values.verdicts import Verdict, undecided

Check = Callable[[Claim], Verdict]
"""What a worker runs on each claim: a verdict, never an exception."""
Derive = Callable[..., Claim]
"""A module-level function building a claim from another (the audit's claim with an assumption dropped)."""
Job = int | tuple[int, Derive, tuple[object, ...], int]
"""What a worker is sent: the position of a claim it holds, or (position, derive, arguments, digest) for the claim
``derive(claims[position], *arguments)``, which it builds itself; ``digest`` is the hash of the built claim's
content in the parent (a forked worker hashes alike), so a derivation that built another claim there is caught."""


class Pool:
    """Forked workers that inherit the claims and receive only their positions in ``claims``."""

    def __init__(self, claims: Sequence[Claim], size: int, memory_mb: int, check: Check) -> None:
        self._claims = claims
        self._memory_mb = memory_mb
        self._check = check
        self._context = multiprocessing.get_context("fork")
        self.idle: list[tuple[Connection, BaseProcess]] = [self._spawn() for _ in range(size)]
        self.busy: dict[Connection, tuple[BaseProcess, Job, float]] = {}

    def _spawn(self) -> tuple[Connection, BaseProcess]:
        # the worker is born with what the parent holds now (SymPy's modules, the run's claims) out of its
        # collector's sight: its collections do not walk those objects or copy their pages from the parent; the
        # parent's skip them too until the pool closes (see close)
        gc.freeze()
        parent, child = self._context.Pipe()
        worker = self._context.Process(target=_serve, args=(self._claims, child, self._memory_mb, self._check),
                                       daemon=True)
        worker.start()
        child.close()
        return parent, worker

    def assign(self, job: Job) -> None:
        connection, worker = self.idle.pop()
        connection.send(job)
        self.busy[connection] = (worker, job, time.perf_counter())

    def collect(self, timeout: float) -> list[tuple[Job, Verdict]]:
        """Wait for the next result or the earliest deadline; return the claims finished meanwhile."""
        deadline = min(start for _, _, start in self.busy.values()) + timeout
        ready = wait(list(self.busy), timeout=max(0.0, deadline - time.perf_counter()))
        now = time.perf_counter()
        finished = []
        for connection in list(self.busy):
            worker, job, start = self.busy[connection]
            if connection in ready:
                try:
                    verdict = connection.recv()
                except EOFError:
                    verdict = undecided("the worker process died without a verdict (out of memory?)", "worker")
                    self._retire(connection, worker)
                else:
                    self.idle.append((connection, worker))
            elif now - start >= timeout:
                verdict = undecided(f"time limit of {timeout:g} s exceeded", "time limit")
                self._retire(connection, worker)
            else:
                continue
            del self.busy[connection]
            finished.append((job, timed(verdict, now - start)))
        return finished

    def _retire(self, connection: Connection, worker: BaseProcess) -> None:
        connection.close()
        worker.kill()
        worker.join()
        self.idle.append(self._spawn())

    def close(self) -> None:
        for connection, worker in self.idle:
            try:
                connection.send(None)
            except (BrokenPipeError, OSError):
                pass  # the worker is already gone; join below reaps it
            connection.close()
            worker.join(timeout=1)
            if worker.is_alive():
                worker.kill()
                worker.join()
        for connection, (worker, _, _) in self.busy.items():
            connection.close()
            worker.kill()
            worker.join()
        self.idle, self.busy = [], {}
        gc.unfreeze()  # a long-lived caller (a test session, a service) collects what it holds again


class Shared:
    """One pool for a run: forked (when first needed) with every claim the run may ask about, known up front.

    :meth:`jobs` maps claims asked for later onto that list — the same object, or a claim with the same content
    (one check answers both, as everywhere in a run), or a claim :meth:`register`-ed as derived from one on the
    list, which the worker builds itself — so their checks need no new fork and find SymPy's caches warm. A
    claim that is none of these is checked by a pool of its own, as outside a run.
    """

    def __init__(self, claims: Sequence[Claim], jobs: int, memory_mb: int, check: Check) -> None:
        self.claims = tuple(claims)
        self._by_id: dict[int, Job] = {id(claim): index for index, claim in enumerate(self.claims)}
        self._kept: list[Claim] = []  # derived claims registered by id: kept alive so their ids stay theirs
        self._by_content: dict[tuple[object, ...], Job] = {}
        for index, claim in enumerate(self.claims):
            if claim.is_mathematical:
                self._by_content.setdefault(claim.content(), index)
        self._jobs, self._memory_mb, self._check = jobs, memory_mb, check
        self._pool: Pool | None = None

    def covers(self, claims: Sequence[Claim]) -> bool:
        return self.jobs(claims, range(len(claims))) is not None

    def jobs(self, claims: Sequence[Claim], wanted: Iterable[int]) -> dict[int, Job] | None:
        """Each wanted claim's job for this pool; None if one of them is not known to it."""
        found = {}
        for index in wanted:
            claim = claims[index]
            job = self._by_id.get(id(claim))
            if job is None and claim.is_mathematical:
                job = self._by_content.get(claim.content())
            if job is None:
                return None
            found[index] = job
        return found

    def register(self, claim: Claim, original: Claim, derive: Derive, arguments: tuple[object, ...]) -> None:
        """``claim`` is ``derive(original, *arguments)``: where ``original`` is on the list, a worker builds it."""
        position = self._by_id.get(id(original))
        if not isinstance(position, int) or self.claims[position] is not original:
            position = self._by_content.get(original.content()) if original.is_mathematical else None
        if not isinstance(position, int):
            return
        job = (position, derive, arguments, hash(claim.content()))
        self._kept.append(claim)
        self._by_id[id(claim)] = job
        if claim.is_mathematical:
            self._by_content.setdefault(claim.content(), job)

    def pool(self) -> Pool:
        if self._pool is None:
            self._pool = Pool(self.claims, max(1, min(self._jobs, len(self.claims))), self._memory_mb, self._check)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None


def timed(verdict: Verdict, seconds: float) -> Verdict:
    return replace(verdict, seconds=round(seconds, 4))


def _serve(claims: Sequence[Claim], connection: Connection, memory_mb: int, check: Check) -> None:
    """Worker loop: receive a job, send back the verdict on its claim, until told to stop."""
    # a Ctrl-C reaches the whole process group: the parent decides, a worker only stops when told or killed
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(memory_mb)
    while True:
        try:
            index = connection.recv()
        except EOFError:
            return
        if index is None:
            return
        connection.send(check(claims[index]) if isinstance(index, int) else _derived(claims, index, check))


def _derived(claims: Sequence[Claim], job: tuple[int, Derive, tuple[object, ...], int], check: Check) -> Verdict:
    position, derive, arguments, digest = job
    claim = derive(claims[position], *arguments)
    if hash(claim.content()) != digest:
        return undecided("internal error: the worker built another claim than the one asked for", "error")
    return check(claim)


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource
    except ImportError:  # not on this platform: the time limit still applies
        return
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
