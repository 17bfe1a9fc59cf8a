"""Answer rules, implied answers and statuses on small hand-made questions."""

from __future__ import annotations

import pytest
import sympy as sp

from checker import (
    Erratum,
    Meta,
    Option,
    Question,
    QuestionError,
    QuestionStatus,
    Rule,
    Scope,
    check_question,
    sigmoid,
)


def _bt_options(scope: Scope, *, wrong: int | None = None) -> tuple[Option, ...]:
    """Three Bradley-Terry forms of P; option ``wrong`` gets a sign error."""
    r1, r2 = scope.real("r1"), scope.real("r2")
    p = scope.define(sp.Symbol("P", positive=True), sp.exp(r1) / (sp.exp(r1) + sp.exp(r2)))
    forms = [sp.exp(r1) / (sp.exp(r1) + sp.exp(r2)), 1 / (1 + sp.exp(r2 - r1)), sigmoid(r1 - r2)]
    if wrong is not None:
        forms[wrong - 1] = sigmoid(r2 - r1)
    return tuple(Option(i + 1, f"form {i + 1}", scope.identity(p, form, f"P = form {i + 1}"))
                 for i, form in enumerate(forms))


def _question(options: tuple[Option, ...], rule: Rule, key: int, erratum: Erratum | None = None) -> Question:
    return Question(id="t", section="test", position=1, stem="stem", rule=rule, options=options, key=key,
                    key_text=f"La {key}", erratum=erratum)


def test_incorrect_or_last_picks_the_last_when_all_hold(scope: Scope) -> None:
    options = (*_bt_options(scope), Option(4, "all", meta=Meta.ALL_PREVIOUS))
    result = check_question(_question(options, Rule.INCORRECT_OR_LAST, key=4))
    assert result.implied == (4,)
    assert result.status is QuestionStatus.AGREES
    assert result.equal_groups == ((1, 2, 3),)


def test_incorrect_or_last_picks_the_false_option(scope: Scope) -> None:
    options = (*_bt_options(scope, wrong=2), Option(4, "all", meta=Meta.ALL_PREVIOUS))
    result = check_question(_question(options, Rule.INCORRECT_OR_LAST, key=4))
    assert result.implied == (2,)
    assert result.status is QuestionStatus.DISAGREES
    assert "the key says 4" in result.explanation
    assert result.failed()


def test_correct_rule_with_two_true_options_is_ambiguous(scope: Scope) -> None:
    options = _bt_options(scope, wrong=1)
    result = check_question(_question(options, Rule.CORRECT, key=3))
    assert result.implied == (2, 3)
    assert result.status is QuestionStatus.AMBIGUOUS
    assert "options 2 and 3 are the same expression" in result.explanation


def test_correct_rule_with_no_true_option_reports_none_qualifies(scope: Scope) -> None:
    x = scope.real("x")
    options = tuple(Option(i, f"x = x + {i}", scope.identity(x, x + i, f"x = x + {i}")) for i in (1, 2))
    result = check_question(_question(options, Rule.CORRECT, key=1))
    assert result.status is QuestionStatus.NONE_QUALIFIES
    assert result.implied == ()


def test_none_of_the_above_is_picked_when_no_option_holds(scope: Scope) -> None:
    x = scope.real("x")
    options = (*(Option(i, f"x = x + {i}", scope.identity(x, x + i, f"x = x + {i}")) for i in (1, 2, 3)),
               Option(4, "none", meta=Meta.NONE_PREVIOUS))
    result = check_question(_question(options, Rule.CORRECT_OR_LAST, key=4))
    assert result.status is QuestionStatus.AGREES
    assert result.options[3].verdict.status.value == "proved"


def test_prose_option_that_decides_makes_the_question_undetermined(scope: Scope) -> None:
    options = (*_bt_options(scope)[:2],
               Option(3, "prose", Scope.prose("a conceptual statement", holds=True, justification="a source")),
               Option(4, "all", meta=Meta.ALL_PREVIOUS))
    result = check_question(_question(options, Rule.INCORRECT_OR_LAST, key=4))
    assert result.status is QuestionStatus.UNDETERMINED
    assert result.rests_on == (3,)
    assert result.status_if_asserted is QuestionStatus.AGREES
    assert not result.failed()


