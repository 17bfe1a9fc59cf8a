"""The float pre-screen of the counterexample search only skips work: claims whose failure hides below
floating-point precision are still refuted by certified arithmetic, and true ones still proved."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

from checker import Status, check_questions
from checker.files import load_question
from checker.floats import Unclear, clearly_holds, value

CASES = [
    (r"(x + 10^{20}) - 10^{20} = 0", Status.REFUTED),  # cancellation: floats see 0 = 0 at small x
    (r"\frac{100000000000000001}{100000000000000000} x = x", Status.REFUTED),  # equal in floats
    (r"e^{x} \left(1 + 10^{-17}\right) = e^{x}", Status.REFUTED),  # 1 + 1e-17 is 1.0 in floats
    (r"x + 10^{-9} > x", Status.PROVED),
    (r"x + 10^{-9} < x", Status.REFUTED),
    (r"\frac{x^2 - 9}{x - 3} = x + 3", Status.REFUTED),  # a hole at x = 3, where floats cannot evaluate
]


@pytest.mark.parametrize(("formula", "expected"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_a_failure_below_float_precision_is_still_found(tmp_path: Path, formula: str, expected: Status) -> None:
    path = tmp_path / "q.md"
    path.write_text(f"---\nid: f\nrule: correct\nkey: 1\nsymbols:\n  x: real\n---\nWhich?\n\n1. ${formula}$\n"
                    "2. $x = x + 1$\n", encoding="utf-8")
    verdict = check_questions([load_question(path)])[0].options[0].verdict
    assert verdict.status is expected, verdict.summary


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
