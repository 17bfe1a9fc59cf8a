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


def test_the_floats_call_a_tree_undefined_only_where_rounding_cannot_be_the_cause() -> None:
    """A log of a negative number, a fractional power of one, 1/x or log x at a coordinate that is exactly 0:
    undefined. A zero that may be an underflow, a sum that cancelled, or anything unclear met first: not said."""
    from checker.numeric.floats import EXACT_ZERO, clearly_undefined

    x, y = sp.Symbol("x"), sp.Symbol("y")
    f = sp.Function("f")
    undefined = [(sp.log(x), {x: -1.0}), (sp.sqrt(x), {x: -2.0}), (1 / x, {x: EXACT_ZERO}),
                 (sp.log(x), {x: EXACT_ZERO}), (y + sp.log(x - 3), {x: 1.0, y: 2.0}),
                 (sp.exp(sp.log(-x), evaluate=False), {x: 1.0})]
    unsaid = [(sp.log(x), {x: 2.0}), (1 / x, {x: 0.0}), (sp.log(x), {x: 0.0}),
              (sp.log(sp.exp(-800 * x) - 0 * y), {x: 1.0, y: 0.0}),  # e^{-800} underflows to 0.0: not negative
              (sp.log(sp.Add(x, 10**20, -(10**20) - 1, evaluate=False)), {x: 0.5}),  # cancelled: unclear
              (f(x) + sp.log(-x), {x: 1.0}), (sp.log(x) + 1 / (x - 1), {x: 1.0})]
    for expr, point in undefined:
        assert clearly_undefined(expr, point, {}), expr
    for expr, point in unsaid:
        assert not clearly_undefined(expr, point, {}), expr
    with pytest.raises(Unclear):
        value(sp.log(x), {x: -1.0}, {})  # still unclear to the screen of holding relations


def test_screening_undefined_points_changes_no_search(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Points the floats find undefined are skipped only where they could not give the search anything: the
    counterexamples are those found certifying every point, with fewer points certified."""
    from checker import Scope
    from checker.engine import refute
    from checker.values.semantics import Semantics

    s = Scope()
    a, b, beta = s.real("a"), s.real("b"), s.real("β")
    claims = [s.identity(sp.log(a * b), sp.log(a) + sp.log(b), "log ab with a, b real"),
              s.identity(sp.log(a**2), 2 * sp.log(a), "log a² = 2 log a"),
              s.identity(sp.exp(a / beta) / (sp.exp(a / beta) + sp.exp(b / beta)),
                         1 / (1 + sp.exp((b - a) / beta)), "σ through β, β real"),
              s.compare((sp.log(a), "<=", a - 1), text="log a ≤ a − 1, a real")]
    where = Scope(Semantics.WHERE_DEFINED)
    c, d = where.real("c"), where.real("d")
    claims.append(where.identity(sp.log(c) - sp.log(d) + 1, sp.log(c / d), "log c − log d + 1, where defined"))
    certified: list[int] = []
    original = refute._fails
    monkeypatch.setattr(refute, "_fails", lambda *args, **kw: certified.append(1) or original(*args, **kw))
    screened = [refute.search(c) for c in claims]
    fewer = len(certified)
    monkeypatch.setattr(refute, "screened", lambda *args, **kw: False)
    certified.clear()
    every = [refute.search(c) for c in claims]
    assert [(f.counterexample, f.tried) for f in screened] == [(e.counterexample, e.tried) for e in every]
    assert any(f.counterexample is not None and f.counterexample.undefined for f in screened)
    assert fewer < len(certified)


def test_a_critical_zero_is_computed_once_per_coordinates_it_depends_on(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The points moved onto x + 2y·z = 1 are those computed point by point, with the slope and offset evaluated
    once for each value of the coordinates they mention (here y and z, not w)."""
    from checker import Scope
    from checker.engine import refute
    from checker.engine.points import claim_variables, environment, repairs, simple_points
    from checker.engine.refute import REPAIR_POINTS, _repaired

    s = Scope()
    x, y, z, w = s.real("x"), s.real("y"), s.real("z"), s.real("w")
    claim = s.identity(w / (x + 2 * y * z - 1), w / (x + 2 * y * z - 1), "a pole on a plane")
    variables = claim_variables(claim)
    expected = []
    position = {v.atoms[0]: i for i, v in enumerate(variables)}
    for repair in repairs(claim):
        index = position[repair.symbol]
        for vector in simple_points(variables, REPAIR_POINTS):
            values = [v.candidates[i] for v, i in zip(variables, vector)]
            env = environment(variables, tuple(values))
            slope, offset = refute.exact_value(repair.slope, env), refute.exact_value(repair.offset, env)
            if slope is None or offset is None or slope == 0:
                continue
            if variables[index].domain.contains(-offset / slope):
                values[index] = (-offset / slope,)
                expected.append(tuple(values))
    calls: list[int] = []
    original = refute.exact_value
    monkeypatch.setattr(refute, "exact_value", lambda *a: calls.append(1) or original(*a))
    assert list(_repaired(claim, variables)) == expected and expected
    assert len(calls) < len(expected)


