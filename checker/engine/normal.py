"""Exact rewrites shared by the prover: each step is an identity valid on the claim's domain."""

from __future__ import annotations

import contextvars
import math
from collections.abc import Iterable
from dataclasses import dataclass

import sympy as sp
from sympy.polys.polyerrors import BasePolynomialError

from checker.numeric.polynomials import TooLarge, expanded_numerator
from checker.values.domains import Domain
from checker.values.functions import expand_sigmoid, sigmoid
from checker.values.written import Rewrite, brief, unfold

from .logs import expand_logs, split_nonnegative_logs
from .products import one_rising_factorial_per_class

__all__ = ["unfold", "rational_form", "numerator_form", "NormalForm", "TooLarge", "SYMPY_REFUSALS"]

SYMPY_REFUSALS = (ArithmeticError, ValueError, TypeError, NotImplementedError, BasePolynomialError)
"""What SymPy raises when it cannot carry out a step (a number beyond its floats, an incomparable max, its
heuristic gcd giving up): a strategy that meets one gives no proof, and the next is tried."""


def parity(expr: sp.Expr) -> sp.Expr:
    """Write (−c)^e with an integer-valued polynomial exponent e as (−1)^(e mod 2)·c^e (exact for integers).

    The exponent is reduced modulo 2 term by term (n² ≡ n), so (−1)^(n² + n) becomes (−1)^0 = 1.
    """
    def reducible(e: sp.Basic) -> bool:
        return (isinstance(e, sp.Pow) and e.base.is_Rational and e.base < 0 and not e.exp.is_Number
                and bool(e.exp.is_integer))

    def reduce(e: sp.Pow) -> sp.Expr:
        exponent = sp.expand(e.exp)
        symbols = sorted(exponent.free_symbols, key=str)
        if not symbols or not all(s.is_integer for s in symbols):
            return e
        try:
            poly = sp.Poly(exponent, *symbols)
        except sp.PolynomialError:
            return e
        if not all(c.is_Integer for c in poly.coeffs()):
            return e
        reduced = sp.Add(*(sp.Mul(int(c) % 2, *(s for s, k in zip(symbols, monomial) if k))
                           for monomial, c in poly.terms()))
        sign = sp.Pow(-1, reduced)
        return sign if e.base == -1 else sign * sp.Pow(-e.base, e.exp)

    return expr.replace(reducible, reduce)


def even_powers(expr: sp.Expr) -> sp.Expr:
    """Write (−b)^n as b^n for even n and −b^n for odd n, with b the sign-canonical base (exact)."""
    def flippable(e: sp.Basic) -> bool:
        return (isinstance(e, sp.Pow) and e.exp.is_Integer and isinstance(e.base, sp.Add)
                and e.base.could_extract_minus_sign())

    def flip(e: sp.Pow) -> sp.Expr:
        power = sp.Pow(-e.base, e.exp)
        return power if int(e.exp) % 2 == 0 else -power

    return expr.replace(flippable, flip)


def factor_roots(expr: sp.Expr) -> sp.Expr:
    """Factor the base of each power with a non-integer rational exponent (the same number, written one way)."""
    def root(e: sp.Basic) -> bool:
        return (isinstance(e, sp.Pow) and e.exp.is_Rational and not e.exp.is_Integer
                and isinstance(e.base, (sp.Add, sp.Mul)))

    return expr.replace(root, lambda e: sp.Pow(sp.factor(e.base), e.exp))


def odd_roots(expr: sp.Expr) -> sp.Expr:
    """(b^m)^r = b^(m·r) for an odd integer m and a rational r: wherever the left side is real, b^m ≥ 0, so b ≥ 0."""
    def nested(e: sp.Basic) -> bool:
        return (isinstance(e, sp.Pow) and e.exp.is_Rational and not e.exp.is_Integer and isinstance(e.base, sp.Pow)
                and e.base.exp.is_Integer and int(e.base.exp) % 2 != 0)

    return expr.replace(nested, lambda e: sp.Pow(e.base.base, e.base.exp * e.exp))


