"""Independent replay of a counterexample from the JSON report: rebuild with srepr, evaluate with mpmath."""

from __future__ import annotations

from typing import Any

import mpmath
import sympy as sp

from checker import sigmoid


def rebuild(text: str) -> sp.Basic:
    """Rebuild an expression from its srepr (our own report, not authored input)."""
    namespace: dict[str, Any] = {name: getattr(sp, name) for name in dir(sp) if not name.startswith("_")}
    namespace["sigmoid"] = sigmoid
    return eval(text, namespace)  # noqa: S307 - trusted report produced by the test itself


def violated(entry: dict[str, Any], digits: int = 60) -> bool:
    """Whether the option's relation fails at its counterexample, evaluated at high precision."""
    definitions = {rebuild(d["atom"]): rebuild(d["expr"]) for d in entry["definitions"]}
    values = {rebuild(atom): sp.Rational(value) for atom, value in entry["counterexample_atoms"]}
    part = entry["parts"][entry["enclosures"]["part"]]
    sides = []
    for key in ("lhs", "rhs"):
        expr = rebuild(part[key])
        for _ in range(8):
            expr = expr.xreplace(definitions)
        expr = expr.doit()
        # derivative atoms first, then function values, then symbols
        ordered = sorted(values.items(), key=lambda kv: 0 if isinstance(kv[0], sp.Derivative)
                         else 1 if isinstance(kv[0], sp.core.function.AppliedUndef) else 2)
        for atom, value in ordered:
            expr = expr.xreplace({atom: value})
        expr = expr.rewrite(sp.exp) if expr.has(sigmoid) else expr
        expr = expr.replace(lambda e: isinstance(e, sigmoid), lambda e: 1 / (1 + sp.exp(-e.args[0])))
        sides.append(expr)
    lhs, rhs = (complex(sp.N(side, digits)) for side in sides)
    relation = part["relation"]
    if relation == "=":
        return abs(lhs - rhs) > mpmath.mpf(10) ** (-digits // 2)
    a, b = lhs.real, rhs.real
    return {"<": a >= b, "<=": a > b, ">": a <= b, ">=": a < b}[relation]
