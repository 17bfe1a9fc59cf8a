"""The constructs the scanner reads with their own syntax, and what they may ask of the scanner.

A construct — a derivative written as a fraction, ``\\nabla_\\theta``, a sum, product or maximum over a
range, an expectation or variance — joins the registry with :func:`construct`, naming the pattern that starts
it. The scanner tries the registry at each position (:func:`dispatch`) and knows none of the constructs: they
depend on it only through the :class:`Part` interface, so adding one is a new module and one decorator
(registration happens when :mod:`checker.notation.latex` imports the construct modules).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import sympy as sp

from .notation import LatexError, Notation


@dataclass(frozen=True)
class Relations:
    """A formula that states relations: ``a < b``, or a chain ``a < b < c`` read as a conjunction.

    Kept as plain triples: SymPy's relational classes would decide ``0.085… < 9/10`` on the spot by
    numeric evaluation, which must never happen here.
    """

    parts: tuple[tuple[sp.Expr, str, sp.Expr], ...]


class Part(Protocol):
    """The scanner as a construct sees it: the formula's text, its notation and a way to read a part of it."""

    text: str
    notation: Notation
    whole: str
    depth: int

    def column(self, index: int) -> int | None: ...

    def fail(self, message: str, index: int, hint: str = "", proposal: tuple[tuple[str, str], ...] = ()) \
        -> LatexError: ...

    def placeholder(self, value: sp.Basic, index: int, end: int | None = None) -> None: ...

    def expression(self, start: int, end: int, what: str, notation: Notation | None = None) -> sp.Expr: ...

    def formula(self, text: str, notation: Notation) -> sp.Basic | Relations: ...


Reader = Callable[[Part, int], "int | None"]
"""Reads the construct starting at an index; returns where it ends (None: not this construct after all)."""

_REGISTRY: list[tuple[re.Pattern[str], Reader]] = []


def construct(pattern: str) -> Callable[[Reader], Reader]:
    """Register a reader for the constructs whose text matches ``pattern`` at the scanner's position.

    Patterns must not overlap: which construct a text is never depends on the order of registration.
    """
    compiled = re.compile(pattern)

    def register(reader: Reader) -> Reader:
        _REGISTRY.append((compiled, reader))
        return reader

    return register


def dispatch(part: Part, index: int) -> int | None:
    """The end of the registered construct starting at ``index``, or None when none starts there."""
    for pattern, reader in _REGISTRY:
        if pattern.match(part.text, index):
            return reader(part, index)
    return None
