"""Independent replay of a counterexample: the formula as written, evaluated with mpmath at 50 digits.

It shares no code with the checker's evaluator (checker.numeric.interval): it walks the written SymPy tree with
plain mpmath numbers and its own reading of the documented semantics — a division by zero, a logarithm
of a non-positive number, a non-integer power of a negative number or zero to a negative power have no
real value; 0⁰ = 1.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp

from checker import sigmoid
from checker.values.functions import guarded, kink, rangemax, rangemin, realroot

DIGITS = 50


class NoValue(Exception):
    """The expression has no real value at the point."""


def rebuild(text: str) -> sp.Basic:
    """Rebuild an expression from its srepr (our own report, not authored input), as written."""
    namespace: dict[str, Any] = {name: getattr(sp, name) for name in dir(sp) if not name.startswith("_")}
    namespace.update(sigmoid=sigmoid, rangemax=rangemax, rangemin=rangemin, realroot=realroot, guarded=guarded)
    with sp.evaluate(False):
        return eval(text, namespace)  # noqa: S307 - trusted report produced by the test itself


def value(expr: sp.Basic, point: dict[sp.Basic, Fraction], digits: int = DIGITS) -> mpmath.mpf:  # noqa: C901
    """The real value of a written tree at a point, or NoValue."""
    with mpmath.workdps(digits):
        def walk(e: sp.Basic) -> mpmath.mpf:  # noqa: C901 - one dispatch table
            if e in point:
                return mpmath.mpf(point[e].numerator) / point[e].denominator
            if isinstance(e, sp.Indexed):
                member = sp.Indexed(e.base, *(i.doit() for i in e.indices))
                known = {sp.Indexed(a.base, *(i.doit() for i in a.indices)): v for a, v in point.items()
                         if isinstance(a, sp.Indexed)}
                if member in known:
                    return mpmath.mpf(known[member].numerator) / known[member].denominator
                return mpmath.mpf(0)  # a member the counterexample does not list: beyond the episode, 0
            if isinstance(e, (sp.Sum, sp.Product, rangemax, rangemin)):
                return ranged(e)
            if e.is_Rational:
                return mpmath.mpf(int(e.p)) / int(e.q)
            if e is sp.pi:
                return +mpmath.pi
            if e is sp.E:
                return mpmath.e + 0
            if e is sp.zoo or e is sp.nan or e is sp.I or (not e.args and e.is_infinite):
                raise NoValue(str(e))
            if isinstance(e, sp.Add):
                return mpmath.fsum(walk(a) for a in e.args)
            if isinstance(e, sp.Mul):
                return mpmath.fprod(walk(a) for a in e.args)
            if isinstance(e, sp.exp):
                return mpmath.exp(walk(e.args[0]))
            if isinstance(e, sp.log):
                x = walk(e.args[0])
                if x <= 0:
                    raise NoValue("log")
                if len(e.args) == 2:
                    b = walk(e.args[1])
                    if b <= 0 or b == 1:
                        raise NoValue("log base")
                    return mpmath.log(x) / mpmath.log(b)
                return mpmath.log(x)
            if isinstance(e, sp.Pow):
                return power(walk(e.args[0]), walk(e.args[1]))
            if isinstance(e, sigmoid):
                return 1 / (1 + mpmath.exp(-walk(e.args[0])))
            if isinstance(e, sp.Abs):
                return abs(walk(e.args[0]))
            if isinstance(e, sp.Heaviside):  # from d/dx max(x, c); at its jump the derivative has no value
                step = walk(e.args[0])
                if step == 0:
                    raise NoValue("not differentiable")
                return mpmath.mpf(1 if step > 0 else 0)
            if isinstance(e, (sp.Max, sp.Min)):
                values = [walk(a) for a in e.args]
                return max(values) if isinstance(e, sp.Max) else min(values)
            if isinstance(e, kink):
                argument, need = walk(e.args[0]), int(e.args[1])
                on_kink = {0: argument == 0, 1: argument <= 0, 2: mpmath.isint(argument)}[need]
                if on_kink:
                    raise NoValue("not differentiable")
                return mpmath.mpf(0)
            if isinstance(e, guarded):
                for requirement in e.args[1:]:
                    walk(requirement)
                return walk(e.args[0])
            if type(e).__name__ in ELEMENTARY:
                return elementary(type(e).__name__, walk(e.args[0]))
            if isinstance(e, realroot):
                x, n = walk(e.args[0]), int(e.args[1])
                return mpmath.root(x, n) if x >= 0 else -mpmath.root(-x, n)
            if isinstance(e, sp.factorial):
                n = walk(e.args[0])
                if not mpmath.isint(n) or n < 0:
                    raise NoValue("factorial")
                return mpmath.factorial(n)
            if isinstance(e, sp.binomial):
                n, k = walk(e.args[0]), walk(e.args[1])
                if not mpmath.isint(n) or n < 0 or not mpmath.isint(k):
                    raise NoValue("binomial")
                return mpmath.binomial(n, k) if 0 <= k <= n else mpmath.mpf(0)
            raise NotImplementedError(f"replay has no rule for {type(e).__name__}")

        def ranged(e: sp.Basic) -> mpmath.mpf:
            if isinstance(e, (rangemax, rangemin)):
                body, index, low, high = e.args
            else:
                body, (index, low, high) = e.args[0], e.args[1]
            if high is sp.oo and isinstance(e, sp.Sum):  # an infinite series: Hurwitz ζ, else mpmath's nsum
                from checker.engine.recheck import hurwitz_sum  # mpmath's ζ and ψ: no code of checker.interval

                first = int(walk(low))
                t0, t1, t2 = (value(body.xreplace({index: sp.Integer(first + j)}), point, digits) for j in range(3))
                if t0 != 0 and abs(t1 * t1 - t0 * t2) <= mpmath.mpf(10) ** (-digits + 10) * (abs(t1 * t1) + 1):
                    ratio = t1 / t0  # geometric: its ratio decides
                    if abs(ratio) >= 1:
                        raise NoValue("divergent geometric series")
                    return t0 / (1 - ratio)
                closed = hurwitz_sum(body.xreplace(point), index, first)
                if closed is not None:
                    return closed
                # each term at the precision nsum works at (it raises it to extrapolate)
                return mpmath.nsum(lambda k: value(body.xreplace({index: sp.Integer(int(k))}), point,
                                                   max(digits, mpmath.mp.dps)), [int(walk(low)), mpmath.inf])
            last = int(walk(low)) + 60 if high is sp.oo else int(walk(high))
            terms = [value(body.xreplace({index: sp.Integer(k)}), point, digits)
                     for k in range(int(walk(low)), last + 1)]
            if isinstance(e, sp.Sum):
                return mpmath.fsum(terms)
            if isinstance(e, sp.Product):
                return mpmath.fprod(terms)
            return max(terms) if isinstance(e, rangemax) else min(terms)

        return walk(expr)


def _real_inverse(name: str, x: mpmath.mpf) -> mpmath.mpf:
    limits = {"asin": (-1, 1), "acos": (-1, 1), "acosh": (1, None), "atanh": (-1, 1)}
    low, high = limits.get(name, (None, None))
    if (low is not None and x < low) or (high is not None and x > high) or (name == "atanh" and abs(x) == 1):
        raise NoValue(name)
    if name in ("asec", "acsc") and abs(x) < 1:
        raise NoValue(name)
    if name == "acoth" and abs(x) <= 1:
        raise NoValue(name)
    return getattr(mpmath, name)(x)


ELEMENTARY = {"sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth", "sech", "csch", "asin", "acos",
              "atan", "acot", "asec", "acsc", "asinh", "acosh", "atanh", "acoth", "sign", "floor", "ceiling", "erf",
              "erfc", "gamma", "loggamma"}


def elementary(name: str, x: mpmath.mpf) -> mpmath.mpf:
    """An elementary function with its own reading of where it is defined."""
    # a pole: the cosine (sine) vanishes to every digit computed — π/2 is never a float, so "== 0" alone would
    # read tan(π/2) as a huge number (the engine decides such a pole exactly, from the argument's ratio to π)
    negligible = mpmath.mpf(10) ** (-mpmath.mp.dps + 5) * max(1, abs(x))
    if name in ("tan", "sec") and abs(mpmath.cos(x)) <= negligible or \
            name in ("cot", "csc") and abs(mpmath.sin(x)) <= negligible:
        raise NoValue(name)
    if name in ("coth", "csch") and x == 0:
        raise NoValue(name)
    if name in ("gamma", "loggamma") and (mpmath.isint(x) and x <= 0 or name == "loggamma" and x <= 0):
        raise NoValue(name)
    if name == "sign":
        return mpmath.mpf((x > 0) - (x < 0))
    if name in ("floor", "ceiling"):
        return mpmath.floor(x) if name == "floor" else mpmath.ceil(x)
    if name.startswith("a"):
        return _real_inverse(name, x)
    if name in ("sin", "cos", "tan", "cot") and abs(getattr(mpmath, name)(x)) <= negligible:
        return mpmath.mpf(0)  # cos(π/2), tan(π) vanish to every digit computed: the 0 they are (1/cos(π/2) has no
        # value, and ∛∛tan π is 0, not the 10⁻⁶ a float's tan π leaves under two cube roots)
    return getattr(mpmath, name)(x)


class TooClose(Exception):
    """A base within rounding of 0 from below: 0 or negative, which a finer evaluation tells apart."""


def _at_zero(base: mpmath.mpf) -> mpmath.mpf:
    """A negative base within rounding of 0 (a sum of thirds that is exactly 0) is read at finer precision, and
    at the finest as the 0 it is."""
    if base < 0 and -base < mpmath.mpf(10) ** (-(mpmath.mp.dps - 10)):
        if mpmath.mp.dps < FINER[-1]:
            raise TooClose()
        return mpmath.mpf(0)
    return base


def power(base: mpmath.mpf, exponent: mpmath.mpf) -> mpmath.mpf:
    if not mpmath.isint(exponent):
        base = _at_zero(base)
    if mpmath.isint(exponent):
        if base == 0:
            if exponent < 0:
                raise NoValue("0 to a negative power")
            return mpmath.mpf(1) if exponent == 0 else mpmath.mpf(0)
        return base**int(exponent)
    if base < 0:
        raise NoValue("non-integer power of a negative number")
    if base == 0:
        if exponent > 0:
            return mpmath.mpf(0)
        raise NoValue("0 to a negative power")
    return mpmath.power(base, exponent)


def side(expr: sp.Basic, point: dict[sp.Basic, Fraction], digits: int = DIGITS) -> mpmath.mpf | None:
    try:
        return value(expr, point, digits)
    except (NoValue, ZeroDivisionError):
        return None


FINER = (DIGITS, 400, 1300)
"""Digits tried in turn while two values are closer than the evaluation can tell apart (10^-200 shifts)."""


def fails(lhs: sp.Basic, relation: str, rhs: sp.Basic, point: dict[sp.Basic, Fraction],
          semantics: str = "strict") -> bool:
    """Whether the relation fails at the point under the semantics, by this independent evaluation."""
    for digits in FINER:
        try:
            left, right = side(lhs, point, digits), side(rhs, point, digits)
        except TooClose:
            continue
        if left is None or right is None:
            if semantics == "where-defined":
                return False
            if relation == "=":
                return (left is None) != (right is None)
            return True
        with mpmath.workdps(digits):
            tolerance = mpmath.mpf(10) ** (-digits + 10) * max(1, abs(left), abs(right))
            apart = abs(left - right) > tolerance
            if not apart and digits != FINER[-1]:
                continue  # too close to call at this precision
            if relation == "=":
                return apart
            if relation in ("!=", "<", ">") and not apart:
                return True  # equal to every digit computed (sin π against 0): a strict relation fails
            if relation == "!=":
                return False
            return {"<": left >= right, "<=": left > right + tolerance, ">": left <= right,
                    ">=": left < right - tolerance}[relation]
    raise AssertionError("unreachable")


def inside(claim: Any, point: dict[sp.Basic, Fraction]) -> bool:
    """Whether a point lies in the claim's declared domain (distributions summing to 1 included)."""
    groups: dict[tuple[str, ...], Fraction] = {}
    for atom, domain in claim.domains:
        if atom not in point:
            continue
        if not domain.contains(point[atom]):
            return False
        if domain.group:
            groups[domain.group] = groups.get(domain.group, Fraction(0)) + point[atom]
    return all(total == 1 for total in groups.values())


