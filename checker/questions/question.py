"""Questions, their answer rules, and the comparison of the implied answer with the document's key."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import lru_cache
from typing import Any

from checker.engine.checking import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Progress, check_many
from checker.values.claims import Claim, Kind, Relation, Relational
from checker.values.errors import QuestionError
from checker.values.verdicts import Status, Verdict

from .rules import Meta, QuestionStatus, Rule, explain, join, meta_verdict, picks, status

__all__ = ["Erratum", "Meta", "Option", "OptionResult", "Question", "QuestionResult", "QuestionStatus", "Rule",
           "check_question", "check_questions"]


@dataclass(frozen=True, slots=True)
class Option:
    """One numbered option: a claim, or a meta statement about the options before it."""

    number: int
    text: str
    claim: Claim | None = None
    meta: Meta | None = None

    def __post_init__(self) -> None:
        if (self.claim is None) == (self.meta is None):
            raise QuestionError(f"option {self.number} ({self.text!r}) needs exactly one of a claim or a meta kind")

    @property
    def kind(self) -> str:
        return self.meta.value if self.meta else self.claim.kind.value  # type: ignore[union-attr]


@dataclass(frozen=True, slots=True)
class Erratum:
    """A disagreement with the key that the maintainers have accepted, and why."""

    status: QuestionStatus
    note: str


@dataclass(frozen=True, slots=True)
class Question:
    """A multiple-choice question with its rule, options and the key exactly as the document states it."""

    id: str
    section: str
    position: int
    stem: str
    rule: Rule
    options: tuple[Option, ...]
    key: int
    key_text: str
    erratum: Erratum | None = None
    support: tuple[Claim, ...] = ()
    notes: tuple[str, ...] = ()
    language: str = ""
    """The quiz's language (``es``, ``en`` …) as the header declares it; empty when not declared."""
    notation: tuple[tuple[Any, str], ...] = field(default=(), compare=False)
    """Each declared atom with the LaTeX the author wrote for it: how reports name it."""
    keys: tuple[int, ...] = ()
    """Every correct option when the key names more than one (then ``key`` is the first); empty otherwise."""
    numerical: tuple[str, str] = ()
    """A numerical question's answer and tolerance as written (decimals): what a platform compares with."""
    origin: tuple[str, int] = field(default=(), compare=False)
    """The file and line of the question's key (empty when built in Python): where annotations point."""

    def __post_init__(self) -> None:
        numbers = [o.number for o in self.options]
        if numbers != list(range(1, len(numbers) + 1)):
            raise QuestionError(f"question {self.id}: options must be numbered 1..n in order, got {numbers}")
        if len(numbers) < (1 if self.rule in (Rule.NUMERICAL, Rule.EQUALS) else 2):
            raise QuestionError(f"question {self.id}: a question needs at least two options")
        for key in self.answers:
            if not 1 <= key <= len(numbers):
                raise QuestionError(f"question {self.id}: key {key} is out of range 1..{len(numbers)}")
        if self.keys and (len(self.keys) < 2 or list(self.keys) != sorted(set(self.keys)) or self.key != self.keys[0]):
            raise QuestionError(f"question {self.id}: several keys must be two or more option numbers in order")
        if self.keys and not self.rule.several_keys:
            raise QuestionError(f"question {self.id}: rule {self.rule.value!r} has one answer; a key of several "
                                "options needs rule 'correct' or 'equals'")
        if self.rule is Rule.TRUE_FALSE and (len(numbers) != 2 or self.options[1].meta is not Meta.NEGATION):
            raise QuestionError(f"question {self.id}: a true/false question is a statement and its negation")
        if any(o.meta is Meta.NEGATION for o in self.options) and self.rule is not Rule.TRUE_FALSE:
            raise QuestionError(f"question {self.id}: only a true/false question has a 'false' option")
        for option in self.options[:-1]:
            if option.meta is not None:
                raise QuestionError(f"question {self.id}: meta option {option.number} must be the last one")
        last = self.options[-1]
        if self.rule in (Rule.INCORRECT_OR_LAST, Rule.CORRECT_OR_LAST) and last.meta is None:
            raise QuestionError(f"question {self.id}: rule {self.rule.value!r} needs a final all/none option")
        expected = {Rule.INCORRECT_OR_LAST: Meta.ALL_PREVIOUS, Rule.CORRECT_OR_LAST: Meta.NONE_PREVIOUS}
        if last.meta is not None and self.rule in expected and last.meta is not expected[self.rule]:
            raise QuestionError(f"question {self.id}: rule {self.rule.value!r} does not fit final option "
                                f"{last.meta.value!r}")

    @property
    def answers(self) -> tuple[int, ...]:
        """The options the key marks correct."""
        return self.keys or (self.key,)

    @property
    def key_label(self) -> str:
        """The key as reports write it: ``2``, ``1 and 3``, ``true``."""
        if self.rule is Rule.TRUE_FALSE:
            return "true" if self.key == 1 else "false"
        return join(self.answers)

    @property
    def is_mathematical(self) -> bool:
        return any(o.claim is not None and o.claim.is_mathematical for o in self.options)

    @property
    def keeps_order(self) -> bool:
        """Whether the options must be shown as written: one speaks about the others ("all of the above"),
        or the stem names options by place — shuffled, the question would mean something else."""
        from .positions import keeps_order

        return keeps_order(self)


