"""When a relation holds: the one semantics every strategy, search and report of the checker follows.

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
only *remove* conditions. So the checker keeps the tree as written (built unevaluated); the engine collects
its conditions from that tree (:mod:`checker.engine.definedness`), evaluates values at points from that tree
(:mod:`checker.engine.judgement`), and lets the prover work on SymPy's evaluated form only for the equality
itself. This module holds the values every layer shares: the choice of semantics and how a sum, product or
range maximum over a range is written out term by term.
"""

from __future__ import annotations

import enum

import sympy as sp

from .functions import rangemax, rangemin
from .written import evaluated, substitute


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



EPISODE = 3
"""In worlds where a sum or maximum runs to ∞ over an indexed family, the family's members beyond the first
three terms are 0: an episode that ends (Σ γᵏ r_{t+k+1} is then r_{t+1} + γ r_{t+2} + γ² r_{t+3})."""
SPELLED_OUT = 1000
"""A sum, product or range with numeric bounds is written out term by term up to this many terms."""
RANGED = (sp.Sum, sp.Product, rangemax, rangemin)



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
    if not high.is_Integer:
        return None
    if int(high) < int(low) and isinstance(e, (sp.Sum, sp.Product)):
        return sp.Integer(0) if isinstance(e, sp.Sum) else sp.Integer(1)  # an empty range (the README's convention)
    if not 0 <= int(high) - int(low) < SPELLED_OUT:
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
