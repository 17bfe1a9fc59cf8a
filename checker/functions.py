"""Named functions of the document's notation that SymPy lacks."""

from __future__ import annotations

import sympy as sp


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
    return expr.replace(lambda e: isinstance(e, sigmoid), lambda e: 1 / (1 + sp.exp(-e.args[0])))


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
