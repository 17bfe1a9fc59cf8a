"""Exact proof strategies, cheapest first, under the claim's semantics (:mod:`checker.semantics`).

Two halves, each exact. *It holds wherever both sides are defined* — the first strategy that succeeds:
1. ``syntactic`` — SymPy's evaluated forms of both sides are the same expression.
2. ``rational normal form`` — exact rewrites (calculus, σ's definition, (−1)^n by parity, b^e = exp(e·log b),
   logs split only under declared positivity, exp of sums as products, distribution entries summing to 1),
   then the numerator of lhs − rhs over a common denominator, exp/log atoms as independent variables, must
   expand to 0. That is exact where its *critical quantities* (log arguments, bases of negative powers) are
   non-zero; at their zeros either a side is undefined as written, or the claim is restricted to the slice
   ``x = root`` and proved again (recursively, at most :data:`MAX_DEPTH` deep) — otherwise no proof.
3. ``constants`` — no free atoms: exact rational arithmetic, or Arb balls up the precision ladder; sides that
   overlap at every rung are equal only by an exact argument (:mod:`.constant`, :mod:`checker.numeric.constants`).
4. ``witness + manifest sign`` — lhs − rhs equals the claim's witness by (2), whose sign is evident.
5. ``manifest sign`` — lhs − rhs (rising factorials one per class; as is, over a common denominator,
   factored) has an evident sign from its shape and its atoms' bounds (``π(y_2) − 1 ≤ 0`` for a probability).
6. ``squares`` (:mod:`.squares`), ``interval branch and bound`` (intervals over sub-boxes of a bounded box), the
   factors of the same sign (:mod:`.samesign`), bounds of :mod:`.logbound`, distribution entries summing to 1,
   induction, cases, and monotonicity in one variable or induction on an integer one (:mod:`.monotone`).
7. ``simplify`` — SymPy's heuristic; CAS-trusted, tried by the engine only after the counterexample search.

*Definedness* (strict semantics only), from the conditions of the formulas as written: for an identity,
both sides are defined at exactly the same points; for a comparison, both are defined on the whole domain.
Every proof is then cross-checked at sample points, the formula's singular points included.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import sympy as sp

from checker.numeric.sign import NEG, POS, BoundOf, manifest_sign, satisfies
from checker.values.claims import Claim, Relation, Relational
from checker.values.functions import expand_sigmoid
from checker.values.semantics import Semantics
from checker.values.written import beyond_degree, brief, unfold

from .cases import MAX_PIECES, by_cases
from .conditions import Condition, conditions
from .constant import between_constants, constant_value
from .definedness import (
    Key,
    describe_conditions,
    domain_bounds,
    factors,
    required,
    same_definedness,
    undefined_where_zero,
    vacuous,
    zeros,
)
from .evidence import Proof
from .induction import steps_of as induction_steps
from .inequalities import box_proof, univariate_proof
from .logbound import EXP_LEMMAS, SCALES, bounded, exponentials_bounded, variational
from .monotone import monotone
from .normal import SYMPY_REFUSALS, TERM_LIMIT, TooLarge, eliminate_distributions, factor_split_powers, rational_form
from .points import restricted
from .products import one_rising_factorial_per_class
from .samesign import same_sign
from .squares import squared

MAX_DEPTH = 2
"""How many times a proof may restrict the claim to the zero of a critical quantity, one inside another."""
BOUND_TERMS = 600
"""The expansion limit while a bound through ln t ≤ t − 1 is tried (a wrong guess must fail fast)."""
INDUCTION_TERMS = 2000
"""The expansion limit for the base cases and the step of an induction."""
FACTOR_OPS, FACTOR_SYMBOLS = 400, 12
"""Beyond this many operations or symbols a difference is not factored for its sign (factoring costs seconds)."""
MAX_SLICES = 8
"""How many restricted claims one proof may check in all."""


@dataclass(frozen=True, slots=True)
class Attempt:
    """What the strategies established for one relation of a claim."""

    equal: Proof | None
    """The relation holds wherever both sides are defined (None: not shown)."""
    defined: Proof | None
    """Strict semantics: the definedness half (None: not shown, or not needed)."""
    missing: str = ""
    """Why the definedness half is not shown: what each side needs."""

    def proof(self, semantics: Semantics) -> Proof | None:
        if self.equal is None:
            return None
        if semantics is Semantics.WHERE_DEFINED:
            return self.equal
        if self.defined is None:
            return None
        return Proof(self.equal.method, (*self.equal.steps, *self.defined.steps), self.equal.exact)


@dataclass
class _Context:
    claim: Claim
    depth: int = 0
    slices: list[int] = field(default_factory=lambda: [0])
    pieces: list[int] = field(default_factory=lambda: [0])
    inducting: bool = True
    """False inside an induction's base cases and step: they are proved without another induction."""
    outermost: bool = True  # False for the claims a strategy reduced the claim to (no entries written again)
    top: bool = False  # the claim itself, not a claim some strategy reduced it to

    def __post_init__(self) -> None:
        self.bound_of: BoundOf = domain_bounds(self.claim.domains)
        self.written = self.claim.written_parts()
        self.evaluated = self.claim.expanded_parts()


