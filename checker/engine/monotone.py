"""Comparisons proved by monotonicity in one variable (the others fixed): sin x ≤ x for x ≥ 0, cos x ≥ 1 − x²/2,
σ(b + h) − σ(b) ≤ h/4 for h ≥ 0; over the integers, by induction: 2ⁿ ≥ n + 1.

For ``f(x) ≥ 0`` on an interval (f the difference of the sides, turned so the relation reads ≥), pick a point c of
the interval or an end of it — a closed end, an open end, else 0, 1, −1 or ½ — and prove, each by the other
strategies under strict semantics:

1. f(c) ≥ 0 (> 0 for a strict relation), a relation between constants;
2. right of c, on [c, hi]: f′(x) ≥ 0, the derivative *defined on the whole piece* (so f is differentiable there,
   hence continuous, with no kink or pole a where-defined derivative would step over) — an open end c included,
   so f is defined and continuous at c even though the claim's domain stops short of it;
3. left of c, on [lo, c]: f′(x) ≤ 0, likewise.

By the mean value theorem f(x) − f(c) has the sign of (x − c)·f′(ξ) for some ξ between them, which is ≥ 0 on
both pieces, so f(x) ≥ f(c) ≥ 0 on the whole interval (and > 0 when f(c) > 0). The derivative's own sign may need
this argument again (cos x ≥ 1 − x²/2 needs x − sin x ≥ 0 on x ≥ 0): at most :data:`MAX_LEVEL` derivatives deep.
Only formulas built from smooth elementary functions and |·|, max, min and roots, whose points of
non-differentiability the strict derivative claim rules out (:func:`.conditions.differentiability`).
"""

from __future__ import annotations

import contextvars
import math
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction

import sympy as sp

from checker.values.claims import Claim, Relation, Relational
from checker.values.domains import Domain
from checker.values.functions import sigmoid
from checker.values.semantics import Semantics
from checker.values.written import beyond_degree, brief, unfold

from .evidence import Proof
from .normal import SYMPY_REFUSALS, falling_factorials

MAX_LEVEL = 3
"""How many derivatives deep the argument may go (sin x ≥ x − x³/6 needs three)."""
MAX_OPS = 80
"""Largest difference (SymPy operations) tried: each point costs three sub-proofs."""
POINTS = (Fraction(0), Fraction(1), Fraction(-1), Fraction(1, 2))
"""Interior points tried after the closed ends, in order (½: the middle of a probability's (0, 1))."""
STATIONARY = tuple(Fraction(k, d) for d in (1, 2, 3, 4) for k in range(-4 * d, 4 * d + 1) if math.gcd(k, d) == 1)
"""Further points tried where f′ is exactly 0 there (a least value), ahead of the others: ±k/d up to 4."""
_SMOOTH = (sp.Add, sp.Mul, sp.Pow, sp.exp, sp.log, sp.sin, sp.cos, sp.atan, sp.sinh, sp.cosh, sp.tanh, sp.asinh,
           sp.erf, sigmoid, sp.Abs, sp.Max, sp.Min, sp.Symbol, sp.Number, sp.NumberSymbol)
"""The node kinds a difference may be built of: differentiable wherever defined, except where
:func:`.conditions.differentiability` says (|u| at 0, max where its arguments meet, a root at 0)."""
_LEVEL: contextvars.ContextVar[int] = contextvars.ContextVar("_LEVEL", default=0)
_SCALED: contextvars.ContextVar[bool] = contextvars.ContextVar("_SCALED", default=False)

_ORIENTED = {Relation.GE: (1, False), Relation.GT: (1, True), Relation.LE: (-1, False), Relation.LT: (-1, True)}


def monotone(claim: Claim, part: Relational, prove: Callable[[Claim], Proof | None],
             outermost: bool = True) -> Proof | None:
    """A proof of the comparison ``part`` (in one variable) by the sign of its difference's derivative, or by
    induction on an integer symbol with an end (the other symbols its parameters), or None:
    for the claim itself and the derivatives this argument asks about, not for what other strategies reduced the
    claim to (their guesses would spend the claim's sub-proofs)."""
    if part.relation not in _ORIENTED or _LEVEL.get() >= MAX_LEVEL or (not outermost and _LEVEL.get() == 0):
        return None
    sign, strict = _ORIENTED[part.relation]
    f = unfold(sign * (part.lhs - part.rhs))  # a derivative this argument asked about, carried out
    if sp.count_ops(f) > MAX_OPS or beyond_degree(f):  # (x^(10⁴⁰⁰))′ is no help
        return None
    domains = dict(claim.domains)
    free = [(s, domains.get(s)) for s in sorted(f.free_symbols, key=str)]
    if any(d is None or d.group for _, d in free):
        return None
    for n, domain in free:  # an integer symbol with an end: by induction on it, the others its parameters
        if domain.integer and (domain.lo is not None or domain.hi is not None):
            proof = _discrete(claim, f, n, domain, strict, prove)
            if proof is not None:
                return proof
    if not all(isinstance(node, _SMOOTH) for node in sp.preorder_traversal(f)):
        return None
    if len(free) > 1:
        return _with_parameters(claim, f, [(x, d) for x, d in free if not d.integer], strict, prove)
    if not free or free[0][1].integer:
        return None
    x, domain = free[0]
    return _in_one(claim, f, x, domain, strict, prove, alone=True)


