"""Exact proofs that two closed expressions are the same number: what numerics can never confirm.

Ball arithmetic separates two different constants (their balls become disjoint as the precision rises), but two
equal constants overlap at every precision: that is evidence, not proof. :func:`prove_zero` proves that a
difference of constants is 0 from three exact facts, each sufficient for its own part of the difference:

- **algebraic part** (rationals, roots, powers with rational exponents, sin/cos/tan at rational multiples of π):
  its minimal polynomial over ℚ is
  ``t`` (SymPy's ``minimal_polynomial``, exact algebra), so it is 0;
- **logarithms** ``Σ cⱼ log bⱼ`` of positive algebraic numbers, or of rational functions of e (a rational
  constant r taken as r·log e), with rational cⱼ: with D the common denominator, ``Π bⱼ^{D cⱼ} = 1`` exactly
  (as a rational function of t = e, which needs nothing of e), and log is injective on the positive reals;
- **inverse tangents and sines** ``Σ cₖ θₖ + r π`` (acot, acos, asec, acsc rewritten first: acot q = atan(1/q),
  acos q = π/2 − asin q, asec q = π/2 − asin(1/q), acsc q = asin(1/q), and atan a = ±π/2 − atan(1/a) for
  |a| > 1, so atan e + atan(1/e) cancels to π/2 whatever e is): each θ is the argument of a Gaussian
  number z (atan a = arg(1 + i a), asin a = arg(√(1 − a²) + i a)); with D the common denominator of the cₖ and
  r, ``W = Π zₖ^{D cₖ} · (−1)^{D r}`` is a positive real, so D·(Σ cₖ θₖ + r π) ∈ 2πℤ; and an Arb enclosure puts
  the sum strictly inside (−2π/D, 2π/D), so it is 0 (Machin's formula, arctan addition, arcsin + arccos = π/2).

A difference whose terms do not split this way (a product of two transcendental constants, π·√2, exp of an
irrational) gets no proof: the claim is then undecided with the digits to which its sides agree, never refuted.
"""

from __future__ import annotations

import math
from fractions import Fraction

import sympy as sp
from sympy.polys.polyerrors import BasePolynomialError

from checker.values.functions import realroot

from .balls import Uncertain, Undefined, endpoints
from .interval import evaluate

MAX_RADICALS = 6
"""Distinct radicals the minimal polynomial is asked about (its degree grows as the product of their degrees)."""
MAX_DEGREE = 512
"""Largest product of the radicals' degrees sent to ``minimal_polynomial`` (beyond it: no proof, not a hang)."""
MAX_EXPONENT = 4096
"""Largest power D·c a Gaussian or log factor is raised to."""

_T = sp.Dummy("t")
_E_T = sp.Dummy("e")
_INVERSE_TRIG = (sp.atan, sp.acot, sp.asin, sp.acos, sp.asec, sp.acsc)


def prove_zero(difference: sp.Expr) -> tuple[str, ...] | None:
    """Steps of an exact proof that a closed expression (SymPy's evaluated form) is 0, or None."""
    if difference == 0:
        return ("lhs − rhs is 0 once SymPy's exact arithmetic is carried out",)
    rewritten, notes = _rewritten(difference)
    numerator, denominator = sp.fraction(sp.together(rewritten)) if rewritten.has(sp.log) else (rewritten, 1)
    if denominator != 1:
        # (log 2 + log 5)/log 10 − 1: the numerator must vanish, over a denominator certified non-zero
        if _sign(denominator) == 0:
            return None
        notes.append(f"over the common denominator {denominator}, certified non-zero by Arb")
    expanded = sp.expand(numerator, power_base=False, power_exp=False, log=False)
    if expanded == 0:
        return (*notes, "lhs − rhs expands to 0")
    try:
        algebraic, logs, angles, pi = _split(expanded)
    except _NoProof:
        return None
    steps = list(notes)
    for part in (_algebraic_zero(algebraic), _logs_zero(logs), _angles_zero(angles, pi)):
        if part is None:
            return None
        steps.extend(part)
    return tuple(steps) or ("lhs − rhs is 0: its terms cancel",)


MAX_FACTORED = 10**12
"""Logarithms of rationals whose parts are below this are written over primes (trial division stays instant)."""


