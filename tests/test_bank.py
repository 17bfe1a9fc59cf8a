"""The encoded document: every question in order, the document's keys, and the verdicts its math implies."""

from __future__ import annotations

import json
import re
from fractions import Fraction

import pytest

from checker import QuestionStatus, Status
from derivations import DOCUMENT, bank

SEED = DOCUMENT  # the quiz document ships inside the package: no test depends on a file outside the project

# What the mathematics says of each mathematical option (True = holds), independently of the keys.
EXPECTED_TRUTH = {
    "q03-return": [False, False, False, True],
    "q05-kl-penalty": [True, True, True, True],
    "q06-kl-figures": [True, False, False, False],
    "q08-bradley-terry": [True, True, True, True],
    "q09-length-reward": [False, False, False, True],
    "q12-reward-from-policy": [False, True, False, False],
    "q13-dpo-logit": [False, True, True, False],
    "q14-dpo-gradient": [False, False, True, False],
}


def test_bank_has_the_fourteen_questions_in_document_order() -> None:
    questions = bank()
    assert [q.position for q in questions] == list(range(1, 15))
    assert len({q.id for q in questions}) == 14
    assert [q.section[0] for q in questions] == list("11222223345666")


def test_keys_are_the_documents_keys() -> None:
    """Each question's key is the "**Solución:** La N" that follows it in the document."""
    keys = [int(k) for k in re.findall(r"\*\*Solución:\*\* La (\d)", SEED.read_text(encoding="utf-8"))]
    assert [q.key for q in bank()] == keys
    assert all(q.key_text.startswith(f"La {q.key}") for q in bank())


@pytest.mark.parametrize("question_id", sorted(EXPECTED_TRUTH), ids=sorted(EXPECTED_TRUTH))
def test_option_truths_follow_the_mathematics(question_id: str, bank_results) -> None:  # type: ignore[no-untyped-def]
    result = bank_results[question_id]
    assert [o.verdict.truth for o in result.options] == EXPECTED_TRUTH[question_id]


def test_no_claim_of_the_document_is_undecided(bank_results) -> None:  # type: ignore[no-untyped-def]
    undecided = [(r.question.id, v.summary) for r in bank_results.values() for v in r.verdicts
                 if v.status is Status.UNDECIDED]
    assert undecided == []


def test_kl_threshold_disagreement_is_reported_with_its_erratum(bank_results) -> None:  # type: ignore[no-untyped-def]
    """As printed (0.9), option 1 is correct, not the key's 2; the erratum explains the 0.09 reading."""
    result = bank_results["q06-kl-figures"]
    assert result.status is QuestionStatus.DISAGREES
    assert result.implied == (1,)
    assert result.erratum_applies
    hypothesis = [v for c, v in result.support if c.text.startswith("erratum hypothesis")]
    assert [v.status for v in hypothesis] == [Status.PROVED]


def test_dpo_logit_options_two_and_three_coincide(bank_results) -> None:  # type: ignore[no-untyped-def]
    result = bank_results["q13-dpo-logit"]
    assert result.status is QuestionStatus.AMBIGUOUS
    assert result.implied == (2, 3)
    assert result.equal_groups == ((1, 4), (2, 3))


@pytest.mark.parametrize("question_id", ["q03-return", "q08-bradley-terry", "q09-length-reward",
                                         "q12-reward-from-policy", "q14-dpo-gradient"])
def test_mathematical_questions_agree_with_the_key(question_id: str, bank_results) -> None:  # type: ignore[no-untyped-def]
    assert bank_results[question_id].status is QuestionStatus.AGREES


def test_conceptual_questions_rest_on_assertions_that_agree(bank_results) -> None:  # type: ignore[no-untyped-def]
    for question_id in ("q01-post-training-models", "q02-post-training-types", "q04-rl-vs-rlhf",
                        "q05-kl-penalty", "q07-instructgpt", "q10-ift-vs-pretraining", "q11-rejection-sampling"):
        result = bank_results[question_id]
        assert result.status is QuestionStatus.UNDETERMINED, question_id
        assert result.status_if_asserted is QuestionStatus.AGREES, question_id


def test_supporting_claims_are_proved(bank_results) -> None:  # type: ignore[no-untyped-def]
    """Z cancelling, the DPO logit and gradient lemmas, the length reward, the KL figures: every one proved."""
    support = {c.text: v for r in bank_results.values() for c, v in r.support}
    assert len(support) >= 10
    assert {v.status for v in support.values()} == {Status.PROVED}


def test_thirteen_questions_are_files_and_only_the_algorithmic_one_is_python() -> None:
    """Every question whose options are mathematics is a question file; question 11 alone is Python."""
    from derivations import QUESTIONS, rejection_sampling

    files = sorted(p.stem.split("-")[0] for p in QUESTIONS.glob("q*.md"))
    assert len(files) == 13 and "q11" not in files
    assert [q.position for q in rejection_sampling.questions()] == [11]
    assert "no formula" in (rejection_sampling.__doc__ or "")