def _others(claim: Claim, x: sp.Symbol) -> tuple[tuple[sp.Basic, Domain], ...]:
    """The claim's domains but x's: what a claim at a value of x ranges over."""
    return tuple((a, d) for a, d in claim.domains if a != x)


def _at(f: sp.Expr, x: sp.Symbol, value: sp.Expr, strict: bool) -> Relational:
    """f at x = value, ≥ 0 (> 0 for a strict relation)."""
    return Relational(f.xreplace({x: value}), Relation.GT if strict else Relation.GE, sp.Integer(0))


def _ends(domain: Domain) -> list[Fraction]:
    """The interval's finite ends, the closed ones first."""
    ends = sorted(((domain.lo, domain.lo_open), (domain.hi, domain.hi_open)), key=lambda end: end[1])
    return [end for end, _ in ends if end is not None]


def _with_parameters(claim: Claim, f: sp.Expr, variables: list[tuple[sp.Symbol, Domain]], strict: bool,
                     prove: Callable[[Claim], Proof | None]) -> Proof | None:
    """The argument in one of several symbols, the others parameters (fixed while it runs): σ(b + h) − σ(b) ≤ h/4
    for h ≥ 0 from h = 0."""
    for x, domain in variables:
        if (proof := _in_one(claim, f, x, domain, strict, prove, alone=False)) is not None:
            return proof
    return None


def _in_one(claim: Claim, f: sp.Expr, x: sp.Symbol, domain: Domain, strict: bool,
            prove: Callable[[Claim], Proof | None], alone: bool) -> Proof | None:
    """The argument in x: from a point where f′ is 0 (whatever the other symbols are), concavity on a bounded
    interval, then — x ``alone`` in f — the logarithmic scale and from an end or a simple point; with other symbols,
    from an end only (each point costs sub-claims in all the symbols)."""
    points = [*_ends(domain), *(p for p in POINTS if alone and domain.contains(p))]
    flat, rest = _stationary(f, x, points, [p for p in (*POINTS, *STATIONARY) if domain.contains(p)])
    for c in flat:
        if (proof := _from(claim, f, x, domain, c, strict, prove)) is not None:
            return proof
    if (proof := _concave(claim, f, x, domain, strict, prove)) is not None:
        return proof
    if alone and (proof := _in_logarithmic_scale(claim, f, x, domain, strict, prove)) is not None:
        return proof
    for c in rest:
        if (proof := _from(claim, f, x, domain, c, strict, prove)) is not None:
            return proof
    return None


def _stationary(f: sp.Expr, x: sp.Symbol, points: list[Fraction],
                more: list[Fraction]) -> tuple[list[Fraction], list[Fraction]]:
    """The candidate points where f′ is exactly 0 (where a least value would be; of ``more`` only those), then the
    rest of ``points``, without repeats."""
    points = list(dict.fromkeys(points))
    try:
        derivative = unfold(sp.Derivative(f, x))
        flat = [c for c in dict.fromkeys([*points, *more])
                if derivative.xreplace({x: sp.Rational(c.numerator, c.denominator)}) == 0]
    except SYMPY_REFUSALS:  # a derivative SymPy cannot carry out or evaluate at a point: the order as it is
        return [], points
    return flat, [c for c in points if c not in flat]


