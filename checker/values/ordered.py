"""SymPy's assumption queries in one fixed order, run after run.

To answer ``x.is_positive`` SymPy works through the facts that could settle it, and puts each batch of them in
a random order first (``sympy.core.assumptions._ask``: the shuffle is there to expose handlers that contradict
each other in SymPy's own tests). The answer does not depend on the order when the handlers are consistent, but
the work does: two runs of the same audit differed by 10% in instructions, and the shuffle itself — some 67,000
calls for the built-in quiz — is about 1.5% of a run. Here each batch is put in alphabetical order instead:
one of the orders SymPy draws from, the same in every process, so a run does the same work every time and a
timing or an instruction count can be repeated.

Importing this module installs the order; if a SymPy release no longer has the hook, nothing is changed.

SymPy's other random choices — the evaluation points of Wang's multivariate factorisation above all — come from
one generator seeded by the operating system in each process, so the same factorisation took a second in one run
and over a minute in the next (an induction step over a product). :func:`reseed` gives that generator a fixed
state; the engine calls it before each claim, so a claim's work does not depend on the run, nor on which claims a
worker checked before it.
"""

from __future__ import annotations

import sys

import sympy  # noqa: F401 - loads sympy.core.assumptions, whose hook is replaced below
from sympy.core import random as _sympy_random

_MODULE = sys.modules.get("sympy.core.assumptions")


def in_order(facts: list[str]) -> None:
    """Put a batch of fact names in a fixed order, in place (where SymPy would shuffle them)."""
    facts.sort()


def installed() -> bool:
    """Whether SymPy's assumption queries take their facts in :func:`in_order`'s order."""
    return getattr(_MODULE, "shuffle", None) is in_order


if getattr(_MODULE, "shuffle", None) is getattr(_sympy_random, "_assumptions_shuffle", object()):
    _MODULE.shuffle = in_order  # type: ignore[union-attr]


def reseed() -> None:
    """Put SymPy's generator (``sympy.core.random.rng``) in one fixed state (see the module)."""
    _sympy_random.rng.seed(0)
