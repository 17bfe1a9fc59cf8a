"""Soundness traps, written as question files: every verdict follows the formula as written, over the declared
domain, under the documented semantics; every refutation replays independently (mpmath, 50 digits)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest

from checker import Status, check
from checker.engine.prove import prove_claim
from checker.questions.loading import load_question

from .replay import replays

PROVED, REFUTED, UNDECIDED = Status.PROVED, Status.REFUTED, Status.UNDECIDED


@dataclass(frozen=True)
class Trap:
    id: str
    symbols: str
    formula: str
    expected: Status
    semantics: str = "strict"
    kind: str | None = None
    """For a refutation: 'value' (both sides defined, they differ) or 'definedness' (a side undefined)."""


TRAPS = [
    # a side defined nowhere on the domain: vacuous where defined, a definedness failure when strict; a sum over an
    # empty range has a value whatever its terms, so its terms' conditions do not make a side undefined
    Trap("vacuous-root-where-defined", "x: real", r"\sqrt{-1-x^2} = 5", PROVED, "where-defined"),
    Trap("vacuous-root-strict", "x: real", r"\sqrt{-1-x^2} = 5", REFUTED, kind="definedness"),
    Trap("vacuous-log-on-its-domain", "x: positive", r"\log(-x) \ge 5", PROVED, "where-defined"),
    Trap("log-of-minus-x-on-the-reals", "x: real", r"\log(-x) \ge 5", REFUTED, "where-defined", kind="value"),
    Trap("empty-sum-is-not-vacuous", "n: non-negative integer", r"\sum_{k=1}^{n} \log(-1-k^2) = 1", REFUTED,
         "where-defined", kind="value"),
    # the cases that were wrong before the semantics was written down
    Trap("division-by-itself", "x: real", r"\frac{x}{x} = 1", REFUTED, kind="definedness"),
    Trap("division-by-itself-where-defined", "x: real", r"\frac{x}{x} = 1", PROVED, "where-defined"),
    Trap("exp-of-log-real", "x: real", r"e^{\ln x} = x", REFUTED, kind="definedness"),
    Trap("exp-of-log-positive", "x: positive", r"e^{\ln x} = x", PROVED),
    Trap("hole-at-three", "x: real", r"\frac{x^2-9}{x-3} = x+3", REFUTED, kind="definedness"),
    Trap("hole-at-three-where-defined", "x: real", r"\frac{x^2-9}{x-3} = x+3", PROVED, "where-defined"),
    Trap("power-of-sum-real-base", "a: real\n  b: real\n  c: real", r"a^{b} a^{c} = a^{b+c}", REFUTED,
         kind="definedness"),
    Trap("power-of-sum-positive-base", "a: positive\n  b: real\n  c: real", r"a^{b} a^{c} = a^{b+c}", PROVED),
    Trap("swapped-log-powers-real", "x: real\n  y: real", r"x^{\ln y} = y^{\ln x}", REFUTED, kind="definedness"),
    Trap("swapped-log-powers-positive", "x: positive\n  y: positive", r"x^{\ln y} = y^{\ln x}", PROVED),
    Trap("alternating-signs", "n: non-negative integer", r"(-1)^{n} + (-1)^{n+1} = 0", PROVED),
    Trap("even-exponent-by-parity", "n: non-negative integer", r"(-1)^{n^2+n} = 1", PROVED),
    Trap("geometric-sum-at-gamma-zero", "'\\gamma': 'interval [0, 1)'\n  m: non-negative integer",
         r"\frac{1-\gamma^{m+1}}{1-\gamma} - \gamma\frac{1-\gamma^{m}}{1-\gamma} = 1", PROVED),
    Trap("negative-base-integer-power", "n: non-negative integer", r"(-2)^{n} = 2^{n}", REFUTED, kind="value"),
    Trap("huge-exponential", "", r"e^{20000} > 7.7557 \cdot 10^{8685}", PROVED),
    Trap("huge-even-power", "x: real\n  a: real", r"(x-a)^{6000} \ge 0", PROVED),
    Trap("huge-even-power-sign-flip", "x: real\n  a: real", r"(x-a)^{6000} = (a-x)^{6000}", PROVED),
    Trap("narrow-interval-bound", "x: 'interval [3.14159, 3.14160]'", r"x^2 < 9.8697", PROVED),
    Trap("narrow-interval-endpoint", "x: 'interval [3.14159, 3.14160]'", r"x > 3.1416", REFUTED, kind="value"),
    Trap("narrow-interval-pole", "x: 'interval [3.14159, 3.14160]'", r"\frac{1}{x - 3.14159} > 0", REFUTED,
         kind="definedness"),
    Trap("one-over-zero", "x: real", r"\frac{1}{0} = x", REFUTED, kind="definedness"),
    Trap("product-of-probabilities", "'\\pi(y_1)': probability\n  '\\pi(y_2)': probability",
         r"\pi(y_1)\pi(y_2) \le \pi(y_1)", PROVED),
    # roots and powers judged by values
    Trap("root-squared-real", "x: real", r"\sqrt{x}^2 = x", REFUTED, kind="definedness"),
    Trap("root-squared-nonnegative", "x: 'interval [0, oo)'", r"\sqrt{x}^2 = x", PROVED),
    Trap("root-of-square", "x: real", r"\sqrt{x^2} = x", REFUTED, kind="value"),
    Trap("root-of-square-is-abs", "x: real", r"\sqrt{x^2} = |x|", PROVED),
    Trap("zero-to-the-zero", "x: real", r"x^0 = 1", PROVED),
    Trap("zero-to-a-positive-power", "x: positive", r"0^{x} = 0", PROVED),
    Trap("zero-to-a-real-power", "x: real", r"0^{x} = 0", REFUTED, kind="value"),
    Trap("half-power-of-square", "x: real", r"(x^2)^{1/2} = x", REFUTED, kind="value"),
    Trap("square-of-half-power", "x: real", r"(x^{1/2})^2 = x", REFUTED, kind="definedness"),
    Trap("cube-root-of-negative", "", r"(-8)^{1/3} = -2", REFUTED, kind="definedness"),
    Trap("exact-square-root", "", r"\sqrt{4} = 2", PROVED),
    Trap("exact-cube-root", "", r"8^{1/3} = 2", PROVED),
    Trap("negative-power-cancels", "x: real\n  n: non-negative integer", r"x^{n} x^{-n} = 1", REFUTED,
         kind="definedness"),
    Trap("quotient-of-powers-at-zero", "'\\gamma': discount factor\n  k: non-negative integer",
         r"\frac{\gamma^{k+1}}{\gamma^{k}} = \gamma", REFUTED, kind="definedness"),
    Trap("product-of-powers", "'\\gamma': discount factor\n  k: non-negative integer",
         r"\gamma^{k}\gamma = \gamma^{k+1}", PROVED),
    Trap("shifted-power-at-zero", "'\\gamma': discount factor\n  k: non-negative integer",
         r"\gamma^{k-1}\gamma = \gamma^{k}", REFUTED, kind="definedness"),
    Trap("odd-power-sign", "x: real\n  n: non-negative integer", r"x^{n} \ge 0", REFUTED, kind="value"),
    # logarithms
    Trap("log-of-square", "x: real", r"\ln(x^2) = 2\ln x", REFUTED, kind="definedness"),
    Trap("log-of-product-positive", "x: positive\n  y: positive", r"\ln(x y) = \ln x + \ln y", PROVED),
    Trap("log-of-product-real", "x: real\n  y: real", r"\ln(x y) = \ln x + \ln y", REFUTED, kind="definedness"),
    Trap("log-of-exp", "x: real", r"\ln(e^{x}) = x", PROVED),
    Trap("zero-times-log", "x: real", r"0 \cdot \ln x = 0", REFUTED, kind="definedness"),
    Trap("zero-times-log-where-defined", "x: real", r"0 \cdot \ln x = 0", PROVED, "where-defined"),
    Trap("log-of-probability", "p: probability", r"\ln p \le 0", PROVED),
    Trap("log-of-probability-strict", "p: probability", r"\ln p < 0", REFUTED, kind="value"),
    Trap("log-base-two", "", r"\log_2 8 = 3", PROVED),
    Trap("log-ratio-antisymmetry", "a: positive\n  b: positive\n  '\\beta': beta",
         r"\beta \ln \frac{a}{b} = -\beta\ln\frac{b}{a}", PROVED),
    # divisions and holes
    Trap("difference-of-poles", "x: real", r"\frac{1}{x} - \frac{1}{x} = 0", REFUTED, kind="definedness"),
    Trap("difference-of-poles-where-defined", "x: real", r"\frac{1}{x} - \frac{1}{x} = 0", PROVED,
         "where-defined"),
    Trap("different-holes", "x: real\n  y: real", r"\frac{x}{x} = \frac{y}{y}", REFUTED, kind="definedness"),
    Trap("same-hole-both-sides", "x: real", r"\frac{x}{x} = \frac{x^2}{x^2}", PROVED),
    Trap("zero-over-zero", "", r"\frac{0}{0} = 1", REFUTED, kind="definedness"),
    Trap("both-sides-undefined", "", r"\frac{0}{0} = \frac{1}{0}", PROVED),
    Trap("reciprocal-of-reciprocal", "x: real", r"\frac{1}{\frac{1}{x}} = x", REFUTED, kind="definedness"),
    Trap("hole-outside-the-domain", "x: 'interval [2, 5]'", r"\frac{x^2 - 1}{x - 1} = x + 1", PROVED),
    Trap("hole-left-of-the-domain", "x: 'interval [0, 5]'", r"\frac{x^2-4}{x+2} = x - 2", PROVED),
    Trap("pole-outside-open-end", "x: 'interval (2, 5]'", r"\frac{1}{x-2} > 0", PROVED),
    Trap("pole-at-closed-end", "x: 'interval [2, 5]'", r"\frac{1}{x-2} > 0", REFUTED, kind="definedness"),
    Trap("reciprocal-sign-prefers-values", "x: real", r"\frac{1}{x} > 0", REFUTED, kind="value"),
    Trap("reciprocal-square-where-defined", "x: real", r"\frac{1}{x^2} > 0", PROVED, "where-defined"),
    Trap("reciprocal-square-strict", "x: real", r"\frac{1}{x^2} > 0", REFUTED, kind="definedness"),
    Trap("diagonal-hole", "x: real\n  y: real", r"\frac{x^2 - y^2}{x - y} = x + y", REFUTED, kind="definedness"),
    Trap("diagonal-hole-where-defined", "x: real\n  y: real", r"\frac{x^2 - y^2}{x - y} = x + y", PROVED,
         "where-defined"),
    Trap("hole-at-a-fraction", "x: real", r"\frac{x^2 + 7x/3}{3x + 7} = \frac{x}{3}", REFUTED,
         kind="definedness"),
    Trap("ratio-and-inverse", "a: real\n  b: real", r"\frac{a}{b} \cdot \frac{b}{a} = 1", REFUTED,
         kind="definedness"),
    Trap("quotient-at-zero-where-defined", "x: 'interval [0, oo)'", r"\frac{x^2}{x} \ge 0", PROVED,
         "where-defined"),
    Trap("quotient-at-zero-strict", "x: 'interval [0, oo)'", r"\frac{x^2}{x} \ge 0", REFUTED, kind="definedness"),
    # signs from bounds and shapes
    Trap("square-non-negative", "x: real", r"x^2 \ge 0", PROVED),
    Trap("square-not-positive", "x: real", r"x^2 > 0", REFUTED, kind="value"),
    Trap("gaussian-at-most-one", "x: real", r"e^{-x^2} \le 1", PROVED),
    Trap("lorentzian-at-most-one", "x: real", r"\frac{1}{1 + x^2} \le 1", PROVED),
    Trap("perfect-square", "x: real", r"x^{2} - 2x + 1 \ge 0", PROVED),
    Trap("two-probabilities-sum", "p: probability\n  q: probability", r"p + q \le 1", REFUTED, kind="value"),
    Trap("reciprocal-probability", "p: probability", r"\frac{1}{p} \ge 1", PROVED),
    Trap("bernoulli-variance", "p: probability", r"p(1-p) \le \frac{1}{4}", PROVED),
    Trap("logistic-symmetry", "x: real", r"\sigma(x) + \sigma(-x) = 1", PROVED),
    Trap("logistic-below-one", "x: real", r"\sigma(x) < 1", PROVED),
    Trap("near-miss-constant", "", r"\ln 2 < 0.6931471805599453", REFUTED, kind="value"),
    Trap("quartic-without-real-roots", "x: real", r"x^4 - 3x^2 + 3 > 0", PROVED),
    Trap("cubic-right-of-its-root", "x: 'interval [-1, oo)'", r"x^3 - 3x + 3 > 0", PROVED),
    Trap("cubic-left-of-its-root", "x: real", r"x^3 - 3x + 3 > 0", REFUTED, kind="value"),
    Trap("root-two-bracket", "x: 'interval [1.4142, 1.4143]'", r"x^2 - 2 > 0", REFUTED, kind="value"),
    Trap("am-gm-one-variable", "x: positive", r"x + \frac{1}{x} \ge 2", PROVED),
    Trap("am-gm-one-variable-strict", "x: positive", r"x + \frac{1}{x} > 2", REFUTED, kind="value"),
    Trap("am-gm-needs-positive", "x: real", r"\frac{x^2+1}{x} \ge 2", REFUTED, "where-defined", kind="value"),
    Trap("reciprocals-between-poles", "x: real", r"\frac{1}{x-1} < \frac{1}{x-2}", REFUTED, "where-defined",
         kind="value"),
    # calculus, sums and products, as instructors write them
    Trap("logistic-derivative-operator", "z: real", r"\frac{d}{dz}\sigma(z) = \sigma(z)(1 - \sigma(z))", PROVED),
    Trap("logistic-prime", "z: real", r"\sigma'(z) = \sigma(z)\sigma(-z)", PROVED),
    Trap("bradley-terry-loss-gradient", "r_w: real\n  r_l: real",
         r"\frac{\partial}{\partial r_w}\left[-\log\sigma(r_w - r_l)\right] = \sigma(r_w - r_l) - 1", PROVED),
    Trap("bradley-terry-loss-gradient-sign", "r_w: real\n  r_l: real",
         r"\frac{\partial}{\partial r_l}\left[-\log\sigma(r_w - r_l)\right] = \sigma(r_w - r_l)", REFUTED,
         kind="value"),
    Trap("second-derivative-of-exp", "x: real", r"\frac{d^2}{dx^2} e^{2x} = 4e^{2x}", PROVED),
    Trap("derivative-of-log-real", "x: real", r"\frac{d}{dx}\ln x = \frac{1}{x}", REFUTED, kind="definedness"),
    Trap("derivative-of-log-positive", "x: positive", r"\frac{d}{dx}\ln x = \frac{1}{x}", PROVED),
    Trap("derivative-of-abs", "x: real", r"\frac{d}{dx} |x| = \operatorname{sgn}(x)", REFUTED, kind="definedness"),
    Trap("derivative-of-abs-away-from-zero", "x: positive", r"\frac{d}{dx} |x| = 1", PROVED),
    Trap("derivative-of-max-at-the-kink", "x: real", r"\frac{d}{dx} \max(x, -x) = \operatorname{sgn}(x)", REFUTED,
         kind="definedness"),
    Trap("derivative-of-a-root-at-zero", "x: non-negative", r"\frac{d}{dx} x^{3/2} = \frac{3}{2}\sqrt{x}", REFUTED,
         kind="definedness"),
    Trap("derivative-of-a-root-inside", "x: positive", r"\frac{d}{dx} x^{3/2} = \frac{3}{2}\sqrt{x}", PROVED),
    Trap("derivative-of-a-kink-in-another-variable", "x: real\n  y: real", r"\frac{d}{dx} (x |y|) = |y|", PROVED),
    Trap("derivative-of-arcsin", "x: 'interval (-1, 1)'", r"\frac{d}{dx} \arcsin x = \frac{1}{\sqrt{1 - x^2}}",
         PROVED),
    Trap("geometric-sum", "'\\gamma': 'interval [0, 1)'\n  n: non-negative integer",
         r"\sum_{k=0}^{n} \gamma^k = \frac{1 - \gamma^{n+1}}{1 - \gamma}", PROVED),
    Trap("geometric-sum-at-one", "'\\gamma': discount factor\n  n: non-negative integer",
         r"\sum_{k=0}^{n} \gamma^k = \frac{1 - \gamma^{n+1}}{1 - \gamma}", REFUTED, kind="definedness"),
    Trap("sum-of-odd-numbers", "n: non-negative integer", r"\sum_{k=1}^{n} (2k - 1) = n^2", PROVED),
    Trap("sum-of-squares", "n: non-negative integer", r"\sum_{k=1}^{n} k^2 = \frac{n(n+1)(2n+1)}{6}", PROVED),
    Trap("telescoping-sum", "n: non-negative integer", r"\sum_{k=1}^{n} \frac{1}{k(k+1)} = 1 - \frac{1}{n+1}",
         PROVED),
    Trap("wrong-sum-of-squares", "n: non-negative integer", r"\sum_{k=1}^{n} k^2 = \frac{n(n+1)}{2}", REFUTED,
         kind="value"),
    Trap("binomial-expansion", "x: real", r"\sum_{k=0}^{3} \binom{3}{k} x^k = (1+x)^3", PROVED),
    Trap("trig-pythagoras", "x: real", r"\sin^2 x + \cos^2 x = 1", PROVED),
    Trap("cosine-of-a-sum", "x: real\n  y: real", r"\cos(x+y) = \cos x\cos y - \sin x \sin y", PROVED),
    Trap("cosine-of-a-sum-wrong-sign", "x: real\n  y: real", r"\cos(x+y) = \cos x\cos y + \sin x \sin y",
         REFUTED, kind="value"),
    Trap("tangent-is-sine-over-cosine", "x: real", r"\tan x = \frac{\sin x}{\cos x}", PROVED),
    Trap("logistic-through-tanh", "x: real", r"\frac{1}{1+e^{-2x}} = \frac{\tanh x}{2} + \frac{1}{2}", PROVED),
    Trap("hyperbolic-pythagoras", "x: real", r"\cosh^2 x - \sinh^2 x = 1", PROVED),
    Trap("arcsin-of-sin", "x: real", r"\arcsin(\sin x) = x", REFUTED, kind="value"),
    Trap("sin-of-arcsin-outside", "x: real", r"\sin(\arcsin x) = x", REFUTED, kind="definedness"),
    Trap("real-cube-root", "", r"\sqrt[3]{-8} = -2", PROVED),
    Trap("not-equal-refuted", "x: real\n  y: real", r"x \neq y", REFUTED, kind="value"),
    Trap("not-equal-proved", "x: positive", r"x^2 + 1 \neq 0", PROVED),
    Trap("max-plus-min", "a: real\n  b: real", r"\max(a, b) + \min(a, b) = a + b", PROVED),
    Trap("max-minus-min", "a: real\n  b: real", r"\max(a, b) - \min(a, b) = |a - b|", PROVED),
    Trap("max-is-not-the-first", "a: real\n  b: real", r"\max(a, b) = a", REFUTED, kind="value"),
    Trap("double-root-and-sign", "x: 'interval [-5, 3]'", r"(x-1)^2 (x - 3) \le 0", PROVED),
    # cases in the style of a CAS quiz system's answer-test fixtures, read under strict semantics
    Trap("negative-rational-power", "", r"4^{-1/2} = \frac{1}{2}", PROVED),
    Trap("cube-root-of-reciprocal", "x: real",
         r"\frac{1}{|x|^{1/3}} = \left(\frac{|x|^{1/3}}{|x|}\right)^{1/2}", PROVED),
    Trap("root-of-product-split", "x: real", r"\sqrt{(x-3)(x-5)} = \sqrt{x-3}\sqrt{x-5}", REFUTED,
         kind="definedness"),
    Trap("cancelled-factor", "x: real", r"x - 1 = \frac{x^2-1}{x+1}", REFUTED, kind="definedness"),
    Trap("cancelled-factor-where-defined", "x: real", r"x - 1 = \frac{x^2-1}{x+1}", PROVED, "where-defined"),
    Trap("power-of-power", "a: real\n  b: real\n  c: real", r"(a^{b})^{c} = a^{b c}", REFUTED, kind="value"),
    Trap("power-of-cube", "x: real\n  k: real", r"6((x-2)^3)^{k} = 6(x-2)^{3k}", REFUTED, kind="definedness"),
    Trap("root-with-factor-four", "x: real", r"2+2\sqrt{3+x} = 2+\sqrt{12+4x}", PROVED),
    Trap("roots-of-reciprocals", "k: real\n  m: real", r"\sqrt{\frac{k}{m}}\sqrt{\frac{m}{k}} = 1", REFUTED,
         kind="definedness"),
    Trap("root-of-a-tenth", "x: real", r"\sqrt{\frac{2x}{10}+1} = \sqrt{\frac{2x+10}{10}}", PROVED),
    Trap("cube-roots-of-cubes", "x: real", r"((x+3)^2(x+3))^{1/3} = ((x+3)(x^2+6x+9))^{1/3}", PROVED),
    Trap("reciprocal-square", "x: real", r"(x-1)^{-2} = \frac{1}{x^2-2x+1}", PROVED),
    Trap("telescoping-fractions", "n: real", r"\frac{1}{n}-\frac{1}{n+1} = \frac{1}{n(n+1)}", PROVED),
    Trap("log-of-square-times", "a: real\n  b: real", r"\ln(a^2 b) = 2\ln a+\ln b", REFUTED, kind="definedness"),
    Trap("log-base-ten-of-power", "x: real", r"\log_{10}(10^{x}) = x", PROVED),
    Trap("log-base-two-of-fraction", "", r"\log_2 \frac{1}{8} = -3", PROVED),
    Trap("root-with-a-symbolic-index", "x: non-negative\n  n: positive integer", r"\sqrt[n]{x^n} = x", PROVED),
    Trap("root-with-a-symbolic-index-of-a-negative", "x: real\n  n: positive integer", r"\sqrt[n]{x^n} = x",
         REFUTED, kind="value"),
    Trap("first-root-is-the-number", "x: real\n  n: positive integer", r"\sqrt[n]{x} \ge 0", REFUTED,
         kind="value"),
    Trap("sum-index-shadows-a-symbol", "k: real\n  n: positive integer",
         r"\sum_{k=1}^{n} k + k = \frac{n(n+1)}{2} + k", PROVED),
    Trap("sum-index-is-not-the-symbol", "k: real\n  n: positive integer", r"\sum_{k=1}^{n} k = k", REFUTED,
         kind="value"),
    Trap("degrees", "", r"\sin 30^\circ = \frac12", PROVED),
    Trap("degrees-are-not-radians", "", r"\sin 30^\circ = \sin 30", REFUTED, kind="value"),
    Trap("percent", "x: real", r"50\% \cdot x = \frac{x}{2}", PROVED),
    Trap("choose", "n: positive integer", r"{n \choose 2} = \frac{n(n-1)}{2}", PROVED),
    Trap("choose-shifted", "n: positive integer", r"{n+1 \choose 2} = \frac{n(n-1)}{2}", REFUTED, kind="value"),
    Trap("factorial-ratio", "n: non-negative integer", r"\frac{(n+2)!}{n!} = (n+1)(n+2)", PROVED),
    Trap("factorial-ratio-below-zero", "n: integer", r"\frac{(n+2)!}{n!} = (n+1)(n+2)", REFUTED,
         kind="definedness"),
    Trap("factorial-ratio-wrong", "n: non-negative integer", r"\frac{(n+2)!}{n!} = (n+1)(n+3)", REFUTED,
         kind="value"),
    Trap("binomial-as-falling-factorial", "n: positive integer", r"\binom{n}{3} = \frac{n(n-1)(n-2)}{6}", PROVED),
    Trap("factorial-recursion-at-minus-one", "n: integer", r"(n+1)! = (n+1) n!", REFUTED, kind="definedness"),
    Trap("geometric-series", "'\\gamma': 'interval [0, 1)'", r"\sum_{k=0}^{\infty} \gamma^k = \frac{1}{1-\gamma}",
         PROVED),
    Trap("geometric-series-at-zero-is-one", "'\\gamma': 'interval [0, 1)'",
         r"\sum_{k=0}^{\infty} \gamma^k \cdot (1 - \gamma) = 1", PROVED),
    Trap("geometric-series-wrong-sum", "'\\gamma': 'interval [0, 1)'",
         r"\sum_{k=0}^{\infty} \gamma^k = \frac{1}{1+\gamma}", REFUTED, kind="value"),
    Trap("geometric-series-zero-terms-at-one", "'\\gamma': discount factor",
         r"\sum_{k=0}^{\infty} (1-\gamma)\gamma^k = 1", REFUTED, kind="value"),
    Trap("geometric-series-diverges", "x: real", r"\sum_{k=0}^{\infty} x^k = \frac{1}{1-x}", REFUTED,
         kind="definedness"),
    Trap("geometric-series-where-it-converges", "x: real", r"\sum_{k=0}^{\infty} x^k = \frac{1}{1-x}", PROVED,
         semantics="where-defined"),
    Trap("geometric-series-of-numbers", "", r"\sum_{k=1}^{\infty} 2^{-k} = 1", PROVED),
    Trap("geometric-series-of-numbers-wrong", "", r"\sum_{k=0}^{\infty} \frac{1}{3^k} = 2", REFUTED,
         kind="value"),
    Trap("series-not-geometric-is-not-guessed", "", r"\sum_{k=1}^{\infty} \frac{1}{k} = 0", UNDECIDED),
    Trap("integer-power-of-minus-one", "n: integer", r"(-1)^{2n} = 1", PROVED),
    Trap("cube-below-for-negative-integers", "n: integer", r"n^3 \ge n", REFUTED, kind="value"),
    Trap("cube-above-for-positive-integers", "n: positive integer", r"n^3 \ge n", PROVED),
    Trap("negative-integer-exponent", "n: integer", r"2^{n} \ge 1", REFUTED, kind="value"),
    Trap("huge-powers-differ", "x: real\n  a: real", r"(x-a)^{6000} = (x-a)^{5999}", REFUTED, kind="value"),
    Trap("reciprocal-root", "x: real", r"\frac{1}{\sqrt{x}} = \sqrt{\frac{1}{x}}", PROVED),
    Trap("log-of-abs-product", "x: real", r"\ln|x^2-9| = \ln|x-3|+\ln|x+3|", PROVED),
    Trap("degree-thirteen-expansion", "x: real",
         r"14336000000x^{13}+250265600000x^{12}+1862860800000x^{11}+7623925760000x^{10}+18290677760000x^{9}"
         r"+24744757985280x^{8}+14567212351488x^{7}-3267871272960x^{6}-6408053107200x^{5}+670406720000x^{4}"
         r"+1179708800000x^{3}-429244800000x^{2}+56696000000x-2680000000 = 512(2x+5)^7(5x-1)^5(70x+67)", PROVED),
    Trap("degree-thirteen-off-by-one", "x: real",
         r"14336000000x^{13}+250265600000x^{12}+1862860800000x^{11}+7623925760000x^{10}+18290677760000x^{9}"
         r"+24744757985280x^{8}+14567212351488x^{7}-3267871272960x^{6}-6408053107200x^{5}+670406720000x^{4}"
         r"+1179708800000x^{3}-429244800000x^{2}+56696000000x-2680000001 = 512(2x+5)^7(5x-1)^5(70x+67)", REFUTED,
         kind="value"),
    # failures hidden below floating-point precision: the float pre-screen must leave them to certified arithmetic
    Trap("cancellation-of-large-terms", "x: real", r"(x + 10^{20}) - 10^{20} = 0", REFUTED, kind="value"),
    Trap("ratio-one-in-floats", "x: real", r"\frac{100000000000000001}{100000000000000000} x = x", REFUTED,
         kind="value"),
    Trap("term-absorbed-in-floats", "x: real", r"e^{x} \left(1 + 10^{-17}\right) = e^{x}", REFUTED, kind="value"),
    Trap("tiny-margin-inequality-false", "x: real", r"x + 10^{-9} < x", REFUTED, kind="value"),
    Trap("tiny-margin-inequality-true", "x: real", r"x + 10^{-9} > x", PROVED),
    Trap("odd-power-of-negative-base", "x: real", r"(-x)^{3} = -x^{3}", PROVED),
    Trap("cube-root-power-of-negative-base", "x: real", r"\left(x^{3}\right)^{1/3} = x", REFUTED,
         kind="definedness"),
    Trap("large-cancellation-inequality", "x: positive", r"(x + 10^{30}) - 10^{30} > 0", PROVED),
    # the tangent line of exp: e^u ≥ 1 + u, only where every exponential's coefficient is evidently ≥ 0
    Trap("exp-tangent-line", "x: real", r"e^{x} \ge x + 1", PROVED),
    Trap("exp-tangent-line-strict", "x: real", r"e^{x} > x + 1", REFUTED, kind="value"),
    Trap("exp-tangent-line-below", "x: real", r"-e^{x} \le -1 - x", PROVED),
    Trap("exp-second-order-is-not-a-lower-bound", "x: real", r"e^{x} \ge 1 + x + \frac{x^2}{2}", REFUTED,
         kind="value"),
    Trap("exp-tangent-line-plus-a-hair", "x: real", r"e^{x} \ge 1 + x + 10^{-30}", REFUTED, kind="value"),
    Trap("exp-coefficient-of-no-sign", "x: real", r"x e^{x} \ge x + x^2", REFUTED, kind="value"),
    Trap("exp-coefficient-positive", "x: positive\n  y: real", r"x e^{y} \ge x + x y", PROVED),
    Trap("exp-negative-coefficient", "x: real", r"e^{x} - e^{2x} \ge -x", REFUTED, kind="value"),
    Trap("exp-product-of-exponentials", "x: real\n  y: real", r"e^{x} e^{y} \ge 1 + x + y", PROVED),
    Trap("exp-k3-estimator", "d: real", r"e^{d} - 1 - d \ge 0", PROVED),
    Trap("exp-cosh-quadratic", "x: real", r"e^{x} + e^{-x} \ge 2 + x^2", PROVED),
    Trap("exp-second-order-for-positive", "x: positive", r"e^{x} \ge 1 + x + \frac{x^2}{2}", PROVED),
    Trap("exp-fourth-order-is-not-a-lower-bound", "x: real",
         r"e^{x} \ge 1 + x + \frac{x^2}{2} + \frac{x^3}{6} + \frac{x^4}{24}", REFUTED, kind="value"),
    Trap("exp-third-order-plus-a-hair", "x: real", r"e^{x} \ge 1 + x + \frac{x^2}{2} + \frac{x^3}{6} + 10^{-30}",
         REFUTED, kind="value"),
    # monotonicity: the point the argument starts from must satisfy the relation itself
    Trap("binary-entropy-at-most-log-two", "p: 'interval (0, 1)'", r"-p\log p - (1-p)\log(1-p) \le \log 2", PROVED),
    Trap("binary-entropy-below-log-two", "p: 'interval (0, 1)'", r"-p\log p - (1-p)\log(1-p) < \log 2", REFUTED,
         kind="value"),
    Trap("sine-below-the-line-everywhere", "x: real", r"\sin x \le x", REFUTED, kind="value"),
    Trap("cosine-above-the-parabola-plus-a-hair", "x: real", r"\cos x \ge 1 - \frac{x^2}{2} + 10^{-30}", REFUTED,
         kind="value"),
    # one exponential of the wrong sign: the difference multiplied by its reciprocal first (the same sign)
    Trap("exp-midpoint-convexity", "x: real\n  y: real", r"e^{\frac{x+y}{2}} \le \frac{e^{x} + e^{y}}{2}", PROVED),
    Trap("exp-tangent-at-another-point", "x: real\n  y: real", r"e^{x} \ge e^{y}(1 + x - y)", PROVED),
    Trap("exp-tangent-at-another-point-plus-a-hair", "x: real\n  y: real", r"e^{x} \ge e^{y}(1 + x - y) + 10^{-30}",
         REFUTED, kind="value"),
    Trap("exp-midpoint-plus-a-square", "x: real\n  y: real", r"e^{x} + e^{y} \ge 2e^{\frac{x+y}{2}} + (x-y)^2",
         REFUTED, kind="value"),
    # reading as documented: a juxtaposed product binds tighter than / (latex2sympy2's grammar)
    Trap("slash-before-a-juxtaposed-product", "x: positive", r"1/2x = \frac{1}{2x}", PROVED),
    Trap("slash-is-not-a-half-of-x", "x: positive", r"1/2x = \frac{x}{2}", REFUTED, kind="value"),
    # ±1 to an astronomical power is exact, by parity for -1 (the ball of 1^(10^400/7) was refused as too large)
    Trap("minus-one-to-a-huge-even-power", "", r"(-1)^{10^{400}} = 1", PROVED),
    Trap("minus-one-to-a-huge-odd-power", "", r"(-1)^{10^{400} + 1} = 1", REFUTED, kind="value"),
    Trap("one-to-a-huge-rational-power", "y: positive", r"\frac{1}{y^{\frac{10^{400}}{7}} - 1} \ne 0", REFUTED,
         kind="definedness"),
    # trigonometric poles at constants, decided exactly (a ball of cos(π/2) contains 0 at every precision)
    Trap("tan-at-its-pole", "", r"\tan\frac{\pi}{2} = 0", REFUTED, kind="definedness"),
    Trap("cot-at-its-pole", "", r"\cot(3\pi) = 1", REFUTED, kind="definedness"),
    Trap("sec-at-its-pole", "", r"\sec\frac{3\pi}{2} > 0", REFUTED, kind="definedness"),
    Trap("cot-where-tan-has-its-pole", "", r"\cot\frac{\pi}{2} = 0", PROVED),
    # sin π is exactly 0 to both evaluations (the second look once read it as a float and disagreed)
    Trap("tan-of-sin-pi-is-zero", "n: non-negative integer\n  x: real", r"n \neq (\tan(\sin(\pi)))^{x}", REFUTED,
         kind="value"),
    Trap("sin-pi-is-not-positive", "", r"\sin(\pi) > 0", REFUTED, kind="value"),
    Trap("sin-of-arcsin-ten-as-written", "y: positive", r"\sin(\arcsin(10)) \neq y", REFUTED, kind="definedness"),
    Trap("sin-of-pi-times-an-undefined-one", "", r"\sin(\pi \cdot \frac{\ln(-1)}{\ln(-1)}) = 0", REFUTED,
         kind="definedness"),
    Trap("tan-a-hair-past-its-pole", "", r"\tan\left(\frac{\pi}{2} + 10^{-40}\right) > 0", REFUTED, kind="value"),
    # ... and at a search point: cos(πx) at x = ½ is exactly 0 (its ball contains 0 at every precision)
    Trap("tan-pole-at-a-search-point", "x: 'interval [0, 1/2]'", r"\tan(\pi x) \ge 0", REFUTED, kind="definedness"),
    Trap("secant-pole-at-a-search-point", "x: real", r"\frac{1}{\cos(\pi x)} \ne 5", REFUTED, kind="definedness"),
    Trap("cot-pole-at-a-search-point", "x: 'interval [1/4, 1]'", r"\cot(\pi x) \le 1", REFUTED, kind="definedness"),
    Trap("sine-of-pi-x-zero-at-a-search-point", "x: 'interval [1/2, 1]'", r"\sin(\pi x) > 0", REFUTED, kind="value"),
    Trap("exp-of-a-pole", "x: real", r"e^{\frac{1}{x}} \ge 1 + \frac{1}{x}", REFUTED, kind="definedness"),
    # a log splits where every factor but one is positive, and log(bⁿ) by the parity of n — never where it changes
    # where the formula is defined
    Trap("logit-of-a-probability-reversed", "p: 'interval (0, 1)'", r"\log\frac{p}{1-p} = -\log\frac{1-p}{p}",
         PROVED),
    Trap("log-of-an-odd-power", "x: real", r"\log(x^{3}) = 3\log x", PROVED),
    Trap("log-of-an-even-power", "x: real", r"\log(x^{2}) = 2\log x", REFUTED, kind="definedness"),
    Trap("log-of-an-even-power-is-of-abs", "x: real", r"\log(x^{-2}) = -2\log |x|", PROVED),
    Trap("log-of-a-negated-odd-power", "x: real", r"\log(-3x^{3}) = \log 3 + 3\log(-x)", PROVED),
    Trap("log-of-two-factors-of-no-sign", "x: real", r"\log((x-1)(x-2)) = \log(x-1) + \log(x-2)", REFUTED,
         kind="definedness"),
    Trap("log-of-one-factor-of-no-sign", "x: positive", r"\log(x(x-1)) = \log x + \log(x-1)", PROVED),
    Trap("log-of-one-factor-flipped-wrongly", "x: positive", r"\log(x(x-1)) = \log x + \log(1-x)", REFUTED,
         kind="definedness"),
    # square roots compared by squaring, only where both sides are ≥ 0
    Trap("am-gm", "a: non-negative\n  b: non-negative", r"\frac{a+b}{2} \ge \sqrt{ab}", PROVED),
    Trap("am-gm-strict", "a: non-negative\n  b: non-negative", r"\frac{a+b}{2} > \sqrt{ab}", REFUTED, kind="value"),
    Trap("am-gm-of-reals", "a: real\n  b: real", r"\frac{a+b}{2} \ge \sqrt{ab}", REFUTED, kind="value"),
    Trap("root-of-a-sum", "a: non-negative\n  b: non-negative", r"\sqrt{a+b} \le \sqrt{a} + \sqrt{b}", PROVED),
    Trap("root-of-a-sum-reversed", "a: non-negative\n  b: non-negative", r"\sqrt{a+b} \ge \sqrt{a} + \sqrt{b}",
         REFUTED, kind="value"),
    Trap("squaring-a-side-of-no-sign", "x: real", r"\sqrt{x^2+1} \le x + 1", REFUTED, kind="value"),
    Trap("squaring-a-non-negative-side", "x: non-negative", r"\sqrt{x^2+1} \le x + 1", PROVED),
    Trap("root-above-the-line-on-the-unit-interval", "x: 'interval [0, 1]'", r"\sqrt{x} \ge x", PROVED),
    Trap("root-above-the-line-past-one", "x: 'interval [0, 2]'", r"\sqrt{x} \ge x", REFUTED, kind="value"),
    Trap("harmonic-below-root", "x: positive", r"\frac{1}{\sqrt{x}} \ge \frac{2}{1+x}", PROVED),
    Trap("above-a-negative-root", "x: real", r"-\sqrt{x^2+1} \le x", PROVED),
    Trap("above-a-negative-root-shifted", "x: real", r"1 - \sqrt{x^2+1} \le x", REFUTED, kind="value"),
    Trap("root-strictly-above-the-line", "x: real", r"\sqrt{x^2+1} > x", PROVED),
]


def _file(tmp_path: Path, trap: Trap) -> Path:
    symbols = f"symbols:\n  {trap.symbols}\n" if trap.symbols else ""
    text = (f"---\nid: {trap.id}\nrule: correct\nkey: 1\n{symbols}functions:\n  '\\sigma': logistic\n"
            f"semantics: {trap.semantics}\n---\nTrap.\n\n1. ${trap.formula}$\n"
            "2. Ninguna de las opciones anteriores es correcta.\n")
    path = tmp_path / f"{trap.id}.md"
    path.write_text(text, encoding="utf-8")
    return path


def _claim(tmp_path: Path, symbols: str, formula: str, semantics: str = "strict"):  # type: ignore[no-untyped-def]
    """The claim of a one-option question file with these symbols and this formula."""
    claim = load_question(_file(tmp_path, Trap("c", symbols, formula, None, semantics))).options[0].claim
    assert claim is not None
    return claim


def _refuted_and_never_proved(claim) -> None:  # type: ignore[no-untyped-def]
    """The prover alone proves nothing of a false claim, and the search refutes it at a point that replays."""
    assert prove_claim(claim) is None
    verdict = check(claim)
    assert verdict.status is REFUTED and replays(claim, verdict), verdict.reason


@pytest.mark.parametrize("trap", TRAPS, ids=[t.id for t in TRAPS])
def test_trap(trap: Trap, tmp_path: Path) -> None:
    """The verdict follows the documented semantics; a refutation's point replays independently."""
    claim = load_question(_file(tmp_path, trap)).options[0].claim
    assert claim is not None
    verdict = check(claim)
    assert verdict.status is trap.expected, verdict.reason or str(verdict.counterexample)
    assert verdict.semantics == trap.semantics
    if verdict.status is REFUTED:
        example = verdict.counterexample
        assert example is not None and replays(claim, verdict), str(example)
        if trap.kind is not None:
            assert ("definedness" if example.undefined else "value") == trap.kind, str(example)
    elif verdict.status is PROVED:
        assert verdict.exact, verdict.method