def _in_logarithmic_scale(claim: Claim, f: sp.Expr, x: sp.Symbol, domain: Domain, strict: bool,
                          prove: Callable[[Claim], Proof | None]) -> Proof | None:
    """The same argument for g(t) = f(eᵗ), where ln x is f's only logarithm of x and x runs over (0, ∞), (0, 1),
    (0, 1], [1, ∞) or (1, ∞) (t over ℝ, (−∞, 0), (−∞, 0], [0, ∞), (0, ∞)): x = eᵗ maps one onto the other, and a
    turning point at an irrational x (x ln x ≥ −1/e, lowest at x = 1/e) may lie at a rational t (t = −1). For the
    claim itself only, once, after the points where f′ = 0."""
    logs = {node for node in f.atoms(sp.log) if x in node.free_symbols}
    if _SCALED.get() or _LEVEL.get() > 0 or logs != {sp.log(x)}:
        return None
    ends = []
    for end, is_open, image in ((domain.lo, domain.lo_open, {0: None, 1: Fraction(0)}),
                                (domain.hi, domain.hi_open, {None: None, 1: Fraction(0)})):
        if end not in image or (end == 0 and not is_open):
            return None
        ends.append((image[end], is_open if image[end] is not None else True))
    (lo, lo_open), (hi, hi_open) = ends
    t = sp.Dummy("t", real=True)
    scaled = Domain(f"{domain.describe()} as ln {x}", lo=lo, hi=hi, lo_open=lo_open, hi_open=hi_open)
    others = _others(claim, x)
    relation = _at(f, x, sp.exp(t), strict)
    sub = Claim(claim.kind, f"{claim.text} [{x} = e^t]", (relation,), ((t, scaled), *others),
                semantics=claim.semantics, cas_trusted=claim.cas_trusted)
    token = _SCALED.set(True)
    try:
        proof = monotone(sub, relation, prove)
    finally:
        _SCALED.reset(token)
    if proof is None:
        return None
    return Proof("monotone", (f"with {x} = e^{t}, {t} over {scaled.describe()}: f(e^{t}) = {brief(relation.lhs)}",
                              *proof.steps))


def _concave(claim: Claim, f: sp.Expr, x: sp.Symbol, domain: Domain, strict: bool,
             prove: Callable[[Claim], Proof | None]) -> Proof | None:
    """f ≥ 0 (> 0) on a bounded interval [lo, hi] of x from f(lo), f(hi) ≥ 0 (> 0) and f″ ≤ 0 on the whole closed
    interval, both derivatives defined there: a concave function lies above its chord (Jensen's inequality for two
    points, log(px + (1 − p)y) ≥ p log x + (1 − p) log y). An open end counts as closed, as for monotonicity."""
    if domain.lo is None or domain.hi is None or domain.lo >= domain.hi:
        return None
    others = _others(claim, x)
    ends = [sp.Rational(end.numerator, end.denominator) for end in (domain.lo, domain.hi)]
    pieces = [(_at(f, x, end, strict), others, f"at {x} = {end}") for end in ends]
    closed = replace(domain, lo_open=False, hi_open=False)
    pieces.append((Relational(sp.Derivative(sp.Derivative(f, x), x), Relation.LE, sp.Integer(0)),
                   ((x, closed), *others), f"on {closed.describe()}: d²/d{x}² ≤ 0"))
    steps = [f"f({x}) = {brief(f)} is concave on [{ends[0]}, {ends[1]}] (f″ ≤ 0, defined on the whole interval), so "
             "it lies above its chord, which is ≥ 0 at both ends"]
    return _pieces_proved(claim, pieces, steps, prove, "concavity")


def _from(claim: Claim, f: sp.Expr, x: sp.Symbol, domain: Domain, c: Fraction, strict: bool,
          prove: Callable[[Claim], Proof | None]) -> Proof | None:
    """f ≥ 0 (> 0) on x's ``domain`` from f(c) and the sign of f′ on each side of c."""
    point = sp.Rational(c.numerator, c.denominator)
    others = _others(claim, x)
    at_c = _at(f, x, point, strict)
    pieces = [(at_c, others, f"at {x} = {point}")]
    derivative = sp.Derivative(f, x)
    if domain.hi is None or domain.hi > c:
        right = replace(domain, lo=c, lo_open=False)
        pieces.append((Relational(derivative, Relation.GE, sp.Integer(0)), ((x, right), *others),
                       f"on {right.describe()}: d/d{x} ≥ 0"))
    if domain.lo is None or domain.lo < c:
        left = replace(domain, hi=c, hi_open=False)
        pieces.append((Relational(derivative, Relation.LE, sp.Integer(0)), ((x, left), *others),
                       f"on {left.describe()}: d/d{x} ≤ 0"))
    steps = [f"f({x}) = {brief(f)} ≥ f({point}) by the mean value theorem, f′ of these signs on each side of {point} "
             "and defined on the whole piece"]
    return _pieces_proved(claim, pieces, steps, prove, "monotone")


