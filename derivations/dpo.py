"""Section 6, DPO: the optimal-policy derivation behind question 12 (the questions themselves are files)."""

from __future__ import annotations

import sympy as sp

from checker import Claim, Scope

from .references import GIBBS, kl, response_space


def _optimal_policy_derivation() -> tuple[Claim, ...]:
    """π_r = π_ref·exp(r/β)/Z maximises E_π[r] − β·KL(π‖π_ref), on a three-response space."""
    s = Scope()
    space = response_space(s)
    beta, ref, r, z, pi_r = space.beta, list(space.ref), space.r, space.z, list(space.optimal)
    pi = s.distribution(["π(y1)", "π(y2)", "π(y3)"])
    expected = sp.Add(*(p * ri for p, ri in zip(pi, r)))
    return (
        s.identity(sp.Add(*pi_r), 1, "π_r sums to 1: Σ_y π_ref(y)·exp(r(y)/β)/Z = 1 with Z = Σ_y π_ref(y)·exp(r(y)/β)"),
        s.identity(expected - beta * kl(pi, ref), beta * sp.log(z) - beta * kl(pi, pi_r),
                   "E_π[r] − β·KL(π‖π_ref) = β·log Z − β·KL(π‖π_r) for every distribution π"),
        Scope.fact("KL(π‖π_r) ≥ 0 with equality iff π = π_r, so π_r is the unique maximiser",
                   name="Gibbs' inequality", source=GIBBS),
        s.identity(sp.Add(*(p * ri for p, ri in zip(pi_r, r))) - beta * kl(pi_r, ref), beta * sp.log(z),
                   "the objective at π_r equals its upper bound β·log Z"),
    )


def support() -> dict[str, tuple[Claim, ...]]:
    """Derivations in Python that back questions written as files, by question id."""
    return {"q12-reward-from-policy": _optimal_policy_derivation()}