def split_abs(expr: sp.Expr) -> sp.Expr:
    """|a·b| = |a|·|b|, with a polynomial argument factored first (valid everywhere)."""
    def product(e: sp.Basic) -> bool:
        return isinstance(e, sp.Abs) and (isinstance(e.args[0], sp.Mul) or e.args[0].is_polynomial())

    def split(e: sp.Abs) -> sp.Expr:
        inner = sp.factor(e.args[0]) if not isinstance(e.args[0], sp.Mul) else e.args[0]
        return sp.Mul(*(sp.Abs(f) for f in sp.Mul.make_args(inner)))

    return expr.replace(product, split)


def extrema_through_abs(expr: sp.Expr) -> sp.Expr:
    """max(a, b) = (a + b + |a − b|)/2 and min(a, b) = (a + b − |a − b|)/2 (exact everywhere)."""
    def pair(e: sp.Basic) -> bool:
        return isinstance(e, (sp.Max, sp.Min)) and len(e.args) == 2

    def rewrite(e: sp.Basic) -> sp.Expr:
        a, b = e.args
        sign = 1 if isinstance(e, sp.Max) else -1
        return (a + b + sign * sp.Abs(a - b)) / 2

    return expr.replace(pair, rewrite)


def integer_powers(expr: sp.Expr) -> sp.Expr:
    """(b^m)^n = b^(m·n) for an integer-valued n, wherever the left side is defined."""
    def nested(e: sp.Basic) -> bool:
        return (isinstance(e, sp.Pow) and isinstance(e.base, sp.Pow) and bool(e.exp.is_integer)
                and not e.exp.is_Number)

    return expr.replace(nested, lambda e: sp.Pow(e.base.base, e.base.exp * e.exp))


def geometric_series(expr: sp.Expr) -> sp.Expr:
    """Σ_{k≥a} C·r^k = C·r^a/(1 − r) wherever the series converges and r ≠ 1 (where r = 1 the closed form is
    undefined: a critical quantity, looked at separately)."""
    from checker.numeric.series import geometric

    def is_geometric(e: sp.Basic) -> bool:
        return isinstance(e, sp.Sum) and geometric(e) is not None

    return expr.replace(is_geometric, lambda e: geometric(e).closed_form())  # type: ignore[union-attr]


def falling_factorials(expr: sp.Expr) -> sp.Expr:
    """binomial(x, k) = x(x−1)…(x−k+1)/k! for a whole number k; (n + c)! = (n+1)…(n+c)·n! for a whole
    c > 0 when n is a non-negative integer (so that n! is defined wherever (n + c)! is)."""
    def binomial_of_whole(e: sp.Basic) -> bool:
        return isinstance(e, sp.binomial) and e.args[1].is_Integer and 0 <= int(e.args[1]) <= 40

    def falling(e: sp.Basic) -> sp.Expr:
        x, k = e.args
        return sp.Mul(*[x - i for i in range(int(k))]) / sp.factorial(int(k))

    def shifted(e: sp.Basic) -> bool:
        if not isinstance(e, sp.factorial):
            return False
        constant, rest = e.args[0].as_coeff_Add()
        return (constant.is_Integer and 0 < int(constant) <= 40 and rest != 0 and bool(rest.is_integer)
                and bool(rest.is_nonnegative))

    def product(e: sp.Basic) -> sp.Expr:
        constant, rest = e.args[0].as_coeff_Add()
        return sp.Mul(*[rest + i for i in range(1, int(constant) + 1)]) * sp.factorial(rest)

    return expr.replace(binomial_of_whole, falling).replace(shifted, product)


def factor_split_powers(expr: sp.Expr) -> sp.Expr:
    """Factored after b^(n+k) is written b^n·b^k, so that b^n can be taken out (x^(n+1) − x^n = x^n(x − 1)); the
    expression as it is where no exponent is a sum."""
    if not any(isinstance(p, sp.Pow) and isinstance(p.exp, sp.Add) for p in sp.preorder_traversal(expr)):
        return expr
    return sp.factor(sp.expand_power_exp(expr))


