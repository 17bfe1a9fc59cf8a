"""Definedness conditions over a declared domain.

Which conditions of :mod:`.conditions` hold on the whole domain by shape and bounds (:func:`manifest`),
which remain (:func:`required`), and whether two sides are defined at exactly the same points
(:func:`same_definedness`) — what lets an identity proved on SymPy's evaluated form stand for the formula as
written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from checker.numeric.sign import NEG, POS, Bound, BoundOf, manifest_sign
from checker.values.claims import Claim, Relational
from checker.values.semantics import Semantics
from checker.values.written import beyond_degree, evaluated, unfold

from .conditions import Condition, Need, conditions, manifest, nowhere
from .evidence import Proof
from .roots import rational_roots


def vacuous(claim: Claim, written: Relational, bound_of: BoundOf, outermost: bool = True) -> Proof | None:
    """Where-defined: a relation one of whose sides, as written, is defined nowhere on the domain holds at every
    point where both are defined — there are none. Only for the claim as written (or a case or slice of it): the
    claims a strategy reduces it to are seldom defined nowhere, and looking costs the caches the later strategies
    use (the audit ran 5% slower)."""
    if claim.semantics is not Semantics.WHERE_DEFINED or not outermost:
        return None
    for side, expr in (("left", written.lhs), ("right", written.rhs)):
        if (failing := nowhere(expr, bound_of)) is not None:
            return Proof("vacuous", (f"the {side} side needs {failing} ({failing.reason}), which fails at every point "
                                     "of the domain: the relation holds wherever both sides are defined, which is "
                                     "nowhere",))
    return None


Key = tuple[object, ...]
"""A condition as a comparable key, e.g. ``("≠0", x - 3)``."""


def domain_bounds(domains: Iterable[tuple[sp.Basic, object]]) -> BoundOf:
    """Each declared atom's bounds, for exact sign reasoning."""
    table = {}
    for atom, domain in domains:
        table[atom] = Bound(domain.lo, domain.hi, domain.lo_open, domain.hi_open)  # type: ignore[attr-defined]
    return table.get


def required(exprs: Sequence[sp.Basic], bound_of: BoundOf) -> tuple[Condition, ...]:
    """The conditions of the written trees that are not manifestly true on the domain."""
    out: dict[Condition, None] = {}
    for expr in exprs:
        for condition in conditions(expr):
            if not manifest(condition, bound_of):
                out.setdefault(condition)
    return tuple(out)


def _factors(quantity: sp.Basic, bound_of: BoundOf = lambda _: None) -> list[sp.Basic]:
    """Irreducible factors of an evaluated quantity that may vanish, each up to sign and a constant.

    The quantity vanishes exactly where one of them does; a positive power or an absolute value of a factor
    vanishes where the factor does, so it is replaced by the factor.
    """
    try:
        factors = _factor_list(quantity)
    except (sp.PolynomialError, sp.GeneratorsNeeded, NotImplementedError):
        factors = ((quantity, 1),)
    out: list[sp.Basic] = []
    for factor, _ in factors:
        while isinstance(factor, sp.Pow) and factor.exp.is_positive or isinstance(factor, sp.Abs):
            factor = factor.args[0]
        if not (factor.free_symbols or factor.atoms(sp.core.function.AppliedUndef)):
            continue
        if manifest_sign(factor, bound_of) in (POS, NEG):
            continue
        if factor != quantity and (isinstance(factor, sp.Mul) or factor.is_polynomial()):
            refined = _factors(factor, bound_of)
            if refined != [_canonical(factor)]:
                out.extend(refined)
                continue
        out.append(_canonical(factor))
    # in a fixed order, whichever equal quantity SymPy factorised first (its order of factors can differ)
    return sorted(dict.fromkeys(out), key=sp.default_sort_key)


