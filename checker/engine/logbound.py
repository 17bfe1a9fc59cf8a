"""Inequalities with logarithms proved through ln t ≤ t − 1: Gibbs' inequality, entropy ≤ log n, KL ≥ 0; and
with exponentials through e^u ≥ 1 + u (:func:`exponentials_bounded`).

The lemma: for t > 0, ``1 − 1/t ≤ ln t ≤ t − 1`` (the tangent line of the concave ln at t = 1, and the same
at 1/t). A comparison ``D ≥ 0`` (or ``D ≤ 0``) whose logarithms come with coefficients of evident sign is
bounded term by term:

1. D is expanded and its logarithms grouped by their coefficient: ``c·ln a − c·ln b`` is ``c·ln(a/b)``;
   a logarithm with a constant coefficient is spread over a declared distribution whose entries are
   coefficients (``ln n = Σ_i p_i ln n``, as Σ p_i = 1), which is how ``−Σ p ln p ≤ ln n`` becomes
   ``Σ p ln(n p) ≥ 0``;
2. each ``c·ln M`` is replaced by its bound in the needed direction — for ``c ≥ 0``, ``c·ln M ≥ c(1 − 1/M)``
   and ``c·ln M ≤ c(M − 1)``; for ``c ≤ 0`` the other way round;
3. the bound, with no logarithm left, is proved by the other strategies (for KL it is Σp − Σq = 0).

Where every logarithm of D is defined, each M is a product of powers of positive arguments, so the lemma
applies; the definedness half of a strict claim is the original claim's, shown separately. Strict relations
are not decided this way (equality in the lemma at t = 1).
"""

from __future__ import annotations

import sympy as sp

from checker.numeric.sign import NEG, NONNEG, NONPOS, POS, BoundOf, manifest_sign
from checker.values.claims import Claim, Relation, Relational
from checker.values.semantics import Semantics
from checker.values.written import brief

LEMMA = "ln t ≤ t − 1 and ln t ≥ 1 − 1/t for t > 0"


def _split(term: sp.Expr) -> tuple[sp.Expr, sp.Rational, sp.Expr] | None:
    """``r·c·ln a`` as (c, r, a) with r rational and c free of logarithms; None for a term without one log."""
    logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
    if len(logs) != 1 or len(logs[0].args) != 1:
        return None
    rest = sp.Mul(*(f for f in sp.Mul.make_args(term) if f is not logs[0]))
    if rest.has(sp.log):
        return None
    ratio, coefficient = rest.as_coeff_Mul()
    if not ratio.is_Rational:
        return None
    return coefficient, ratio, logs[0].args[0]


def _terms(difference: sp.Expr) -> list[sp.Expr]:
    """The terms of D, each ``c·ln a`` kept with its coefficient as written ((1 − p)·ln(…) stays one term), any
    other term expanded."""
    out: list[sp.Expr] = []
    for term in sp.Add.make_args(difference):
        if not term.has(sp.log) or _split(term) is not None:
            out.append(term)
        else:
            out.extend(sp.Add.make_args(sp.expand(term, log=False, power_base=False)))
    return out


def grouped(difference: sp.Expr, claim: Claim, fold: bool = False) -> tuple[sp.Expr, dict[sp.Expr, sp.Expr]] | None:
    """D as (rest without logarithms, {coefficient: argument M}) with D = rest + Σ c·ln M; None when a
    logarithm is not of that shape. With ``fold``, terms without a logarithm join one (p·s = p·ln e^s): a term
    that is an entry p of a declared distribution times s joins p's, any other the constant's — Jensen's
    ln E[e^r] ≥ E[r] needs that."""
    rest = sp.Integer(0)
    groups: dict[sp.Expr, sp.Expr] = {}
    for term in _terms(difference):
        if not term.has(sp.log):
            rest += term
            continue
        found = _split(term)
        if found is None:
            return None
        coefficient, ratio, argument = found
        groups[coefficient] = groups.get(coefficient, sp.Integer(1)) * sp.Pow(argument, ratio)
    entries = _distribution(claim, groups, rest if fold else sp.Integer(0))
    if fold:
        kept = sp.Integer(0)
        for term in sp.Add.make_args(sp.expand(rest)):
            owner = next((e for e in entries or () if term.has(e) and not (term / e).has(*entries)), None)
            if owner is not None:
                groups[owner] = groups.get(owner, sp.Integer(1)) * sp.exp(term / owner)
            else:
                kept += term
        rest = sp.Integer(0)
        if kept != 0:
            groups[sp.Integer(1)] = groups.get(sp.Integer(1), sp.Integer(1)) * sp.exp(kept)
    constant = groups.pop(sp.Integer(1), None)
    if constant is not None:
        if entries is None:
            groups[sp.Integer(1)] = constant
        else:
            for entry in entries:
                groups[entry] = groups.get(entry, sp.Integer(1)) * constant
    return rest, groups