def test_asserted_prose_beside_a_proved_option_is_ambiguous_if_asserted(scope: Scope) -> None:
    """A prose option asserted true beside a proved one would make two correct options."""
    options = (*_bt_options(scope, wrong=1)[:2],
               Option(3, "prose", Scope.prose("statement", holds=True, justification="source")))
    result = check_question(_question(options, Rule.CORRECT, key=2))
    assert result.status is QuestionStatus.UNDETERMINED
    assert result.implied == (2, 3)
    assert result.status_if_asserted is QuestionStatus.AMBIGUOUS


def test_recorded_erratum_excuses_the_disagreement_unless_strict(scope: Scope) -> None:
    options = (*_bt_options(scope, wrong=2), Option(4, "all", meta=Meta.ALL_PREVIOUS))
    erratum = Erratum(QuestionStatus.DISAGREES, "the key overlooked the sign error in option 2")
    result = check_question(_question(options, Rule.INCORRECT_OR_LAST, key=4, erratum=erratum))
    assert result.status is QuestionStatus.DISAGREES
    assert result.erratum_applies
    assert not result.failed()
    assert result.failed(strict=True)


def test_stale_erratum_fails(scope: Scope) -> None:
    """An erratum for a disagreement that no longer exists is itself reported."""
    options = (*_bt_options(scope), Option(4, "all", meta=Meta.ALL_PREVIOUS))
    erratum = Erratum(QuestionStatus.DISAGREES, "obsolete")
    result = check_question(_question(options, Rule.INCORRECT_OR_LAST, key=4, erratum=erratum))
    assert result.status is QuestionStatus.AGREES
    assert result.stale_erratum and result.failed()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"key": 5}, "key 5 is out of range 1..4"),
        ({"options_order": (2, 1, 3, 4)}, "numbered 1..n in order"),
        ({"rule": Rule.CORRECT_OR_LAST}, "does not fit final option 'all-previous-correct'"),
        ({"meta_first": True}, "meta option 1 must be the last one"),
    ],
    ids=["key-out-of-range", "options-out-of-order", "rule-meta-mismatch", "meta-not-last"],
)
def test_malformed_questions_are_rejected_with_the_reason(changes: dict, message: str) -> None:  # type: ignore[type-arg]
    prose = Scope.prose("s", holds=True, justification="j")
    numbers = changes.get("options_order", (1, 2, 3, 4))
    options = [Option(n, f"o{n}", prose) for n in numbers[:3]] + [Option(numbers[3], "all", meta=Meta.ALL_PREVIOUS)]
    if changes.get("meta_first"):
        options = [Option(1, "all", meta=Meta.ALL_PREVIOUS)] + [Option(n, f"o{n}", prose) for n in (2, 3, 4)]
    with pytest.raises(QuestionError, match=message):
        Question(id="bad", section="s", position=1, stem="s", rule=changes.get("rule", Rule.INCORRECT_OR_LAST),
                 options=tuple(options), key=changes.get("key", 4), key_text="La 4")


def test_undecided_option_that_decides_fails_the_question(scope: Scope) -> None:
    """An option neither proved nor refuted leaves the answer open, and the run must not pass."""
    x = scope.real("x")
    options = (Option(1, "Si", scope.identity(sp.Si(x), sp.Si(2 * x), "Si(x) = Si(2x)")),
               Option(2, "x = x + 1", scope.identity(x, x + 1, "x = x + 1")))
    result = check_question(_question(options, Rule.CORRECT, key=1))
    assert result.status is QuestionStatus.UNDETERMINED
    assert result.status_if_asserted is None
    assert "undecided option(s) 1 decide the answer" in result.explanation
    assert result.failed()
