"""The RLHF quiz (``T5 Actividades de RLHF``) encoded as question files and claims, in document order.

Questions live as Markdown + LaTeX files in ``questions/`` wherever the file format can say them;
the rest (an indexed return, a derivative through an undefined function, selection algorithms) and
the derivations that need loops over a response space stay in Python beside them.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from checker import Question, QuestionError

SOURCE = "T5 Actividades de RLHF (shared/seeds/000_e6bd338496bb1fad.txt)"
QUESTIONS = Path(__file__).parent / "questions"
CHAINS = Path(__file__).parent / "chains"
PARSE_CACHE = QUESTIONS / "latex-cache.json"
"""Parser results for the formulas of the files above, shipped so a cold run need not wait for ANTLR;
rebuild with ``python -m derivations`` after editing a question file (a test checks it is current)."""


@cache
def bank() -> tuple[Question, ...]:
    """All 14 questions of the document, in the order they appear."""
    from . import dpo, rejection_sampling

    extra = dpo.support()
    written = [item for item in _written() if isinstance(item, Question)]
    written = [replace(q, support=q.support + extra.get(q.id, ())) for q in written]
    coded = rejection_sampling.questions()
    questions = tuple(sorted(written + coded, key=lambda q: q.position))
    positions = [q.position for q in questions]
    if positions != list(range(1, len(questions) + 1)):
        raise QuestionError(f"the bank's questions are out of document order: positions {positions}")
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise QuestionError(f"duplicate question ids in the bank: {ids}")
    missing = set(extra) - set(ids)
    if missing:
        raise QuestionError(f"supporting derivations for unknown questions: {sorted(missing)}")
    return questions


@cache
def chains() -> tuple[Any, ...]:
    """The document's derivations checked step by step: the DPO story in Python, and derivation files."""
    from checker.files import load_file

    from .stories import stories

    in_questions = [item for item in _written() if not isinstance(item, Question)]
    return tuple(stories()) + tuple(in_questions) + tuple(load_file(path) for path in sorted(CHAINS.glob("*.md")))


@cache
def _written() -> tuple[Any, ...]:
    """Every item of the question files: the questions and the derivations their headers declare."""
    from checker.files import load_items

    return tuple(item for path in sorted(QUESTIONS.glob("*.md")) for item in load_items(path))