def _distribution(claim: Claim, groups: dict[sp.Expr, sp.Expr], rest: sp.Expr) -> list[sp.Symbol] | None:
    """The entries of the declared distribution most of whose entries are coefficients of logarithms or factors
    of terms of ``rest`` (at least one); ln c = Σ_i p_i ln c holds over all of its entries, mentioned or not."""
    terms = sp.Add.make_args(sp.expand(rest)) if rest != 0 else ()
    best, most = None, 0
    for members in _groups(claim):
        mentioned = sum(1 for m in members if m in groups or any(t.has(m) for t in terms))
        if mentioned > most:
            best, most = members, mentioned
    return best


SCALES = (sp.Integer(1), sp.Integer(2), sp.Rational(1, 2))
"""The lemma applied to M^k (c·ln M = (c/k)·ln M^k): k = 2 is what KL between Gaussians needs (ln(σ₂/σ₁))."""


def bounded(claim: Claim, part: Relational, bound_of: BoundOf, fold: bool = False,
            scales: tuple[sp.Rational, ...] = SCALES) -> list[tuple[Claim, str]]:
    """The claim with every logarithm replaced by its bound from the lemma (once for each scale k), with the
    steps that say how; empty when the relation or its logarithms are not of that shape. ``fold``: see
    :func:`grouped`."""
    if part.relation not in (Relation.LE, Relation.GE):
        return []
    difference = sp.Add(part.lhs, -part.rhs)
    if not difference.has(sp.log):
        return []
    found = grouped(difference, claim, fold)
    return [] if found is None else _bounds(claim, part, bound_of, *found, scales)


def _bounds(claim: Claim, part: Relational, bound_of: BoundOf, rest: sp.Expr, groups: dict[sp.Expr, sp.Expr],
            scales: tuple[sp.Rational, ...]) -> list[tuple[Claim, str]]:
    lower = part.relation is Relation.GE  # D ≥ 0 needs a lower bound of D
    signs = {}
    for coefficient in groups:
        sign = manifest_sign(coefficient, bound_of)
        if sign not in (POS, NONNEG, NEG, NONPOS):
            return []
        signs[coefficient] = sign in (POS, NONNEG)
    out = []
    for scale in scales:
        bound = rest
        shown = []
        for coefficient, argument in groups.items():
            weight, power = coefficient / scale, sp.Pow(argument, scale)
            # D ≥ 0 takes c(1 − 1/M) for c ≥ 0 and c(M − 1) for c ≤ 0; D ≤ 0 the other way round
            below = weight * (1 - 1 / power) if signs[coefficient] == lower else weight * (power - 1)
            bound += below
            shown.append(f"{brief(weight)}·ln({brief(power)}) {'≥' if lower else '≤'} {brief(below)}")
        if not shown:
            return []
        relation = Relation.GE if lower else Relation.LE
        sub = Claim(claim.kind, f"{claim.text} [each logarithm bounded by {LEMMA}]",
                    (Relational(bound, relation, sp.Integer(0)),), claim.domains,
                    semantics=Semantics.WHERE_DEFINED, cas_trusted=claim.cas_trusted)
        out.append((sub, f"{LEMMA}: " + "; ".join(shown) + f"; so lhs − rhs {relation.value} {brief(bound)}"))
    return out


