"""Which points of a search the floats show cannot give it anything, so they are not certified
(:mod:`checker.numeric.floats`: nothing is ever decided by a float; a float that is wrong costs a point certified
for nothing, or one left out of the search)."""

from __future__ import annotations

import sympy as sp

from checker.numeric.floats import EXACT_ZERO, clearly_holds, clearly_undefined
from checker.values.semantics import Semantics

from .points import Relations, Values, Variable, environment


def screened(relations: Relations, variables: tuple[Variable, ...], values: Values, equalities: bool,
              semantics: Semantics, only_values: bool) -> bool:
    """Whether the floats show the point cannot give the search anything (see :mod:`checker.numeric.floats`):
    every relation holds there by a wide margin (an equation only when ``equalities``: the first look, the
    audit's claims); or every relation has a side the floats find undefined (a log of a negative number) and
    that cannot fail in a way still wanted — under where-defined semantics it says nothing, an equation with
    both sides undefined holds, and with ``only_values`` (a definedness counterexample already in hand, or a
    first look, which reports only value failures) only a failure with both sides defined is wanted."""
    try:
        point = {atom: float(x) if x else EXACT_ZERO for atom, x in environment(variables, values).items()}
    except OverflowError:
        return False
    known: dict[sp.Basic, float] = {}
    if all(clearly_holds(lhs, relation, rhs, point, known, equalities) for lhs, relation, rhs in relations):
        return True
    for lhs, relation, rhs in relations:
        left, right = clearly_undefined(lhs, point, known), clearly_undefined(rhs, point, known)
        if semantics is Semantics.WHERE_DEFINED or only_values:
            if not (left or right):
                return False
        elif not (relation == "=" and left and right):
            return False
    return True
