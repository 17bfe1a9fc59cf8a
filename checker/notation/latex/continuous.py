"""Continuous distributions with symbolic parameters — the normal N(μ, σ²) and the exponential Exp(λ) — and
expectations under them in closed form, exactly.

An expectation ``E_{x∼N(μ, v)}[f(x)]`` is computed from the moments, never by numerical integration or a CAS
integral: the operand (logarithms of densities expanded) must be a sum of terms ``c·xᵏ·e^{a·x}`` with c and a
free of x, and

- under N(μ, v): E[xᵏ] = Σ_{j even} C(k, j) μ^{k−j} v^{j/2} (j − 1)!!, and E[xᵏ e^{a x}] = e^{aμ + a²v/2}·E[yᵏ]
  with y ∼ N(μ + a v, v) (the exponential tilt);
- under Exp(λ): E[xᵏ] = k!/λᵏ (e^{a x} is refused: its mean exists only for a < λ).

So KL(N₁‖N₂), the entropy ½ ln(2πe v), E[x²] = μ² + v, the score ∂/∂μ ln p(x) = (x − μ)/v and the
log-derivative trick are exact identities in the parameters. An operand outside that class is an error naming
the term, not a guess — except under a normal distribution, where a *bounded* operand (|f| ≤ M by its shape:
sin, cos, σ, tanh, …) stays an expectation whose value at each point is Arb's rigorous integral with a proved
tail bound (:mod:`checker.numeric.integrals`): such a claim can be refuted or cross-checked, and proved only
by the strategies that treat the expectation as one quantity. A distribution exists only for a positive
variance or rate: a parameter that is not positive on the declared domain is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from checker.numeric.sign import bounds
from checker.values.functions import normal_mean

FAMILIES = {"normal": 2, "gaussian": 2, "exponential": 1}
"""Family names a header may use, with their number of parameters (normal: mean and variance; exponential: rate)."""


class NoClosedForm(ValueError):
    """An expectation whose operand is not a sum of c·xᵏ·e^{a·x} terms."""


@dataclass(frozen=True)
class Continuous:
    """A continuous distribution on the reals (normal) or the positive reals (exponential)."""

    family: str
    parameters: tuple[sp.Expr, ...]

    def __post_init__(self) -> None:
        if self.family not in ("normal", "exponential"):
            raise ValueError(f"unknown family '{self.family}'; known: normal (mean, variance), exponential (rate)")
        spread = self.parameters[-1]
        if spread.is_positive is not True:
            what = "variance" if self.family == "normal" else "rate"
            raise ValueError(f"the {what} {spread} of a {self.family} distribution must be positive on the declared "
                             "domain (declare its symbols positive)")

    def describe(self) -> str:
        if self.family == "normal":
            return f"N({self.parameters[0]}, {self.parameters[1]})"
        return f"Exp({self.parameters[0]})"

    def density(self, x: sp.Expr) -> sp.Expr:
        if self.family == "normal":
            mean, variance = self.parameters
            return sp.exp(-(x - mean) ** 2 / (2 * variance)) / sp.sqrt(2 * sp.pi * variance)
        (rate,) = self.parameters
        return rate * sp.exp(-rate * x)

    def expectation(self, operand: sp.Expr, x: sp.Symbol) -> sp.Expr:
        """E[operand] with x distributed so: exactly from the moments; under a normal distribution, a bounded
        operand with no closed form is kept as an expectation Arb integrates at each point; otherwise
        :class:`NoClosedForm`."""
        try:
            return self.closed_form(operand, x)
        except NoClosedForm:
            if self.family != "normal":
                raise
            found = bounds(operand, lambda _: None)
            if found.lo is None or found.hi is None:
                raise NoClosedForm(f"{operand} is neither a sum of c·x^k·e^(a·x) nor bounded (which Arb's rigorous "
                                   "integration needs)") from None
            bound = max(abs(found.lo), abs(found.hi))
            return normal_mean(operand, x, *self.parameters, sp.Rational(bound.numerator, bound.denominator))

    def closed_form(self, operand: sp.Expr, x: sp.Symbol) -> sp.Expr:
        """E[operand] exactly from the moments; :class:`NoClosedForm` outside c·xᵏ·e^{a x} terms."""
        expanded = sp.expand(sp.expand_log(sp.expand(operand), force=False), log=False, power_base=False)
        if expanded.has(sp.log) and any(x in log.free_symbols for log in expanded.atoms(sp.log)):
            raise NoClosedForm(f"a logarithm of x remains in {expanded}")
        total = sp.Integer(0)
        for term in sp.Add.make_args(expanded):
            coefficient, power, tilt = _monomial(term, x)
            total += coefficient * self._moment(power, tilt)
        return total

    def _moment(self, power: int, tilt: sp.Expr) -> sp.Expr:
        if self.family == "exponential":
            if tilt != 0:
                raise NoClosedForm("e^{a x} under an exponential distribution (its mean exists only for a < λ)")
            return sp.factorial(power) / self.parameters[0] ** power
        mean, variance = self.parameters
        factor = sp.Integer(1)
        if tilt != 0:
            factor = sp.exp(tilt * mean + tilt ** 2 * variance / 2)
            mean = mean + tilt * variance
        moment = sp.Add(*(sp.binomial(power, j) * mean ** (power - j) * variance ** (j // 2) * sp.factorial2(j - 1)
                          for j in range(0, power + 1, 2)))
        return factor * moment


def _monomial(term: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, int, sp.Expr]:
    """``c·xᵏ·e^{a x + b}`` as (c·e^b, k, a)."""
    coefficient, power, tilt = sp.Integer(1), 0, sp.Integer(0)
    for factor in sp.Mul.make_args(term):
        if x not in factor.free_symbols:
            coefficient *= factor
        elif factor == x:
            power += 1
        elif isinstance(factor, sp.Pow) and factor.base == x and factor.exp.is_Integer and factor.exp > 0:
            power += int(factor.exp)
        elif isinstance(factor, sp.exp):
            argument = sp.expand(factor.args[0])
            slope = argument.diff(x)
            if x in slope.free_symbols:
                raise NoClosedForm(f"e^({argument}) is not e^(a·x + b)")
            tilt += slope
            coefficient *= sp.exp(sp.expand(argument - slope * x))
        else:
            raise NoClosedForm(f"{factor} is not a power of x or e^(a·x + b)")
    return coefficient, power, tilt