@lru_cache(maxsize=512)
def _factor_list(quantity: sp.Basic) -> tuple[tuple[sp.Basic, int], ...]:
    """SymPy's factorisation, remembered: the audit asks about the same denominators (Z, 1 + e^x) claim after
    claim, and each costs milliseconds. A polynomial of a degree SymPy cannot hold densely is one factor."""
    if beyond_degree(quantity):
        return ((quantity, 1),)
    return tuple(sp.factor_list(quantity)[1])


@lru_cache(maxsize=512)
def _factored(quantity: sp.Basic) -> sp.Basic:
    if beyond_degree(quantity):
        return quantity
    try:
        return sp.factor(quantity)
    except (sp.PolynomialError, NotImplementedError):
        return quantity


def _canonical(quantity: sp.Basic) -> sp.Basic:
    _, primitive = quantity.as_content_primitive()
    negated = -primitive
    return min(primitive, negated, key=sp.default_sort_key)


def _keys(condition: Condition, bound_of: BoundOf = lambda _: None) \
        -> tuple[set[Key], set[Key]]:
    """(what the condition states, what it implies) as comparable keys."""
    if condition.need is Need.NEVER:
        key: set[Key] = {("never",)}
        return key, key
    if condition.need is Need.CONVERGENT:
        series: set[Key] = {("converges", evaluated(condition.expr))}
        return series, set(series)
    quantity = unfold(evaluated(condition.expr))
    if not (quantity.free_symbols or quantity.atoms(sp.core.function.AppliedUndef)):
        # a condition on constants that is not manifestly true: keep it whole, never let it vanish
        constant: set[Key] = {("constant", condition.need, quantity, condition.exponent)}
        return constant, constant
    if condition.need is Need.NONZERO:
        nonzero: set[Key] = {("≠0", f) for f in _factors(quantity, bound_of)}
        return nonzero, set(nonzero)
    if condition.need in (Need.POSITIVE, Need.NONNEGATIVE):
        return _sign_keys(condition.need is Need.POSITIVE, quantity, bound_of)
    if condition.need in (Need.NATURAL, Need.INTEGER, Need.NONINTEGER):
        integral: set[Key] = {(condition.need.value, quantity)}
        return integral, set(integral)
    power: set[Key] = {("^", quantity, unfold(evaluated(condition.exponent)))}  # type: ignore[arg-type]
    return power, set(power)


def _sign_keys(strict: bool, quantity: sp.Basic, bound_of: BoundOf) \
        -> tuple[set[Key], set[Key]]:
    """``quantity > 0`` (strict) or ``≥ 0`` as keys: the product of the factors whose sign matters, and the
    factors that must not vanish. ``x²·y > 0`` is ``y > 0`` with ``x ≠ 0``; ``1/x ≥ 0`` is ``x > 0``;
    ``|x| > 0`` is ``x ≠ 0``; factors that are manifestly positive drop out."""
    factored = _factored(quantity)
    coefficient, factors = factored.as_coeff_mul()
    sign_matters: list[sp.Basic] = []
    nonzero: set[Key] = set()
    for factor in factors:
        base, exponent = factor.as_base_exp()
        if manifest_sign(base, bound_of) == POS and exponent.is_extended_real:
            continue
        if isinstance(base, sp.Abs) and exponent.is_Integer:
            if strict or exponent < 0:
                nonzero |= {("≠0", f) for f in _factors(base.args[0], bound_of)}
            continue
        if exponent.is_Integer:
            n = int(exponent)
            if n < 0:
                nonzero |= {("≠0", f) for f in _factors(base, bound_of)}
            if n % 2 == 0:
                if strict or n < 0:
                    nonzero |= {("≠0", f) for f in _factors(base, bound_of)}
                else:
                    sign_matters.append(base**2)
                continue
            sign_matters.append(base)
        else:
            sign_matters.append(factor)
    stated: set[Key] = set(nonzero)
    if sign_matters or coefficient < 0:
        product = sp.Mul(*sign_matters) * (-1 if coefficient < 0 else 1)
        stated.add((">0" if strict else "≥0", product))
        implied = set(stated) | {("≥0", product)}
        if strict:
            implied |= {("≠0", f) for f in _factors(product, bound_of)}
        return stated, implied
    return stated, set(stated)


