"""A run: check a set of questions and derivations together, and audit what was checked — what ``verify``
does between reading its targets and writing its reports, reachable from Python (the CLI, the benchmark and
``python -m derivations``, which ships the document's verdicts, all call it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from checker.engine.audit import audit_claims
from checker.engine.cache import ResultCache
from checker.engine.checking import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Progress, check_many, shared_workers
from checker.values.derivations import Derivation

from .chains import DerivationResult, check_derivations
from .question import QuestionResult, check_questions, equal_pairs


def check_items(items: Sequence[Any], *, timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None,
                memory_mb: int = DEFAULT_MEMORY_MB, cache: ResultCache | None = None,
                progress: Progress | None = None) -> tuple[list[QuestionResult], list[DerivationResult]]:
    """Check questions and derivations through ``cache`` (if any): every claim known up front in one batch so
    all workers stay busy (derivation steps first, the heaviest), then what the rules need (option pairs)."""
    questions = [item for item in items if not isinstance(item, Derivation)]
    derivations = [item for item in items if isinstance(item, Derivation)]
    base: Callable[..., list[Any]] = cache.check_many if cache is not None else check_many
    upfront = _upfront(questions, derivations)
    with workers_for(items, jobs, memory_mb=memory_mb):
        memo = dict(zip(upfront, base(upfront, timeout, jobs, memory_mb=memory_mb, progress=progress)))

        def memoised(claims: Sequence[Any], timeout: float, jobs: int | None, *, memory_mb: int,
                     progress: Any = None) -> list[Any]:
            missing = list(dict.fromkeys(c for c in claims if c not in memo))
            if missing:
                memo.update(zip(missing, base(missing, timeout, jobs, memory_mb=memory_mb)))
            return [memo[c] for c in claims]

        results = check_questions(questions, timeout, jobs, memory_mb=memory_mb, checker=memoised)
        chains = check_derivations(derivations, timeout, jobs, memory_mb=memory_mb, checker=memoised)
    return results, chains


def _upfront(questions: Sequence[Any], derivations: Sequence[Derivation]) -> list[Any]:
    """The claims a run checks first: derivation steps (the heaviest), options, supporting claims."""
    upfront = [c for d in derivations for c in d.step_claims()]
    upfront += [o.claim for q in questions for o in q.options if o.claim is not None]
    return upfront + [c for q in questions for c in q.support]


@contextmanager
def workers_for(items: Sequence[Any], jobs: int | None = None, *,
                memory_mb: int = DEFAULT_MEMORY_MB) -> Iterator[None]:
    """Within the block, the run's claims — and what it asks about later: the option pairs an answer key's rule
    may compare, the audit's claims derived from them — are checked by workers forked once, knowing them all, so
    the later checks find SymPy's caches warm (:func:`checker.engine.checking.shared_workers`). Wrap a
    :func:`check_items` and its :func:`audit_items` in one block to audit in the same workers."""
    questions = [item for item in items if not isinstance(item, Derivation)]
    derivations = [item for item in items if isinstance(item, Derivation)]
    later = [claim for q in questions for _, _, claim in equal_pairs(q)]
    with shared_workers(_upfront(questions, derivations) + later, jobs, memory_mb=memory_mb):
        yield


def audit_items(results: Sequence[QuestionResult], chains: Sequence[DerivationResult], *,
                timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None, memory_mb: int = DEFAULT_MEMORY_MB,
                cache: ResultCache | None = None) -> dict[Any, Any]:
    """Audit every claim that was checked; keyed by id(claim), or (derivation id, step) for chain steps."""
    keys: list[Any] = []
    claims: list[Any] = []
    verdicts: list[Any] = []
    for result in results:
        for option in result.options:
            if option.option.claim is not None:
                keys.append(id(option.option.claim))
                claims.append(option.option.claim)
                verdicts.append(option.verdict)
        for claim, verdict in result.support:
            keys.append(id(claim))
            claims.append(claim)
            verdicts.append(verdict)
    for chain in chains:
        for number, (claim, verdict) in enumerate(zip(chain.derivation.step_claims(), chain.verdicts), start=1):
            keys.append((chain.derivation.id, number))
            claims.append(claim)
            verdicts.append(verdict)
    audits = audit_claims(claims, verdicts, timeout, jobs, memory_mb=memory_mb, store=cache)
    return dict(zip(keys, audits))