CIRCULAR = (sp.tan, sp.cot, sp.sec, sp.csc, sp.tanh, sp.coth, sp.sech, sp.csch)
WAVES = (sp.sin, sp.cos, sp.sinh, sp.cosh)


def sines_and_cosines(expr: sp.Expr) -> sp.Expr:
    """tan = sin/cos, sec = 1/cos, … (and the hyperbolic ones): their poles become denominators."""
    def rewrite(e: sp.Basic) -> sp.Expr:
        x = e.args[0]
        hyperbolic = isinstance(e, (sp.tanh, sp.coth, sp.sech, sp.csch))
        s, c = (sp.sinh(x), sp.cosh(x)) if hyperbolic else (sp.sin(x), sp.cos(x))
        name = type(e).__name__.rstrip("h")
        return {"tan": s / c, "cot": c / s, "sec": 1 / c, "csc": 1 / s}[name]

    return expr.replace(lambda e: isinstance(e, CIRCULAR), rewrite)


def waves_to_exp(expr: sp.Expr) -> sp.Expr:
    """sin x = (e^{ix} − e^{−ix})/(2i), cos x = (e^{ix} + e^{−ix})/2, and sinh, cosh likewise (exact for every
    complex x), so trigonometric identities become identities between exponentials."""
    return expr.replace(lambda e: isinstance(e, WAVES), lambda e: e.rewrite(sp.exp))


def powers_to_exp(expr: sp.Expr) -> sp.Expr:
    """Write b**e with a symbolic exponent as exp(e*log b), SymPy's own definition of such powers."""
    return expr.replace(lambda e: isinstance(e, sp.Pow) and not e.exp.is_Number,
                        lambda e: sp.exp(e.exp * sp.log(e.base)))


def split_exp(expr: sp.Expr) -> sp.Expr:
    """Rewrite exp(a + b) as exp(a)*exp(b) and exp(c*t) as exp(t)**c for a rational c (valid everywhere)."""
    return _SPLIT_EXP(expr)


def _split(e: sp.exp) -> sp.Expr:
    """exp(a + b + c·t) as exp(a)·exp(b)·exp(t)^c."""
    factors = []
    for term in sp.Add.make_args(sp.expand(e.args[0])):
        coeff, rest = term.as_coeff_Mul()
        if rest == 1:
            factors.append(sp.exp(coeff))
        elif coeff.is_Integer or (coeff.is_Rational and rest.is_extended_real):
            # exp(c·t) = exp(t)^c needs exp(t) > 0 unless c is an integer (t may be complex: log of a negative)
            factors.append(sp.Pow(sp.exp(rest, evaluate=False), coeff))
        else:
            factors.append(sp.exp(term))
    return sp.Mul(*factors)


_SPLIT_EXP = Rewrite(lambda e: isinstance(e, sp.exp), _split)


def generic_case(expr: sp.Expr) -> tuple[sp.Expr, tuple[sp.Expr, ...]]:
    """A Piecewise whose special cases are equations (Σ γᵏ is n + 1 where γ = 1) replaced by its last, generic
    piece; the equations' differences are returned as critical quantities (their zeros are checked separately)."""
    exceptions: dict[sp.Expr, None] = {}

    def generic(e: sp.Piecewise) -> sp.Expr:
        *special, (last, condition) = e.args
        if condition is not sp.true or not all(isinstance(c, sp.Eq) for _, c in special):
            raise _Unhandled
        for _, c in special:
            exceptions.setdefault(c.lhs - c.rhs)
        return last

    try:
        result = expr.replace(lambda e: isinstance(e, sp.Piecewise), generic)
    except _Unhandled:
        return expr, ()
    return result, tuple(exceptions)


class _Unhandled(Exception):
    """A Piecewise whose special cases are not equations."""