def _rewritten(e: sp.Expr) -> tuple[sp.Expr, list[str]]:
    """Exact rewrites, each valid wherever the written function is defined: odd real roots as signed powers,
    erfc = 1 − erf, inverse hyperbolic functions as logarithms, and log q = Σ eₚ log p for a positive rational q."""
    notes: list[str] = []
    e = _real_roots(e)
    if e.has(sp.erfc):
        e = e.replace(lambda n: isinstance(n, sp.erfc), lambda n: 1 - sp.erf(n.args[0]))
        notes.append("erfc = 1 − erf")
    hyperbolic = {sp.asinh: lambda a: sp.log(a + sp.sqrt(a**2 + 1)), sp.acosh: lambda a: sp.log(a + sp.sqrt(a**2 - 1)),
                  sp.atanh: lambda a: sp.log((1 + a) / (1 - a)) / 2, sp.acoth: lambda a: sp.log((a + 1) / (a - 1)) / 2}
    if e.has(*hyperbolic):
        e = e.replace(lambda n: type(n) in hyperbolic and _is_algebraic(n.args[0]),
                      lambda n: hyperbolic[type(n)](n.args[0]))
        notes.append("inverse hyperbolic functions as logarithms (artanh a = ½ log((1 + a)/(1 − a)), …)")
    logs = [n for n in e.atoms(sp.log) if n.args[0].is_Rational and n.args[0] > 0 and n.args[0] != 1
            and max(abs(n.args[0].p), n.args[0].q) < MAX_FACTORED]
    if logs:
        over_primes = {}
        for node in logs:
            q = node.args[0]
            exponents = {**sp.factorint(q.p), **{p: -k for p, k in sp.factorint(q.q).items()}}
            over_primes[node] = sp.Add(*(k * sp.log(p) for p, k in exponents.items() if p != 1))
        e = e.xreplace(over_primes)
        notes.append("logarithms of rationals written over primes (log 12 = 2 log 2 + log 3)")
    return e, notes


class _NoProof(Exception):
    pass


def _real_roots(e: sp.Expr) -> sp.Expr:
    """Odd real roots as powers: ∛a is a^{1/3} for a > 0 and −(−a)^{1/3} for a < 0 (the sign certified by Arb)."""
    def rewrite(node: sp.Expr) -> sp.Expr:
        radicand, degree = node.args
        side = _sign(radicand)
        if side == 0 or not degree.is_Integer:
            raise _NoProof
        return sp.Pow(radicand, 1 / degree) if side > 0 else -sp.Pow(-radicand, 1 / degree)

    if not e.has(realroot):
        return e
    try:
        return e.replace(lambda node: isinstance(node, realroot), rewrite)
    except _NoProof:
        return e


def _split(expr: sp.Expr) -> tuple[sp.Expr, dict[sp.Expr, Fraction], dict[tuple[str, sp.Expr], Fraction], Fraction]:
    """The difference as algebraic + Σ c log b + Σ c θ + r π, every coefficient rational."""
    algebraic: list[sp.Expr] = []
    logs: dict[sp.Expr, Fraction] = {}
    angles: dict[tuple[str, sp.Expr], Fraction] = {}
    pi = Fraction(0)
    for term in sp.Add.make_args(expr):
        coefficient, rest = term.as_coeff_Mul()
        if not coefficient.is_Rational:
            raise _NoProof
        c = Fraction(int(coefficient.p), int(coefficient.q))
        if _is_algebraic(rest):
            algebraic.append(term)
        elif rest is sp.pi:
            pi += c
        elif isinstance(rest, sp.log) and len(rest.args) == 1 and (_is_algebraic(rest.args[0])
                                                                   or _in_e(rest.args[0]) is not None):
            logs[rest.args[0]] = logs.get(rest.args[0], Fraction(0)) + c
        elif isinstance(rest, _INVERSE_TRIG) and not rest.args[0].free_symbols:
            for kind, argument, weight, shift in _canonical_angle(rest):
                angles[(kind, argument)] = angles.get((kind, argument), Fraction(0)) + c * weight
                pi += c * shift
        else:
            raise _NoProof
    logs = {b: c for b, c in logs.items() if c}
    rational = sp.Add(*algebraic)
    if logs and rational.is_Rational and rational != 0 and any(_in_e(b) is not None and not _is_algebraic(b)
                                                               for b in logs):
        logs[sp.E] = logs.get(sp.E, Fraction(0)) + Fraction(int(rational.p), int(rational.q))  # r = r·log e
        algebraic = []
    angles = {k: c for k, c in angles.items() if c}
    if not all(_is_algebraic(a) for _, a in angles):
        raise _NoProof  # an angle of a transcendental argument that did not cancel
    return sp.Add(*algebraic), {b: c for b, c in logs.items() if c}, angles, pi


