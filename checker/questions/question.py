"""Questions, their answer rules, and the comparison of the implied answer with the document's key."""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from checker.engine.checking import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Progress, check_many
from checker.values.claims import Claim, Kind, Relation, Relational
from checker.values.errors import QuestionError
from checker.values.verdicts import Status, Verdict, undecided


class Rule(enum.Enum):
    """How a question's answer follows from the truth of its options."""

    INCORRECT_OR_LAST = "incorrect-or-last"
    CORRECT_OR_LAST = "correct-or-last"
    CORRECT = "correct"
    EQUALS = "equals"

    @property
    def description(self) -> str:
        return {
            "incorrect-or-last": "pick the incorrect option, or the last one if the first three are correct",
            "correct-or-last": "pick the correct option, or the last one if none of the first three is correct",
            "correct": "pick the correct option",
            "equals": "pick the expression that equals the target",
        }[self.value]

    def picks(self, truths: Sequence[bool]) -> frozenset[int]:
        """Option numbers (1-based) the rule selects given every option's truth."""
        n = len(truths)
        if self is Rule.INCORRECT_OR_LAST:
            wrong = {i + 1 for i in range(n - 1) if not truths[i]}
            return frozenset(wrong or {n})
        if self is Rule.CORRECT_OR_LAST:
            right = {i + 1 for i in range(n - 1) if truths[i]}
            return frozenset(right or {n})
        return frozenset(i + 1 for i in range(n) if truths[i])


class Meta(enum.Enum):
    """An option about the other options."""

    ALL_PREVIOUS = "all-previous-correct"
    NONE_PREVIOUS = "none-previous-correct"


class QuestionStatus(enum.Enum):
    AGREES = "agrees"
    DISAGREES = "disagrees"
    AMBIGUOUS = "ambiguous"
    NONE_QUALIFIES = "none qualifies"
    UNDETERMINED = "undetermined"


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

    def __post_init__(self) -> None:
        numbers = [o.number for o in self.options]
        if numbers != list(range(1, len(numbers) + 1)):
            raise QuestionError(f"question {self.id}: options must be numbered 1..n in order, got {numbers}")
        if len(numbers) < 2:
            raise QuestionError(f"question {self.id}: a question needs at least two options")
        if not 1 <= self.key <= len(numbers):
            raise QuestionError(f"question {self.id}: key {self.key} is out of range 1..{len(numbers)}")
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


def _meta_verdict(meta: Meta, previous: Sequence[OptionResult]) -> Verdict:
    """The verdict of 'all previous are correct' / 'none of the previous is correct' from the earlier options."""
    breaking = meta is Meta.NONE_PREVIOUS  # the truth value of an earlier option that makes the meta option false
    method = "derived from the options"
    culprits = sorted((r for r in previous if r.verdict.truth is breaking), key=lambda r: not r.verdict.certain)
    if culprits:
        first = culprits[0]
        summary = f"option {first.option.number} is {'true' if breaking else 'false'}"
        if first.verdict.certain:
            return Verdict(Status.REFUTED, method, summary)
        return Verdict(Status.ASSERTED, method, summary + " (by assertion)", holds=False)
    if any(r.verdict.truth is None for r in previous):
        return undecided("an earlier option is undecided", method)
    summary = "no earlier option is true" if breaking else "all earlier options are true"
    if all(r.verdict.certain for r in previous):
        return Verdict(Status.PROVED, method, summary)
    return Verdict(Status.ASSERTED, method, summary + " (some by assertion)", holds=True)


def _picks(rule: Rule, options: Sequence[Option], truths: dict[int, bool]) -> frozenset[int]:
    values: list[bool] = []
    for option in options:
        if option.meta is Meta.ALL_PREVIOUS:
            values.append(all(values))
        elif option.meta is Meta.NONE_PREVIOUS:
            values.append(not any(values))
        else:
            values.append(truths[option.number])
    return rule.picks(values)


def _status(implied: frozenset[int], key: int) -> QuestionStatus:
    if not implied:
        return QuestionStatus.NONE_QUALIFIES
    if len(implied) > 1:
        return QuestionStatus.AMBIGUOUS
    return QuestionStatus.AGREES if implied == {key} else QuestionStatus.DISAGREES


def _equal_pairs(question: Question) -> list[tuple[int, int, Claim]]:
    """Identity claims 'option i's expression = option j's' for options that state the same subject."""
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
    return pairs


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
        for i, j, claim in _equal_pairs(question):
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
            verdict = checked if checked is not None else _meta_verdict(option.meta, options)  # type: ignore[arg-type]
            same = tuple(m for g in groups if option.number in g for m in g if m != option.number)
            options.append(OptionResult(option, verdict, same))
        results.append(_judge(question, tuple(options), support_verdicts[index], groups))
    return results


def _implied_sets(question: Question, known: dict[int, bool], free: Sequence[int]) -> set[frozenset[int]]:
    """Every answer the rule can pick when the options in ``free`` may be true or false."""
    outcomes = set()
    for values in itertools.product((True, False), repeat=len(free)):
        outcomes.add(_picks(question.rule, question.options, {**known, **dict(zip(free, values))}))
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
        status = _status(implied, question.key)
        return replace(base, implied=tuple(sorted(implied)), status=status,
                       explanation=_explain(question, results, implied, status, groups))
    under = _implied_sets(question, {**certain, **asserted}, unknown)
    if len(under) == 1:
        implied = next(iter(under))
        status_if = _status(implied, question.key)
        explanation = (f"rests on asserted option(s) {_join(loose)}; if they hold as stated, the rule picks "
                       f"{_join(sorted(implied))} ({status_if.value} with the key {question.key})")
        return replace(base, implied=tuple(sorted(implied)), explanation=explanation, rests_on=loose,
                       status_if_asserted=status_if)
    return replace(base, rests_on=loose, explanation=f"undecided option(s) {_join(unknown)} decide the answer")


def _explain(question: Question, results: Sequence[OptionResult], implied: frozenset[int],
             status: QuestionStatus, groups: tuple[tuple[int, ...], ...]) -> str:
    true = [r.option.number for r in results if r.verdict.truth is True]
    false = [r.option.number for r in results if r.verdict.truth is False]
    facts = f"true: {_join(true) or 'none'}; false: {_join(false) or 'none'}"
    same = "; ".join(f"options {_join(g)} are the same expression" for g in groups)
    if status is QuestionStatus.AGREES:
        text = f"the rule picks {_join(sorted(implied))}, as the key says ({facts})"
    elif status is QuestionStatus.DISAGREES:
        text = f"the rule picks {_join(sorted(implied))} but the key says {question.key} ({facts})"
    elif status is QuestionStatus.AMBIGUOUS:
        every = "both" if len(implied) == 2 else "all"
        text = f"options {_join(sorted(implied))} {every} qualify under the rule; the key says {question.key} ({facts})"
    else:
        text = f"no option qualifies under the rule; the key says {question.key} ({facts})"
    return f"{text}; {same}" if same else text


def _join(numbers: Iterable[int]) -> str:
    items = [str(n) for n in numbers]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""
