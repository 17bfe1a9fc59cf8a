"""What a relation *means*: the one place that says when a claim holds, for every strategy to call.

**Values.** A formula is read as written, over the reals. An operation has a real value only where
- a denominator is not zero;
- a logarithm's argument is positive (and a base, if written, is positive and not 1);
- a power ``b^e`` has: an integer exponent (value at the point, not its shape) with ``b ≠ 0`` when
  ``e < 0``; or a positive base; or ``b = 0`` with ``e > 0`` (then it is 0). So an even root needs
  ``b ≥ 0``, ``(−8)^{1/3}`` is undefined, and **0⁰ = 1** (as in the discounted return Σ γᵏ r at γ = 0);
- ``exp``, σ, |·|, max, min and undefined functions of real arguments are defined everywhere.
A derivative is defined where the expression it differentiates is (and its derivative exists).

**Relations**, over the declared domain of every symbol:
- *strict* (the default): a relation holds iff at every point both sides are defined and the relation
  holds there — except that an identity also holds at a point where both sides are undefined.
  So ``x/x = 1`` (x real) is refuted at x = 0 and ``1/x > 0`` (x real) at x = 0.
- *where-defined* (opt-in, ``semantics: where-defined``): a relation holds iff it holds at every point
  where both sides are defined — equivalence up to removable singularities, what CAS-based quiz
  systems use by default. ``\\frac{x^2-9}{x-3} = x + 3`` holds; ``\\frac{1}{x} > 0`` (x real) does not.

SymPy evaluates an expression while building it (``x/x`` becomes 1, ``exp(log x)`` becomes x), which can
only *remove* conditions. So the checker keeps the tree as written (built unevaluated), collects its
conditions from that tree (:func:`conditions`), evaluates values at points from that tree (:func:`judge`),
and lets the prover work on SymPy's evaluated form only for the equality itself.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from .functions import guarded, kink, rangemax, rangemin, realroot
from .interval import LADDER, Uncertain, Undefined, Value, endpoints, evaluate, fmt, is_exact, rounded, show
from .sign import NEG, NONNEG, POS, Bound, BoundOf, manifest_sign
from .written import build, evaluated, substitute, unfold


class Semantics(enum.Enum):
    """When a relation holds on a domain (see the module's docstring)."""

    STRICT = "strict"
    WHERE_DEFINED = "where-defined"

    @property
    def describe(self) -> str:
        if self is Semantics.STRICT:
            return ("strict: at every point of the domain both sides are defined over the reals and the relation "
                    "holds (an identity also holds where both sides are undefined)")
        return "where-defined: the relation holds at every point of the domain where both sides are defined"


# -- the formula as written ------------------------------------------------------------------------------


EPISODE = 3
"""In worlds where a sum or maximum runs to ∞ over an indexed family, the family's members beyond the first
three terms are 0: an episode that ends (Σ γᵏ r_{t+k+1} is then r_{t+1} + γ r_{t+2} + γ² r_{t+3})."""
SPELLED_OUT = 1000
"""A sum, product or range with numeric bounds is written out term by term up to this many terms."""
RANGED = (sp.Sum, sp.Product, rangemax, rangemin)


def computable(expr: sp.Basic) -> sp.Basic:
    """The written tree as values at points are computed from it.

    - a derivative is carried out, keeping what it differentiates as a requirement (d/dx log x is 1/x,
      defined at x = −1, but the derivative as written is not);
    - a sum, product or range maximum with numeric bounds is written out term by term (each term keeps its
      own conditions);
    - one that runs to ∞ over an indexed family is cut where the family's members become 0 (:data:`EPISODE`),
      when its terms vanish there; otherwise it stays (and its value at a point is uncertain).
    """
    if not expr.has(sp.Derivative, *RANGED):
        return expr

    def rebuild(e: sp.Basic) -> sp.Basic:
        if isinstance(e, sp.Derivative):
            if isinstance(e.expr, sp.core.function.AppliedUndef):
                return e
            requirements = [_requirement(need, quantity) for need, quantity, _ in differentiability(e)]
            return guarded(unfold(evaluated(e)), rebuild(e.expr), *requirements, evaluate=False)
        if isinstance(e, RANGED):
            written = written_out(e)
            if written is not None:
                return rebuild(written)
        if not e.args or not e.has(sp.Derivative, *RANGED):
            return e
        return build(e.func, [rebuild(a) for a in e.args])

    return rebuild(expr)


def _requirement(need: Need, quantity: sp.Basic) -> sp.Basic:
    """A tree undefined exactly where the need fails (for a derivative's differentiability)."""
    code = {Need.NONZERO: 0, Need.POSITIVE: 1, Need.NONINTEGER: 2}[need]
    return kink(quantity, sp.Integer(code), evaluate=False)


def range_parts(e: sp.Basic) -> tuple[sp.Basic, sp.Symbol, sp.Basic, sp.Basic]:
    if isinstance(e, (rangemax, rangemin)):
        body, index, low, high = e.args
    else:
        body, (index, low, high) = e.args[0], e.args[1]
    return body, index, evaluated(low), evaluated(high)


def written_out(e: sp.Basic) -> sp.Basic | None:
    """A range with numeric bounds term by term, or one to ∞ cut at the end of an episode; else None."""
    body, index, low, high = range_parts(e)
    if not low.is_Integer:
        return None
    if high is sp.oo:
        members = [m for m in body.atoms(sp.Indexed) if index in m.free_symbols]
        if not members or not _vanishes_without(body, members):
            return None
        high = low + EPISODE - 1
        tail = sp.Integer(0)
    else:
        tail = None
    if not high.is_Integer or not 0 <= int(high) - int(low) < SPELLED_OUT:
        return None
    terms = [substitute(body, {index: sp.Integer(v)}) for v in range(int(low), int(high) + 1)]
    if isinstance(e, sp.Sum):
        return sp.Add(*terms, evaluate=False) if len(terms) > 1 else (terms[0] if terms else sp.Integer(0))
    if isinstance(e, sp.Product):
        return sp.Mul(*terms, evaluate=False) if len(terms) > 1 else (terms[0] if terms else sp.Integer(1))
    if tail is not None:
        terms.append(tail)  # infinitely many zero terms beyond the episode
    pick = sp.Max if isinstance(e, rangemax) else sp.Min
    return pick(*terms, evaluate=False) if len(terms) > 1 else terms[0]


def _vanishes_without(body: sp.Basic, members: list[sp.Basic]) -> bool:
    """Whether every term of ``body`` is 0 once the family members in it are 0."""
    return evaluated(body).xreplace({m: 0 for m in members}) == 0


Key = tuple[object, ...]
"""A condition as a comparable key, e.g. ``("≠0", x - 3)``."""


class Need(enum.Enum):
    """What an operation needs of a quantity to have a real value."""

    NONZERO = "≠ 0"
    POSITIVE = "> 0"
    NONNEGATIVE = "≥ 0"
    POWER = "power"
    NATURAL = "∈ ℕ"
    INTEGER = "∈ ℤ"
    NONINTEGER = "∉ ℤ"
    CONVERGENT = "converges"
    NEVER = "never"


@dataclass(frozen=True, slots=True)
class Condition:
    """One natural-domain condition of a formula as written, e.g. ``x − 3 ≠ 0`` for a division."""

    need: Need
    expr: sp.Basic
    reason: str
    exponent: sp.Basic | None = None

    def __str__(self) -> str:
        shown = evaluated(self.expr)
        if self.need is Need.NEVER:
            return f"never defined ({self.reason})"
        if self.need is Need.POWER:
            return f"{shown}^({evaluated(self.exponent)}) has a real value"  # type: ignore[arg-type]
        if self.need is Need.CONVERGENT:
            return f"{self.expr} converges"
        return f"{shown} {self.need.value}"


@lru_cache(maxsize=4096)
def conditions(expr: sp.Basic) -> tuple[Condition, ...]:
    """Every natural-domain condition of a tree as written: denominators, logs, roots, powers."""
    found: dict[Condition, None] = {}

    def add(need: Need, quantity: sp.Basic, reason: str, exponent: sp.Basic | None = None) -> None:
        found.setdefault(Condition(need, quantity, reason, exponent))

    def walk(e: sp.Basic) -> None:
        if isinstance(e, RANGED):
            written = written_out(e)
            if written is not None:
                walk(written)  # each term's own conditions
                return
            _ranged(e, add)
            return
        if isinstance(e, sp.Derivative) and not isinstance(e.expr, sp.core.function.AppliedUndef):
            for need, quantity, reason in differentiability(e):
                add(need, quantity, reason)
        if not e.args:
            if e is sp.zoo or e is sp.nan:
                add(Need.NEVER, e, "division by zero")
            elif e is sp.I:
                add(Need.NEVER, e, "the imaginary unit is not a real number")
            elif e.is_infinite:
                add(Need.NEVER, e, "an infinite value")
            return
        if isinstance(e, sp.Pow):
            _power(e.args[0], e.args[1], add)
        elif isinstance(e, FUNCTION_NEEDS):
            _function(e, add)
        elif isinstance(e, sp.log):
            add(Need.POSITIVE, e.args[0], "logarithm of a non-positive number")
            if len(e.args) == 2:
                add(Need.POSITIVE, e.args[1], "logarithm to a non-positive base")
                add(Need.NONZERO, sp.Add(e.args[1], -1, evaluate=False), "logarithm to base 1")
        for arg in e.args:
            walk(arg)

    walk(expr)
    return tuple(found)


def _ranged(e: sp.Basic, add) -> None:  # type: ignore[no-untyped-def]
    """A sum, product or range maximum with a symbolic or infinite bound: its operand's conditions for every index
    in the range (dropped when they manifestly hold there, kept — naming the index — otherwise), and its bounds'."""
    body, index, low, high = range_parts(e)
    lowest = Fraction(int(low.p), int(low.q)) if low.is_Rational else None
    highest = Fraction(int(high.p), int(high.q)) if high.is_Rational else None

    def bound_of(atom: sp.Basic) -> Bound | None:
        return Bound(lowest, highest, False, False) if atom == index else None

    for condition in conditions(body):
        if not manifest(condition, bound_of) and not _no_root_in_range(condition, index, low, high):
            add(condition.need, condition.expr, condition.reason, condition.exponent)
    for limit in (low, high):
        if not limit.is_infinite:
            for condition in conditions(limit):
                add(condition.need, condition.expr, condition.reason, condition.exponent)
    if low.is_infinite or high.is_infinite:
        # an infinite sum (or product, or maximum) has a value only where it converges (is attained)
        add(Need.CONVERGENT, e, "a series that may diverge" if isinstance(e, sp.Sum) else
            "an infinite range whose value may not exist")


def _no_root_in_range(condition: Condition, index: sp.Basic, low: sp.Basic, high: sp.Basic) -> bool:
    """A term's ``q(k) ≠ 0`` for a polynomial q of the index alone with no real root in [low, high] (Sturm's
    theorem, exact): ``\\sum_{k=2}^{\\infty} \\frac{1}{k^2 - 1}`` is defined term by term."""
    if condition.need is not Need.NONZERO or not (low.is_Integer or low.is_infinite):
        return False
    quantity = unfold(evaluated(condition.expr))
    if quantity.free_symbols != {index}:
        return False
    try:
        polynomial = sp.Poly(quantity, index)
    except sp.PolynomialError:
        return False
    if not all(c.is_Rational for c in polynomial.all_coeffs()):
        return False
    return polynomial.count_roots(None if low.is_infinite else low, None if high.is_infinite else high) == 0


def differentiability(derivative: sp.Derivative) -> list[tuple[Need, sp.Basic, str]]:
    """Where a derivative as written exists, beyond where its expression is defined: |u| and sgn u need u ≠ 0,
    max(a, b) needs a ≠ b, a root of u needs u > 0, ⌊u⌋ and ⌈u⌉ need u not an integer."""
    variables = set(derivative.variables)
    needs: list[tuple[Need, sp.Basic, str]] = []
    for node in sp.preorder_traversal(derivative.expr):
        if not (node.free_symbols & variables):
            continue
        if isinstance(node, (sp.Abs, sp.sign, realroot)):
            needs.append((Need.NONZERO, node.args[0], f"{type(node).__name__} is not differentiable where its "
                                                      "argument is 0"))
        elif isinstance(node, (sp.Max, sp.Min)) and len(node.args) == 2:
            needs.append((Need.NONZERO, sp.Add(node.args[0], sp.Mul(-1, node.args[1], evaluate=False),
                                               evaluate=False), f"{type(node).__name__} is not differentiable "
                                                                "where its arguments are equal"))
        elif isinstance(node, sp.Pow) and evaluated(node.exp).is_Rational and not evaluated(node.exp).is_Integer:
            needs.append((Need.POSITIVE, node.base, "a root is not differentiable at 0"))
        elif isinstance(node, (sp.floor, sp.ceiling)):
            needs.append((Need.NONINTEGER, node.args[0], f"{type(node).__name__} is not differentiable at an "
                                                         "integer"))
    return needs


FUNCTION_NEEDS = (sp.tan, sp.sec, sp.cot, sp.csc, sp.coth, sp.csch, sp.asin, sp.acos, sp.asec, sp.acsc, sp.acosh,
                  sp.atanh, sp.acoth, sp.factorial, sp.binomial)


def _function(e: sp.Basic, add) -> None:  # type: ignore[no-untyped-def]
    """What the elementary functions need: tan x needs cos x ≠ 0, arcsin x needs |x| ≤ 1, n! a natural n, …"""
    x = e.args[0]
    U = {"evaluate": False}  # noqa: N806 - a keyword bundle, read as a constant
    square = sp.Pow(x, 2, **U)
    if isinstance(e, (sp.tan, sp.sec)):
        add(Need.NONZERO, sp.cos(x, **U), f"{type(e).__name__} where the cosine is zero")
    elif isinstance(e, (sp.cot, sp.csc)):
        add(Need.NONZERO, sp.sin(x, **U), f"{type(e).__name__} where the sine is zero")
    elif isinstance(e, (sp.coth, sp.csch)):
        add(Need.NONZERO, x, f"{type(e).__name__} at zero")
    elif isinstance(e, (sp.asin, sp.acos)):
        add(Need.NONNEGATIVE, sp.Add(1, sp.Mul(-1, square, **U), **U), f"{type(e).__name__} outside [−1, 1]")
    elif isinstance(e, (sp.asec, sp.acsc)):
        add(Need.NONNEGATIVE, sp.Add(square, -1, **U), f"{type(e).__name__} inside (−1, 1)")
    elif isinstance(e, sp.acosh):
        add(Need.NONNEGATIVE, sp.Add(x, -1, **U), "acosh below 1")
    elif isinstance(e, sp.atanh):
        add(Need.POSITIVE, sp.Add(1, sp.Mul(-1, square, **U), **U), "atanh outside (−1, 1)")
    elif isinstance(e, sp.acoth):
        add(Need.POSITIVE, sp.Add(square, -1, **U), "acoth inside [−1, 1]")
    elif isinstance(e, sp.factorial):
        add(Need.NATURAL, x, "factorial of a number that is not a natural number")
    elif isinstance(e, sp.binomial):
        add(Need.NATURAL, x, "binomial coefficient of a number that is not a natural number")
        add(Need.INTEGER, e.args[1], "binomial coefficient at a non-integer")


def _power(base: sp.Basic, exponent: sp.Basic, add) -> None:  # type: ignore[no-untyped-def]
    if base.is_positive or base is sp.E:
        return
    exponent = evaluated(exponent)  # the exponent's value is what matters: \frac{1}{3} is the number 1/3
    if exponent.is_Integer:
        if exponent < 0:
            add(Need.NONZERO, base, "division by zero" if exponent == -1 else "zero to a negative power")
        return
    if exponent.is_Rational:
        root = "square root" if exponent.q == 2 else "non-integer power"
        if exponent > 0:
            add(Need.NONNEGATIVE, base, f"{root} of a negative number")
        else:
            add(Need.POSITIVE, base, f"{root} of a non-positive number")
        return
    if exponent.is_integer:
        if exponent.is_nonnegative:
            return
        if exponent.is_negative:
            add(Need.NONZERO, base, "zero to a negative power")
            return
    add(Need.POWER, base, "power of a non-positive number", exponent)


# -- conditions over a domain ------------------------------------------------------------------------------


def domain_bounds(domains: Iterable[tuple[sp.Basic, object]]) -> BoundOf:
    """Each declared atom's bounds, for exact sign reasoning."""
    table = {}
    for atom, domain in domains:
        table[atom] = Bound(domain.lo, domain.hi, domain.lo_open, domain.hi_open)  # type: ignore[attr-defined]
    return table.get


def manifest(condition: Condition, bound_of: BoundOf) -> bool:
    """Whether a condition holds at every point of the domain, read off shapes and bounds (exact)."""
    if condition.need is Need.NEVER:
        return False
    if condition.need is Need.CONVERGENT:
        return _converges(condition.expr, bound_of)
    quantity = unfold(evaluated(condition.expr))
    if condition.need is Need.NATURAL:
        return bool(quantity.is_integer and quantity.is_nonnegative)
    if condition.need is Need.INTEGER:
        return bool(quantity.is_integer)
    if condition.need is Need.NONINTEGER:
        return False
    if quantity.is_Rational and condition.need is not Need.POWER:
        return {Need.NONZERO: quantity != 0, Need.POSITIVE: quantity > 0, Need.NONNEGATIVE: quantity >= 0}[
            condition.need]
    if not (quantity.free_symbols or quantity.atoms(sp.core.function.AppliedUndef)) and _certainly(condition):
        return True
    sign = manifest_sign(quantity, bound_of)
    if condition.need is Need.NONZERO:
        return sign in (POS, NEG)
    if condition.need is Need.POSITIVE:
        return sign == POS
    if condition.need is Need.NONNEGATIVE:
        return sign in (POS, NONNEG)
    exponent = unfold(evaluated(condition.exponent))  # type: ignore[arg-type]
    # b > 0; or b ≥ 0 with e ≥ 0 (0^e is 0 for e > 0, and 0⁰ = 1); or b ≠ 0 with e an integer
    return (sign == POS or (sign == NONNEG and manifest_sign(exponent, bound_of) in (POS, NONNEG))
            or (sign == NEG and bool(exponent.is_integer)))


def _converges(series: sp.Basic, bound_of: BoundOf) -> bool:
    """Whether a series manifestly converges on the domain: geometric, with |ratio| < 1 by the bounds; or of
    rational terms p(k)/q(k) with deg q ≥ deg p + 2 and no root of q in its range (compared with Σ 1/k²)."""
    from .series import geometric, rational_series

    found = geometric(series)
    if found is None:
        return rational_series(series) is not None
    if unfold(found.coefficient) == 0:
        return True
    ratio = unfold(found.ratio)
    return manifest_sign(1 - ratio, bound_of) == POS and manifest_sign(1 + ratio, bound_of) == POS


def _certainly(condition: Condition) -> bool:
    """A condition on constants (√2 − 1 > 0) certified by the sign of its Arb enclosure."""
    value, _ = side_value(computable(condition.expr), {}, 113)
    if value is None:
        return False
    low, high = endpoints(value)
    if condition.need is Need.NONZERO:
        return low > 0 or high < 0
    if condition.need is Need.NONNEGATIVE:
        return low >= 0
    return low > 0  # POSITIVE; and a power's base that is certainly positive has a real value whatever the exponent


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
        _, factors = sp.factor_list(quantity)
    except (sp.PolynomialError, sp.GeneratorsNeeded, NotImplementedError):
        factors = [(quantity, 1)]
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
    return list(dict.fromkeys(out))


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
    try:
        factored = sp.factor(quantity)
    except (sp.PolynomialError, NotImplementedError):
        factored = quantity
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


def undefined_where_zero(factor: sp.Basic, conds: Sequence[Condition], bound_of: BoundOf) -> bool:
    """Whether every point where an irreducible ``factor`` vanishes certainly violates one of the conditions
    (it is a factor of a denominator, of a logarithm's argument, …)."""
    wanted = ("≠0", _canonical(factor))
    return any(condition.need in (Need.NONZERO, Need.POSITIVE) and wanted in _keys(condition, bound_of)[1]
               for condition in conds)


def describe_conditions(conds: Sequence[Condition]) -> str:
    return "; ".join(dict.fromkeys(str(c) for c in conds)) or "nothing"


# -- at a point ----------------------------------------------------------------------------------------------


class Outcome(enum.Enum):
    CONSISTENT = "consistent"   # values agree with the relation (not a proof)
    FAILS = "fails"             # certified violation
    UNKNOWN = "unknown"         # too wide or unsupported
    OUTSIDE = "outside"         # the point says nothing under this semantics (where-defined, a side undefined)


@dataclass(frozen=True, slots=True)
class Judgement:
    """The relation at one point: the outcome, both sides as printed, and why."""

    outcome: Outcome
    lhs: str = ""
    rhs: str = ""
    note: str = ""
    undefined: bool = False
    """True when the failure is that a side is undefined (a *definedness* counterexample)."""


def side_value(expr: sp.Basic, env: Mapping[sp.Basic, Value], prec: int) \
        -> tuple[Value | None, Undefined | Uncertain | None]:
    if not env:
        return _constant_value(expr, prec)
    try:
        return evaluate(expr, env, prec), None
    except (Undefined, Uncertain) as problem:
        return None, problem


@lru_cache(maxsize=1024)
def _constant_value(expr: sp.Basic, prec: int) -> tuple[Value | None, Undefined | Uncertain | None]:
    """A side without atoms: the search, the proof and the cross-check of one claim each ask for it."""
    try:
        return evaluate(expr, {}, prec), None
    except (Undefined, Uncertain) as problem:
        return None, problem


def judge(lhs: sp.Basic, relation: str, rhs: sp.Basic, env: Mapping[sp.Basic, Value], prec: int = 53,
          semantics: Semantics = Semantics.STRICT, *, shown: bool = True) -> Judgement:
    """Whether ``lhs REL rhs`` (computable written trees) certainly fails at the exact point ``env``.

    With ``shown=False`` a consistent outcome carries no printed values (the search looks only for failures,
    and printing enclosures costs more than comparing them).
    """
    left, left_problem = side_value(lhs, env, prec)
    right, right_problem = side_value(rhs, env, prec)
    left_undefined, right_undefined = isinstance(left_problem, Undefined), isinstance(right_problem, Undefined)
    if left_undefined or right_undefined:
        if semantics is Semantics.WHERE_DEFINED:
            return Judgement(Outcome.OUTSIDE, note=str(left_problem or right_problem))
        if relation == "=":
            if left_undefined and right_undefined:
                return Judgement(Outcome.CONSISTENT, "undefined", "undefined", "both sides are undefined")
            other, other_problem = (right, right_problem) if left_undefined else (left, left_problem)
            if other is None:
                return Judgement(Outcome.UNKNOWN, note=str(other_problem))
        side = "left" if left_undefined else "right"
        problem = left_problem if left_undefined else right_problem
        if left_undefined and right_undefined:
            tail = "; so is the right side"
        else:
            other = right if left_undefined else left
            if other is not None:
                other = _exact_if_known(rhs if left_undefined else lhs, env, other)
                left, right = (None, other) if left_undefined else (other, None)
            tail = f"; the {'right' if left_undefined else 'left'} side is " + \
                ("not certain" if other is None else _shown(other))
        return Judgement(Outcome.FAILS, "undefined" if left_undefined else _shown_or_uncertain(left),
                         "undefined" if right_undefined else _shown_or_uncertain(right),
                         f"the {side} side is undefined ({problem}){tail}", undefined=True)
    if left is None or right is None:
        return Judgement(Outcome.UNKNOWN, note=str(left_problem or right_problem))
    failing = violates(left, relation, right)
    equal = failing is None and relation in ("<", ">", "!=") and _exactly_equal(lhs, rhs, env)
    if equal:
        failing = True  # the enclosures overlap because the two values are the same number
    if not failing:
        # certainly holds, or the enclosures overlap: consistent with the relation (never a proof by itself)
        return Judgement(Outcome.CONSISTENT, _shown(left), _shown(right)) if shown else Judgement(Outcome.CONSISTENT)
    left, right = _exact_if_known(lhs, env, left), _exact_if_known(rhs, env, right)
    shown_left, shown_right = _distinct(left, right)
    note = {"=": "the two sides differ", "!=": "the two sides are equal", "<": "lhs ≥ rhs", "<=": "lhs > rhs",
            ">": "lhs ≤ rhs", ">=": "lhs < rhs"}[relation]
    if equal:
        note = "the two sides are the same number (exact arithmetic)"
    return Judgement(Outcome.FAILS, shown_left, shown_right, note)


def decide(lhs: sp.Basic, relation: str, rhs: sp.Basic) -> bool | None:
    """The truth of a relation between two closed written expressions (numbers, no atoms), certified by exact
    or interval arithmetic; None when a side is undefined or the values cannot tell (e.g. equal irrationals)."""
    for prec in LADDER:
        left, left_problem = side_value(lhs, {}, prec)
        right, right_problem = side_value(rhs, {}, prec)
        if isinstance(left_problem, Undefined) or isinstance(right_problem, Undefined):
            return None
        if left is not None and right is not None:
            failing = violates(left, relation, right)
            if failing is not None:
                return not failing
    if _exactly_equal(lhs, rhs, {}):
        return relation in ("=", "<=", ">=")
    return None


def _exactly_equal(lhs: sp.Basic, rhs: sp.Basic, env: Mapping[sp.Basic, Value]) -> bool:
    """Whether SymPy's exact arithmetic makes the two sides the same number at a point where both are defined."""
    if not all(isinstance(v, Fraction) for v in env.values()):
        return False
    point = {a: sp.Rational(v.numerator, v.denominator) for a, v in env.items()}
    difference = unfold(evaluated(lhs)).xreplace(point) - unfold(evaluated(rhs)).xreplace(point)
    return difference == 0 or (not difference.free_symbols and _proved_zero(difference))


@lru_cache(maxsize=256)
def _proved_zero(difference: sp.Expr) -> bool:
    from .constants import prove_zero

    return prove_zero(difference) is not None


def _exact_if_known(expr: sp.Basic, env: Mapping[sp.Basic, Value], value: Value) -> Value:
    """For display: the exact value SymPy finds at the point (log e⁻¹ = −1), when it lies in the enclosure.

    Only used once a side is known to be defined at the point, where SymPy's evaluated form agrees with
    the formula as written; the verdict itself never rests on it.
    """
    if is_exact(value) or not all(isinstance(v, Fraction) for v in env.values()):
        return value
    exact = unfold(evaluated(expr)).xreplace({a: sp.Rational(v.numerator, v.denominator) for a, v in env.items()})
    if not exact.is_Rational:
        return value
    candidate = Fraction(int(exact.p), int(exact.q))
    low, high = endpoints(value)
    return candidate if low <= candidate <= high else value


def violates(left: Value, relation: str, right: Value) -> bool | None:
    """True if the relation certainly fails, False if it certainly holds, None if the values cannot tell."""
    if is_exact(left) and is_exact(right):
        holds = {"=": left == right, "!=": left != right, "<": left < right, "<=": left <= right, ">": left > right,
                 ">=": left >= right}[relation]
        return not holds
    # compare the exact rational endpoints: no rounding at whatever precision happens to be current
    (la, lb), (ra, rb) = endpoints(left), endpoints(right)
    fails = {"=": lb < ra or rb < la, "!=": False, "<": la >= rb, "<=": la > rb, ">": lb <= ra,
             ">=": lb < ra}[relation]
    if fails:
        return True
    holds = {"=": False, "!=": lb < ra or rb < la, "<": lb < ra, "<=": lb <= ra, ">": la > rb,
             ">=": la >= rb}[relation]
    return False if holds else None


def _shown_or_uncertain(value: Value | None) -> str:
    return "not certain" if value is None else _shown(value)


def _shown(value: Value) -> str:
    if is_exact(value):
        text = show(value)
        return f"{{{text}}}" if not text.startswith("[") else text
    return fmt(value)


def _distinct(left: Value, right: Value) -> tuple[str, str]:
    """Print two values with enough digits that a reader sees them apart when they are apart."""
    if is_exact(left) and is_exact(right) and _shown(left).startswith("{") and _shown(right).startswith("{"):
        return _shown(left), _shown(right)
    for digits in (12, 20, 30, 45, 60, 90, 120, 200, 320):
        (a, b), (c, d) = rounded(left, digits), rounded(right, digits)
        if b < c or d < a or (a == b == c == d):
            break
    shown = [(_shown(v) if is_exact(v) and _shown(v).startswith("{") else fmt(v, digits)) for v in (left, right)]
    return shown[0], shown[1]


def exact_value(expr: sp.Basic, env: Mapping[sp.Basic, Value]) -> Fraction | None:
    """The exact rational value of an expression at a point, if it has one that arithmetic shows."""
    value, _ = side_value(computable(expr), env, 53)
    return value if value is not None and is_exact(value) else None
