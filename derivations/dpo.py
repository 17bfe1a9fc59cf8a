"""Section 6, DPO: the optimal-policy derivation and the DPO gradient (questions 12-13 are files)."""

from __future__ import annotations

import sympy as sp

from checker import Claim, Option, Question, Rule, Scope, sigmoid

from .references import GIBBS, kl, response_space

SECTION = "6 Direct preference optimization (DPO)"
EXPECTATION = r"$-\beta \mathbb{E}_{(x, y_w, y_l) \sim \mathcal{D}} "


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


def _gradient_question() -> Question:
    s = Scope()
    beta, theta = s.beta("β"), s.real("θ")
    weights = s.distribution(["D(x⁽¹⁾, y_w⁽¹⁾, y_l⁽¹⁾)", "D(x⁽²⁾, y_w⁽²⁾, y_l⁽²⁾)"])
    examples = []
    for e in ("⁽¹⁾", "⁽²⁾"):
        log_w = s.function(f"log π_θ(y_w{e} | x{e})")(theta)
        log_l = s.function(f"log π_θ(y_l{e} | x{e})")(theta)
        ref_w, ref_l = s.real(f"log π_ref(y_w{e} | x{e})"), s.real(f"log π_ref(y_l{e} | x{e})")
        mu_wl = beta * ((log_w - log_l) - (ref_w - ref_l))
        mu_lw = beta * ((log_l - log_w) - (ref_l - ref_w))
        examples.append((log_w, log_l, mu_wl, mu_lw))
    loss = -sp.Add(*(w * sp.log(sigmoid(mu_wl)) for w, (_, _, mu_wl, _) in zip(weights, examples)))
    gradient = sp.Derivative(loss, theta)

    def expectation(pick_mu: int, order: int) -> sp.Expr:
        terms = []
        for w, (log_w, log_l, mu_wl, mu_lw) in zip(weights, examples):
            mu = (mu_wl, mu_lw)[pick_mu]
            grad_w, grad_l = sp.Derivative(log_w, theta), sp.Derivative(log_l, theta)
            diff = grad_w - grad_l if order == 0 else grad_l - grad_w
            terms.append(w * sigmoid(mu) * diff)
        return -beta * sp.Add(*terms)

    def option(pick_mu: int, order: int, text: str) -> Claim:
        return s.identity(gradient, expectation(pick_mu, order), "∇_θ L_DPO = " + text)

    s_support = Scope()
    x = s_support.real("x")
    pw, pl = s_support.probability("π_θ(y_w | x)"), s_support.probability("π_θ(y_l | x)")
    rw, rl = s_support.probability("π_ref(y_w | x)"), s_support.probability("π_ref(y_l | x)")
    b = s_support.beta("β")
    support = (
        s_support.identity(b * ((sp.log(pw) - sp.log(pl)) - (sp.log(rw) - sp.log(rl))),
                           b * sp.log(pw / rw) - b * sp.log(pl / rl),
                           "the stem's μ_θ(y_w ≻ y_l) equals option 3 of question 13 (log-ratio form)"),
        s_support.identity(sigmoid(-x), 1 - sigmoid(x), "σ(−x) = 1 − σ(x)"),
        s_support.identity(sp.Derivative(sp.log(sigmoid(x)), x), sigmoid(-x), "d/dx log σ(x) = σ(−x)"),
        s.identity(examples[0][3], -examples[0][2], "μ_θ(y_l ≻ y_w | x) = −μ_θ(y_w ≻ y_l | x)"),
    )
    expect = "−β E_D[σ(μ_θ(y_{a} ≻ y_{b} | x)) (∇ log π(y_{c} | x) − ∇ log π(y_{d} | x))]"
    return Question(
        id="q14-dpo-gradient", section=SECTION, position=14,
        stem=("L_DPO(π_θ; π_ref) = −E_{(x, y_w, y_l)∼D} log σ(μ_θ(y_w ≻ y_l | x)), con μ_θ(y_w ≻ y_l | x) = "
              "β((log π_θ(y_w | x) − log π_θ(y_l | x)) − (log π_ref(y_w | x) − log π_ref(y_l | x))). El gradiente "
              "de la pérdida DPO, ∇_θ L_DPO(π_θ; π_ref), es"),
        rule=Rule.EQUALS, key=3, key_text="La 3",
        notes=("D is a dataset of two triples (x⁽ᵉ⁾, y_w⁽ᵉ⁾, y_l⁽ᵉ⁾), e = 1, 2, drawn with probabilities "
               "D(x⁽ᵉ⁾, y_w⁽ᵉ⁾, y_l⁽ᵉ⁾). log π_θ(y_w⁽ᵉ⁾ | x⁽ᵉ⁾) and log π_θ(y_l⁽ᵉ⁾ | x⁽ᵉ⁾) are undefined "
               "functions of θ, so a counterexample gives their values and derivatives at θ; log π_ref(…) are "
               "constants. The options' "
               "∇ log π means ∇_θ log π_θ.",),
        support=support,
        options=(
            Option(1, EXPECTATION + r"[\sigma(\mu_\theta(y_w \succ y_l | x)) (\nabla_\theta \log \pi(y_w | x) "
                      r"- \nabla_\theta \log \pi(y_l | x))]$",
                   option(0, 0, expect.format(a="w", b="l", c="w", d="l"))),
            Option(2, EXPECTATION + r"[\sigma(\mu_\theta(y_w \succ y_l | x)) (\nabla_\theta \log \pi(y_l | x) "
                      r"- \nabla_\theta \log \pi(y_w | x))]$",
                   option(0, 1, expect.format(a="w", b="l", c="l", d="w"))),
            Option(3, EXPECTATION + r"[\sigma(\mu_\theta(y_l \succ y_w | x)) (\nabla_\theta \log \pi(y_w | x) "
                      r"- \nabla_\theta \log \pi(y_l | x))]$",
                   option(1, 0, expect.format(a="l", b="w", c="w", d="l"))),
            Option(4, EXPECTATION + r"[\sigma(\mu_\theta(y_l \succ y_w | x)) (\nabla_\theta \log \pi(y_l | x) "
                      r"- \nabla_\theta \log \pi(y_w | x))]$",
                   option(1, 1, expect.format(a="l", b="w", c="l", d="w"))),
        ),
    )


def questions() -> list[Question]:
    """The DPO gradient: an undefined function of θ and a finite dataset, beyond what question files say."""
    return [_gradient_question()]


def support() -> dict[str, tuple[Claim, ...]]:
    """Derivations in Python that back questions written as files, by question id."""
    return {"q12-reward-from-policy": _optimal_policy_derivation()}
