"""Readable SymPy names for LaTeX fragments: ``\\pi_{\\text{ref}}(y | x)`` prints as ``π_ref(y | x)``."""

from __future__ import annotations

import re

_GREEK = dict(zip(
    ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu",
     "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"),
    "αβγδεζηθικλμνξπρστυφχψω"))


_SIGNS = {"succ": "≻", "prec": "≺", "mid": "|", "cdot": "·", "infty": "∞"}


def display_name(fragment: str) -> str:
    """A readable SymPy name for a LaTeX fragment: ``\\pi_{\\text{ref}}(y | x)`` → ``π_ref(y | x)``."""
    name = re.sub(r"\\(?:text|mathrm|operatorname|mathit|mathbf)\{([^{}]*)\}", r"\1", fragment)
    name = re.sub(r"\\([A-Za-z]+)", lambda m: _GREEK.get(m.group(1), _SIGNS.get(m.group(1), m.group(1))), name)
    name = name.replace("{", "").replace("}", "")
    return " ".join(name.split())