@pytest.mark.parametrize(("formula", "expected"), [
    (r"\pi(y_1)\pi(y_2) \le \frac{1}{4}", PROVED),
    (r"\pi(y_1)\pi(y_2) < \frac{1}{4}", REFUTED),
    (r"\pi(y_1)^2 + \pi(y_2)^2 \ge \frac{1}{2}", PROVED),
    (r"\pi(y_1)^2 + \pi(y_2)^2 \ge \frac{3}{5}", REFUTED),
    (r"\pi(y_1) + \pi(y_2) > 1", REFUTED),
    (r"\pi(y_1) \le \frac{1}{2}", REFUTED),
    (r"\pi(y_1)\pi(y_2) \le \frac{1}{4} - \frac{1}{10^{12}}", REFUTED),
])
def test_trap_a_comparison_over_a_distribution_uses_its_entries_summing_to_one(tmp_path: Path, formula: str,
                                                                                expected: Status) -> None:
    """π(y_1)π(y_2) ≤ 1/4 holds because the entries sum to 1 (as π(y_1)(1 − π(y_1)) ≤ 1/4), and only the points
    of the distribution count: a refutation's point has entries that sum to 1 and replays independently."""
    path = tmp_path / "d.md"
    path.write_text(f"---\nid: d\nrule: correct\nkey: 1\ndistributions:\n  '\\pi': ['\\pi(y_1)', '\\pi(y_2)']\n"
                    f"---\nTrap.\n\n1. ${formula}$\n2. Ninguna de las opciones anteriores es correcta.\n",
                    encoding="utf-8")
    claim = load_question(path).options[0].claim
    assert claim is not None
    verdict = check(claim)
    assert verdict.status is expected, verdict.reason or str(verdict.counterexample)
    if expected is REFUTED:
        assert replays(claim, verdict) and verdict.counterexample is not None
        values = dict(verdict.counterexample.values)  # type: ignore[attr-defined]
        assert sum(values.values()) == 1, values


