"""Signs that follow from an expression's shape alone: positive symbols, exp, squares, sums and products.

No numeric evaluation is involved, so a sign found here is exact. It answers ``None`` when the
shape does not settle the sign.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from .functions import sigmoid

POS, NONNEG, NEG, NONPOS = "positive", "non-negative", "negative", "non-positive"



def manifest_sign(expr: sp.Expr, symbol_sign: Callable[[sp.Basic], str | None]) -> str | None:
    """The sign of ``expr`` read off its structure, or None; ``symbol_sign`` gives each atom's sign."""
    if expr.is_Rational:
        return POS if expr > 0 else NEG if expr < 0 else NONNEG
    if expr.is_Atom or isinstance(expr, (sp.Derivative, sp.core.function.AppliedUndef)):
        return symbol_sign(expr)
    if isinstance(expr, (sp.exp, sigmoid)):
        return POS if _real(expr.args[0]) else None
    if isinstance(expr, sp.Abs):
        return NONNEG
    if isinstance(expr, sp.Pow):
        base, exponent = expr.args
        b = manifest_sign(base, symbol_sign)
        if exponent.is_Integer:
            n = int(exponent)
            if n % 2 == 0:
                if b in (POS, NEG):
                    return POS
                return NONNEG if _real(base) and n > 0 else None
            if n < 0 and b in (NONNEG, NONPOS):
                return None
            return b
        return POS if b == POS and _real(exponent) else None
    if isinstance(expr, sp.Mul):
        sign = POS
        for factor in expr.args:
            s = manifest_sign(factor, symbol_sign)
            if s is None:
                return None
            sign = _mul(sign, s)
        return sign
    if isinstance(expr, sp.Add):
        signs = [manifest_sign(term, symbol_sign) for term in expr.args]
        if all(s in (POS, NONNEG) for s in signs):
            return POS if POS in signs else NONNEG
        if all(s in (NEG, NONPOS) for s in signs):
            return NEG if NEG in signs else NONPOS
    return None


def _mul(a: str, b: str) -> str:
    negative = (a in (NEG, NONPOS)) != (b in (NEG, NONPOS))
    strict = a in (POS, NEG) and b in (POS, NEG)
    if strict:
        return NEG if negative else POS
    return NONPOS if negative else NONNEG


def _real(expr: sp.Expr) -> bool:
    return bool(expr.is_extended_real)


def satisfies(sign: str | None, relation: str) -> bool:
    """Whether a difference ``lhs - rhs`` of this sign makes ``lhs REL rhs`` hold."""
    return {
        "<": sign == NEG,
        "<=": sign in (NEG, NONPOS),
        ">": sign == POS,
        ">=": sign in (POS, NONNEG),
    }.get(relation, False)