def replays(claim: Any, verdict: Any) -> bool:
    """A refutation's counterexample, replayed: inside the domain, and the relation fails there."""
    example = verdict.counterexample
    point = {atom: Fraction(str(v)) for atom, v in example.values}
    if not inside(claim, point):
        return False
    written = claim.written_parts()
    part = written[example.enclosure.part]
    from checker.engine.conditions import computable  # derivatives carried out as the report does

    return fails(computable(part.lhs), part.relation.value, computable(part.rhs), point, claim.semantics.value)


def violated(entry: dict[str, Any]) -> bool:
    """Whether an option of the JSON report fails at its counterexample (rebuilt from the report alone)."""
    definitions = {rebuild(d["atom"]): rebuild(d["expr"]) for d in entry["definitions"]}
    point = {rebuild(atom): Fraction(v) for atom, v in entry["counterexample_atoms"]}
    part = entry["parts"][entry["enclosures"]["part"]]
    sides = []
    for key in ("lhs", "rhs"):
        expr = rebuild(part[key])
        for _ in range(8):
            with sp.evaluate(False):
                expr = expr.xreplace(definitions)
        if expr.has(sp.Derivative):
            # derivatives are carried out symbolically (the derivative atoms of undefined functions stay atoms)
            expr = expr.doit()
        sides.append(expr)
    return fails(sides[0], part["relation"], sides[1], point, entry.get("semantics") or "strict")
