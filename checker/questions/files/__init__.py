"""Question files: a YAML front-matter header declaring notation, and the student-facing Markdown body.

The body is what students read — the stem, then options numbered ``1.``, ``2.``, … with LaTeX inside
``$…$`` — and each option's claim is parsed from that very text. The header declares what the text
may mention; nothing in a file is ever executed or handed to ``eval``/``sympify``/``parse_expr``.

A file is read in steps, one module each: :mod:`.source` (text → header, stem, options),
:mod:`.header` (id, semantics, typed keys), :mod:`.declarations` (symbols, families, functions,
distributions, definitions → a notation), :mod:`.derivations` (aligned chains), :mod:`.options` (each
option's claim; :class:`Builder` assembles the question). This package's names below are its interface,
used by templates (:mod:`checker.questions.templates`) and loading (:mod:`checker.questions.loading`).
"""

from __future__ import annotations

from checker.questions.reading import question_files

from .names import display_name
from .options import Builder, meta_kind
from .source import FORMULA, MAX_FILE_BYTES, QuestionFileError, Source, read_text, split

__all__ = ["Builder", "FORMULA", "MAX_FILE_BYTES", "QuestionFileError", "Source", "display_name", "meta_kind",
           "question_files", "read_text", "split"]
