"""Comparisons with 0 proved through factors of the same sign: (x − y)·ln(x/y) ≥ 0, (σ(a) − σ(b))(a − b) ≥ 0.

Where a factor is defined, some simpler factor has exactly its sign:

- ln g has the sign of g − 1 (g > 0 wherever ln g is defined);
- f(u) − f(v) has the sign of u − v for f strictly increasing on its real domain — exp, ln, arctan, tanh, sinh,
  arsinh, erf, σ, an odd real root, t^p for an odd whole p or a positive non-whole rational p (defined for t ≥ 0
  only) — and f(u) − n the sign of u − f⁻¹(n) for a number n that f takes at a known point (e^u − 1 as u,
  σ(u) − ½ as u, ln u − 2 as u − e²); f(u) alone, for f with f(0) = 0 (arctan, tanh, sinh, arsinh, erf), the
  sign of u;
- |u| − |v| has the sign of (u − v)(u + v);
- a whole power bᵏ has the sign of (its simpler factor)ᵏ;
- c·ln U + R, ln U the sum's only logarithm of a non-constant, has the sign of c·(U − e^{−R/c}) (ln(e^a + e^b) − a
  as e^b).

Each replacement is defined wherever what it replaces is, so at every point where lhs − rhs is defined the product
of replacements is defined and has its sign. Replacements are made again while any applies (ln ln x as ln x − 1,
then as x − e), and the product's sign is then read off its shape (as it is, over a common denominator, factored)
and the declared bounds: ≥ 0 (> 0, ≤ 0, < 0, ≠ 0) there proves lhs − rhs is. A sum is looked at as a whole first
(c·ln U + R, with the only logarithm of the sum, as c·(U − e^{−R/c})), then term by term, each term with the
relation itself (each ≥ 0 makes the sum ≥ 0, each > 0 makes it > 0). No sub-claim is proved, so the strategy costs
a claim none of its budget of sub-proofs; the definedness half of a strict claim is shown separately.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from checker.numeric.sign import BoundOf, manifest_sign, satisfies
from checker.values.claims import Relation, Relational
from checker.values.functions import realroot, sigmoid
from checker.values.written import beyond_degree, brief, unfold, within

from .evidence import Proof

MAX_NODES = 400
"""Largest difference (tree nodes) looked at."""
MAX_TERMS = 6
"""Most terms of a sum looked at one by one."""
REWRITE_NODES = 80
"""Largest replaced term (tree nodes) put over a common denominator and factored: factoring a sum of
exponentials of 80 operations took seconds (a corrupted step of the optimal-policy derivation, 1.7 s in one look)."""
MAX_ROUNDS = 8
"""Most rounds of replacements of one term (each removes a function of a non-constant; this only bounds the work)."""

_ZERO_AT_ZERO = (sp.atan, sp.tanh, sp.sinh, sp.asinh, sp.erf)
"""Strictly increasing functions of one argument with f(0) = 0: f(u) has the sign of u."""
_INCREASING = (sp.exp, sp.log, sigmoid, *_ZERO_AT_ZERO)
_INVERSE: dict[type, Callable[[sp.Expr], sp.Expr | None]] = {
    sp.exp: lambda n: sp.log(n) if n.is_positive else None,
    sp.log: sp.exp,
    sigmoid: lambda n: sp.log(n / (1 - n)) if n.is_positive and (1 - n).is_positive else None,
    **{f: (lambda n: sp.Integer(0) if n == 0 else None) for f in _ZERO_AT_ZERO},
}
"""f⁻¹(n) for the numbers n each function is known to take (None where it is not known or not taken)."""


def same_sign(part: Relational, bound_of: BoundOf) -> Proof | None:
    """A proof of the comparison ``part`` through factors of the same sign, or None."""
    if part.relation is Relation.EQ:
        return None
    difference = unfold(part.lhs - part.rhs)
    if not within(difference, MAX_NODES) or beyond_degree(difference):
        return None
    factored = sp.factor_terms(difference)
    for terms in dict.fromkeys(((difference,), sp.Add.make_args(difference), sp.Add.make_args(factored))):
        if len(terms) > MAX_TERMS or (len(terms) > 1 and part.relation is Relation.NE):
            continue
        replaced = [_simplest(term) for term in terms]
        if replaced == [None] * len(terms):
            continue
        steps = [f"{'lhs − rhs' if len(terms) == 1 else 'each term of lhs − rhs'} has the sign of a product of "
                 "simpler factors (ln g as g − 1, f(u) − f(v) as u − v for an increasing f)"]
        for term, new in zip(terms, replaced):
            shown = _evident(term if new is None else new, part.relation.value, bound_of)
            if shown is None:
                break
            steps.append(f"{brief(term)}" + ("" if new is None else f" has the sign of {brief(new)}")
                         + f" = {brief(shown)}, {part.relation.value} 0 by its shape and the declared bounds")
        else:
            return Proof("same-sign factors", tuple(steps))
    return None


def _evident(expr: sp.Expr, relation: str, bound_of: BoundOf) -> sp.Expr | None:
    """The form of ``expr`` (as it is, over a common denominator, factored — only up to :data:`REWRITE_NODES`) whose
    evident sign satisfies the relation with 0, or None."""
    small = within(expr, REWRITE_NODES)
    for rewrite in (lambda e: e, sp.together, sp.factor) if small else (lambda e: e,):
        form = rewrite(expr)
        if satisfies(manifest_sign(form, bound_of), relation):
            return form
    return None


def _simplest(term: sp.Expr) -> sp.Expr | None:
    """The term with its factors replaced again and again (ln ln x as ln x − 1, then as x − e), or None where
    nothing is replaced. Every replacement removes a function of a non-constant argument, so this ends."""
    simplest = None
    for _ in range(MAX_ROUNDS):
        simpler = _replaced(term if simplest is None else simplest)
        if simpler is None:
            break
        simplest = simpler
    return simplest


def _replaced(term: sp.Expr) -> sp.Expr | None:
    """A product with each factor replaced by a simpler one of the same sign where one is known; None where none
    is. Every replacement removes a function of a non-constant argument, so the strategy applied again to what it
    produced ends."""
    factors = sp.Mul.make_args(term)
    simpler = [_factor(factor) for factor in factors]
    if all(new is None for new in simpler):
        return None
    return sp.Mul(*(factor if new is None else new for factor, new in zip(factors, simpler)))


def _factor(factor: sp.Expr) -> sp.Expr | None:
    """A simpler factor of the same sign wherever ``factor`` is defined, or None."""
    if factor.is_number:
        return None  # a number's sign is the checker's to evaluate, not to rewrite
    if isinstance(factor, sp.Pow) and factor.exp.is_Integer:
        simpler = _factor(factor.base)
        return None if simpler is None else simpler**factor.exp
    if isinstance(factor, sp.log):
        return factor.args[0] - 1
    if isinstance(factor, _ZERO_AT_ZERO):
        return factor.args[0]
    if isinstance(factor, sp.Add):
        simpler = _difference(factor)
        return simpler if simpler is not None else _one_log(factor)
    return None


def _one_log(total: sp.Add) -> sp.Expr | None:
    """c·ln U + R, the only logarithm of a non-constant among the sum's terms, has the sign of c·(U − e^{−R/c}):
    ln is a bijection of (0, ∞) onto ℝ, so ln U + R/c ≥ 0 exactly where U ≥ e^{−R/c} (ln(e^a + e^b) − a as
    e^a + e^b − e^a). The logarithms outside R's exponential are one fewer."""
    logs = [term for term in total.args if isinstance(term.as_coeff_Mul()[1], sp.log)
            and not term.as_coeff_Mul()[1].args[0].is_number]
    if len(logs) != 1:
        return None
    c, log = logs[0].as_coeff_Mul()
    rest = total - logs[0]
    return sp.sign(c) * (log.args[0] - sp.exp(-rest / c))