Strategy = Callable[[_Context, int, Relational], "Proof | None"]

CONSTANT_METHODS = ("both sides undefined", "vacuous", "exact rational arithmetic", "ball arithmetic",
                    "exact constant identity")
IDENTITY_STRATEGIES: tuple[tuple[Strategy, tuple[str, ...]], ...] = (
    (lambda ctx, index, part: _syntactic(part), ("syntactic",)),
    (lambda ctx, index, part: vacuous(ctx.claim, ctx.written[index], ctx.bound_of, ctx.outermost), ("vacuous",)),
    (lambda ctx, index, part: between_constants(ctx.written[index], ctx.evaluated[index], ctx.claim.semantics),
     CONSTANT_METHODS),
    (lambda ctx, index, part: _normal_form(ctx, index), ("rational normal form",)),
    (lambda ctx, index, part: _induction(ctx, part), ("induction", "linear sums")),
    (lambda ctx, index, part: by_cases(ctx.claim, part, ctx.bound_of, lambda sub: _sub_proof(ctx, sub, whole=True)),
     ("cases",)),
)
"""The strategies for an identity, cheapest first, each with the methods its proofs are named by."""
COMPARISON_STRATEGIES: tuple[tuple[Strategy, tuple[str, ...]], ...] = (
    (lambda ctx, index, part: between_constants(ctx.written[index], ctx.evaluated[index], ctx.claim.semantics),
     CONSTANT_METHODS),
    (lambda ctx, index, part: vacuous(ctx.claim, ctx.written[index], ctx.bound_of, ctx.outermost), ("vacuous",)),
    (lambda ctx, index, part: _witness(ctx, index), ("witness + manifest sign",)),
    (lambda ctx, index, part: _sign(ctx, part), ("syntactic", "manifest sign")),
    (lambda ctx, index, part: _weak_identity(ctx, index), ("rational normal form",)),
    (lambda ctx, index, part: squared(ctx.claim, part, lambda sub: _sub_proof(ctx, sub)), ("squares",)),
    (lambda ctx, index, part: univariate_proof(ctx.claim, part), ("sign between real roots",)),
    (lambda ctx, index, part: box_proof(ctx.claim, part), ("interval branch and bound",)),
    (lambda ctx, index, part: same_sign(part, ctx.bound_of), ("same-sign factors",)),
    (lambda ctx, index, part: _logarithms(ctx, part),
     ("Gibbs' variational form", "ln t ≤ t − 1", *EXP_LEMMAS.values())),
    (lambda ctx, index, part: _entries(ctx, part), ("entries summing to 1",)),
    (lambda ctx, index, part: by_cases(ctx.claim, part, ctx.bound_of, lambda sub: _sub_proof(ctx, sub, whole=True)),
     ("cases",)),
    (lambda ctx, index, part: monotone(ctx.claim, part, lambda sub: _sub_proof(_last(ctx), sub), ctx.outermost),
     ("monotone", "concavity")),
)
"""The strategies for a comparison (≤, <, ≥, >, ≠), in the order they are tried."""


def _strategies(chain: tuple[tuple[Strategy, tuple[str, ...]], ...], claim: Claim) -> list[Strategy]:
    """The strategies to try, in order: all of them; for the audit's claim with an assumption dropped, the ones
    that proved the original claim — the audit asks whether that proof still goes through without the
    assumption (a strategy not tried can only lose a proof, never make one; the search still looks for a
    counterexample)."""
    if claim.weakened is None:
        return [strategy for strategy, _ in chain]
    used = {name for method in claim.weakened.methods for name in _method_names(method)}
    return [strategy for strategy, methods in chain if used & set(methods)] or [strategy for strategy, _ in chain]


