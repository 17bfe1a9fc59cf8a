"""Sums of rational terms over a symbolic or infinite range: series summed in closed form through Hurwitz ζ and ψ
(checker/values/series.py), others by Gosper's algorithm or left as written — where SymPy's summation took tens of
seconds or returned nan for a convergent series."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest
import sympy as sp

from checker import Status
from checker.engine.checking import check_many
from checker.questions.loading import load_question
from checker.values.series import rational_series
from checker.values.written import unfold

k = sp.Symbol("k", integer=True)
SHIFTS = [Fraction(s) for s in ("0", "1", "2", "1/2", "-1/2", "3/2", "1/3", "2/3", "-1/3", "1/4", "3/4", "1/6", "5/6",
                                "1/5", "2/7")]


def _series(rng: random.Random) -> tuple[sp.Sum, int]:
    shifts = [rng.choice(SHIFTS) for _ in range(rng.randint(2, 4))]
    low = max(0, *(int(-s) + 1 for s in shifts))  # every factor k + s positive from the first term on
    numerator = sum(rng.randint(-3, 3) * k**i for i in range(len(shifts) - 1)) or sp.Integer(1)
    denominator = sp.Mul(*(k + sp.Rational(s.numerator, s.denominator) for s in shifts))
    return sp.Sum(numerator / denominator, (k, low, sp.oo)), low


def _nsum(series: sp.Sum, low: int) -> mpmath.mpf:
    term = sp.lambdify(k, series.function, "mpmath")
    return mpmath.nsum(term, [low, mpmath.inf])


@pytest.mark.parametrize("seed", range(4))
def test_the_closed_form_of_a_series_is_its_value(seed: int) -> None:
    rng = random.Random(seed)
    closed = 0
    with mpmath.workdps(40):
        for _ in range(15):
            series, low = _series(rng)
            recognised = rational_series(series)
            assert recognised is not None, series
            form = recognised.closed_form()
            if form is None:
                continue  # a ψ of a shift with a large denominator, or ζ at an odd order: left to the enclosure
            closed += 1
            assert not form.has(sp.zeta, sp.polygamma, sp.EulerGamma), form
            value = sp.N(form, 40)
            expected = _nsum(series, low)
            assert abs(mpmath.mpf(str(value)) - expected) < mpmath.mpf(10) ** -30 * (1 + abs(expected)), series
    assert closed >= 5


def test_sympy_summations_that_gave_nan_or_took_seconds_are_summed_here() -> None:
    half, third = sp.Rational(1, 2), sp.Rational(1, 3)
    nan_before = sp.Sum(1 / ((k + half) * (k + 1) ** 2), (k, 2, sp.oo))
    assert unfold(nan_before) == 8 * sp.log(2) - sp.pi**2 / 3 - sp.Rational(13, 6)
    slow = sp.Sum((2 * k + 1) / ((k + third) ** 2 * (k + 1)), (k, 2, sp.oo))  # 20 s in SymPy's hyperexpand
    assert not unfold(slow).has(sp.nan)
    divergent = sp.Sum(k / ((k + third) * (k + half)), (k, 1, sp.oo))
    assert unfold(divergent) == divergent  # no value: left as written (SymPy took 3 s to say ∞)
    n = sp.Symbol("n", integer=True, nonnegative=True)
    x = sp.Symbol("x", positive=True)
    no_antidifference = sp.Sum(1 / ((k + third) ** 2 * (k + 1 + third)), (k, 1, n))  # over 30 s in SymPy
    assert unfold(no_antidifference) == no_antidifference
    telescoping = sp.Sum(1 / ((k + x) * (k + x + 1)), (k, 1, n))  # Gosper's algorithm
    assert sp.simplify(unfold(telescoping) - n / ((x + 1) * (n + x + 1))) == 0
    assert unfold(sp.Sum(k**2, (k, 1, n))).equals(n * (n + 1) * (2 * n + 1) / 6)
    assert unfold(sp.Sum(k**200, (k, 1, n))).has(n**201)  # a polynomial: SymPy's Faulhaber sums, not Gosper's


def _claims(tmp_path: Path, formulas: list[str]) -> list:  # type: ignore[type-arg]
    options = "\n".join(f"{n}. ${f}$" for n, f in enumerate(formulas, start=1))
    path = tmp_path / "series.md"
    path.write_text(f"---\nid: series\nrule: correct\nkey: 1\nsymbols:\n  x: positive\n  n: positive integer\n---\n"
                    f"Series.\n\n{options}\n")
    return [option.claim for option in load_question(path).options]


def test_claims_about_such_series_are_decided_within_the_time_limit(tmp_path: Path) -> None:
    formulas = [
        r"\sum_{k=2}^{\infty} \frac{2k + 1}{(k + \frac{1}{3})^{2} (k + 1)} > 0.95",        # 0.9524…: 37 s before
        r"\sum_{k=0}^{\infty} \frac{5}{(k + 2)(k + 4)} < \frac{25}{12}",                    # equal: strictly false
        r"\sum_{k=0}^{\infty} \frac{5}{(k + 2)(k + 4)} \le \frac{25}{12}",
        r"\sum_{k=1}^{\infty} \frac{1}{k(k + \frac{1}{3})} = 9 - \frac{3\pi}{2\sqrt{3}} - \frac{9}{2}\ln 3",
        r"\sum_{k=1}^{\infty} \frac{1}{k(k + \frac{1}{3})} = 9 - \frac{3\pi}{2\sqrt{3}} - \frac{9}{2}\ln 3 + 10^{-40}",
        r"\sum_{k=1}^{\infty} \frac{1}{k + \frac{1}{3}} > 0",                               # divergent: no value
        r"\sum_{k=1}^{n} \frac{1}{(k+\frac{1}{3})^2(k+\frac{4}{3})} \ge 0",                 # over 30 s before
        r"\sum_{k=1}^{\infty} \frac{1}{(k+\frac{1}{3})^2(k^2+2)} < 1",                      # 16 s before
        r"\sum_{k=1}^{n} \frac{1}{(k+x)(k+x+1)} = \frac{n}{(x+1)(n+x+1)}",
        r"\sum_{k=1}^{n} \frac{1}{(k+x)(k+x+1)} = \frac{n}{(x+1)(n+x+2)}",
        r"\sum_{k=1}^{\infty} \frac{1}{k^{40}+1} < 1",                 # over 20 s in SymPy's summation or Gosper's
        r"\sum_{k=1}^{n} \frac{1}{(k+x)^{6}(k+2x)^{5}} \ge 0",         # likewise
    ]
    verdicts = check_many(_claims(tmp_path, formulas), timeout=10)
    statuses = [v.status for v in verdicts]
    assert statuses[:5] == [Status.PROVED, Status.REFUTED, Status.PROVED, Status.PROVED, Status.REFUTED], \
        [(v.status, v.reason) for v in verdicts]
    assert statuses[5] is not Status.PROVED
    proved = Status.PROVED
    assert statuses[6:] == [proved, proved, proved, Status.REFUTED, proved, proved], \
        [(v.status, v.reason) for v in verdicts[6:]]


def test_rising_factorials_of_one_class_are_written_through_the_least_exactly() -> None:
    from checker.engine.products import one_rising_factorial_per_class

    n = sp.Symbol("n", integer=True, nonnegative=True)
    rng = random.Random(3)
    for _ in range(40):
        base = sp.Rational(rng.randint(1, 11), rng.choice([1, 2, 3, 4, 6]))
        shifts = [base + rng.randint(0, 5) for _ in range(3)]
        lengths = [n + rng.randint(0, 3) for _ in range(3)]  # the step of an induction meets (a)_n and (a)_{n+1}
        expr = (sp.RisingFactorial(shifts[0], lengths[0]) * sp.RisingFactorial(shifts[1], lengths[1])
                / sp.RisingFactorial(shifts[2], lengths[2]))
        if rng.random() < 0.3:
            expr *= sp.factorial(n) / sp.RisingFactorial(rng.randint(1, 4), n)
        rewritten = one_rising_factorial_per_class(expr)
        for value in range(7):  # (a)_n written out as a product of n factors, against the rewritten form
            def direct(e: sp.Basic, value: int = value) -> sp.Basic:
                def written_out(node: sp.Basic) -> sp.Basic:
                    shift, length = (node.args if isinstance(node, sp.RisingFactorial) else (1, node.args[0]))
                    return sp.Mul(*(shift + i for i in range(length.subs(n, value))))
                return e.replace(lambda node: isinstance(node, (sp.RisingFactorial, sp.factorial)), written_out)
            assert direct(expr).subs(n, value) == direct(rewritten).subs(n, value), (expr, rewritten, value)


def test_telescoping_products_are_proved_exactly_and_their_false_twins_refuted(tmp_path: Path) -> None:
    formulas = [
        r"\prod_{k=1}^{n} \frac{k+1}{k} = n+1",                         # simplify (CAS-trusted) before
        r"\prod_{k=1}^{n} \frac{2k+1}{2k+3} = \frac{3}{2n+3}",           # undecided before
        r"\prod_{k=1}^{n} \frac{k+\frac{1}{3}}{k+\frac{7}{3}} = \frac{28}{(3n+4)(3n+7)}",
        r"\prod_{k=2}^{n} (1 - \frac{1}{k^2}) = \frac{n+1}{2n}",
        r"\prod_{k=2}^{n} \frac{k+x}{k+x+1} \ge \frac{x + 2}{n + x + 1} - |x - \frac{17}{13}|",  # factoring: 0–40 s
        r"\prod_{k=1}^{n} \frac{2k+1}{2k+3} = \frac{3}{2n+5}",
        r"\prod_{k=1}^{n} \frac{k+\frac{1}{3}}{k+\frac{7}{3}} = \frac{28}{(3n+4)(3n+8)}",
    ]
    verdicts = check_many(_claims(tmp_path, formulas), timeout=10)
    assert [v.status for v in verdicts] == [Status.PROVED] * 5 + [Status.REFUTED] * 2, \
        [(v.status, v.method, v.reason) for v in verdicts]
    assert all(v.exact and v.method == "rational normal form" for v in verdicts[:4]), [v.method for v in verdicts]
    assert verdicts[4].method == "manifest sign"


def test_series_with_a_parameter_are_valued_at_each_point_and_summed_with_the_parameter_outside(tmp_path) -> None:
    """c·Σ p(k)/q(k) with c free of k (its value at the point, times the series) and Σ p(k, x)/q(k, x) with the
    point's x put in: such claims were undecided — the evaluator knew only series free of every other symbol."""
    path = tmp_path / "parameter.md"
    formulas = [
        r"\sum_{k=1}^{\infty} \frac{1}{x k^2} \ge -100",                      # x = 0: undefined; x = −1/100: −164.5
        r"\sum_{k=1}^{\infty} \frac{1}{(k+x)^2} < \frac{1}{x}",               # x = −1/2: π²/2 against −2
        r"\sum_{k=1}^{\infty} \frac{\ln y}{k(k+1)} = \ln y",
        r"\sum_{k=0}^{\infty} \frac{y^2}{(k+1)(2k+1)} = 2 y^2 \ln 2",
        r"\sum_{k=0}^{\infty} \frac{y^2}{(k+1)(2k+1)} = 2 y \ln 2",
    ]
    options = "\n".join(f"{n}. ${f}$" for n, f in enumerate(formulas, start=1))
    path.write_text(f"---\nid: parameter\nrule: correct\nkey: 1\nsymbols:\n  x: real\n  y: positive\n---\nSeries.\n\n"
                    f"{options}\n")
    verdicts = check_many([option.claim for option in load_question(path).options], timeout=10)
    assert [v.status for v in verdicts] == [Status.REFUTED, Status.REFUTED, Status.PROVED, Status.PROVED,
                                            Status.REFUTED], [(v.status, v.reason) for v in verdicts]
    assert verdicts[0].counterexample is not None and verdicts[0].counterexample.undefined
