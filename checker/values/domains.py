"""Domains of the free symbols of a claim, kept by the checker because SymPy cannot say "in (0, 1]".

A domain serves twice: its SymPy assumptions let exact rewrites such as log(ab) = log a + log b
fire only where they are valid, and its bounds and simple values drive the counterexample search.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Domain:
    """A set of admissible exact values for one symbol."""

    name: str
    lo: Fraction | None = None
    hi: Fraction | None = None
    lo_open: bool = True
    hi_open: bool = True
    integer: bool = False
    group: tuple[str, ...] = ()
    """For a distribution entry: the names of all entries, which are positive and sum to 1."""
    stands_for: tuple[object, object] | None = None
    """For the parameter of a symbol with symbolic bounds (``r ∈ [1 − ε, 1 + ε]`` is ``r = 1 − ε + 2ε·u_r`` with
    ``u_r ∈ [0, 1]``): the symbol and its expression in the parameter, so a counterexample names r, not u_r."""

    def contains(self, value: Fraction) -> bool:
        """Whether an exact value lies in the domain (a distribution's sum is checked elsewhere)."""
        if self.integer and value.denominator != 1:
            return False
        if self.lo is not None and (value < self.lo or (self.lo_open and value == self.lo)):
            return False
        if self.hi is not None and (value > self.hi or (self.hi_open and value == self.hi)):
            return False
        return True

    def describe(self) -> str:
        """Human-readable form, e.g. ``probability in (0, 1]``."""
        if self.group:
            return f"distribution entry of ({', '.join(self.group)})"
        if self.stands_for is not None:
            symbol, value = self.stands_for
            left, right = "(" if self.lo_open else "[", ")" if self.hi_open else "]"
            ends = f"{left}0, 1{right}" if self.hi is not None else ("(0, oo)" if self.lo_open else "[0, oo)")
            return f"parameter in {ends} of {symbol} = {value}"
        if self.integer:
            return self.name
        if self.lo is None and self.hi is None:
            return self.name
        left = "(" if self.lo_open else "["
        right = ")" if self.hi_open else "]"
        lo = "-oo" if self.lo is None else str(self.lo)
        hi = "oo" if self.hi is None else str(self.hi)
        return f"{self.name} in {left}{lo}, {hi}{right}"

    def assumptions(self) -> dict[str, bool]:
        """The SymPy assumptions that are true on the whole domain."""
        if self.integer:
            if self.lo is not None and self.lo > 0:
                return {"integer": True, "positive": True}
            return {"integer": True, "nonnegative": True} if self.lo == 0 else {"integer": True}
        if self.lo is not None and (self.lo > 0 or (self.lo == 0 and self.lo_open)):
            return {"positive": True}
        if self.lo is not None and self.lo >= 0:
            return {"nonnegative": True}
        return {"real": True}

    def candidates(self) -> tuple[Fraction, ...]:
        """Simple values of the domain, simplest first, then its landmarks (closed ends, interior points)."""
        pool = _SIMPLE_INTEGERS if self.integer else _SIMPLE_VALUES
        values = [v for v in pool if self.contains(v)]
        for landmark in self.landmarks():
            if landmark not in values and self.contains(landmark):
                values.append(landmark)
        return tuple(values)

    def landmarks(self) -> tuple[Fraction, ...]:
        """The closed ends and a few interior points, so a narrow interval still has values to try."""
        lo, hi = self.lo, self.hi
        points: list[Fraction] = []
        if lo is not None:
            points.append(lo)
        if hi is not None:
            points.append(hi)
        if lo is not None and hi is not None:
            points += [lo + (hi - lo) * Fraction(k, 4) for k in (2, 1, 3)]
        elif lo is not None:
            points += [lo + Fraction(1, 2), lo + 1, lo + 2]
        elif hi is not None:
            points += [hi - Fraction(1, 2), hi - 1, hi - 2]
        if self.integer:
            points = [Fraction(math.ceil(p)) for p in points] + [Fraction(math.floor(p)) for p in points]
        return tuple(dict.fromkeys(points))

    @property
    def empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        if self.integer:
            return not any(self.contains(p) for p in self.landmarks())
        return self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open))


def _simple_values() -> tuple[Fraction, ...]:
    values: list[Fraction] = []
    for magnitude in (Fraction(0), Fraction(1), Fraction(2), Fraction(1, 2), Fraction(3),
                      Fraction(1, 3), Fraction(2, 3), Fraction(3, 2), Fraction(1, 4),
                      Fraction(3, 4), Fraction(4), Fraction(5), Fraction(1, 5), Fraction(10)):
        values.append(magnitude)
        if magnitude:
            values.append(-magnitude)
    return tuple(values)


_SIMPLE_VALUES = _simple_values()
_SIMPLE_INTEGERS = tuple(Fraction(n) for n in (0, 1, -1, 2, -2, 3, 4, 5, 6, -3, 10))

REAL = Domain("real")
POSITIVE = Domain("positive", lo=Fraction(0))
PROBABILITY = Domain("probability", lo=Fraction(0), hi=Fraction(1), hi_open=False)
NONNEGATIVE_INTEGER = Domain("non-negative integer", lo=Fraction(0), lo_open=False, integer=True)
POSITIVE_INTEGER = Domain("positive integer", lo=Fraction(1), lo_open=False, integer=True)
INTEGER = Domain("integer", integer=True)
NONNEGATIVE = Domain("non-negative", lo=Fraction(0), lo_open=False)
DISCOUNT = Domain("discount factor", lo=Fraction(0), hi=Fraction(1), lo_open=False, hi_open=False)
BETA = Domain("beta", lo=Fraction(0))


def distribution_entry(names: tuple[str, ...]) -> Domain:
    """The domain of one entry of a finite distribution over ``len(names)`` outcomes."""
    return Domain("distribution", lo=Fraction(0), hi=Fraction(1), group=names)


def interval(lo: Fraction | None, hi: Fraction | None, *, lo_open: bool = False,
             hi_open: bool = False) -> Domain:
    """A real interval with the given bounds (None for unbounded)."""
    return Domain("real", lo=lo, hi=hi, lo_open=lo_open or lo is None, hi_open=hi_open or hi is None)


@lru_cache(maxsize=64)
def distribution_candidates(size: int) -> tuple[tuple[Fraction, ...], ...]:
    """Simple points of the open simplex with ``size`` entries, simplest first (the same for every claim: made
    once per size)."""
    points: list[tuple[Fraction, ...]] = [tuple(Fraction(1, size) for _ in range(size))]
    for head in (Fraction(1, 2), Fraction(1, 3), Fraction(2, 3), Fraction(1, 4), Fraction(3, 4),
                 Fraction(1, 5), Fraction(4, 5)):
        rest = (1 - head) / (size - 1) if size > 1 else None
        if rest is None:
            continue
        for position in range(size):
            point = tuple(head if i == position else rest for i in range(size))
            if point not in points:
                points.append(point)
    return tuple(points)
