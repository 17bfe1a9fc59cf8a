"""Comparisons proved by monotonicity, induction over the integers and concavity (checker/engine/monotone.py): true
ones are proved, and the prover alone — before any counterexample search — never proves a false one that looks
alike: a derivative of one sign wherever it is defined that steps over a pole or a jump, an open end where f is
not differentiable, a step of an induction that fails, a parameter that breaks the argument, a false Jensen."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from checker import Status, check
from checker.engine.prove import prove_claim

from .replay import replays
from .test_traps import _claim, _refuted_and_never_proved

TRUE = [
    ("x: non-negative", r"\sin x \le x"),
    ("x: real", r"\cos x \ge 1 - \frac{x^2}{2}"),  # two derivatives deep: x − sin x ≥ 0 on each side of 0
    ("x: real", r"\cosh x \ge 1"),
    ("x: 'interval (0, 1]'", r"\arctan(\frac{1}{x}) \ge \frac{\pi}{4}"),  # from the closed end, leftwards
    ("x: non-negative", r"x - \frac{x^3}{6} \le \sin x"),  # three derivatives deep
    ("p: 'interval (0, 1)'", r"-p\log p - (1-p)\log(1-p) \le \log 2"),  # from the middle, ½
    ("x: positive", r"x + \sin x \ge 0"),  # from the open end 0, where f is defined and f′ = 1 + cos x ≥ 0
    ("x: 'interval (-oo, 0)'", r"\sinh x \le x"),  # from the open end 0, leftwards
]

# by induction on an integer symbol with a least (or greatest) value: f there, and each step f(n + 1) − f(n) ≥ 0
N = "n: non-negative integer"
DISCRETE = [
    (N, r"2^{n} \ge n + 1"),
    (N + "\n  x: 'interval [-1, oo)'", r"(1+x)^{n} \ge 1 + n x"),  # Bernoulli's inequality: two steps deep
    (N + "\n  '\\gamma': 'interval [0, 1]'", r"\gamma^{n} \le 1"),
    ("n: positive integer", r"n! \ge n"),  # (n + 1)! as (n + 1)·n!
    (N, r"(\frac12)^{n} \ge 1 - \frac{n}{2}"),
    (N, r"\sum_{k=0}^{n} 2^{k} \ge 2n + 1"),
    ("n: positive integer", r"\sum_{k=1}^{n} \frac{1}{k^2} \le 2 - \frac{1}{n}"),  # the sum to n + 1 peeled
    ("n: positive integer", r"\sum_{k=1}^{n} \frac{1}{k} \ge \frac{2n}{n+1}"),
]

# false, each with a first value that holds
DISCRETE_TRAPS = [
    (N + "\n  x: real", r"(1+x)^{n} \ge 1 + n x"),  # x = −3, n = 3
    (N, r"2^{n} \ge n^2"),  # n = 3
    (N, r"(-2)^{n} \ge 1 - 3n"),  # a sign that alternates
    (N + "\n  '\\gamma': 'interval [0, 2]'", r"\gamma^{n} \le 1"),
    (N, r"(\frac12)^{n} \le 1 - \frac{n}{4}"),
    ("n: positive integer", r"\sum_{k=1}^{n} \frac{1}{k^2} \le 1 + \frac{1}{n^2}"),  # n = 3
    ("n: positive integer", r"\sum_{k=1}^{n} \frac{1}{k} \le \frac{n}{2}"),
]

# least values at an irrational point: in the logarithmic scale x = eᵗ (t = −1 for 1/e), or at a point where f′ = 0
STATIONARY = [
    ("x: positive", r"x \log x \ge -\frac{1}{e}"),
    ("x: 'interval (0, 1)'", r"-x \log x \le \frac{1}{e}"),
    ("x: positive", r"\frac{\log x}{x} \le \frac{1}{e}"),
    ("x: positive", r"x^2 \log x \ge -\frac{1}{2e}"),  # t = −½
    ("x: positive", r"x - 3\log x \ge 3 - 3\log 3"),  # f′(3) = 0
]

# in one symbol of several, the others parameters
PARAMETERS = [
    ("b: real\n  h: non-negative", r"\sigma(b + h) - \sigma(b) \le \frac{h}{4}", "monotone"),  # σ is 1/4-Lipschitz
    ("b: real\n  a: 'a \\ge b'", r"\sigma(a) - \sigma(b) \le \frac{a - b}{4}", "monotone"),
    ("a: real\n  b: real", r"|\sigma(a) - \sigma(b)| \le \frac{|a - b|}{4}", "cases"),
    ("x: non-negative\n  c: 'interval [0, 1]'", r"\sin(c x) \le c x", "monotone"),
    ("x: non-negative\n  y: real", r"e^{x + y} \ge e^{y}(1 + x)", "monotone"),
]

PARAMETER_TRAPS = [
    ("b: real\n  h: non-negative", r"\sigma(b + h) - \sigma(b) \le \frac{h}{5}"),
    ("x: non-negative\n  c: real", r"\sin(c x) \le c x"),  # c < 0
    ("x: non-negative\n  k: positive", r"1 - e^{-k x} \ge k x"),
]

# concave on a bounded interval of one symbol, ≥ 0 at its ends: Jensen's inequality for two points
W = "p: 'interval [0, 1]'\n  x: positive\n  y: positive"
CONCAVE = [
    ("p: 'interval [0, 1]'\n  a: real\n  b: real", r"e^{p a + (1-p) b} \le p e^{a} + (1-p) e^{b}"),
    (W, r"\log(p x + (1-p) y) \ge p \log x + (1-p) \log y"),
    (W, r"\sqrt{p x + (1-p) y} \ge p \sqrt{x} + (1-p) \sqrt{y}"),
]

CONCAVE_TRAPS = [
    (W, r"\log(p x + (1-p) y) \le p \log x + (1-p) \log y"),  # the other way
    ("p: 'interval [0, 1]'\n  x: real\n  y: real", r"\sigma(p x + (1-p) y) \ge p\sigma(x) + (1-p)\sigma(y)"),
    ("x: 'interval [0, 2]'", r"\sin(\pi x) \ge 0"),  # 0 at both ends, but not concave on [0, 2]
]

# proved by cases whose pieces are proved by monotonicity (the cases of the claim itself)
BY_CASES = [
    ("x: real", r"\arctan x \le |x|"),
    ("x: real", r"|\sin x| \le |x|"),
    ("x: real", r"|\tanh x| \le |x|"),
]

# false, where an open end looks like a starting point: f is not differentiable there, or f′ has the wrong sign
OPEN_END_TRAPS = [
    ("x: 'interval (0, 1)'", r"\sqrt{x} \ge 2x", "strict"),  # f(0) = 0 but f′ = 1/(2√x) − 2 is undefined at 0
    ("x: 'interval (0, 1)'", r"-x \ge 0", "strict"),
    ("x: positive", r"x\log x \ge 0", "where-defined"),  # f(0) undefined as written
    ("x: 'interval (0, 2)'", r"\sin(\pi x) \ge 0", "strict"),
]

# false, each with a derivative of one sign wherever it is defined
STEPPING_OVER = [
    ("x: 'interval [-1, oo)'", r"\frac{1}{x} \ge -1", "where-defined"),  # −1/x² ≤ 0 across the pole at 0
    ("x: real", r"\frac{x}{|x|} \ge 0", "where-defined"),  # 0 on each side of the jump at 0
    ("x: real", r"\frac{|x|}{x} \ge -\frac{1}{2}", "where-defined"),
    ("x: real", r"\arctan(\frac{1}{x}) \ge -\frac{\pi}{4}", "where-defined"),  # decreasing on each side, a jump
]


# each true claim with its method and a step its proof must show
PROVED = [
    *((s, f, "monotone", "mean value theorem") for s, f in TRUE),
    *((s, f, "cases", ": monotone") for s, f in BY_CASES),
    *((s, f, "monotone", "by induction on n") for s, f in DISCRETE),
    *((s, f, "monotone", "mean value theorem") for s, f in STATIONARY),
    *((s, f, m, "") for s, f, m in PARAMETERS),
    *((s, f, "concavity", "lies above its chord") for s, f in CONCAVE),
]

# each false claim, with its semantics: the prover alone proves none, the search refutes each at a point that replays
REFUTED = [
    *STEPPING_OVER, *OPEN_END_TRAPS,
    *((s, f, "strict") for s, f in (*DISCRETE_TRAPS, *PARAMETER_TRAPS, *CONCAVE_TRAPS)),
]


@pytest.mark.parametrize(("symbols", "formula", "method", "step"), PROVED, ids=[f for _, f, _, _ in PROVED])
def test_proved(tmp_path: Path, symbols: str, formula: str, method: str, step: str) -> None:
    verdict = check(_claim(tmp_path, symbols, formula))
    assert verdict.status is Status.PROVED and verdict.method == method, verdict.reason
    assert any(step in line for line in verdict.steps), verdict.steps


@pytest.mark.parametrize(("symbols", "formula", "semantics"), REFUTED, ids=[f for _, f, _ in REFUTED])
def test_no_proof_of_a_false_claim(tmp_path: Path, symbols: str, formula: str, semantics: str) -> None:
    _refuted_and_never_proved(_claim(tmp_path, symbols, formula, semantics))


def test_powers_with_a_symbolic_exponent_have_a_sign(tmp_path: Path) -> None:
    """x^n ≥ 0 for x ≥ 0 and any real n; x^(n+1) − x^n factored as x^n(x − 1) once the power is split."""
    verdict = check(_claim(tmp_path, "n: non-negative integer\n  x: 'interval [0, 1]'", r"x^{n+1} \le x^{n}"))
    assert verdict.status is Status.PROVED and verdict.method == "manifest sign", verdict.reason
    verdict = check(_claim(tmp_path, "n: real\n  x: non-negative", r"x^{n} \ge 0", "where-defined"))
    assert verdict.status is Status.PROVED and verdict.method == "manifest sign", verdict.reason
    false = _claim(tmp_path, "n: non-negative integer\n  x: 'interval [0, 2]'", r"x^{n+1} \le x^{n}")
    assert prove_claim(false) is None


def test_no_proof_of_a_strict_bound_reached_at_an_irrational_point(tmp_path: Path) -> None:
    """x ln x > −1/e fails only at x = 1/e, which no search finds: undecided, never proved."""
    claim = _claim(tmp_path, "x: positive", r"x \log x > -\frac{1}{e}")
    assert prove_claim(claim) is None
    assert check(claim).status is Status.UNDECIDED
    bound = _claim(tmp_path, "x: positive", r"x \log x \ge -\frac{1}{3}")  # −1/e < −1/3
    assert prove_claim(bound) is None
    verdict = check(bound)
    assert verdict.status is Status.REFUTED and replays(bound, verdict)


def test_a_number_times_a_half_line_keeps_its_end() -> None:
    """2t + 1 ≥ 0 for t ≥ −½ and −3t − 2 < 0 there, read off bounds (a half-line times a number)."""
    import sympy as sp

    from checker.numeric.sign import NEG, NONNEG, Bound, manifest_sign

    t = sp.Symbol("t", real=True)
    bound_of = {t: Bound(Fraction(-1, 2), None, False, True)}.get
    assert manifest_sign(2 * t + 1, bound_of) == NONNEG
    assert manifest_sign(-3 * t - 2, bound_of) == NEG
    assert manifest_sign(2 * t + Fraction(9, 10), bound_of) is None


def test_a_sum_linear_in_a_bounded_symbol_has_the_sign_of_its_ends() -> None:
    """p·x + (1 − p)·y > 0 for p ∈ [0, 1] and x, y > 0; 2p − 1 has no sign; p·x − 2p·y + y none either."""
    import sympy as sp

    from checker.numeric.sign import NONNEG, POS, Bound, manifest_sign

    p, x, y = sp.Symbol("p", real=True), sp.Symbol("x", positive=True), sp.Symbol("y", positive=True)
    positive = Bound(Fraction(0), None, True, True)
    bound_of = {p: Bound(Fraction(0), Fraction(1), False, False), x: positive, y: positive}.get
    assert manifest_sign(p * x + (1 - p) * y, bound_of) == POS
    assert manifest_sign(p * x + (1 - p) * y - y * p, bound_of) is None  # at p = 1 it is x − y, of no sign
    assert manifest_sign(2 * p - 1, bound_of) is None
    assert manifest_sign(p * (1 - p), bound_of) == NONNEG