@pytest.mark.parametrize(("formula", "expected"), [
    (r"p_{1} + p_{2} \le 1", PROVED), (r"p_{1} + p_{40} + p_{7} < 1", PROVED),
    (r"p_{1} + p_{2} > \frac{1}{2}", REFUTED),
])
def test_trap_a_few_entries_of_a_large_distribution(tmp_path: Path, formula: str, expected: Status) -> None:
    """Of forty entries summing to 1, the two a formula mentions are written as 1 minus the other thirty-nine,
    quickly: the sub-claim's thirty-nine symbols are not factored (SymPy's multivariate factoring ran to the time
    limit), and a refutation's entries still sum to 1."""
    names = ", ".join(f"'p_{{{i}}}'" for i in range(1, 41))
    path = tmp_path / "d.md"
    path.write_text(f"---\nid: d\nrule: correct\nkey: 1\ndistributions:\n  p: [{names}]\n---\nTrap.\n\n"
                    f"1. ${formula}$\n2. $p_{{1}} p_{{2}} \\le \\frac{{1}}{{4}}$\n", encoding="utf-8")
    options = load_question(path).options
    assert options[0].claim is not None and options[1].claim is not None
    verdict = check(options[0].claim)
    assert verdict.status is expected, verdict.reason
    if expected is REFUTED:
        assert replays(options[0].claim, verdict)
        assert sum(dict(verdict.counterexample.values).values()) == 1  # type: ignore[union-attr]
    assert "time limit" not in (check(options[1].claim).reason or "")