def _peeled(shifted: sp.Expr, n: sp.Symbol, first: int | None) -> sp.Expr:
    """Each Σ_{k=a}^{n+1+c} g(k) (a and c whole numbers, g free of n) as Σ_{k=a}^{n+c} g(k) + g(n + 1 + c): so it
    is for every n ≥ ``first`` when first + c ≥ a − 1 (an empty sum is 0; below that the identity fails); and so
    for SymPy's harmonic numbers, the sums it writes for Σ 1/kᵐ."""
    def peelable(e: sp.Basic) -> bool:
        if not isinstance(e, sp.Sum) or len(e.limits) != 1 or first is None or n in e.function.free_symbols:
            return False
        _, low, high = e.limits[0]
        shift = high - n - 1
        return bool(low.is_Integer and shift.is_Integer and first + shift >= low - 1)

    def peel(e: sp.Sum) -> sp.Expr:
        index, low, high = e.limits[0]
        return sp.Add(sp.Sum(e.function, (index, low, high - 1)), e.function.xreplace({index: high}))

    def harmonic_peelable(e: sp.Basic) -> bool:  # H_m(a) = Σ_{k=1}^{a} 1/k^m, the same for a = n + 1 + c ≥ 1
        if not isinstance(e, sp.harmonic) or first is None:
            return False
        shift = e.args[0] - n - 1
        return bool(shift.is_Integer and first + 1 + shift >= 1)

    def harmonic_peel(e: sp.harmonic) -> sp.Expr:
        order = e.args[1] if len(e.args) > 1 else sp.Integer(1)
        return sp.Add(sp.harmonic(e.args[0] - 1, order), e.args[0] ** -order)

    return shifted.replace(peelable, peel).replace(harmonic_peelable, harmonic_peel)


def _pieces_proved(claim: Claim, pieces: list[tuple[Relational, tuple[tuple[sp.Basic, Domain], ...], str]],
                   steps: list[str], prove: Callable[[Claim], Proof | None], method: str) -> Proof | None:
    """Every piece proved under strict semantics, one level deeper, or None."""
    token = _LEVEL.set(_LEVEL.get() + 1)
    try:
        for relation, domains, what in pieces:
            sub = Claim(claim.kind, f"{claim.text} [monotone: {what}]", (relation,), domains,
                        semantics=Semantics.STRICT, cas_trusted=claim.cas_trusted)
            proof = prove(sub)
            if proof is None:
                return None
            shown = f"{brief(relation.lhs)} {relation.relation.value} {brief(relation.rhs)}"  # never SymPy's sorting
            steps.extend((f"{what}: {shown} ({proof.method})", *(f"  {step}" for step in proof.steps)))
    finally:
        _LEVEL.reset(token)
    return Proof(method, tuple(steps))


def _discrete(claim: Claim, f: sp.Expr, x: sp.Symbol, domain: Domain, strict: bool,
              prove: Callable[[Claim], Proof | None]) -> Proof | None:
    """f ≥ 0 (> 0) on the integers of x's ``domain`` from f at its least integer n₀ and f(n + 1) − f(n) ≥ 0 for
    every integer n from n₀ on with n + 1 in the domain (by induction: f(n) ≥ f(n₀)); or, with no least integer,
    from f at the greatest and f(n) − f(n + 1) ≥ 0 below it. Both claims are strict, so f has a value at every
    integer in between."""
    first = None if domain.lo is None else math.floor(domain.lo) + 1 if domain.lo_open or domain.lo.denominator != 1 \
        else int(domain.lo)
    last = None if domain.hi is None else math.ceil(domain.hi) - 1 if domain.hi_open or domain.hi.denominator != 1 \
        else int(domain.hi)
    if (first is None and last is None) or (first is not None and last is not None and first > last):
        return None
    start = first if first is not None else last
    # b^(n+1) as b^n·b, (n + 1)! as (n + 1)·n!, H(n + 1) as H(n) + 1/(n + 1) and a sum to n + 1 as the sum to n
    # and its last term, so that the step's terms can meet f's
    shifted = falling_factorials(sp.expand_power_exp(_peeled(f.xreplace({x: x + 1}), x, first)))
    step, ends = ((shifted - f, (first, None if last is None else last - 1)) if first is not None
                  else (f - shifted, (None, last - 1)))  # type: ignore[operator]
    others = _others(claim, x)
    at_start = _at(f, x, sp.Integer(start), strict)
    pieces = [(at_start, others, f"at {x} = {start}")]
    if ends[0] is None or ends[1] is None or ends[0] <= ends[1]:
        lo, hi = (None if end is None else Fraction(end) for end in ends)
        piece = replace(domain, lo=lo, hi=hi, lo_open=lo is None, hi_open=hi is None)
        direction = "f(n + 1) − f(n)" if first is not None else "f(n) − f(n + 1)"
        pieces.append((Relational(step, Relation.GE, sp.Integer(0)), ((x, piece), *others),
                       f"on {piece.describe()}: {direction} ≥ 0"))
    steps = [f"f({x}) = {brief(f)} ≥ f({start}) by induction on {x}, each step of f from {start} on the way"]
    return _pieces_proved(claim, pieces, steps, prove, "monotone")