def _canonical_angle(e: sp.Expr) -> list[tuple[str, sp.Expr, int, Fraction]]:
    """An inverse-trigonometric value as weight·θ + shift·π with θ = atan(a) or asin(a) (valid wherever the
    written function is defined, which the definedness half of the proof requires separately)."""
    a = e.args[0]
    if isinstance(e, sp.atan):
        side = _sign(a, beyond=1)
        if side:  # atan a = ±π/2 − atan(1/a) for |a| > 1: atan e and atan(1/e) meet under one key
            return [("atan", sp.Integer(1) / a, -1, Fraction(side, 2))]
        return [("atan", a, 1, Fraction(0))]
    if isinstance(e, sp.asin):
        return [("asin", a, 1, Fraction(0))]
    if isinstance(e, sp.acos):
        return [("asin", a, -1, Fraction(1, 2))]
    if a == 0:
        if isinstance(e, sp.acot):
            return [("atan", sp.Integer(0), 0, Fraction(1, 2))]  # acot 0 = π/2
        raise _NoProof  # asec 0, acsc 0 are undefined
    inverse = sp.Integer(1) / a
    if isinstance(e, sp.acot):
        return [("atan", inverse, 1, Fraction(0))]
    if isinstance(e, sp.asec):
        return [("asin", inverse, -1, Fraction(1, 2))]
    return [("asin", inverse, 1, Fraction(0))]


def _sign(a: sp.Expr, beyond: int = 0) -> int:
    """1 if a > beyond, −1 if a < −beyond (certified by an Arb enclosure), else 0 (not settled)."""
    try:
        low, high = endpoints(evaluate(a, {}, 113))
    except (Undefined, Uncertain):
        return 0
    return 1 if low > beyond else -1 if high < -beyond else 0


def _is_algebraic(e: sp.Expr) -> bool:
    if e.is_Rational:
        return True
    if isinstance(e, (sp.sin, sp.cos, sp.tan)):  # at a rational multiple of π: algebraic (a root of unity's parts)
        coefficient, rest = e.args[0].as_coeff_Mul()
        return rest is sp.pi and coefficient.is_Rational
    if isinstance(e, sp.Pow):
        return e.exp.is_Rational and _is_algebraic(e.base)
    if isinstance(e, (sp.Add, sp.Mul)):
        return all(_is_algebraic(a) for a in e.args)
    return False


def _radicals(e: sp.Expr) -> set[sp.Expr]:
    return {p for p in e.atoms(sp.Pow) if not p.exp.is_Integer} | e.atoms(sp.sin, sp.cos, sp.tan)


def _degree(radicals: set[sp.Expr]) -> int:
    """A bound on the degree of the field the radicals generate: the product of the roots' indices, times 2L for
    the trigonometric values at multiples of π/L (all of them lie in the cyclotomic field of the 2L-th roots)."""
    roots = math.prod(int(r.exp.q) for r in radicals if isinstance(r, sp.Pow))
    trig = [int(r.args[0].as_coeff_Mul()[0].q) for r in radicals if not isinstance(r, sp.Pow)]
    return roots * (2 * math.lcm(*trig) if trig else 1)


def is_zero_algebraic(e: sp.Expr) -> bool:
    """Whether an algebraic number is exactly 0 (its minimal polynomial is t); False when it is not or cannot be
    settled within :data:`MAX_RADICALS`."""
    e = sp.expand(e)
    if e == 0:
        return True
    radicals = _radicals(e)
    if len(radicals) > MAX_RADICALS or _degree(radicals) > MAX_DEGREE:
        return False
    try:
        return sp.minimal_polynomial(e, _T) == _T
    except (NotImplementedError, sp.PolynomialError, ValueError):
        return False


def _algebraic_zero(algebraic: sp.Expr) -> list[str] | None:
    if algebraic == 0:
        return []
    if not is_zero_algebraic(algebraic):
        return None
    return [f"the algebraic part {algebraic} has minimal polynomial t over ℚ, so it is 0"]


def _denominator(coefficients: list[Fraction]) -> int:
    return math.lcm(*(c.denominator for c in coefficients)) if coefficients else 1