@dataclass(frozen=True, slots=True)
class OptionResult:
    option: Option
    verdict: Verdict
    same_as: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """Every verdict of one question, the answer its rule implies and how that compares with the key."""

    question: Question
    options: tuple[OptionResult, ...]
    support: tuple[tuple[Claim, Verdict], ...]
    implied: tuple[int, ...]
    status: QuestionStatus
    explanation: str
    rests_on: tuple[int, ...] = ()
    status_if_asserted: QuestionStatus | None = None
    equal_groups: tuple[tuple[int, ...], ...] = field(default=())

    @property
    def verdicts(self) -> list[Verdict]:
        return [r.verdict for r in self.options] + [v for _, v in self.support]

    @property
    def undecided(self) -> int:
        return sum(v.status is Status.UNDECIDED for v in self.verdicts)

    @property
    def effective_status(self) -> QuestionStatus | None:
        """The status that counts against the key: the certain one, or the one under the assertions."""
        return self.status if self.status is not QuestionStatus.UNDETERMINED else self.status_if_asserted

    @property
    def erratum_applies(self) -> bool:
        erratum = self.question.erratum
        return erratum is not None and erratum.status is self.effective_status

    @property
    def stale_erratum(self) -> bool:
        return self.question.erratum is not None and not self.erratum_applies

    def failed(self, strict: bool = False) -> bool:
        """Whether this question should fail a run: an undecided claim, or a key problem not accepted."""
        if self.undecided or self.stale_erratum:
            return True
        effective = self.effective_status
        if effective is QuestionStatus.AGREES:
            return False
        return strict or not self.erratum_applies


@lru_cache(maxsize=1024)
def equal_pairs(question: Question) -> tuple[tuple[int, int, Claim], ...]:
    """Identity claims 'option i's expression = option j's' for options that state the same subject; built once
    per question (a run lists them for its workers before the rule asks about them)."""
    pairs = []
    claims = [(o.number, o.claim) for o in question.options
              if o.claim is not None and o.claim.kind in (Kind.IDENTITY, Kind.MATCH) and len(o.claim.parts) == 1]
    for (i, a), (j, b) in itertools.combinations(claims, 2):
        first, second = a.parts[0], b.parts[0]
        if a.kind is not b.kind:
            continue
        if a.kind is Kind.MATCH:
            # both options are compared with the same reference: compare the options' expressions
            if first.rhs != second.rhs:
                continue
            left, right = first.lhs, second.lhs
        else:
            # both options are equations about the same subject: compare what they equate it to
            if first.lhs != second.lhs:
                continue
            left, right = first.rhs, second.rhs
        domains = tuple(dict(a.domains + b.domains).items())
        definitions = tuple(dict(a.definitions + b.definitions).items())
        pairs.append((i, j, Claim(Kind.IDENTITY, f"option {i} = option {j}",
                                  (Relational(left, Relation.EQ, right),), domains, definitions)))
    return tuple(pairs)


def _separated(pair: Claim, *verdicts: Verdict | None, seen: dict[Any, bool] | None = None) -> bool:
    """Whether a counterexample already found for one of the two options shows their expressions differ (the
    pair's identity certainly fails there), so the pair need not be checked. ``seen`` remembers answers across
    the questions of a run (a bank repeats its options)."""
    from checker.engine.refute import fails_at

    seen = {} if seen is None else seen
    for verdict in verdicts:
        example = verdict.counterexample if verdict is not None else None
        if example is not None and example.values and not example.instance:
            key = (pair.content(), example.values)
            if key not in seen:
                seen[key] = fails_at(pair, {atom: Fraction(int(value.p), int(value.q))
                                            for atom, value in example.values})
            if seen[key]:
                return True
    return False


def _groups(pairs: Iterable[tuple[int, int]]) -> tuple[tuple[int, ...], ...]:
    groups: list[set[int]] = []
    for i, j in pairs:
        joined = [g for g in groups if i in g or j in g]
        merged = {i, j}.union(*joined)
        groups = [g for g in groups if g not in joined] + [merged]
    return tuple(sorted(tuple(sorted(g)) for g in groups))