def _difference(total: sp.Add) -> sp.Expr | None:
    """c·(u − v) for c·f(u) − c·f(v) and c·(u − f⁻¹(n)) for c·(f(u) − n), f increasing (−c for f decreasing);
    (u − v)(u + v) for |u| − |v|; else None."""
    terms = total.args
    if len(terms) != 2:
        return None
    (c1, f1), (c2, f2) = (term.as_coeff_Mul() for term in terms)
    if c1 == -c2 and isinstance(f1, sp.Abs) and isinstance(f2, sp.Abs):
        u, v = f1.args[0], f2.args[0]
        return c1 * (u - v) * (u + v)
    first, second = _monotone(f1), _monotone(f2)
    if c1 == -c2 and first is not None and second is not None and first[0] == second[0]:
        return first[2] * c1 * (first[1] - second[1])
    if terms[0].is_number:
        terms, first = terms[::-1], second
    if not terms[1].is_number or terms[0].is_number or first is None:
        return None
    kind, u, direction = first  # c·f(u) + n₀ = c·(f(u) − n) with n = −n₀/c
    c = terms[0].as_coeff_Mul()[0]
    point = _inverse(kind, -terms[1] / c)
    return None if point is None else direction * c * (u - point)


def _monotone(f: sp.Expr) -> tuple[object, sp.Expr, int] | None:
    """(kind, u, direction) for f(u) with f strictly increasing (direction 1) or decreasing (−1) on its real
    domain, the kind naming f; None for any other expression."""
    if isinstance(f, _INCREASING) and len(f.args) == 1:
        return type(f), f.args[0], 1
    if isinstance(f, realroot) and f.args[1].is_Integer and f.args[1] > 0:
        return ("root", f.args[1]), f.args[0], 1
    if not isinstance(f, sp.Pow):
        return None
    base, exponent = f.args
    if isinstance(base, sp.Pow) and exponent.is_Integer:  # (bᵘ)ᵏ = b^{ku} for a number b > 0 (1/2ᵘ: k = −1)
        base, exponent = base.base, base.exp * exponent
    if base.is_number and not exponent.is_number and base.is_positive and base != 1:
        # bᵘ, written with b > 1 ((1/2)ᵘ as 2^{−u}) so that both ways of writing it are one kind
        return (("base", base), exponent, 1) if base > 1 else (("base", 1 / base), -exponent, 1)
    if not base.is_number and exponent.is_Rational and exponent > 0:
        # uᵖ: increasing on ℝ for an odd whole p, on [0, ∞) (its real domain) for p with an even denominator
        if (exponent.is_Integer and exponent % 2 == 1) or (not exponent.is_Integer and exponent.q % 2 == 0):
            return ("power", exponent), base, 1
    return None


def _inverse(kind: object, n: sp.Expr) -> sp.Expr | None:
    """The point where f of this kind takes the real number n, where it is known (None otherwise)."""
    if not n.is_extended_real or not n.is_finite:
        return None
    if kind in _INVERSE:
        return _INVERSE[kind](n)  # type: ignore[index]
    if not isinstance(kind, tuple):
        return None
    name, parameter = kind
    if name == "base":  # bᵘ = n at u = ln n / ln b
        return sp.log(n) / sp.log(parameter) if n.is_positive else None
    if name == "root":  # the k-th root of u is n at u = nᵏ (an even k: only for n ≥ 0)
        return n**parameter if parameter % 2 == 1 or n.is_nonnegative else None
    if parameter.is_Integer:  # an odd whole p: uᵖ = n at the real p-th root of n
        return sp.sign(n) * abs(n) ** (1 / parameter)
    return n ** (1 / parameter) if n.is_nonnegative else None  # u ≥ 0: uᵖ = n at u = n^{1/p}
