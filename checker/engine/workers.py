"""Forked worker processes that check claims under a hard time and memory limit.

A worker is forked with the claims of a run in its memory and receives only their positions, so nothing is
pickled on the way in (claims hold the notation's functions); a verdict comes back through a pipe. A worker
whose claim runs past the time limit is killed and replaced; its claim alone is undecided. :class:`Shared`
keeps one pool for a whole run, so the claims asked for later (an answer key's option pairs) are checked by
workers whose SymPy caches the run's first claims have already filled.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from checker.values.claims import Claim
from checker.values.verdicts import Verdict, undecided

Check = Callable[[Claim], Verdict]
"""What a worker runs on each claim: a verdict, never an exception."""


class Pool:
    """Forked workers that inherit the claims and receive only their positions in ``claims``."""

    def __init__(self, claims: Sequence[Claim], size: int, memory_mb: int, check: Check) -> None:
        self._claims = claims
        self._memory_mb = memory_mb
        self._check = check
        self._context = multiprocessing.get_context("fork")
        self.idle: list[tuple[Connection, BaseProcess]] = [self._spawn() for _ in range(size)]
        self.busy: dict[Connection, tuple[BaseProcess, int, float]] = {}

    def _spawn(self) -> tuple[Connection, BaseProcess]:
        parent, child = self._context.Pipe()
        worker = self._context.Process(target=_serve, args=(self._claims, child, self._memory_mb, self._check),
                                       daemon=True)
        worker.start()
        child.close()
        return parent, worker

    def assign(self, index: int) -> None:
        connection, worker = self.idle.pop()
        connection.send(index)
        self.busy[connection] = (worker, index, time.perf_counter())

    def collect(self, timeout: float) -> list[tuple[int, Verdict]]:
        """Wait for the next result or the earliest deadline; return the claims finished meanwhile."""
        deadline = min(start for _, _, start in self.busy.values()) + timeout
        ready = wait(list(self.busy), timeout=max(0.0, deadline - time.perf_counter()))
        now = time.perf_counter()
        finished = []
        for connection in list(self.busy):
            worker, index, start = self.busy[connection]
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
            finished.append((index, timed(verdict, now - start)))
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


class Shared:
    """One pool for a run: forked (when first needed) with every claim the run may ask about, known up front.

    :meth:`positions` maps claims asked for later onto that list — the same object, or a claim with the same
    content (one check answers both, as everywhere in a run) — so their checks need no new fork and find
    SymPy's caches warm. A claim not on the list is checked by a pool of its own, as outside a run.
    """

    def __init__(self, claims: Sequence[Claim], jobs: int, memory_mb: int, check: Check) -> None:
        self.claims = tuple(claims)
        self._by_id = {id(claim): index for index, claim in enumerate(self.claims)}
        self._by_content: dict[tuple[object, ...], int] = {}
        for index, claim in enumerate(self.claims):
            if claim.is_mathematical:
                self._by_content.setdefault(claim.content(), index)
        self._jobs, self._memory_mb, self._check = jobs, memory_mb, check
        self._pool: Pool | None = None

    def positions(self, claims: Sequence[Claim], wanted: Sequence[int]) -> dict[int, int] | None:
        """Each wanted claim's position in the shared list; None if one of them is not there."""
        found = {}
        for index in wanted:
            claim = claims[index]
            position = self._by_id.get(id(claim))
            if position is None or self.claims[position] is not claim:
                position = self._by_content.get(claim.content()) if claim.is_mathematical else None
            if position is None:
                return None
            found[index] = position
        return found

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
    """Worker loop: receive a claim's position, send back its verdict, until told to stop."""
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
        connection.send(check(claims[index]))


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