def check_question(question: Question, timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None) -> QuestionResult:
    """Check every option and supporting claim of a question and compare the implied answer with the key."""
    return check_questions([question], timeout, jobs)[0]


def check_questions(questions: Sequence[Question], timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None, *,
                    memory_mb: int = DEFAULT_MEMORY_MB, progress: Progress | None = None,
                    checker: Callable[..., list[Verdict]] | None = None) -> list[QuestionResult]:
    """Check many questions, running all their claims through the worker pool together.

    ``checker`` replaces :func:`checker.engine.check_many` (same arguments), e.g. by a cached one.
    """
    run = checker or check_many
    claims = [o.claim for q in questions for o in q.options if o.claim is not None]
    claims += [c for q in questions for c in q.support]
    verdicts = iter(run(claims, timeout, jobs, memory_mb=memory_mb, progress=progress))
    option_verdicts = [[next(verdicts) if o.claim is not None else None for o in q.options] for q in questions]
    support_verdicts = [tuple((c, next(verdicts)) for c in q.support) for q in questions]

    pair_jobs: list[tuple[int, int, int, Claim]] = []
    seen: dict[Any, bool] = {}
    equal: list[list[tuple[int, int]]] = [[] for _ in questions]
    for index, question in enumerate(questions):
        truth = {o.number: v.status for o, v in zip(question.options, option_verdicts[index]) if v is not None}
        for i, j, claim in equal_pairs(question):
            if truth[i] is Status.PROVED and truth[j] is Status.PROVED:
                equal[index].append((i, j))  # both equal the same subject, hence each other
            elif {truth[i], truth[j]} != {Status.PROVED, Status.REFUTED} and not _separated(
                    claim, option_verdicts[index][i - 1], option_verdicts[index][j - 1], seen=seen):
                pair_jobs.append((index, i, j, claim))
    pair_verdicts = run([job[3] for job in pair_jobs], timeout, jobs, memory_mb=memory_mb)
    for (index, i, j, _), verdict in zip(pair_jobs, pair_verdicts):
        if verdict.status is Status.PROVED:
            equal[index].append((i, j))

    results = []
    for index, question in enumerate(questions):
        groups = _groups(equal[index])
        options: list[OptionResult] = []
        for option, checked in zip(question.options, option_verdicts[index]):
            verdict = checked if checked is not None else meta_verdict(option.meta, options)  # type: ignore[arg-type]
            same = tuple(m for g in groups if option.number in g for m in g if m != option.number)
            options.append(OptionResult(option, verdict, same))
        results.append(_judge(question, tuple(options), support_verdicts[index], groups))
    return results


def _implied_sets(question: Question, known: dict[int, bool], free: Sequence[int]) -> set[frozenset[int]]:
    """Every answer the rule can pick when the options in ``free`` may be true or false."""
    outcomes = set()
    for values in itertools.product((True, False), repeat=len(free)):
        outcomes.add(picks(question.rule, question.options, {**known, **dict(zip(free, values))}))
    return outcomes


def _judge(question: Question, results: tuple[OptionResult, ...], support: tuple[tuple[Claim, Verdict], ...],
           groups: tuple[tuple[int, ...], ...]) -> QuestionResult:
    plain = [r for r in results if r.option.meta is None]
    certain = {r.option.number: bool(r.verdict.truth) for r in plain if r.verdict.certain}
    asserted = {r.option.number: bool(r.verdict.holds) for r in plain if r.verdict.status is Status.ASSERTED}
    loose = tuple(r.option.number for r in plain if not r.verdict.certain)
    unknown = [n for n in loose if n not in asserted]
    base = QuestionResult(question, results, support, implied=(), status=QuestionStatus.UNDETERMINED,
                          explanation="", equal_groups=groups)
    outcomes = _implied_sets(question, certain, loose)
    if len(outcomes) == 1:
        implied = next(iter(outcomes))
        outcome = status(implied, question.answers)
        return replace(base, implied=tuple(sorted(implied)), status=outcome,
                       explanation=explain(question, results, implied, outcome, groups))
    under = _implied_sets(question, {**certain, **asserted}, unknown)
    if len(under) == 1:
        implied = next(iter(under))
        status_if = status(implied, question.answers)
        explanation = (f"rests on asserted option(s) {join(loose)}; if they hold as stated, the rule picks "
                       f"{join(sorted(implied))} ({status_if.value} with the key {question.key_label})")
        return replace(base, implied=tuple(sorted(implied)), explanation=explanation, rests_on=loose,
                       status_if_asserted=status_if)
    return replace(base, rests_on=loose, explanation=f"undecided option(s) {join(unknown)} decide the answer")
