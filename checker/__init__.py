"""A symbolic derivation checker: claims about SymPy expressions, certified verdicts, answer-key checks.

The public names are loaded lazily so that ``import checker`` stays cheap for the CLI.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any

if hasattr(sys, "set_int_max_str_digits"):
    # Formulas may hold exact numbers of up to 100,000 bits (about 30,000 digits), and proofs print exact
    # values; Python's default of 4,300 digits would turn printing them into an error. Sizes are bounded by
    # the LaTeX adapter's limits and every claim runs under a time limit, so the guard is not needed here.
    sys.set_int_max_str_digits(0)

__version__ = "0.1.0"

_PUBLIC = {
    "values.claims": ("Claim", "Kind", "Relation", "Reference", "FiniteCheck"),
    "values.scope": ("Scope",),
    "values.domains": ("Domain",),
    "values.semantics": ("Semantics",),
    "values.functions": ("sigmoid",),
    "values.verdicts": ("Verdict", "Status", "Counterexample"),
    "values.written": ("substitute",),
    "values.errors": ("CheckerError", "ClaimError", "QuestionError", "SelectionError"),
    "engine.checking": ("check", "DEFAULT_TIMEOUT"),
    "questions.question": ("Question", "Option", "Rule", "Meta", "Erratum", "QuestionStatus", "QuestionResult",
                           "check_question", "check_questions"),
    "questions.chains": ("check_derivations",),
    "questions.loading": ("load_question", "load_file"),
}
_EXPORTS = {name: module for module, names in _PUBLIC.items() for name in names}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'checker' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