def _logs_zero(logs: dict[sp.Expr, Fraction]) -> list[str] | None:
    if not logs:
        return []
    d = _denominator(list(logs.values()))
    powers = {b: int(c * d) for b, c in logs.items()}
    if any(abs(n) > MAX_EXPONENT for n in powers.values()):
        return None
    if any(not _is_algebraic(b) for b in logs):
        # arguments that are rational functions of e (softplus: log(1 + e²) − 2 = log(1 + e^{−2})): the product
        # is 1 as a rational function of t = e, so it is 1 at t = e (no property of e is needed)
        product = sp.Integer(1)
        for b, n in powers.items():
            function = b if b.is_Rational else _in_e(b)
            if function is None:
                return None  # an irrational algebraic argument beside powers of e: not a rational function of e
            product *= function**n
        try:
            cancelled = sp.cancel(product - 1)
        except BasePolynomialError:  # SymPy's heuristic gcd giving up on large coefficients: no proof
            return None
        if cancelled != 0 or not all(_sign(b) > 0 for b in logs):
            return None
    elif all(b.is_Rational and b > 0 for b in logs):
        product = Fraction(1)
        for b, n in powers.items():
            product *= Fraction(int(b.p), int(b.q)) ** n
        if product != 1:
            return None
    elif not all(_sign(b) > 0 for b in logs) or \
            not is_zero_algebraic(sp.Mul(*(b**n for b, n in powers.items())) - 1):
        return None
    written = " · ".join(f"({b})^{n}" for b, n in powers.items())
    return [f"the logarithms: {written} = 1 exactly, so {d}·Σ c·log b = log 1 = 0"]


def _in_e(b: sp.Expr) -> sp.Expr | None:
    """``b`` as a rational function of t = e with rational coefficients, or None."""
    if b.free_symbols or not b.has(sp.E, sp.exp):
        return None
    replaced = b.replace(lambda node: isinstance(node, sp.exp), lambda node: _E_T ** node.args[0]).subs(sp.E, _E_T)
    if replaced.has(sp.E) or not replaced.is_rational_function(_E_T):
        return None
    numerator, denominator = sp.fraction(sp.together(replaced))
    try:
        polynomials = (sp.Poly(numerator, _E_T), sp.Poly(denominator, _E_T))
    except sp.PolynomialError:
        return None
    if not all(c.is_Rational for poly in polynomials for c in poly.coeffs()):
        return None
    return replaced


def _angles_zero(angles: dict[tuple[str, sp.Expr], Fraction], pi: Fraction) -> list[str] | None:
    if not angles and pi == 0:
        return []
    d = _denominator([*angles.values(), pi])
    powers = {key: int(c * d) for key, c in angles.items()}
    m = int(pi * d)
    if any(abs(n) > MAX_EXPONENT for n in powers.values()) or abs(m) > MAX_EXPONENT:
        return None
    if not _positive_real(powers, m):
        return None
    total = sp.Add(*(c_sym * (sp.atan(a) if kind == "atan" else sp.asin(a))
                     for (kind, a), c_sym in ((k, sp.Rational(c.numerator, c.denominator)) for k, c in angles.items())),
                   sp.Rational(pi.numerator, pi.denominator) * sp.pi)
    try:
        low, high = endpoints(evaluate(total - 2 * sp.pi / d, {}, 113))
        low2, high2 = endpoints(evaluate(total + 2 * sp.pi / d, {}, 113))
    except (Undefined, Uncertain):
        return None
    if not (high < 0 and low2 > 0):
        return None
    factors = " · ".join(f"({'1' if kind == 'atan' else f'√(1 − ({a})²)'} + i·{a})^{n}"
                         for (kind, a), n in powers.items())
    sign = f" · (−1)^{m}" if m else ""
    angle = "Σ c·θ" + (f" − ({-pi})·π" if pi < 0 else f" + ({pi})·π" if pi > 0 else "")
    return [f"the angles: {factors or '1'}{sign} is a positive real, so {d}·({angle}) ∈ 2πℤ; "
            f"Arb puts {angle} strictly inside (−2π/{d}, 2π/{d}), so it is 0"]


def _positive_real(powers: dict[tuple[str, sp.Expr], int], m: int) -> bool:
    """Whether Π zₖ^{nₖ} · (−1)^m is a positive real (a negative power of z is taken as a power of z̄: same
    direction, |z|² > 0 aside)."""
    if all(kind == "atan" and a.is_Rational for kind, a in powers):
        re, im = (Fraction(-1) if m % 2 else Fraction(1)), Fraction(0)
        for (_, a), n in powers.items():
            zr, zi = Fraction(1), Fraction(int(a.p), int(a.q)) * (1 if n > 0 else -1)
            for _ in range(abs(n)):
                re, im = re * zr - im * zi, re * zi + im * zr
        return im == 0 and re > 0
    w = sp.Integer(-1) ** m
    for (kind, a), n in powers.items():
        real = sp.Integer(1) if kind == "atan" else sp.sqrt(1 - a**2)
        if not _is_algebraic(real):
            return False
        w *= (real + (sp.I if n > 0 else -sp.I) * a) ** abs(n)
    re, im = sp.expand(w).as_real_imag()
    if len(_radicals(re) | _radicals(im)) > MAX_RADICALS:
        return False
    return is_zero_algebraic(im) and _sign(re) > 0
