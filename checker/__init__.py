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

_EXPORTS = {
    "Claim": "claims", "Kind": "claims", "Relation": "claims", "Reference": "claims", "Scope": "claims",
    "FiniteCheck": "claims",
    "Domain": "domains", "Semantics": "semantics",
    "sigmoid": "functions",
    "Verdict": "verdicts", "Status": "verdicts", "Counterexample": "verdicts",
    "check": "engine", "DEFAULT_TIMEOUT": "engine",
    "Question": "questions", "Option": "questions", "Rule": "questions", "Meta": "questions",
    "Erratum": "questions", "QuestionStatus": "questions", "QuestionResult": "questions",
    "check_question": "questions", "check_questions": "questions",
    "CheckerError": "errors", "ClaimError": "errors", "QuestionError": "errors", "SelectionError": "errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'checker' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
