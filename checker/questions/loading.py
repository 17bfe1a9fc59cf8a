"""Loading what a file holds: a question (with its derivations), a derivation, or a template's variant.

The one place that knows both question files (:mod:`.files`) and templates (:mod:`.templates`), so neither
imports the other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .files import Builder, QuestionFileError, read_text, split
from .question import Question


def load_question(path: str | Path) -> Question:
    """Read one question file into a :class:`Question`; raise :class:`QuestionFileError` on any problem."""
    loaded = load_file(path)
    if not isinstance(loaded, Question):
        raise QuestionFileError(path, "this is a derivation file (kind: derivation), not a question")
    return loaded


def load_file(path: str | Path) -> Question | Any:
    """Read a question file, or a derivation file (``kind: derivation``) into a
    :class:`checker.chains.Derivation`; raise :class:`QuestionFileError` on any problem."""
    return load_items(path)[0]


def load_items(path: str | Path) -> list[Any]:
    """Everything a file holds: a question and the derivations its header declares, or one derivation; for a
    template (a header with ``parameters``), its variant of seed 1 (see :mod:`checker.variants`)."""
    path = Path(path)
    source = split(path, read_text(path))
    if "parameters" in source.header:
        from .templates import Template, TemplateError

        try:
            template = Template(source)
            return [template.variant(template.draw(1))]
        except TemplateError as error:
            raise QuestionFileError(path, str(error).split(": ", 1)[-1]) from None
    kind = source.header.get("kind", "question")
    if kind == "derivation":
        return [Builder(source).derivation()]
    if kind != "question":
        raise QuestionFileError(path, f"unknown kind {kind!r}; use 'question' (the default) or 'derivation'")
    builder = Builder(source)
    question = builder.question()
    return [question, *builder.chains]
