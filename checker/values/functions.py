"""Named functions of the document's notation that SymPy lacks."""

from __future__ import annotations

import sympy as sp

from .written import Rewrite


class sigmoid(sp.Function):  # noqa: N801 - SymPy function classes are lower-case by convention
    """The logistic function sigma(x) = 1 / (1 + exp(-x)); kept unevaluated so reports read like the document."""

    nargs = 1

    @classmethod
    def eval(cls, x: sp.Expr) -> sp.Expr | None:
        """σ(0) = 1/2; every other argument stays unevaluated."""
        return sp.S.Half if x == 0 else None

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        """d/dx σ(x) = σ(x)·(1 − σ(x))."""
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, x: sp.Expr, **kwargs: object) -> sp.Expr:
        return 1 / (1 + sp.exp(-x))

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_extended_real

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real else None

    def _latex(self, printer: object) -> str:
        return rf"\sigma\left({printer._print(self.args[0])}\right)"  # type: ignore[attr-defined]

    def _sympystr(self, printer: object) -> str:
        return f"σ({printer._print(self.args[0])})"  # type: ignore[attr-defined]


def expand_sigmoid(expr: sp.Expr) -> sp.Expr:
    """Replace every sigma(x) by its definition 1 / (1 + exp(-x)), an exact rewrite."""
    return _EXPAND_SIGMOID(expr)


class guarded(sp.Function):  # noqa: N801 - SymPy function classes are lower-case by convention
    """``guarded(value, r1, r2, …)`` is ``value`` where every requirement ``rᵢ`` has a real value.

    Built by the checker (never by authors) when a derivative or a sum as written is carried out: the
    result may be defined at points where the written expression is not (d/dx log x = 1/x at x = −1),
    so the expression that was differentiated stays attached as a requirement.
    """

    @classmethod
    def eval(cls, *args: sp.Expr) -> sp.Expr | None:
        return None

    def _sympystr(self, printer: object) -> str:
        return printer._print(self.args[0])  # type: ignore[attr-defined]


class realroot(sp.Function):  # noqa: N801 - SymPy function classes are lower-case by convention
    """``realroot(x, n)``: the real n-th root for an odd n (∛−8 = −2), written ``\\sqrt[n]{x}``."""

    nargs = 2

    @classmethod
    def eval(cls, x: sp.Expr, n: sp.Expr) -> sp.Expr | None:
        """Non-negative radicands are ordinary powers; the root of an odd power of a real is that real."""
        if x.is_nonnegative:
            return sp.Pow(x, 1 / n)
        if x.is_negative:  # an odd root of a negative number: −(−x)^{1/n} (−π/2 included, so Max can compare it)
            return -sp.Pow(-x, 1 / n)
        if isinstance(x, sp.Pow) and x.exp == n and x.base.is_extended_real:
            return x.base
        return None

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        """d/dx ⁿ√x = ⁿ√x / (n x), away from 0."""
        x, n = self.args
        return self / (n * x)

    def _eval_is_extended_real(self) -> bool | None:
        return self.args[0].is_extended_real

    def _sympystr(self, printer: object) -> str:
        return f"realroot({printer._print(self.args[0])}, {printer._print(self.args[1])})"  # type: ignore[attr-defined]


class _RangeExtremum(sp.Function):
    """``rangemax(f, k, a, b)``: the largest f over the integers a ≤ k ≤ b (``\\max_{k=a}^{b} f``); k is bound."""

    nargs = 4
    _pick = sp.Max

    @classmethod
    def eval(cls, body: sp.Expr, index: sp.Expr, low: sp.Expr, high: sp.Expr) -> sp.Expr | None:
        if low.is_Integer and high.is_Integer and 0 <= int(high) - int(low) <= 1000:
            return cls._pick(*(body.xreplace({index: sp.Integer(v)}) for v in range(int(low), int(high) + 1)))
        return None

    @property
    def bound_symbols(self) -> list[sp.Basic]:
        return [self.args[1]]

    @property
    def free_symbols(self) -> set[sp.Basic]:
        body, index, low, high = self.args
        return (body.free_symbols - {index}) | low.free_symbols | high.free_symbols

    def _sympystr(self, printer: object) -> str:
        body, index, low, high = (printer._print(a) for a in self.args)  # type: ignore[attr-defined]
        return f"{type(self).__name__}({body}, {index} = {low}..{high})"


class rangemax(_RangeExtremum):  # noqa: N801 - SymPy function classes are lower-case by convention
    _pick = sp.Max


class rangemin(_RangeExtremum):  # noqa: N801 - SymPy function classes are lower-case by convention
    _pick = sp.Min


class kink(sp.Function):  # noqa: N801 - SymPy function classes are lower-case by convention
    """``kink(u, need)``: 0 where a derivative exists, undefined where it does not — need 0: u ≠ 0 (|u|, sgn u,
    max, ∛u), 1: u > 0 (a root), 2: u not an integer (⌊u⌋, ⌈u⌉). Added by the checker, never written by authors."""

    nargs = 2

    @classmethod
    def eval(cls, x: sp.Expr, need: sp.Expr) -> sp.Expr | None:
        return None


class normal_mean(sp.Function):  # noqa: N801 - SymPy function classes are lower-case by convention
    """``normal_mean(f, x, μ, v, M)``: E_{x∼N(μ, v)}[f] for a bounded operand (|f| ≤ M) with no closed form.

    Built by the adapter when the moments do not give the expectation; its value at a point is Arb's rigorous
    integral (:mod:`checker.numeric.integrals`). The variable x is bound: it is no free symbol of the node."""

    nargs = 5
    is_real = True

    @classmethod
    def eval(cls, *args: sp.Expr) -> sp.Expr | None:
        return None

    @property
    def bound_symbols(self) -> set[sp.Basic]:
        return {self.args[1]}

    @property
    def free_symbols(self) -> set[sp.Basic]:
        body, variable, *rest = self.args
        return (body.free_symbols - {variable}).union(*(a.free_symbols for a in rest))

    def _sympystr(self, printer: object) -> str:
        body, variable, mean, variance, _ = self.args
        show = printer._print  # type: ignore[attr-defined]
        return f"E_{{{show(variable)} ∼ N({show(mean)}, {show(variance)})}}[{show(body)}]"


_EXPAND_SIGMOID = Rewrite(lambda e: isinstance(e, sigmoid), lambda e: 1 / (1 + sp.exp(-e.args[0])))
"""σ(x) = 1/(1 + exp(−x)) everywhere in a tree, each subtree remembered (see :class:`.written.Rewrite`)."""