def _nonnegative_form(part: Relational) -> sp.Expr | None:
    """D with the relation read as D ≥ 0: lhs − rhs for ≥, rhs − lhs for ≤; None for any other relation."""
    if part.relation not in (Relation.LE, Relation.GE):
        return None
    difference = sp.Add(part.lhs, -part.rhs)
    return -difference if part.relation is Relation.LE else difference


def variational(claim: Claim, part: Relational, bound_of: BoundOf) -> tuple[Claim, str] | None:
    """Gibbs' variational form: D = Σ_i p_i (c·ln p_i + g_i) + K over a declared distribution p, with c > 0
    and g_i, K free of p, is c·Σ_i p_i ln(p_i·e^{(g_i + K)/c}) (as Σ p_i = 1), so by the lemma
    D ≥ c·(1 − Σ_i e^{−(g_i + K)/c}) — the bound left to prove (for an optimal policy it is 0: that sum is Σ π*
    = 1). D ≤ 0 is −D ≥ 0."""
    difference = _nonnegative_form(part)
    if difference is None:
        return None
    if not difference.has(sp.log):
        return None
    expanded = sp.expand(sp.expand_log(difference, force=False), log=False, power_base=False)
    for entries in _groups(claim):
        if not all(e in expanded.free_symbols for e in entries):
            continue
        entropy = [expanded.coeff(e * sp.log(e)) for e in entries]
        c = entropy[0]
        if c == 0 or any(sp.simplify(other - c) != 0 for other in entropy[1:]) or \
                any(e in c.free_symbols for e in entries) or manifest_sign(c, bound_of) != POS:
            continue
        remainder = sp.expand(expanded - sum(c * e * sp.log(e) for e in entries))
        slopes = [remainder.diff(e) for e in entries]
        constant = remainder.xreplace({e: 0 for e in entries})
        if any(s.has(*entries) for s in slopes) or constant.has(*entries) or \
                sp.expand(remainder - sum(s * e for s, e in zip(slopes, entries)) - constant) != 0:
            continue
        constant = sp.cancel(constant)  # Σ π*·log Z over Σ π* is log Z: the atoms' rational function, reduced
        slopes = [sp.cancel(g) for g in slopes]
        bound = c * (1 - sp.Add(*(sp.exp(sp.expand(-(g + constant) / c)) for g in slopes)))
        sub = Claim(claim.kind, f"{claim.text} [Gibbs' variational form]",
                    (Relational(bound, Relation.GE, sp.Integer(0)),), claim.domains,
                    semantics=Semantics.WHERE_DEFINED, cas_trusted=claim.cas_trusted)
        names = ", ".join(map(str, entries))
        step = (f"Gibbs' variational form over ({names}): {'−' if part.relation is Relation.LE else ''}(lhs − rhs) = "
                f"Σ_i p_i ({brief(c)}·ln p_i + g_i) + K = {brief(c)}·Σ_i p_i ln(p_i·e^((g_i + K)/{brief(c)})) as the "
                f"entries sum to 1; by {LEMMA} it is ≥ {brief(bound)}")
        return sub, step
    return None


EXP_LEMMAS = {1: "e^u ≥ 1 + u", 3: "e^u ≥ 1 + u + u²/2 + u³/6"}
"""The Taylor polynomials of odd degree that bound exp from below on the whole real line (the remainder
e^ξ·u^(n+1)/(n+1)! is ≥ 0 when n + 1 is even), by the method name a proof through each is given."""


