"""Exact rewrites shared by the prover: each step is an identity valid on the claim's domain."""

from __future__ import annotations

from collections.abc import Iterable

import sympy as sp

from .domains import Domain
from .functions import expand_sigmoid


def unfold(expr: sp.Expr) -> sp.Expr:
    """Evaluate unevaluated derivatives and finite sums (exact symbolic calculus)."""
    return expr.doit(deep=True)


def powers_to_exp(expr: sp.Expr) -> sp.Expr:
    """Write b**e with a symbolic exponent as exp(e*log b), SymPy's own definition of such powers."""
    return expr.replace(lambda e: isinstance(e, sp.Pow) and not e.exp.is_Number,
                        lambda e: sp.exp(e.exp * sp.log(e.base)))


def split_exp(expr: sp.Expr) -> sp.Expr:
    """Rewrite exp(a + b) as exp(a)*exp(b) and exp(c*t) as exp(t)**c for a rational c (valid everywhere)."""
    def split(e: sp.exp) -> sp.Expr:
        factors = []
        for term in sp.Add.make_args(sp.expand(e.args[0])):
            coeff, rest = term.as_coeff_Mul()
            if rest == 1:
                factors.append(sp.exp(coeff))
            elif coeff.is_Rational:
                factors.append(sp.Pow(sp.exp(rest, evaluate=False), coeff))
            else:
                factors.append(sp.exp(term))
        return sp.Mul(*factors)

    return expr.replace(lambda e: isinstance(e, sp.exp), split)


def expand_logs(expr: sp.Expr) -> sp.Expr:
    """Split logs of products and powers where the assumptions allow it, and factor rational arguments.

    ``expand_log`` without ``force`` splits log(ab) only when a and b are known positive, so this
    step is exact on the declared domain; log of a rational is written over primes.
    """
    return sp.expand_log(expr, factor=True)


def eliminate_distributions(expr: sp.Expr, domains: Iterable[tuple[sp.Basic, Domain]]) -> sp.Expr:
    """Replace the last entry of each declared distribution by one minus the others."""
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
        substitution[ordered[-1]] = 1 - sp.Add(*ordered[:-1])
    return expr.xreplace(substitution) if substitution else expr


def rational_form(expr: sp.Expr, domains: Iterable[tuple[sp.Basic, Domain]]) -> tuple[sp.Expr, list[str]]:
    """Reduce an expression to the expanded numerator of a rational function in its exp/log atoms, with steps."""
    steps: list[str] = []
    current = expr

    def step(name: str, rewrite: object) -> None:
        nonlocal current
        new = rewrite(current)  # type: ignore[operator]
        if new != current:
            steps.append(f"{name}: {new}")
            current = new

    step("unfold derivatives and sums", unfold)
    step("σ(x) = 1/(1 + exp(-x))", expand_sigmoid)
    step("b^e = exp(e·log b)", powers_to_exp)
    for _ in range(2):
        step("expand logs (positive arguments)", expand_logs)
        step("exp(a+b) = exp(a)·exp(b)", split_exp)
    step("distribution entries sum to 1", lambda e: eliminate_distributions(e, domains))
    step("numerator over a common denominator, exp/log atoms as variables, expanded", numerator_form)
    return current, steps


def numerator_form(expr: sp.Expr) -> sp.Expr:
    """The expanded numerator of ``expr`` over a common denominator, its exp and log atoms as variables.

    The expression is identically zero wherever it is defined exactly when this polynomial is zero,
    whatever values the atoms take; replacing the atoms by plain variables keeps the polynomial
    arithmetic fast and cannot make a non-zero numerator vanish.
    """
    atoms = sorted(expr.atoms(sp.exp) | expr.atoms(sp.log), key=sp.default_sort_key)
    variables = {atom: sp.Dummy(f"g{i}") for i, atom in enumerate(atoms)}
    numerator, _ = sp.fraction(sp.together(expr.xreplace(variables)))
    expanded = sp.expand(numerator)
    return expanded.xreplace({v: a for a, v in variables.items()})
