"""The checker's exceptions: one root, builtin parents, the offending value in every message."""

from __future__ import annotations


class CheckerError(Exception):
    """Root of every error the checker raises on purpose."""

    exit_code = 2


class ClaimError(CheckerError, ValueError):
    """A claim is malformed: a float constant, a symbol without a domain, an unknown relation."""


class QuestionError(CheckerError, ValueError):
    """A question is malformed: options out of order, a key out of range, a rule it cannot apply."""


class SelectionError(CheckerError, LookupError):
    """A question id or pattern given on the command line matches nothing."""