def _method_names(joined: str) -> set[str]:
    """The strategies' names in a verdict's method ("rational normal form + manifest sign"), longest first."""
    known = sorted({name for chain in (IDENTITY_STRATEGIES, COMPARISON_STRATEGIES) for _, names in chain
                    for name in names}, key=len, reverse=True)
    rest, found = f" + {re.sub(r' [(][0-9]+ bits[)]', '', joined)} + ", set()
    for name in known:
        if f" + {name} + " in rest:
            found.add(name)
            rest = rest.replace(f" + {name} + ", " + ")
    return found


def attempt(claim: Claim, index: int, context: _Context | None = None) -> Attempt:
    """Try both halves of the proof of relation ``index`` of the claim."""
    ctx = context or _Context(claim, top=True)
    part = ctx.evaluated[index]
    chain = IDENTITY_STRATEGIES if part.relation is Relation.EQ else COMPARISON_STRATEGIES
    equal = None
    for strategy in _strategies(chain, claim):
        try:
            equal = strategy(ctx, index, part)
        except SYMPY_REFUSALS:  # SymPy failing on a corner of this strategy (a number beyond its floats, an
            equal = None  # incomparable max, its heuristic gcd giving up): no proof from it
        if equal is not None:
            break
    if claim.semantics is Semantics.WHERE_DEFINED or equal is None:
        return Attempt(equal, None)  # no proof to complete: the definedness half would go unused
    defined, missing = definedness(ctx, index)
    return Attempt(equal, defined, missing)


def defined_half(claim: Claim, index: int) -> tuple[Proof | None, str]:
    """The strict half of relation ``index`` of the claim, for a proof found outside :func:`attempt`."""
    return definedness(_Context(claim), index)


def definedness(ctx: _Context, index: int) -> tuple[Proof | None, str]:
    """The strict half: an identity's sides are defined at the same points, a comparison's everywhere."""
    written = ctx.written[index]
    left, right = required([written.lhs], ctx.bound_of), required([written.rhs], ctx.bound_of)
    if not left and not right:
        return Proof("", ("both sides are defined on the whole domain",)), ""
    needs = f"the left side needs {describe_conditions(left)}; the right side needs {describe_conditions(right)}"
    if written.relation is Relation.EQ and same_definedness(left, right, ctx.bound_of):
        return Proof("", (f"both sides are defined at the same points: {needs}",)), ""
    return None, needs


def prove_claim(claim: Claim, context: _Context | None = None) -> list[Proof] | None:
    """Proofs of every relation of the claim under its semantics, or None."""
    ctx = context or _Context(claim, top=True)
    proofs = []
    for index in range(len(claim.parts)):
        proof = attempt(claim, index, ctx).proof(claim.semantics)
        if proof is None:
            return None
        proofs.append(proof)
    return proofs


def _syntactic(part: Relational) -> Proof | None:
    if part.lhs == part.rhs:
        return Proof("syntactic", (f"both sides are {part.lhs}",))
    return None


def _normal_form(ctx: _Context, index: int, target: sp.Expr | None = None) -> Proof | None:
    """lhs − rhs (or lhs − rhs − target) reduces to 0, and every critical point is accounted for."""
    part = ctx.evaluated[index]
    difference = part.lhs - part.rhs - (target if target is not None else 0)
    try:
        form = rational_form(difference, ctx.claim.domains)
    except TooLarge:
        return None
    if form.numerator != 0:
        return None
    exceptional = _exceptional(ctx, index, form.critical)
    if exceptional is None:
        return None
    return Proof("rational normal form", (f"lhs − rhs = {brief(difference)}", *form.steps, *exceptional))


