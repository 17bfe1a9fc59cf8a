"""Random claims written as question files — LaTeX as an instructor types it, through the reader, the engine and
both evaluations: no verdict is an error, every refutation replays independently, and every proof holds at a
dozen points by the independent mpmath evaluation (a seeded sample of the fuzzing that found SymPy's refusals —
max of ln 0, a derivative whose variable a case split replaced — ending in internal errors)."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import mpmath

from checker.engine.checking import check_many
from checker.engine.conditions import computable
from checker.questions.files import QuestionFileError
from checker.questions.loading import load_question

from .replay import replays, side

ATOMS = ["x", "y", "n", "1", "2", "3", "\\frac{1}{2}", "0", "e", "\\pi", "0.5", "10"]
EXPONENTS = ["2", "3", "-1", "\\frac{1}{2}", "n", "x", "-2", "\\frac{1}{3}"]
RELATIONS = ["=", "<", "\\le", "\\ge", ">", "\\neq"]
DOMAINS = ["real", "positive", "'interval [0, 1]'", "probability", "integer", "'interval (-1, 2]'", "non-negative"]


def _expression(rng: random.Random, depth: int = 0) -> str:
    if depth > 2 or rng.random() < 0.25:
        return rng.choice(ATOMS)

    def a() -> str:
        return _expression(rng, depth + 1)

    forms = [lambda: f"{a()} + {a()}", lambda: f"{a()} - {a()}", lambda: f"{a()} \\cdot {a()}",
             lambda: f"\\frac{{{a()}}}{{{a()}}}", lambda: f"({a()})^{{{rng.choice(EXPONENTS)}}}",
             lambda: f"\\sqrt{{{a()}}}", lambda: f"\\ln({a()})", lambda: f"e^{{{a()}}}", lambda: f"|{a()}|",
             lambda: f"\\sigma({a()})", lambda: f"\\max({a()}, {a()})", lambda: f"\\min({a()}, {a()})",
             lambda: f"\\sin({a()})", lambda: f"\\frac{{d}}{{dx}}\\left[{a()}\\right]", lambda: f"\\sqrt[3]{{{a()}}}",
             lambda: f"\\lfloor {a()} \\rfloor", lambda: f"\\operatorname{{sgn}}({a()})", lambda: f"\\arctan({a()})",
             lambda: f"\\log_{{2}}({a()})", lambda: "\\binom{n}{2}", lambda: "n!",
             lambda: "\\sum_{k=1}^{n} " + rng.choice(["k", "k^2", "\\frac{1}{k}", "(k + x)"]),
             lambda: "\\sum_{k=0}^{3} " + rng.choice(["k x", "\\frac{x^k}{k + 1}"])]
    return rng.choice(forms)()


def _claims(tmp_path: Path, count: int, seed: int) -> list[tuple[object, str]]:
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        formula = f"{_expression(rng)} {rng.choice(RELATIONS)} {_expression(rng)}"
        domain = rng.choice(DOMAINS)
        path = tmp_path / f"r{len(out)}.md"
        path.write_text(f"---\nid: r\nrule: correct\nkey: 1\nsymbols:\n  x: {domain}\n  y: positive\n"
                        f"  n: non-negative integer\nfunctions:\n  '\\sigma': logistic\n---\nS\n\n1. ${formula}$\n"
                        "2. $x = x$\n", encoding="utf-8")
        try:
            claim = load_question(path).options[0].claim
        except QuestionFileError:
            continue  # a clean error (|∑ k| reads the bar as the sum's end): not what this test is about
        out.append((claim, formula))
    return out


def _holds_at(claim: object, point: dict[object, Fraction]) -> bool:
    """The relation at the point by the tests' own mpmath evaluation (50 digits), strict semantics; True where
    the two sides are too close to call."""
    for part in claim.written_parts():  # type: ignore[attr-defined]
        left, right = side(computable(part.lhs), point), side(computable(part.rhs), point)
        relation = part.relation.value
        if left is None or right is None:
            if relation != "=" or (left is None) != (right is None):
                return False
            continue
        with mpmath.workdps(50):
            close = abs(left - right) <= mpmath.mpf(10) ** -30 * max(1, abs(left), abs(right))
            if close:
                continue
            if not {"=": False, "!=": True, "<": left < right, "<=": left < right, ">": left > right,
                    ">=": left > right}[relation]:
                return False
    return True


def test_random_question_files_get_verdicts_that_hold_up(tmp_path: Path) -> None:
    claims = _claims(tmp_path, 80, seed=6)  # a seed whose claims met SymPy refusals before they were handled
    verdicts = check_many([c for c, _ in claims], timeout=8)
    rng = random.Random(1)
    proved = refuted = 0
    for (claim, formula), verdict in zip(claims, verdicts):
        assert verdict.method not in ("error", "internal error"), (formula, verdict.reason)
        if verdict.status.value == "refuted":
            refuted += 1
            assert replays(claim, verdict), (formula, str(verdict.counterexample))
        if verdict.status.value == "proved":
            proved += 1
            for _ in range(12):
                point = {}
                for atom, domain in claim.domains:  # type: ignore[attr-defined]
                    options = [Fraction(v) for v in ("0", "1", "-1", "1/2", "-3/2", "2", "7/3", "3", "5")]
                    inside = [v for v in options if domain.contains(v)]
                    point[atom] = rng.choice(inside) if inside else Fraction(1)
                assert _holds_at(claim, point), (formula, {str(k): str(v) for k, v in point.items()})
    assert proved >= 3 and refuted >= 40, (proved, refuted)
