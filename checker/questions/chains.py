"""Checking step-by-step derivations (:mod:`checker.values.derivations`): every step through the engine.

A step is justified by an algebraic rewrite (checked), a declared definition (checked with the
definition substituted), or a named fact (Gibbs' inequality, Jensen, …): a fact step is still searched
for a counterexample — a misapplied fact is refuted — and, when neither proved nor refuted, recorded as
asserted under the fact's name. The chain proves its first expression REL its last, where REL composes
the steps' relations (= and <= give <=; any < makes it <); a chain that goes both up and down concludes
nothing and is refused when built.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace

from checker.engine.checking import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Progress, check_many
from checker.values.derivations import Derivation
from checker.values.verdicts import Status, Verdict


class ChainStatus(enum.Enum):
    VALID = "valid"
    VALID_IF_FACTS_HOLD = "valid if the facts hold"
    BROKEN = "broken"
    UNDECIDED = "undecided"


@dataclass(frozen=True, slots=True)
class DerivationResult:
    derivation: Derivation
    verdicts: tuple[Verdict, ...]
    status: ChainStatus
    first_failure: int | None
    explanation: str

    def failed(self) -> bool:
        return self.status in (ChainStatus.BROKEN, ChainStatus.UNDECIDED)


def _as_fact(verdict: Verdict, fact: str | None) -> Verdict:
    """A fact step neither proved nor refuted is asserted under the fact's name."""
    if fact is None or verdict.status is not Status.UNDECIDED:
        return verdict
    return replace(verdict, status=Status.ASSERTED, method=f"named fact: {fact}", holds=True,
                   summary=f"by {fact} (asserted; no counterexample found: {verdict.reason})", reason="")


def check_derivations(derivations: Sequence[Derivation], timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None,
                      *, memory_mb: int = DEFAULT_MEMORY_MB, progress: Progress | None = None,
                      checker: object = None) -> list[DerivationResult]:
    """Check every step of every derivation (through the worker pool) and judge each chain."""
    run = checker or check_many
    claims = [c for d in derivations for c in d.step_claims()]
    verdicts = iter(run(claims, timeout, jobs, memory_mb=memory_mb, progress=progress))  # type: ignore[operator]
    results = []
    for derivation in derivations:
        own = tuple(_as_fact(next(verdicts), step.fact) for step in derivation.steps)
        results.append(_judge(derivation, own))
    return results


def _judge(derivation: Derivation, verdicts: tuple[Verdict, ...]) -> DerivationResult:
    ends = f"first expression {derivation.conclusion.value} last expression ({len(derivation.steps)} steps)"
    for number, verdict in enumerate(verdicts, start=1):
        if verdict.status is Status.REFUTED:
            return DerivationResult(derivation, verdicts, ChainStatus.BROKEN, number,
                                    f"step {number} fails: {verdict.counterexample}")
    undecided = [n for n, v in enumerate(verdicts, start=1) if v.status is Status.UNDECIDED]
    if undecided:
        return DerivationResult(derivation, verdicts, ChainStatus.UNDECIDED, undecided[0],
                                f"step {undecided[0]} is undecided: {verdicts[undecided[0] - 1].reason}")
    facts = [n for n, v in enumerate(verdicts, start=1) if v.status is Status.ASSERTED]
    if facts:
        named = ", ".join(f"{n} ({derivation.steps[n - 1].fact})" for n in facts)
        return DerivationResult(derivation, verdicts, ChainStatus.VALID_IF_FACTS_HOLD, None,
                                f"proves {ends}, given the facts used at step(s) {named}")
    return DerivationResult(derivation, verdicts, ChainStatus.VALID, None, f"proves {ends}")