def _exceptional(ctx: _Context, index: int, quantities: tuple[sp.Expr, ...]) -> list[str] | None:
    """Account for the points where a critical quantity vanishes; None if some cannot be."""
    written = ctx.written[index]
    written_conditions: list[Condition] = [*conditions(written.lhs), *conditions(written.rhs)]
    implied: dict[Condition, set[Key]] = {}  # what each written condition rules out, once asked
    notes = []
    for quantity in quantities:
        if not (quantity.free_symbols or quantity.atoms(sp.core.function.AppliedUndef)):
            value = constant_value(quantity)
            if value is None or value == 0:
                return None
            continue
        if manifest_sign(quantity, ctx.bound_of) in (POS, NEG):
            continue
        for factor in factors(quantity, ctx.bound_of):
            if undefined_where_zero(factor, written_conditions, ctx.bound_of, implied):
                notes.append(f"where {factor} = 0 a side is undefined as written")
                continue
            slices = zeros(ctx.claim, factor)
            if slices is None:
                return None
            for symbol, value in slices:
                ctx.slices[0] += 1
                if ctx.depth >= MAX_DEPTH or ctx.slices[0] > MAX_SLICES:
                    return None
                reduced = restricted(ctx.claim, symbol, value)
                if prove_claim(reduced, _Context(reduced, ctx.depth + 1, ctx.slices)) is None:
                    return None
                notes.append(f"at {symbol} = {value}, where {factor} = 0, the claim is proved separately")
    return notes


def _witness(ctx: _Context, index: int) -> Proof | None:
    claim = ctx.claim
    if claim.witness is None:
        return None
    part = ctx.evaluated[index]
    witness = unfold(evaluated_witness(claim))
    sign = manifest_sign(witness, ctx.bound_of)
    if not satisfies(sign, part.relation.value):
        return None
    identity = _normal_form(ctx, index, witness)
    if identity is None:
        return None
    return Proof("witness + manifest sign",
                 (f"lhs − rhs = {claim.witness} (witness)", *identity.steps[1:],
                  f"the witness is {sign} by its shape, so {part.relation.value} holds"))


def evaluated_witness(claim: Claim) -> sp.Expr:
    from checker.values.written import evaluated

    return evaluated(claim.expand(claim.witness))  # type: ignore[arg-type]


def _weak_identity(ctx: _Context, index: int) -> Proof | None:
    """``≤`` and ``≥`` hold wherever the two sides are equal: the identity's normal form, with its critical points."""
    if ctx.evaluated[index].relation not in (Relation.LE, Relation.GE):
        return None
    identity = _normal_form(ctx, index)
    if identity is None:
        return None
    return Proof("rational normal form", (*identity.steps, "the two sides are equal, so the relation holds"))


FACTORED = "factored"
"""How a sign proof that needed factoring says so in its step; the audit's claim with an assumption dropped is
factored only when its original's proof was (factoring's cost grows fast: see :func:`_strategies`)."""


def _sign(ctx: _Context, part: Relational) -> Proof | None:
    difference = one_rising_factorial_per_class(unfold(expand_sigmoid(part.lhs - part.rhs)))
    if difference == 0 and part.relation in (Relation.LE, Relation.GE):
        return Proof("syntactic", ("lhs − rhs = 0",))
    weakened = ctx.claim.weakened
    may_factor = (sp.count_ops(difference) <= FACTOR_OPS and len(difference.free_symbols) <= FACTOR_SYMBOLS
                  and not beyond_degree(difference) and (weakened is None or FACTORED in weakened.methods))
    for rewrite in (lambda e: e, sp.together, sp.factor, factor_split_powers):  # cheapest first
        if rewrite in (sp.factor, factor_split_powers) and not may_factor:
            break
        candidate = rewrite(difference)
        sign = manifest_sign(candidate, ctx.bound_of)
        if satisfies(sign, part.relation.value):
            how = f" ({FACTORED})" if rewrite in (sp.factor, factor_split_powers) else ""
            return Proof("manifest sign", (f"lhs − rhs = {brief(candidate)}{how} is {sign} by its shape and the "
                                           "declared bounds",))
    return None


