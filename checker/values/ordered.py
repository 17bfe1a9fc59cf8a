"""SymPy's assumption queries in one fixed order, run after run.

To answer ``x.is_positive`` SymPy works through the facts that could settle it, and puts each batch of them in
a random order first (``sympy.core.assumptions._ask``: the shuffle is there to expose handlers that contradict
each other in SymPy's own tests). The answer does not depend on the order when the handlers are consistent, but
the work does: two runs of the same audit differed by 10% in instructions, and the shuffle itself — some 67,000
calls for the built-in quiz — is about 1.5% of a run. Here each batch is put in alphabetical order instead:
one of the orders SymPy draws from, the same in every process, so a run does the same work every time and a
timing or an instruction count can be repeated.

Importing this module installs the order; if a SymPy release no longer has the hook, nothing is changed.
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