def test_question_11s_finite_checks_reject_a_selection_that_is_not_the_k_best(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The exhaustive checks behind question 11 hold for the reference selections and fail for a selection that
    keeps the worst completions, or one too many: they compare what is chosen with what is left out."""
    from derivations import rejection_sampling as rs

    assert all(map(rs._per_prompt_is_k_best, rs._per_prompt_instances()))
    assert all(map(rs._overall_is_k_best, rs._overall_instances()))

    def worst(rewards, k):  # type: ignore[no-untyped-def]
        return frozenset((i, j) for i, row in enumerate(rewards)
                         for j in sorted(range(len(row)), key=lambda j: (row[j], j))[:k])

    monkeypatch.setattr(rs, "top_k_per_prompt", worst)
    assert not all(map(rs._per_prompt_is_k_best, rs._per_prompt_instances()))
    monkeypatch.setattr(rs, "top_k_per_prompt",
                        lambda rewards, k: frozenset((i, j) for i, row in enumerate(rewards) for j in range(k + 1)
                                                     if j < len(row)))
    assert not all(map(rs._per_prompt_is_k_best, rs._per_prompt_instances()))
    monkeypatch.setattr(rs, "top_k_overall", lambda rewards, k: frozenset(
        sorted(((i, j) for i, row in enumerate(rewards) for j in range(len(row))),
               key=lambda c: (rewards[c[0]][c[1]], c))[:k]))
    assert not all(map(rs._overall_is_k_best, rs._overall_instances()))


def test_every_refutation_in_the_report_replays_independently(bank_results) -> None:  # type: ignore[no-untyped-def]
    """Rebuild each refuted claim from the JSON (srepr) and evaluate it at the counterexample with mpmath."""
    from checker.reports import json as json_report
    from checker.reports.common import outcome

    from .replay import violated

    results = list(bank_results.values())
    document = json.loads(json_report.render(results, outcome(results), versions={}))
    replayed = 0
    for question in document["questions"]:
        for entry in question["options"] + question["support"]:
            if entry["verdict"] == "refuted" and "counterexample_atoms" in entry:
                assert violated(entry), (question["id"], entry["statement"])
                replayed += 1
    assert replayed >= 15


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_option_and_key_texts_are_the_documents_own() -> None:
    """What a reader sees is what the document says: options and keys verbatim (up to whitespace)."""
    seed = SEED.read_text(encoding="utf-8")
    blocks = seed.split("**Solución:**")
    for question, block, after in zip(bank(), blocks[:-1], blocks[1:]):
        numbered = [line for line in block.splitlines() if re.match(r"^\d\.\s", line)][-len(question.options):]
        texts = [_normalised(re.sub(r"^\d\.\s+", "", line)) for line in numbered]
        assert [_normalised(o.text) for o in question.options] == texts, question.id
        assert _normalised(after.splitlines()[0]) == _normalised(question.key_text), question.id


def _refutations(bank_results):  # type: ignore[no-untyped-def]
    for result in bank_results.values():
        claims = [(o.option.claim, o.verdict) for o in result.options] + list(result.support)
        for claim, verdict in claims:
            if verdict.status is Status.REFUTED and claim is not None and claim.is_mathematical:
                yield result.question.id, claim, verdict


def test_every_counterexample_is_a_possible_world(bank_results) -> None:  # type: ignore[no-untyped-def]
    """Probabilities in (0, 1], distributions summing to 1: each counterexample lies inside what the symbols mean,
    and replays there by the independent evaluation."""
    from .replay import inside, replays

    checked = 0
    for question_id, claim, verdict in _refutations(bank_results):
        point = {atom: Fraction(str(value)) for atom, value in verdict.counterexample.values}
        assert inside(claim, point), (question_id, str(verdict.counterexample))
        assert replays(claim, verdict), (question_id, str(verdict.counterexample))
        checked += 1
    assert checked >= 15


def test_policies_are_probabilities_in_every_question(bank_results) -> None:  # type: ignore[no-untyped-def]
    """No policy value or probability of the document is declared merely positive."""
    for result in bank_results.values():
        claims = [o.option.claim for o in result.options if o.option.claim] + [c for c, _ in result.support]
        for claim in claims:
            for atom, domain in claim.domains:
                if str(atom).startswith(("π", "D(")):
                    assert domain.name in ("probability", "distribution"), (result.question.id, str(atom), domain)


def test_counterexamples_name_every_atom_in_the_documents_notation(bank_results) -> None:  # type: ignore[no-untyped-def]
    """Every atom is listed with its value, in the question's notation — none left out, no internal names."""
    for question_id, _, verdict in _refutations(bank_results):
        text = str(verdict.counterexample)
        assert "every other atom" not in text and "ℓ" not in text, (question_id, text)
        assert text.count(" = ") >= len(verdict.counterexample.values), (question_id, text)


def test_every_claim_says_its_semantics(bank_results) -> None:  # type: ignore[no-untyped-def]
    for result in bank_results.values():
        for option in result.options:
            if option.option.claim is not None and option.option.claim.is_mathematical:
                assert option.verdict.semantics == "strict", result.question.id