def test_there_are_enough_traps() -> None:
    """The issue's own cases and at least thirty more."""
    assert len(TRAPS) >= 50
    assert len({t.id for t in TRAPS}) == len(TRAPS)


def test_definedness_counterexample_says_which_side_and_why(tmp_path: Path) -> None:
    """'at x = 3 the left side is undefined (division by zero); the right side is 6'."""
    trap = Trap("hole", "x: real", r"\frac{x^2-9}{x-3} = x+3", REFUTED)
    verdict = check(load_question(_file(tmp_path, trap)).options[0].claim)  # type: ignore[arg-type]
    assert str(verdict.counterexample) == ("x = 3 — the left side is undefined (division by zero: x - 3 = 0); "
                                           "the right side is {6}")
    assert verdict.method == "definedness counterexample (certified)"


def test_where_defined_is_reported(tmp_path: Path) -> None:
    """A proof under where-defined semantics says so, and strict is the default."""
    relaxed = Trap("relaxed", "x: real", r"\frac{x}{x} = 1", PROVED, "where-defined")
    claim = load_question(_file(tmp_path, relaxed)).options[0].claim
    assert claim is not None and check(claim).semantics == "where-defined"
    text = _file(tmp_path, relaxed).read_text().replace("semantics: where-defined\n", "")
    (tmp_path / "default.md").write_text(text)
    assert load_question(tmp_path / "default.md").options[0].claim.semantics.value == "strict"  # type: ignore[union-attr]


