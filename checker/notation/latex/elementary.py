"""Elementary functions and constants: which the parser reads itself, which the adapter builds.

The parser reads ``\\sin``, ``\\cos``, … correctly, including ``\\sin^2 x`` and ``\\sin^{-1} x``; it misreads
others (``\\coth(x)`` as cot(h(x)), ``\\operatorname{sgn}`` not at all), so those are applied by the adapter,
with their argument in parentheses or braces or as one token.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from checker.values.functions import realroot

PARSER_FUNCTIONS = frozenset({
    "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "arccot", "sinh", "cosh", "tanh",
    "ln", "log", "exp", "sqrt", "frac", "binom", "lfloor", "rfloor", "lceil", "rceil",
})
"""Commands handed to the parser as they are."""

OPERATORS = frozenset({"cdot", "times", "div", "geq", "leq", "gt", "lt", "neq"})
"""Operator and relation commands handed to the parser."""

ADAPTER_FUNCTIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "coth": lambda x: sp.coth(x, evaluate=False),
    "sech": lambda x: sp.sech(x, evaluate=False),
    "csch": lambda x: sp.csch(x, evaluate=False),
    "arcsec": lambda x: sp.asec(x, evaluate=False),
    "arccsc": lambda x: sp.acsc(x, evaluate=False),
    "arsinh": lambda x: sp.asinh(x, evaluate=False),
    "arcosh": lambda x: sp.acosh(x, evaluate=False),
    "artanh": lambda x: sp.atanh(x, evaluate=False),
    "sgn": lambda x: sp.sign(x, evaluate=False),
    "floor": lambda x: sp.floor(x, evaluate=False),
    "ceil": lambda x: sp.ceiling(x, evaluate=False),
    "erf": lambda x: sp.erf(x, evaluate=False),
    "erfc": lambda x: sp.erfc(x, evaluate=False),
    "softplus": lambda x: sp.log(sp.Add(1, sp.exp(x, evaluate=False), evaluate=False), evaluate=False),
}
"""Commands the adapter applies itself (the parser would misread them)."""

ACCEPTED = (sp.Add, sp.Mul, sp.Pow, sp.exp, sp.log, sp.Abs, sp.Max, sp.Min, sp.sin, sp.cos, sp.tan, sp.cot, sp.sec,
            sp.csc, sp.asin, sp.acos, sp.atan, sp.acot, sp.sinh, sp.cosh, sp.tanh, sp.floor, sp.ceiling,
            sp.factorial, sp.binomial, sp.erf, sp.erfc)
"""Node types accepted from the parser's tree (every symbol in it must be a placeholder)."""


def root(radicand: sp.Expr, index: sp.Expr) -> sp.Expr:
    """``\\sqrt[n]{x}``: the real n-th root — for odd n defined for negative x (∛−8 = −2), for even n x ≥ 0.

    With an index that is not a number (``\\sqrt[n]{x}``) the parity is unknown: it is the power x^{1/n},
    defined where that power is (x ≥ 0)."""
    if index.is_Integer and int(index) >= 2:
        if int(index) % 2:
            return realroot(radicand, index, evaluate=False)
        return sp.Pow(radicand, sp.Rational(1, int(index)), evaluate=False)
    if not index.is_number:
        return sp.Pow(radicand, sp.Pow(index, -1, evaluate=False), evaluate=False)
    raise ValueError(f"the index of a root must be a whole number ≥ 2, got {index}")
