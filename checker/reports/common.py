"""What every report needs: counts, the run's outcome and its exit code."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from checker.engine.checking import INTERRUPTED_METHOD
from checker.questions.question import QuestionResult
from checker.values.verdicts import Status


@dataclass(frozen=True, slots=True)
class Outcome:
    """The run as a whole: counts by status and verdict, and whether it passes."""

    statuses: dict[str, int]
    verdicts: dict[str, int]
    failing: tuple[str, ...]
    strict: bool
    errors: int = 0
    """Files or inputs that could not be read: their questions are missing from the results."""
    interrupted: bool = False
    """A Ctrl-C stopped the run: claims not checked by then are undecided."""

    @property
    def exit_code(self) -> int:
        """2 for an input problem or an interrupted run, 1 when a question or derivation fails, else 0."""
        if self.errors or self.interrupted:
            return 2
        return 1 if self.failing else 0


def outcome(results: Sequence[QuestionResult], strict: bool = False, chains: Sequence[Any] = (),
            errors: int = 0) -> Outcome:
    """Counts and failures over question results and derivation results (``errors``: inputs not read)."""
    statuses = Counter(r.status.value for r in results)
    verdicts = Counter(v.status.value for r in results for v in r.verdicts)
    verdicts.update(v.status.value for c in chains for v in c.verdicts)
    for status in Status:
        verdicts.setdefault(status.value, 0)
    failing = tuple(r.question.id for r in results if r.failed(strict))
    failing += tuple(c.derivation.id for c in chains if c.failed())
    interrupted = any(v.method == INTERRUPTED_METHOD for r in results for v in r.verdicts) or any(
        v.method == INTERRUPTED_METHOD for c in chains for v in c.verdicts)
    return Outcome(dict(statuses), dict(verdicts), failing, strict, errors, interrupted)


def status_label(result: QuestionResult) -> str:
    """The status as printed, with the assertion or erratum qualifiers a reader needs."""
    label = result.status.value
    if result.status_if_asserted is not None:
        label += f" (if asserted: {result.status_if_asserted.value})"
    if result.stale_erratum:
        label += " — STALE ERRATUM"
    elif result.erratum_applies:
        label += " (erratum recorded)"
    return label
