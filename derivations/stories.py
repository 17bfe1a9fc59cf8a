"""The document's DPO story as step-by-step derivations, each step checked.

From the KL-regularised objective to the optimal policy (and why it is the maximiser), to the reward
written through π_r and Z, to Z cancelling in the Bradley-Terry probability, to the DPO gradient; and
KL(π_β ‖ π_ref) not increasing with β. Finite response spaces have three responses.
"""

from __future__ import annotations

import sympy as sp

from checker import Scope, sigmoid
from checker.chains import Derivation

from .references import GIBBS, kl, response_space

SECTION = "6 Direct preference optimization (DPO)"


def _optimal_policy() -> Derivation:
    s = Scope()
    space = response_space(s)
    beta, ref, r, z, pi_r = space.beta, list(space.ref), space.r, space.z, list(space.optimal)
    pi = s.distribution(["π(y1)", "π(y2)", "π(y3)"])

    def objective(policy: list[sp.Expr]) -> sp.Expr:
        return sp.Add(*(p * ri for p, ri in zip(policy, r))) - beta * kl(policy, ref)

    return s.derivation(
        "d1-optimal-policy", "π_r = π_ref·exp(r/β)/Z maximises E_π[r] − β·KL(π‖π_ref)", objective(list(pi)),
        ("=", beta * sp.log(z) - beta * kl(list(pi), pi_r),
         "log(π/π_ref) = log(π/π_r) + r/β − log Z, and Σπ = 1"),
        ("<=", beta * sp.log(z), "fact: Gibbs' inequality"),
        ("=", objective(pi_r), "the objective at π_r: E_{π_r}[r] − β·KL(π_r‖π_ref) = β log Z"),
        notes=("The chain proves J(π) ≤ J(π_r) for every distribution π; equality in Gibbs' inequality "
               "holds only at π = π_r, so π_r is the unique maximiser.", f"Gibbs' inequality: {GIBBS}."))


def _reward_through_policy() -> Derivation:
    s = Scope()
    beta, r = s.beta("β"), s.real("r(x, y)")
    ref, z = s.probability("π_ref(y | x)"), s.positive("Z(x)")
    pi_r = s.define(sp.Symbol("π_r(y | x)", positive=True), ref * sp.exp(r / beta) / z)
    return s.derivation(
        "d2-reward-through-policy", "r(x, y) = β log(π_r/π_ref) + β log Z", r,
        ("=", beta * sp.log(sp.exp(r / beta)), "log e^u = u for real u"),
        ("=", beta * sp.log(pi_r * z / ref), "definition of π_r"),
        ("=", beta * sp.log(pi_r / ref) + beta * sp.log(z), "log of a product of positive factors"))


def _z_cancels() -> Derivation:
    s = Scope()
    beta, z = s.beta("β"), s.positive("Z(x)")
    pt1, pt2 = s.probability("π_θ(y_1 | x)"), s.probability("π_θ(y_2 | x)")
    pr1, pr2 = s.probability("π_ref(y_1 | x)"), s.probability("π_ref(y_2 | x)")
    r1 = beta * sp.log(pt1 / pr1) + beta * sp.log(z)
    r2 = beta * sp.log(pt2 / pr2) + beta * sp.log(z)
    return s.derivation(
        "d3-z-cancels", "Z(x) cancels in the Bradley-Terry probability of the implicit rewards",
        sp.exp(r1) / (sp.exp(r1) + sp.exp(r2)),
        ("=", 1 / (1 + sp.exp(r2 - r1)), "divide numerator and denominator by e^{r_1}"),
        ("=", 1 / (1 + sp.exp(beta * sp.log(pt2 / pr2) - beta * sp.log(pt1 / pr1))), "β log Z cancels in r_2 − r_1"),
        ("=", sigmoid(beta * sp.log(pt1 / pr1) - beta * sp.log(pt2 / pr2)), "definition of σ"))


def _dpo_gradient() -> Derivation:
    s = Scope()
    beta, theta = s.beta("β"), s.real("θ")
    log_w, log_l = s.function("log π_θ(y_w | x)")(theta), s.function("log π_θ(y_l | x)")(theta)
    ref_w, ref_l = s.real("log π_ref(y_w | x)"), s.real("log π_ref(y_l | x)")
    mu = beta * ((log_w - log_l) - (ref_w - ref_l))
    d_mu = sp.Derivative(mu, theta)
    return s.derivation(
        "d4-dpo-gradient", "∇_θ of the DPO loss on one preference triple", sp.Derivative(-sp.log(sigmoid(mu)), theta),
        ("=", -(1 - sigmoid(mu)) * d_mu, "chain rule with σ'(x) = σ(x)(1 − σ(x))"),
        ("=", -sigmoid(-mu) * d_mu, "1 − σ(x) = σ(−x)"),
        ("=", -beta * sigmoid(-mu) * (sp.Derivative(log_w, theta) - sp.Derivative(log_l, theta)),
         "dμ/dθ = β(∇ log π_θ(y_w) − ∇ log π_θ(y_l)); σ(−μ) = σ(μ_θ(y_l ≻ y_w))"),
        notes=("log π_θ(y_w | x) and log π_θ(y_l | x) are undefined functions of θ; the expectation over the "
               "dataset is linear, so the gradient of the mean loss is the mean of these.",))


def _kl_monotone() -> Derivation:
    s = Scope()
    space = response_space(s)
    beta, ref, z, pi = space.beta, list(space.ref), space.z, list(space.optimal)
    mean, variance = space.mean, space.variance
    return s.derivation(
        "d5-kl-monotone", "KL(π_β ‖ π_ref) does not increase as β grows (optimal policy, three responses)",
        sp.Derivative(kl(pi, ref), beta),
        ("=", sp.Derivative(mean / beta - sp.log(z), beta), "KL(π_β‖π_ref) = E_β[r]/β − log Z"),
        ("=", -variance / beta**3, "d/dβ log Z = −E_β[r]/β², d/dβ E_β[r] = −Var_β(r)/β²"),
        ("<=", sp.Integer(0), "a variance is non-negative and β > 0"))


def stories() -> list[Derivation]:
    """The five derivations, in the order of the story."""
    return [_optimal_policy(), _reward_through_policy(), _z_cancels(), _dpo_gradient(), _kl_monotone()]
