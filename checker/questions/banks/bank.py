"""A question bank as read from a platform's file: each question's type, texts, grades — or why it cannot be read.

The readers (:mod:`.moodle`, :mod:`.gift`) fill these records; :mod:`.files` turns them into question files.
Texts are already question-file text (math in ``$…$``); nothing here is evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from checker.values.errors import CheckerError

KINDS = ("multichoice", "truefalse", "numerical", "shortanswer")
"""The platform question types whose key can be checked."""


class BankError(CheckerError, ValueError):
    """The file is not a bank at all (not XML, no questions): nothing in it can be read."""


@dataclass(frozen=True)
class Answer:
    text: str
    fraction: Fraction
    """The answer's share of the mark, 1 for fully correct (Moodle writes it in percent)."""
    tolerance: str = ""
    """A numerical answer's accepted error, as written."""


@dataclass(frozen=True)
class BankQuestion:
    """One question of a bank, as the platform's file has it."""

    name: str
    kind: str
    stem: str
    answers: tuple[Answer, ...]
    idnumber: str = ""
    single: bool = True
    category: str = ""
    position: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        """How messages name the question: its name, and its place in the file."""
        return f"question {self.position} ('{self.name}')"


@dataclass(frozen=True)
class Unreadable:
    """A question the reader could not turn into a checkable one, and why."""

    name: str
    position: int
    reason: str

    def __str__(self) -> str:
        return f"question {self.position} ('{self.name}'): {self.reason}"


def percent(text: str, where: str) -> Fraction:
    """A grade in percent (``100``, ``33.33333``, ``-50``) as a fraction of the mark."""
    try:
        value = Fraction(text.strip()) / 100
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{where}: grade {text!r} is not a number") from None
    if not -1 <= value <= 1:
        raise ValueError(f"{where}: grade {text!r}% is outside -100..100")
    return value
