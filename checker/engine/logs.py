"""Exact rewrites of logarithms for the normal form (:func:`.normal.rational_form`): each is an identity of
partial functions — equal wherever the left side is defined, and undefined wherever it is not."""

from __future__ import annotations

import sympy as sp

from checker.values.written import Rewrite


def split_nonnegative_logs(expr: sp.Expr) -> sp.Expr:
    """log(a·b) = log a + log b when every factor but one is |·| or positive: where the left side is defined the
    product is positive, so the remaining factor is too, and where it is not, some factor's log is undefined as
    well (the factors' zeros are critical points, looked at separately). log(bⁿ) = n·log b for an odd integer n
    and n·log|b| for an even one: bⁿ > 0 exactly where b > 0 (odd n) or b ≠ 0 (even n)."""
    return _SPLIT_NONNEGATIVE_LOGS(expr)


def _known_positive(factor: sp.Basic) -> bool:
    return bool(isinstance(factor, sp.Abs) or factor.is_positive
                or (isinstance(factor, sp.Pow) and isinstance(factor.base, sp.Abs) and factor.exp.is_Integer))


def _integer_power(e: sp.Basic) -> bool:
    return isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp != 0 and not e.base.is_number


def _splittable(e: sp.Basic) -> bool:
    """A log of a product whose factors but one are each |·|, positive, or a whole power of |·| (the one left
    not a number), or of a whole power."""
    return (isinstance(e, sp.log) and len(e.args) == 1
            and (_integer_power(e.args[0]) or (isinstance(e.args[0], sp.Mul) and _log_terms(e.args[0]) is not None)))


def _log_terms(product: sp.Expr) -> list[sp.Expr] | None:
    """The logs a product's log splits into, every factor but one positive; a negative coefficient moves into
    the factor of unknown sign (log(−2·u) = log 2 + log(−u), log(−2·bⁿ) = log 2 + n·log(−b) for odd n); None
    if the product cannot be split so."""
    coefficient, rest = product.as_coeff_Mul()
    positive: list[sp.Expr] = []
    unknown: list[sp.Expr] = []
    for factor in sp.Mul.make_args(rest):
        (positive if _known_positive(factor) else unknown).append(factor)
    if len(unknown) > 1 or (unknown and unknown[0].is_number):
        return None
    logs = [_log_of(f) for f in positive]
    if coefficient < 0:
        if not unknown:
            return None
        factor = unknown.pop()
        if not _integer_power(factor):
            logs.append(sp.log(-factor))
        elif factor.exp % 2:
            logs.append(factor.exp * sp.log(-factor.base))
        else:
            return None
    return [sp.log(abs(coefficient)), *logs, *(_log_of(f) for f in unknown)]


def _log_of(factor: sp.Expr) -> sp.Expr:
    if _integer_power(factor) and not isinstance(factor.base, sp.Abs) and not factor.base.is_positive:
        exponent = factor.exp
        return exponent * sp.log(factor.base if exponent % 2 else sp.Abs(factor.base))
    return sp.log(factor)


def _split_log(e: sp.log) -> sp.Expr:
    argument = e.args[0]
    return sp.Add(*(_log_terms(argument) or ())) if isinstance(argument, sp.Mul) else _log_of(argument)


# the rewrites the claims of a run apply to the same subtrees again and again, each subtree's result remembered
_SPLIT_NONNEGATIVE_LOGS = Rewrite(_splittable, _split_log)


def expand_logs(expr: sp.Expr) -> sp.Expr:
    """Split logs of products and powers where the assumptions allow it, and factor rational arguments.

    ``expand_log`` without ``force`` splits log(ab) only when a and b are known positive, so this
    step is exact on the declared domain; log of a rational is written over primes.
    """
    return sp.expand_log(expr, factor=True)
