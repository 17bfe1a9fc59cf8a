"""How a question's answer follows from the truth of its options: the rules, the meta options, the statuses.

A rule maps every option's truth to the options it picks; the key — one option, or several for a question
with more than one correct answer — is compared with that pick. A true/false question is two options: the
statement, and "false", a meta option that holds exactly when the statement does not. A numerical question's
options are its accepted answers, each the claim that the asked value lies within the answer's tolerance.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Any

from checker.values.verdicts import Status, Verdict, undecided


class Rule(enum.Enum):
    """How a question's answer follows from the truth of its options."""

    INCORRECT_OR_LAST = "incorrect-or-last"
    CORRECT_OR_LAST = "correct-or-last"
    CORRECT = "correct"
    INCORRECT = "incorrect"
    EQUALS = "equals"
    TRUE_FALSE = "true-false"
    NUMERICAL = "numerical"

    @property
    def description(self) -> str:
        return {
            "incorrect-or-last": "pick the incorrect option, or the last one if the first three are correct",
            "correct-or-last": "pick the correct option, or the last one if none of the first three is correct",
            "correct": "pick the correct option",
            "incorrect": "pick the incorrect option",
            "equals": "pick the expression that equals the target",
            "true-false": "say whether the statement is true",
            "numerical": "give the value, within the tolerance",
        }[self.value]

    @property
    def several_keys(self) -> bool:
        """Whether a key may name more than one option (every true option is an answer)."""
        return self in (Rule.CORRECT, Rule.EQUALS, Rule.NUMERICAL)

    def picks(self, truths: Sequence[bool]) -> frozenset[int]:
        """Option numbers (1-based) the rule selects given every option's truth."""
        n = len(truths)
        if self is Rule.INCORRECT_OR_LAST:
            wrong = {i + 1 for i in range(n - 1) if not truths[i]}
            return frozenset(wrong or {n})
        if self is Rule.CORRECT_OR_LAST:
            right = {i + 1 for i in range(n - 1) if truths[i]}
            return frozenset(right or {n})
        if self is Rule.INCORRECT:
            return frozenset(i + 1 for i in range(n) if not truths[i])
        return frozenset(i + 1 for i in range(n) if truths[i])


class Meta(enum.Enum):
    """An option about the other options."""

    ALL_PREVIOUS = "all-previous-correct"
    NONE_PREVIOUS = "none-previous-correct"
    NEGATION = "the-statement-is-false"
    """A true/false question's "false": it holds exactly when option 1, the statement, does not."""


class QuestionStatus(enum.Enum):
    AGREES = "agrees"
    DISAGREES = "disagrees"
    AMBIGUOUS = "ambiguous"
    NONE_QUALIFIES = "none qualifies"
    UNDETERMINED = "undetermined"


def meta_verdict(meta: Meta, previous: Sequence[Any]) -> Verdict:
    """The verdict of a meta option from the earlier options' results (each with ``option`` and ``verdict``)."""
    method = "derived from the options"
    if meta is Meta.NEGATION:
        statement = previous[0].verdict
        if statement.status is Status.PROVED:
            return Verdict(Status.REFUTED, method, "the statement is true")
        if statement.status is Status.REFUTED:
            return Verdict(Status.PROVED, method, "the statement is false")
        if statement.status is Status.ASSERTED:
            return Verdict(Status.ASSERTED, method, f"the statement is {'true' if statement.holds else 'false'} "
                           "(by assertion)", holds=not statement.holds)
        return undecided("the statement is undecided", method)
    breaking = meta is Meta.NONE_PREVIOUS  # the truth value of an earlier option that makes the meta option false
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


def picks(rule: Rule, options: Sequence[Any], truths: dict[int, bool]) -> frozenset[int]:
    """The options the rule picks when the non-meta options have the given truth values."""
    values: list[bool] = []
    for option in options:
        if option.meta is Meta.ALL_PREVIOUS:
            values.append(all(values))
        elif option.meta is Meta.NONE_PREVIOUS:
            values.append(not any(values))
        elif option.meta is Meta.NEGATION:
            values.append(not values[0])
        else:
            values.append(truths[option.number])
    chosen = rule.picks(values)
    if rule is Rule.CORRECT and options[-1].meta is Meta.ALL_PREVIOUS and values[-1]:
        return frozenset({len(options)})  # a true "all of the above" is the answer; the others are its parts
    return chosen


def status(implied: frozenset[int], keys: Sequence[int]) -> QuestionStatus:
    """How the pick compares with the key: a key of several options agrees only with exactly that pick."""
    if not implied:
        return QuestionStatus.NONE_QUALIFIES
    if len(keys) > 1:
        return QuestionStatus.AGREES if implied == frozenset(keys) else QuestionStatus.DISAGREES
    if len(implied) > 1:
        return QuestionStatus.AMBIGUOUS
    return QuestionStatus.AGREES if implied == set(keys) else QuestionStatus.DISAGREES


def explain(question: Any, results: Sequence[Any], implied: frozenset[int], outcome: QuestionStatus,
            groups: tuple[tuple[int, ...], ...]) -> str:
    """One sentence on why the question has its status (for instructors: option numbers, the rule's words)."""
    true = [r.option.number for r in results if r.verdict.truth is True]
    false = [r.option.number for r in results if r.verdict.truth is False]
    facts = f"true: {join(true) or 'none'}; false: {join(false) or 'none'}"
    same = "; ".join(f"options {join(g)} are the same expression" for g in groups)
    key = question.key_label
    if question.rule is Rule.TRUE_FALSE:
        said = "true" if 1 in implied else "false"
        text = f"the statement is {said}, " + ("as the key says" if outcome is QuestionStatus.AGREES
                                               else f"but the key says {key}")
    elif question.rule is Rule.NUMERICAL and not implied:
        text = f"the value lies outside every accepted answer's tolerance; the key says {key} ({facts})"
    elif outcome is QuestionStatus.AGREES:
        text = f"the rule picks {join(sorted(implied))}, as the key says ({facts})"
    elif outcome is QuestionStatus.DISAGREES:
        text = f"the rule picks {join(sorted(implied))} but the key says {key} ({facts})"
    elif outcome is QuestionStatus.AMBIGUOUS:
        every = "both" if len(implied) == 2 else "all"
        text = f"options {join(sorted(implied))} {every} qualify under the rule; the key says {key} ({facts})"
    else:
        text = f"no option qualifies under the rule; the key says {key} ({facts})"
    return f"{text}; {same}" if same else text


def join(numbers: Iterable[Any]) -> str:
    items = [str(n) for n in numbers]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""