def exponentials_bounded(claim: Claim, part: Relational, bound_of: BoundOf, degree: int = 1
                         ) -> tuple[Claim, str] | None:
    """D ≥ 0 (or D ≤ 0, as −D ≥ 0) with every exponential of D in a term ``c·e^u`` whose coefficient c is of
    evident sign c ≥ 0: each such term is at least c·T(u), T the Taylor polynomial of exp at 0 of odd
    ``degree`` (1: the tangent line 1 + u of the convex exp), and what is left to prove, with no exponential,
    goes to the other strategies (``e^x ≥ 1 + x``, ``e^x + e^{−x} ≥ 2``, the k3 estimator ``e^d − 1 − d ≥ 0``;
    with degree 3, ``e^x + e^{−x} ≥ 2 + x²``). A term ``c·e^u`` with c of either or no evident sign has no such
    lower bound (e^u has no upper polynomial), so the lemma does not apply. Strict relations are not decided this
    way (equality at u = 0). A product of exponentials is the exponential of the sum of their exponents. As for
    :func:`bounded`, the definedness half of a strict claim is the original's, shown apart."""
    lemma = EXP_LEMMAS[degree]
    difference = _nonnegative_form(part)
    if difference is None or not difference.has(sp.exp):
        return None
    terms = sp.Add.make_args(sp.expand(difference, power_exp=False, log=False, power_base=False))
    found, scaled = _below(terms, bound_of, degree), ""
    if found is None:
        # one exponential of the wrong sign, c·e^{u₀} with c < 0: D·e^{−u₀} has D's sign and c as a constant term
        negative = [pair for pair in map(_exponent, terms)
                    if pair is not None and manifest_sign(pair[1], bound_of) in (NEG, NONPOS)]
        if len(negative) != 1:
            return None
        u0 = negative[0][0]
        terms = sp.Add.make_args(sp.powsimp(sp.expand(sp.Add(*terms) * sp.exp(-u0)), combine="exp"))
        found, scaled = _below(terms, bound_of, degree), f"multiplied by e^({brief(-u0)}) > 0, "
    if found is None:
        return None
    bound, shown = found
    sub = Claim(claim.kind, f"{claim.text} [each exponential bounded by {lemma}]",
                (Relational(bound, Relation.GE, sp.Integer(0)),), claim.domains,
                semantics=Semantics.WHERE_DEFINED, cas_trusted=claim.cas_trusted)
    sign = "−" if part.relation is Relation.LE else ""
    return sub, f"{lemma} for real u: {scaled}" + "; ".join(shown) + f"; so {sign}(lhs − rhs) ≥ {brief(bound)}"


def _exponent(term: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """(u, c) for a term c·e^u with one exponential factor and c free of exponentials, else None."""
    factors = sp.Mul.make_args(term)
    exponentials = [f for f in factors if isinstance(f, sp.exp)]
    coefficient = sp.Mul(*(f for f in factors if not isinstance(f, sp.exp)))
    if len(exponentials) != 1 or coefficient.has(sp.exp):
        return None
    return exponentials[0].args[0], coefficient


def _below(terms: tuple[sp.Expr, ...], bound_of: BoundOf, degree: int) -> tuple[sp.Expr, list[str]] | None:
    """Σ terms bounded below, each c·e^u (c ≥ 0 evidently) by c·T(u); None if some term cannot be."""
    bound = sp.Integer(0)
    shown = []
    for term in terms:
        factors = sp.Mul.make_args(term)
        exponents = [f.args[0] for f in factors if isinstance(f, sp.exp)]
        coefficient = sp.Mul(*(f for f in factors if not isinstance(f, sp.exp)))
        if not exponents:
            if term.has(sp.exp):  # an exponential inside another function or a power: not bounded here
                return None
            bound += term
            continue
        if coefficient.has(sp.exp) or manifest_sign(coefficient, bound_of) not in (POS, NONNEG):
            return None
        exponent = sp.Add(*exponents)
        below = coefficient * sp.Add(*(exponent ** k / sp.factorial(k) for k in range(degree + 1)))
        bound += below
        shown.append(f"{brief(coefficient * sp.exp(exponent))} ≥ {brief(below)}")
    return (bound, shown) if shown else None


def _groups(claim: Claim) -> list[list[sp.Symbol]]:
    """The declared distributions whose every entry is among the claim's symbols, entries in declared order."""
    by_group: dict[tuple[str, ...], list[sp.Symbol]] = {}
    for atom, domain in claim.domains:
        if domain.group and isinstance(atom, sp.Symbol):
            by_group.setdefault(domain.group, []).append(atom)
    return [sorted(members, key=lambda m: names.index(m.name)) for names, members in by_group.items()
            if len(members) == len(names)]
