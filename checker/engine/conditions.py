"""Where a formula as written has a real value: the conditions each operation of the tree imposes.

The semantics itself is written in :mod:`checker.values.semantics`. This module reads a tree built unevaluated
(the form the author wrote) and collects its definedness conditions: a denominator is not zero, a logarithm's
argument is positive, a power's base and exponent are admissible, a derivative's expression is
differentiable; sums and products over a range contribute the conditions of their terms. It also gives the
tree as values at points are computed from it (:func:`computable`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from checker.numeric.balls import Uncertain, Undefined, endpoints
from checker.numeric.interval import evaluate
from checker.numeric.sign import NEG, NONNEG, NONPOS, POS, Bound, BoundOf, manifest_sign
from checker.values.functions import guarded, kink, realroot
from checker.values.semantics import RANGED, range_parts, written_out
from checker.values.written import beyond_degree, build, evaluated, unfold

# -- the formula as written ------------------------------------------------------------------------------


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
    if quantity.free_symbols != {index} or beyond_degree(quantity):
        return False
    try:
        polynomial = sp.Poly(quantity, index)
    except sp.PolynomialError:
        return False
    if not all(c.is_Rational for c in polynomial.all_coeffs()):
        return False
    return polynomial.count_roots(None if low.is_infinite else low, None if high.is_infinite else high) == 0


_KINKED = (sp.Abs, sp.sign, realroot, sp.Max, sp.Min, sp.Pow, sp.floor, sp.ceiling)
"""The nodes :func:`differentiability` asks about (a power only when its exponent is a fraction)."""


def differentiability(derivative: sp.Derivative) -> list[tuple[Need, sp.Basic, str]]:
    """Where a derivative as written exists, beyond where its expression is defined: |u| and sgn u need u ≠ 0,
    max(a, b) needs a ≠ b, a root of u needs u > 0, ⌊u⌋ and ⌈u⌉ need u not an integer."""
    variables = set(derivative.variables)
    needs: list[tuple[Need, sp.Basic, str]] = []
    for node in sp.preorder_traversal(derivative.expr):
        # the kind first: a node's free symbols are gathered afresh from its whole subtree at each asking
        if not isinstance(node, _KINKED) or not (node.free_symbols & variables):
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


def nowhere(expr: sp.Basic, bound_of: BoundOf) -> Condition | None:
    """A condition of the tree as written that fails at every point of the domain (so the tree is defined nowhere),
    read off shapes and bounds; None if none is seen. Only the conditions of operations outside any sum, product
    or range (an empty range has a value whatever its terms) and in the declared symbols alone are looked at."""
    with sp.evaluate(False):
        outside = expr.xreplace({node: sp.Dummy() for node in expr.atoms(*RANGED)})
    for condition in conditions(outside):
        quantity = unfold(evaluated(condition.expr))
        if (condition.need not in (Need.POSITIVE, Need.NONNEGATIVE, Need.NONZERO)
                or quantity.atoms(sp.Indexed, sp.core.function.AppliedUndef)
                or any(bound_of(symbol) is None for symbol in quantity.free_symbols)):
            continue
        if condition.need is Need.NONZERO:
            if quantity == 0:
                return condition
            continue
        sign = manifest_sign(quantity, bound_of)
        if sign == NEG or (sign == NONPOS and condition.need is Need.POSITIVE):
            return condition
    return None


def _converges(series: sp.Basic, bound_of: BoundOf) -> bool:
    """Whether a series manifestly converges on the domain: geometric, with |ratio| < 1 by the bounds; or of
    rational terms p(k)/q(k) with deg q ≥ deg p + 2 and no root of q in its range (compared with Σ 1/k²)."""
    from checker.numeric.series import factored_series, geometric

    found = geometric(series)
    if found is None:  # c·p(k)/q(k) with c free of k converges as Σ p(k)/q(k) does
        return factored_series(series) is not None
    if unfold(found.coefficient) == 0:
        return True
    ratio = unfold(found.ratio)
    return manifest_sign(1 - ratio, bound_of) == POS and manifest_sign(1 + ratio, bound_of) == POS


@lru_cache(maxsize=1024)
def _certainly(condition: Condition) -> bool:
    """A condition on constants (√2 − 1 > 0) certified by the sign of its Arb enclosure."""
    try:
        value = evaluate(computable(condition.expr), {}, 113)
    except (Undefined, Uncertain):
        return False
    low, high = endpoints(value)
    if condition.need is Need.NONZERO:
        return low > 0 or high < 0
    if condition.need is Need.NONNEGATIVE:
        return low >= 0
    return low > 0  # POSITIVE; and a power's base that is certainly positive has a real value whatever the exponent
