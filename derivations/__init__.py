"""The RLHF quiz (``T5 Actividades de RLHF``) encoded as questions and claims, in document order."""

from __future__ import annotations

from functools import cache

from checker import Question, QuestionError

SOURCE = "T5 Actividades de RLHF (shared/seeds/000_e6bd338496bb1fad.txt)"


@cache
def bank() -> tuple[Question, ...]:
    """All 14 questions of the document, in the order they appear."""
    from . import dpo, instruction_tuning, introduction, rejection_sampling, reward_model, rlhf

    questions = tuple(q for module in (introduction, rlhf, reward_model, instruction_tuning,
                                       rejection_sampling, dpo) for q in module.questions())
    positions = [q.position for q in questions]
    if positions != list(range(1, len(questions) + 1)):
        raise QuestionError(f"the bank's questions are out of document order: positions {positions}")
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise QuestionError(f"duplicate question ids in the bank: {ids}")
    return questions
