"""The RLHF quiz (``T5 Actividades de RLHF``) encoded as question files and claims, in document order.

Thirteen questions are Markdown + LaTeX files in ``questions/`` and the step-by-step derivations are files
in ``chains/``. Question 11 alone stays in Python (``rejection_sampling.py``): its options are statements about
selection algorithms, checked by running them on every small reward matrix, which no formula can say.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from checker import Question, QuestionError

SOURCE = "T5 Actividades de RLHF (derivations/source/t5-actividades-rlhf.txt)"
DOCUMENT = Path(__file__).parent / "source" / "t5-actividades-rlhf.txt"
"""The quiz document this package encodes, as it was given (Markdown in a .txt, so no folder scan takes it for a
question file): what the tests compare keys and texts with, and `verify import`'s example at hand."""
QUESTIONS = Path(__file__).parent / "questions"
CHAINS = Path(__file__).parent / "chains"
PARSE_CACHE = QUESTIONS / "latex-cache.json"
"""Parser results for the formulas of the files above, shipped so a cold run need not wait for ANTLR;
rebuild with ``python -m derivations`` after editing a question file (a test checks it is current)."""
VERDICTS = QUESTIONS / "verdicts.json"
"""The verdicts of a ``verify --audit`` run on this document, shipped so a first run need not prove them again;
valid only for the engine that made them (keyed by a digest of its source) — rebuild with
``python -m derivations`` after editing the checker or a question (a test checks it is complete)."""


@cache
def bank() -> tuple[Question, ...]:
    """All 14 questions of the document, in the order they appear."""
    from . import rejection_sampling

    written = [item for item in _written() if isinstance(item, Question)]
    coded = rejection_sampling.questions()
    questions = tuple(sorted(written + coded, key=lambda q: q.position))
    positions = [q.position for q in questions]
    if positions != list(range(1, len(questions) + 1)):
        raise QuestionError(f"the bank's questions are out of document order: positions {positions}")
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise QuestionError(f"duplicate question ids in the bank: {ids}")
    return questions


@cache
def chains() -> tuple[Any, ...]:
    """The document's derivations checked step by step: the DPO story in Python, and derivation files."""
    from checker.questions.loading import load_file

    in_questions = [item for item in _written() if not isinstance(item, Question)]
    return tuple(load_file(path) for path in sorted(CHAINS.glob("*.md"))) + tuple(in_questions)


@cache
def _written() -> tuple[Any, ...]:
    """Every item of the question files: the questions and the derivations their headers declare."""
    from checker.questions.loading import load_items

    return tuple(item for path in sorted(QUESTIONS.glob("*.md")) for item in load_items(path))