def eliminate_distributions(expr: sp.Expr, domains: Iterable[tuple[sp.Basic, Domain]],
                            among: frozenset[sp.Basic] | None = None) -> sp.Expr:
    """Replace the last entry of each declared distribution by one minus the others; with ``among``, the last
    entry that is in ``among`` (the entries a formula mentions: p_1 + p_2 of forty entries is 1 − p_3 − … − p_40)."""
    groups: dict[tuple[str, ...], list[sp.Symbol]] = {}
    for atom, domain in domains:
        if domain.group and isinstance(atom, sp.Symbol):
            groups.setdefault(domain.group, []).append(atom)
    substitution = {}
    for names, members in groups.items():
        by_name = {m.name: m for m in members}
        if len(by_name) != len(names):
            continue
        ordered = [by_name[n] for n in names]
        chosen = [m for m in ordered if among is None or m in among]
        if chosen:
            substitution[chosen[-1]] = 1 - sp.Add(*(m for m in ordered if m is not chosen[-1]))
    return expr.xreplace(substitution) if substitution else expr


@dataclass(frozen=True, slots=True)
class NormalForm:
    """lhs − rhs reduced to the expanded numerator of a rational function in its exp/log atoms.

    The reduction is exact wherever every quantity in ``critical`` is non-zero (the common denominator's
    factors, and the arguments of logarithms — including those of b^e = exp(e·log b)); at points where
    one vanishes the caller must look separately.
    """

    numerator: sp.Expr
    critical: tuple[sp.Expr, ...]
    steps: tuple[str, ...]
    """The rewrites, printed; empty unless the numerator is 0 (only a proof shows them)."""


def rational_form(expr: sp.Expr, domains: Iterable[tuple[sp.Basic, Domain]]) -> NormalForm:
    """Reduce an expression to the expanded numerator of a rational function in its exp/log atoms, with steps.

    The steps are printed only for a zero numerator, the one case a proof shows them (printing the expressions
    costs more than most rewrites)."""
    steps: list[tuple[str, sp.Expr]] = []
    current = expr
    kinds = _kinds(current)

    def step(name: str, rewrite: object, *triggers: type) -> None:
        """Apply a rewrite, unless it acts on nodes of kinds (``triggers``) the expression does not have."""
        nonlocal current, kinds
        if triggers and not any(issubclass(kind, triggers) for kind in kinds):
            return
        new = rewrite(current)  # type: ignore[operator]
        if new != current:
            steps.append((name, new))
            current, kinds = new, _kinds(new)

    step("geometric series Σ C·r^k summed: C·r^a/(1 − r)", geometric_series, sp.Sum)
    step("unfold derivatives and sums", unfold)
    step("rising factorials of one class through the least: (a + m)ₙ = (a)ₙ·(a + n)ₘ/(a)ₘ",
         one_rising_factorial_per_class, sp.RisingFactorial)
    generic, exceptions = generic_case(current)
    if exceptions:
        steps.append((f"the generic case (its exceptions, where {', '.join(f'{e} = 0' for e in exceptions)}, are "
                      "looked at separately)", generic))
        current = generic
    step("σ(x) = 1/(1 + exp(-x))", expand_sigmoid, sigmoid)
    step("erfc(x) = 1 − erf(x)", lambda e: e.replace(lambda n: isinstance(n, sp.erfc), lambda n: 1 - sp.erf(n.args[0])),
         sp.erfc)
    step("binomials of a whole k and shifted factorials as products", falling_factorials, sp.binomial, sp.factorial)
    step("max and min through |·|", extrema_through_abs, sp.Max, sp.Min)
    step("(−c)^n = (−1)^(n mod 2)·c^n for integer n", parity, sp.Pow)
    step("(−b)^n = ±b^n for integer n", even_powers, sp.Pow)
    step("bases of roots factored", factor_roots, sp.Pow)
    step("(b^m)^r = b^(m·r) for odd m", odd_roots, sp.Pow)
    step("(b^m)^n = b^(m·n) for integer n", integer_powers, sp.Pow)
    step("|a·b| = |a|·|b|", split_abs, sp.Abs)
    step("log of a product split (every factor but one positive), log(bⁿ) = n·log b", split_nonnegative_logs, sp.log)
    step("b^e = exp(e·log b)", powers_to_exp, sp.Pow)
    for _ in range(2):
        step("expand logs (positive arguments)", expand_logs, sp.log)
        step("exp(a+b) = exp(a)·exp(b)", split_exp, sp.exp)
    step("tan = sin/cos, sec = 1/cos, …", sines_and_cosines, *CIRCULAR)
    critical = _critical(current) + tuple(exceptions)
    if current.has(*WAVES):
        # the zeros of e^{ix} + e^{-ix} are those of cos x, already among the critical quantities
        step("sin and cos (sinh and cosh) through exp", waves_to_exp)
        step("exp(a+b) = exp(a)·exp(b)", split_exp)
    step("distribution entries sum to 1", lambda e: eliminate_distributions(e, domains))
    numerator = numerator_form(current)
    if numerator != current:
        steps.append(("numerator over a common denominator, exp/log atoms as variables, expanded", numerator))
    shown = tuple(f"{name}: {brief(value)}" for name, value in steps) if numerator == 0 else ()
    return NormalForm(numerator, critical, shown)


