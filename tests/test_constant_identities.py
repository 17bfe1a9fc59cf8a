"""Identities between constants, written as question files: a true one is never refuted (numbers can separate two
constants, never confirm them equal), and the same identity shifted by 10^-k is refuted, the report naming the
precision that separated the two sides. Every refutation is replayed independently (tests/replay.py)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from checker import Status
from checker.engine.checking import check_many
from checker.questions.loading import load_question

from .replay import replays

TRUE = [
    # the cases the hand-written interval rules refuted or left open
    r"\sqrt[3]{2} \cdot \sqrt[3]{4} = 2",
    r"\arctan(1/2) = \pi/2 - \arctan 2",
    r"4\arctan(1/5) - \arctan(1/239) = \pi/4",
    r"\arcsin(1/3) + \arccos(1/3) = \pi/2",
    r"\operatorname{arccot}(3) = \arctan(1/3)",
    r"\arccos(3/5) = \arctan(4/3)",
    r"\arccos(1/\sqrt{5}) = \arctan 2",
    r"\arcsin(3/5) + \arcsin(5/13) = \arcsin(56/65)",
    # Machin-like formulas
    r"\arctan 1 + \arctan 2 + \arctan 3 = \pi",
    r"\arctan(1/2) + \arctan(1/3) = \pi/4",
    r"\arctan(1/2) + \arctan(1/5) + \arctan(1/8) = \pi/4",
    r"\arctan(1/3) + \arctan(1/4) + \arctan(2/9) = \pi/4",
    r"2\arctan(1/3) + \arctan(1/7) = \pi/4",
    r"5\arctan(1/7) + 2\arctan(3/79) = \pi/4",
    r"12\arctan(1/18) + 8\arctan(1/57) - 5\arctan(1/239) = \pi/4",
    r"6\arctan(1/8) + 2\arctan(1/57) + \arctan(1/239) = \pi/4",
    r"12\arctan(1/49) + 32\arctan(1/57) - 5\arctan(1/239) + 12\arctan(1/110443) = \pi/4",
    r"\arctan(-3) = -\pi/2 + \arctan(1/3)",
    r"\arctan(e) + \arctan(1/e) = \pi/2",
    r"\arcsin(3/5) = \arctan(3/4)",
    r"\arccos(-1/3) = \pi - \arccos(1/3)",
    r"\operatorname{arccsc}(2) = \arcsin(1/2)",
    r"\operatorname{arcsec}(3) = \pi/2 - \operatorname{arccsc}(3)",
    # radicals and denesting
    r"\sqrt{3+2\sqrt{2}} = 1+\sqrt{2}",
    r"\sqrt{5+2\sqrt{6}} = \sqrt{2}+\sqrt{3}",
    r"\sqrt[3]{2+\sqrt{5}} + \sqrt[3]{2-\sqrt{5}} = 1",
    r"\sqrt{2}\sqrt{8} = 4",
    r"(\sqrt{2}+\sqrt{3})^{2} = 5 + 2\sqrt{6}",
    r"\frac{1}{\sqrt{2}-1} = \sqrt{2}+1",
    r"\sqrt[3]{54} - \sqrt[3]{16} = \sqrt[3]{2}",
    r"\sqrt{2} + \sqrt{3} + \sqrt{5} = \sqrt{10 + 2\sqrt{6} + 2\sqrt{10} + 2\sqrt{15}}",
    # logarithms and exponentials
    r"\ln 8 = 3 \ln 2",
    r"\ln 12 = 2\ln 2 + \ln 3",
    r"\ln 2 + \ln 5 = \ln 10",
    r"\log_{10} 2 + \log_{10} 5 = 1",
    r"\log_2 3 \cdot \log_3 4 = 2",
    r"\ln 2 \cdot \ln 8 = 3 (\ln 2)^{2}",
    r"\ln 2 = 2\operatorname{artanh}(1/3)",
    r"\operatorname{arsinh}(3/4) = \ln 2",
    r"\operatorname{erf}(1) + \operatorname{erfc}(1) = 1",
    r"\ln \sqrt{2} = \frac{1}{2}\ln 2",
    r"\ln(\sqrt{2}+1) + \ln(\sqrt{2}-1) = 0",
    r"\ln(\tan(\pi/8)) + \ln(\tan(3\pi/8)) = 0",
    r"\log_2 8 = 3",
    r"\ln \sqrt{e} = 1/2",
    r"e^{\ln 5} = 5",
    r"e^{2\ln 3} = 9",
    r"2^{\log_2 7} = 7",
    r"\ln(1 + e^{2}) - 2 = \ln(1 + e^{-2})",
    r"\ln(e^2 + e) = 1 + \ln(e + 1)",
    r"\cosh(\ln 2) = 5/4",
    r"\tanh(\ln 3) = 4/5",
    r"\sigma(\ln 3) = 3/4",
    # trigonometric values at rational multiples of π
    r"\cos(\pi/5) = \frac{1+\sqrt{5}}{4}",
    r"\cos(\pi/7) - \cos(2\pi/7) + \cos(3\pi/7) = 1/2",
    r"\tan(\pi/8) = \sqrt{2} - 1",
    r"\sin(\pi/12) = \frac{\sqrt{6}-\sqrt{2}}{4}",
    # binomial and factorial identities
    r"\binom{10}{3} = 120",
    r"\binom{6}{2} + \binom{6}{3} = \binom{7}{3}",
    r"\frac{10!}{8!} = 90",
    r"\lfloor e^{\pi\sqrt{163}} \rfloor = 262537412640768743",
    r"\sum_{k=0}^{5} \binom{5}{k} = 32",
    r"\sum_{k=0}^{6} (-1)^{k} \binom{6}{k} = 0",
    # limits of series
    r"\sum_{k=0}^{\infty} (1/2)^{k} = 2",
    r"\sum_{k=1}^{\infty} \frac{1}{3^{k}} = \frac{1}{2}",
    r"\sum_{k=0}^{\infty} \frac{2}{5^{k}} = \frac{5}{2}",
    r"\sum_{k=1}^{\infty} \frac{1}{k^{2}} = \frac{\pi^{2}}{6}",
    r"\sum_{k=1}^{\infty} \frac{1}{k(k+1)} = 1",
    r"\sum_{k=0}^{\infty} \frac{1}{(2k+1)^{2}} = \frac{\pi^{2}}{8}",
    r"\sum_{k=2}^{\infty} \frac{1}{k^{2} - 1} = \frac{3}{4}",
    r"\sum_{k=1}^{\infty} \frac{1}{k^{4}} = \frac{\pi^{4}}{90}",
    # series whose denominators have roots at fractions, repeated: SymPy's summation gives nan for the first
    r"\sum_{k=2}^{\infty} \frac{1}{(k + \frac{1}{2})(k + 1)^{2}} = 8\ln 2 - \frac{\pi^{2}}{3} - \frac{13}{6}",
    r"\sum_{k=0}^{\infty} \frac{1}{(k+1)(2k+1)} = 2\ln 2",
    r"\sum_{k=1}^{\infty} \frac{1}{k(3k+1)} = 3 - \frac{\pi}{2\sqrt{3}} - \frac{3}{2}\ln 3",
]
SHIFTS = (20, 40, 80, 200)


def _bank(tmp_path: Path, name: str, formulas: list[str]) -> list:  # type: ignore[type-arg]
    options = "\n".join(f"{n}. ${f}$" for n, f in enumerate(formulas, start=1))
    path = tmp_path / f"{name}.md"
    path.write_text(f"---\nid: {name}\nrule: correct\nkey: 1\nfunctions:\n  '\\sigma': logistic\n---\n"
                    f"Constant identities.\n\n{options}\n")
    return [option.claim for option in load_question(path).options]


def _shifted(formula: str, k: int) -> str:
    lhs, rhs = formula.split(" = ")
    return f"{lhs} = {rhs} + 10^{{-{k}}}"


def test_there_are_enough_identities() -> None:
    assert len(TRUE) >= 45


@pytest.fixture(scope="module")
def true_verdicts(tmp_path_factory) -> list:  # type: ignore[no-untyped-def, type-arg]
    claims = _bank(tmp_path_factory.mktemp("identities"), "identities", TRUE)
    return list(zip(TRUE, check_many(claims)))


def test_a_true_identity_of_constants_is_never_refuted(true_verdicts) -> None:  # type: ignore[no-untyped-def]
    refuted = [formula for formula, verdict in true_verdicts if verdict.status is Status.REFUTED]
    assert not refuted
    errors = [formula for formula, verdict in true_verdicts if verdict.method == "internal error"]
    assert not errors


def test_true_identities_of_constants_are_proved(true_verdicts) -> None:  # type: ignore[no-untyped-def]
    open_ = [(formula, verdict.reason) for formula, verdict in true_verdicts if verdict.status is not Status.PROVED]
    assert not open_, open_
    exact = [formula for formula, verdict in true_verdicts if verdict.exact]
    assert len(exact) >= len(TRUE) - 2  # at most a couple rest on simplify alone (labelled CAS-trusted)


@pytest.mark.parametrize("k", SHIFTS)
def test_an_identity_shifted_by_a_tiny_amount_is_refuted_at_the_precision_that_separates_it(
        k: int, tmp_path: Path) -> None:
    formulas = [_shifted(f, k) for f in TRUE]
    claims = _bank(tmp_path, f"shifted{k}", formulas)
    needed = k * math.log2(10)
    for formula, claim, verdict in zip(formulas, claims, check_many(claims)):
        assert verdict.status is Status.REFUTED, (formula, verdict.reason)
        example = verdict.counterexample
        assert example is not None and not example.undefined, formula
        bits = re.search(r"certified at (\d+) bits", example.note)
        exact = "(exact rational arithmetic)" in example.note
        assert exact or (bits is not None and int(bits.group(1)) >= needed), (formula, example.note)
        assert replays(claim, verdict), formula


def test_equal_constants_without_a_proof_are_undecided_with_the_digits_they_agree_to(scope) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    import sympy as sp

    from checker import check

    # true (cos 2θ = (1 − tan²θ)/(1 + tan²θ) at tan θ = 1/3), but no exact rule applies without simplify
    claim = replace(scope.identity(sp.cos(2 * sp.atan(sp.Rational(1, 3))), sp.Rational(4, 5), "cos(2 atan(1/3))"),
                    cas_trusted=False)
    verdict = check(claim)
    assert verdict.status is Status.UNDECIDED
    assert re.search(r"equal to 1,\d{3} digits \(balls at 4,096 bits\); no proof", verdict.reason), verdict.reason


def test_a_strict_relation_between_equal_constants_is_refuted_by_the_exact_identity(tmp_path: Path) -> None:
    formulas = [r"4\arctan(1/5) - \arctan(1/239) < \pi/4", r"\arctan(e) + \arctan(1/e) \ne \pi/2",
                r"\ln 8 > 3 \ln 2", r"4\arctan(1/5) - \arctan(1/239) \le \pi/4"]
    verdicts = check_many(_bank(tmp_path, "strict", formulas))
    assert [v.status for v in verdicts] == [Status.REFUTED] * 3 + [Status.PROVED]
    assert all("same number" in v.counterexample.note for v in verdicts[:3])  # type: ignore[union-attr]


HOSTILE = [
    (r"e^{e^{10}} > 10^{9565}", None),            # about 31,800 bits: read, and never an error
    (r"\sin(e^{1000}) < 2", Status.PROVED),        # Arb reduces a huge argument rigorously
    (r"\sin(e^{100}) = -0.71", Status.REFUTED),
    (r"e^{\pi\sqrt{163}} = 262537412640768744", Status.REFUTED),  # an integer to within 10^-12
    (r"\lfloor e^{\pi\sqrt{163}} \rfloor = 262537412640768744", Status.REFUTED),
    (r"\arctan(1) = \frac{\pi}{4} + 10^{-300}", Status.REFUTED),
    (r"\sqrt{2} = 1.41421356237309504880168872420969807856967187537694", Status.REFUTED),
    (r"e^{-1000} > 0", Status.PROVED),
    (r"\sum_{k=1}^{10000} \sqrt{k} = 666716", Status.REFUTED),
    (r"\sum_{k=1}^{\infty} \frac{1}{k^3} < 1.2020569", Status.REFUTED),  # ζ(3) = 1.20205690315…
    (r"\operatorname{softplus}(-700) > 0", Status.PROVED),
    (r"\ln(\sigma(700)) < 0", Status.PROVED),
]


def test_hostile_constants_get_a_sound_verdict_and_never_an_error(tmp_path: Path) -> None:
    formulas = [formula for formula, _ in HOSTILE]
    claims = _bank(tmp_path, "hostile", formulas)
    for (formula, expected), claim, verdict in zip(HOSTILE, claims, check_many(claims)):
        assert verdict.method not in ("error", "internal error"), (formula, verdict.reason)
        if expected is not None:
            assert verdict.status is expected, (formula, verdict.summary)
        if verdict.status is Status.REFUTED:
            assert replays(claim, verdict), formula
