"""Comparisons in one variable proved by the sign of the derivative on each side of a point
(checker/engine/monotone.py): true ones are proved, and the prover alone — before any counterexample search —
never proves a false one whose derivative has one sign wherever it is defined but steps over a pole or a jump."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import Status, check
from checker.engine.prove import prove_claim
from checker.questions.loading import load_question

from .test_traps import Trap, _file

TRUE = [
    ("x: non-negative", r"\sin x \le x"),
    ("x: real", r"\cos x \ge 1 - \frac{x^2}{2}"),  # two derivatives deep: x − sin x ≥ 0 on each side of 0
    ("x: real", r"\cosh x \ge 1"),
    ("x: 'interval (0, 1]'", r"\arctan(\frac{1}{x}) \ge \frac{\pi}{4}"),  # from the closed end, leftwards
    ("x: non-negative", r"x - \frac{x^3}{6} \le \sin x"),  # three derivatives deep
    ("p: 'interval (0, 1)'", r"-p\log p - (1-p)\log(1-p) \le \log 2"),  # from the middle, ½
]

# false, each with a derivative of one sign wherever it is defined
STEPPING_OVER = [
    ("x: 'interval [-1, oo)'", r"\frac{1}{x} \ge -1", "where-defined"),  # −1/x² ≤ 0 across the pole at 0
    ("x: real", r"\frac{x}{|x|} \ge 0", "where-defined"),  # 0 on each side of the jump at 0
    ("x: real", r"\frac{|x|}{x} \ge -\frac{1}{2}", "where-defined"),
    ("x: real", r"\arctan(\frac{1}{x}) \ge -\frac{\pi}{4}", "where-defined"),  # decreasing on each side, a jump
]


def _claim(tmp_path: Path, symbols: str, formula: str, semantics: str = "strict"):  # type: ignore[no-untyped-def]
    claim = load_question(_file(tmp_path, Trap("m", symbols, formula, None, semantics))).options[0].claim
    assert claim is not None
    return claim


@pytest.mark.parametrize(("symbols", "formula"), TRUE, ids=[f for _, f in TRUE])
def test_monotone_proofs(tmp_path: Path, symbols: str, formula: str) -> None:
    verdict = check(_claim(tmp_path, symbols, formula))
    assert verdict.status is Status.PROVED and verdict.method == "monotone", verdict.reason
    assert any("mean value theorem" in step for step in verdict.steps)
    assert any(": Derivative(" in step and "d/d" in step for step in verdict.steps)


@pytest.mark.parametrize(("symbols", "formula", "semantics"), STEPPING_OVER, ids=[f for _, f, _ in STEPPING_OVER])
def test_no_proof_across_a_pole_or_a_jump(tmp_path: Path, symbols: str, formula: str, semantics: str) -> None:
    claim = _claim(tmp_path, symbols, formula, semantics)
    assert prove_claim(claim) is None
    verdict = check(claim)
    assert verdict.status is Status.REFUTED, verdict.reason