def _logarithms(ctx: _Context, part: Relational) -> Proof | None:
    """Each logarithm bounded through ln t ≤ t − 1 (Gibbs' inequality and its kin: :mod:`.logbound`), each
    exponential through e^u ≥ 1 + u; for the audit's weakened claim, only the bound that proved the original
    (see :func:`_strategies`)."""
    wanted = {"Gibbs' variational form", "ln t ≤ t − 1", *EXP_LEMMAS.values()} if ctx.claim.weakened is None else \
        {name for method in ctx.claim.weakened.methods for name in _method_names(method)}

    def candidates() -> Iterator[tuple[tuple[Claim, str], str]]:
        # Gibbs' variational form (one sub-claim, when entropy terms are there), the logarithms as they stand,
        # then the other terms folded into them
        gibbs = variational(ctx.claim, part, ctx.bound_of) if "Gibbs' variational form" in wanted else None
        if gibbs is not None:
            yield gibbs, "Gibbs' variational form"
        large = sp.count_ops(part.lhs - part.rhs) > FACTOR_OPS // 4  # each candidate costs a normal form
        for degree, name in EXP_LEMMAS.items():  # (a large one's expansion alone can take seconds)
            taylor = exponentials_bounded(ctx.claim, part, ctx.bound_of, degree) if name in wanted and not large \
                else None
            if taylor is not None:
                yield taylor, name
        if "ln t ≤ t − 1" not in wanted:
            return
        yield from ((found, "ln t ≤ t − 1") for found in bounded(ctx.claim, part, ctx.bound_of,
                                                                  scales=SCALES[:1] if large else SCALES))
        if not large:
            yield from ((found, "ln t ≤ t − 1") for found in bounded(ctx.claim, part, ctx.bound_of, fold=True))

    for (sub, step), method in candidates():
        found = _sub_proof(ctx, sub, BOUND_TERMS)  # each candidate is a guess: keep it cheap
        if found is not None:
            return Proof(method, (step, *found.steps))
    return None


def _last(ctx: _Context) -> _Context:
    """The last strategy on the claim itself gets sub-proofs of its own (the bounds' guesses may have spent all)."""
    if ctx.top:
        ctx.pieces, ctx.top = [0], False
    return ctx


def _sub_proof(ctx: _Context, sub: Claim, terms: int | None = None, inducting: bool = True,
               whole: bool = False) -> Proof | None:
    """The proof of a claim a strategy reduced its relation to, with at most ``terms`` terms in an expansion (the
    limit in force by default); each sub-claim counts against the claim's :data:`MAX_PIECES`. A ``whole`` one (a
    case of the claim itself) is as outermost as the claim, so monotonicity may be tried on it."""
    ctx.pieces[0] += 1
    if ctx.pieces[0] > MAX_PIECES:
        return None
    token = TERM_LIMIT.set(min(TERM_LIMIT.get(), terms or TERM_LIMIT.get()))
    try:
        proofs = prove_claim(sub, _Context(sub, ctx.depth, ctx.slices, ctx.pieces, inducting, whole and ctx.outermost))
    finally:
        TERM_LIMIT.reset(token)
    return None if proofs is None else proofs[0]


def _entries(ctx: _Context, part: Relational) -> Proof | None:
    """A comparison with the last entry of each declared distribution written as one minus the others (π(y_1)π(y_2)
    ≤ 1/4 as π(y_1)(1 − π(y_1)) ≤ 1/4), proved by the other strategies at points that include the claim's."""
    if not ctx.outermost:
        return None
    domains, mentioned = ctx.claim.domains, frozenset(part.lhs.free_symbols | part.rhs.free_symbols)
    eliminated = Relational(eliminate_distributions(part.lhs, domains, mentioned), part.relation,
                            eliminate_distributions(part.rhs, domains, mentioned))
    if eliminated == part:
        return None
    sub = Claim(ctx.claim.kind, f"{ctx.claim.text} [the last entry of each distribution as 1 minus the others]",
                (eliminated,), domains, semantics=Semantics.WHERE_DEFINED, cas_trusted=ctx.claim.cas_trusted)
    found = _sub_proof(ctx, sub)
    return None if found is None else Proof("entries summing to 1", (
        f"the entries of each distribution sum to 1: lhs − rhs is {eliminated.lhs - eliminated.rhs}", *found.steps))


def _induction(ctx: _Context, part: Relational) -> Proof | None:
    """An identity with sums of symbolic length, by induction on the length (:mod:`checker.engine.induction`)."""
    if not ctx.inducting or (not part.lhs.has(sp.Sum, sp.Product) and not part.rhs.has(sp.Sum, sp.Product)):
        return None

    def prove(sub: Claim) -> str | None:
        found = _sub_proof(ctx, sub, INDUCTION_TERMS, inducting=False)
        return None if found is None else found.method

    steps = induction_steps(ctx.claim, part, ctx.bound_of, prove)
    if steps is None:
        return None
    return Proof("induction" if any(step.startswith("base") for step in steps) else "linear sums", steps)
