"""The float pre-screen of the counterexample search only skips work: it says 'unclear' rather than guess.
(Claims whose failure hides below float precision are traps in tests/test_traps.py, replayed independently.)"""

from __future__ import annotations

import pytest
import sympy as sp

from checker.numeric.floats import Unclear, clearly_holds, value


def test_the_floats_say_unclear_rather_than_guess() -> None:
    x = sp.Symbol("x")
    known: dict[sp.Basic, float] = {}
    for expr in (sp.log(x - 1), 1 / (x - 1), (x - 2) ** sp.Rational(1, 3), sp.exp(10**6 * x),
                 sp.Add(sp.Add(x, 10**20, evaluate=False), -(10**20), evaluate=False),
                 sp.Add(1, sp.Rational(1, 10**17), evaluate=False) * x, sp.Function("f")(x)):
        with pytest.raises(Unclear):
            value(expr, {x: 1.0}, {})
    assert clearly_holds(x, "<", x + 1, {x: 1.0}, known)
    assert not clearly_holds(x, "<", x + sp.Rational(1, 10**9), {x: 1.0}, known)  # inside the margin
    assert not clearly_holds(x, "=", x, {x: 1.0}, known, equalities=False)


def test_a_derivative_carried_out_is_screened_with_its_requirements() -> None:
    """d/dx log x as carried out keeps log x as a requirement: its float value is read, and where the requirement
    has no float value (x ≤ 0) the point is left to the certified judge."""
    from checker.values.functions import guarded

    x = sp.Symbol("x")
    carried = guarded(1 / x, sp.log(x))
    assert value(carried, {x: 2.0}, {}) == 0.5
    with pytest.raises(Unclear):
        value(carried, {x: -1.0}, {})
    assert value(sp.Max(x, 1 - x, evaluate=False), {x: 0.25}, {}) == 0.75
    assert value(sp.Min(x, 1 - x, evaluate=False), {x: 0.25}, {}) == 0.25