def _kinds(expr: sp.Basic) -> set[type]:
    """The classes of the nodes of an expression: which rewrites have something to act on."""
    return {type(node) for node in sp.preorder_traversal(expr)}


def _critical(expr: sp.Expr) -> tuple[sp.Expr, ...]:
    """Where the rewritten expression may break: log arguments and the bases of negative powers (the
    common denominator is a product of these)."""
    found: dict[sp.Expr, None] = {}
    # in a fixed order (atoms() is a set): the order of the points accounted for, as a proof prints them
    for atom in sorted(expr.atoms(sp.log), key=sp.default_sort_key):
        found.setdefault(atom.args[0])
    for power in sorted(expr.atoms(sp.Pow), key=sp.default_sort_key):
        if power.exp.is_number and power.exp.is_negative and not power.base.is_number:
            found.setdefault(power.base)
    return tuple(found)


MAX_TERMS = 20_000
"""Largest expansion the normal form attempts (each power of a sum multiplies out)."""


TERM_LIMIT: contextvars.ContextVar[int] = contextvars.ContextVar("TERM_LIMIT", default=MAX_TERMS)
"""The expansion limit in force: lower while a speculative strategy (a bound through ln t ≤ t − 1) tries it."""


def expansion_size(expr: sp.Expr) -> int:
    """An upper bound on the number of terms ``expand(expr)`` produces."""
    if isinstance(expr, sp.Add):
        return sum(expansion_size(a) for a in expr.args)
    if isinstance(expr, sp.Mul):
        size = 1
        for a in expr.args:
            size *= expansion_size(a)
            if size > MAX_TERMS:
                return size
        return size
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer and expr.exp > 0 and isinstance(expr.base, sp.Add):
        terms, n = len(expr.base.args), int(expr.exp)
        return math.comb(n + terms - 1, terms - 1) if n < 10**6 else MAX_TERMS + 1
    return 1


def numerator_form(expr: sp.Expr) -> sp.Expr:
    """The expanded numerator of ``expr`` over a common denominator, its exp and log atoms as variables.

    The expression is zero wherever the denominator is not exactly when this polynomial is zero, whatever
    values the atoms take; replacing the atoms by plain variables keeps the polynomial arithmetic fast and
    cannot make a non-zero numerator vanish. FLINT's polynomials answer first
    (:func:`~checker.numeric.polynomials.expanded_numerator`); SymPy's ``together`` and ``expand`` only where
    a relation between other atoms (√x·√x = x) might still cancel what FLINT leaves.
    """
    limit = TERM_LIMIT.get()
    fast = expanded_numerator(expr, limit)  # exp and log atoms are indeterminates there already
    if fast is not None and fast[1]:
        return fast[0]
    atoms = sorted(expr.atoms(sp.exp) | expr.atoms(sp.log), key=sp.default_sort_key)
    variables = {atom: sp.Dummy(f"g{i}") for i, atom in enumerate(atoms)}
    back = {v: a for a, v in variables.items()}
    replaced = expr.xreplace(variables)
    numerator, _ = sp.fraction(sp.together(replaced))
    if expansion_size(numerator) > limit:
        raise TooLarge(f"expanding the numerator would produce more than {limit:,} terms")
    return sp.expand(numerator).xreplace(back)