@pytest.mark.parametrize(("domain", "root"), [
    ("positive", Fraction(1, 10)), ("positive", Fraction(1, 10**6)), ("interval (0, 1)", Fraction(999999, 10**6)),
    ("interval [2, 3]", Fraction(2) + Fraction(1, 10**5)), ("interval (-1, 0)", Fraction(-1, 7)),
])
def test_trap_a_root_near_the_end_of_the_domain_is_not_skipped(tmp_path: Path, domain: str, root: Fraction) -> None:
    """The sign between real roots samples every stretch: one between the domain's end and a root whose isolating
    interval first touched that end was once skipped, and 0 ≤ c − 1/10 for c > 0 was 'proved'."""
    from checker.questions.chains import check_derivations
    from checker.questions.loading import load_file

    path = tmp_path / "d.md"
    path.write_text(f"---\nkind: derivation\nid: d\nsymbols:\n  c: '{domain}'\n---\n"
                    f"$$\\begin{{aligned}} c &\\ge {root.numerator}/{root.denominator} \\end{{aligned}}$$\n",
                    encoding="utf-8")
    verdict = check_derivations([load_file(path)])[0].verdicts[0]
    assert verdict.status is Status.REFUTED


@pytest.mark.parametrize(("symbols", "formula"), [
    ("n: non-negative integer", r"\sum_{k=3}^{n} k = \frac{n(n+1)}{2} - 3"),
    ("n: non-negative integer", r"\sum_{k=3}^{n} 1 \ge n - 2"),
    ("n: non-negative integer", r"\prod_{k=3}^{n} k = \frac{n!}{2}"),
    ("n: non-negative integer\n  x: real", r"\sum_{k=3}^{n} k \le \frac{n(n+1)}{2} - 3 + 1000|x - \frac{17}{13}|"),
])
def test_trap_a_closed_form_is_not_read_where_its_range_may_be_empty(tmp_path: Path, symbols: str,
                                                                      formula: str) -> None:
    """Σ_{k=3}^{n} k is n(n+1)/2 − 3 only for n ≥ 2: at n = 0 the range is empty (0), while SymPy's closed form
    (Karr's convention) gives −3. The prover must not read the closed form there (the last claim fails only at n = 0
    near x = 17/13, where no search looks, and was proved by its manifest sign); the search refutes the others."""
    claim = load_question(_file(tmp_path, Trap("empty-range", symbols, formula, PROVED))).options[0].claim
    assert claim is not None
    assert prove_claim(claim) is None
    verdict = check(claim)
    assert verdict.status is not PROVED
    if verdict.status is REFUTED:
        assert replays(claim, verdict), str(verdict.counterexample)


def test_trap_a_closed_form_stands_where_its_range_is_never_reversed(tmp_path: Path) -> None:
    for symbols, formula in (("n: non-negative integer", r"\sum_{k=0}^{n} k = \frac{n(n+1)}{2}"),
                             ("n: non-negative integer", r"\sum_{k=1}^{n} k = \frac{n(n+1)}{2}"),  # n = 0: empty
                             ("n: positive integer", r"\sum_{k=2}^{n} k = \frac{n(n+1)}{2} - 1"),
                             ("x: real", r"\sum_{k=3}^{1} k + x = x")):  # a numeric range that is empty: 0
        claim = load_question(_file(tmp_path, Trap("range", symbols, formula, PROVED))).options[0].claim
        assert check(claim).status is PROVED, formula