def same_definedness(left: Sequence[Condition], right: Sequence[Condition],
                     bound_of: BoundOf = lambda _: None) -> bool:
    """Whether two sets of (non-manifest) conditions certainly describe the same points (a sufficient test)."""
    def closure(conds: Sequence[Condition]) -> tuple[set[Key], set[Key]]:
        stated: set[Key] = set()
        implied: set[Key] = set()
        for c in conds:
            s, i = _keys(c, bound_of)
            stated |= s
            implied |= i
        # g ≥ 0 together with every factor of g ≠ 0 is g > 0
        for key in list(implied):
            if key[0] == "≥0" and all(("≠0", f) in implied for f in _factors(key[1], bound_of)):
                implied.add((">0", key[1]))
        return stated, implied

    left_stated, left_implied = closure(left)
    right_stated, right_implied = closure(right)
    return left_stated <= right_implied and right_stated <= left_implied


def factors(quantity: sp.Basic, bound_of: BoundOf) -> list[sp.Basic]:
    """The irreducible factors of a quantity that may vanish on the domain (it vanishes where one of them does)."""
    return _factors(unfold(evaluated(quantity)), bound_of)


def undefined_where_zero(factor: sp.Basic, conds: Sequence[Condition], bound_of: BoundOf,
                         memo: dict[Condition, set[Key]] | None = None) -> bool:
    """Whether every point where an irreducible ``factor`` vanishes certainly violates one of the conditions
    (it is a factor of a denominator, of a logarithm's argument, …). ``memo`` keeps what each condition
    implies between calls about several factors (each costs a factorisation)."""
    wanted = ("≠0", _canonical(factor))
    memo = {} if memo is None else memo
    for condition in conds:
        if condition.need not in (Need.NONZERO, Need.POSITIVE):
            continue
        implied = memo.get(condition)
        if implied is None:
            implied = memo[condition] = _keys(condition, bound_of)[1]
        if wanted in implied:
            return True
    return False


def describe_conditions(conds: Sequence[Condition]) -> str:
    return "; ".join(dict.fromkeys(str(c) for c in conds)) or "nothing"


def zeros(claim: Claim, quantity: sp.Expr) -> list[tuple[sp.Symbol, sp.Expr]] | None:
    """The points of the domain where a quantity in one symbol vanishes (rational roots), or None when they
    cannot all be found."""
    symbols = quantity.free_symbols
    if len(symbols) != 1 or quantity.atoms(sp.core.function.AppliedUndef) or beyond_degree(quantity):
        return None
    (symbol,) = symbols
    domain = claim.domain_of(symbol)
    if domain.group:
        return None
    numerator, _ = sp.fraction(sp.together(quantity))
    try:
        degree = sp.Poly(numerator, symbol).degree()
    except sp.PolynomialError:
        return None
    roots = rational_roots(numerator, symbol)
    if len(roots) < degree and not _only_rational_roots_matter(numerator, symbol, roots):
        return None
    return [(symbol, sp.Rational(r.numerator, r.denominator)) for r in roots if domain.contains(r)]


def _only_rational_roots_matter(numerator: sp.Expr, symbol: sp.Symbol, roots: list[Fraction]) -> bool:
    """Whether the numerator has no real roots besides the rational ones (its other factors keep one sign)."""
    rest = sp.Poly(numerator, symbol)
    for root in roots:
        rest = sp.div(rest, sp.Poly(symbol - sp.Rational(root.numerator, root.denominator), symbol))[0]
    return rest.degree() <= 0 or sp.Poly(rest, symbol).count_roots() == 0
