"""Section 2, RLHF: the return and the KL penalty (the other questions are files in questions/)."""

from __future__ import annotations

import sympy as sp

from checker import Meta, Option, Question, Rule, Scope

from .references import GIBBS, kl, response_space, return_reference
from .text import ALL_PREVIOUS

SECTION = "2 Reinforcement learning from human feedback (RLHF)"


def _return_question() -> Question:
    s = Scope()
    gamma = s.discount("γ")
    rewards = [s.real(f"r_{{t+{k}}}") for k in (1, 2, 3)]
    reference = return_reference(gamma, rewards)
    discounted = [gamma**k * r for k, r in enumerate(rewards)]
    scope = " (episode ending after r_{t+3})"
    return Question(
        id="q03-return", section=SECTION, position=3,
        stem=("Si (r_{t+1}, r_{t+2}, …) son las recompensas obtenidas en una hipotética trayectoria futura desde "
              "el instante t, la recompensa de dicha trayectoria se suele calcular como"),
        rule=Rule.EQUALS, key=4, key_text="La 4",
        notes=("Checked on episodes that end after three rewards: a counterexample there is a trajectory of the "
               "question; the match of option 4 is with the reference definition itself.",),
        options=(
            Option(1, r"$\max_{k=0}^{\infty} r_{t+k+1}$",
                   s.match(sp.Max(*rewards), reference, "max_k r_{t+k+1}" + scope)),
            Option(2, r"$\max_{k=0}^{\infty} \gamma^k r_{t+k+1}$ , donde $\gamma \in [0, 1]$ es un factor de descuento",
                   s.match(sp.Max(*discounted), reference, "max_k γ^k r_{t+k+1}" + scope)),
            Option(3, r"$\sum_{k=0}^{\infty} r_{t+k+1}$",
                   s.match(sp.Add(*rewards), reference, "Σ_k r_{t+k+1}" + scope)),
            Option(4, r"$\sum_{k=0}^{\infty} \gamma^k r_{t+k+1}$ , donde $\gamma \in [0, 1]$ es un factor de descuento",
                   s.match(sp.Add(*discounted), reference, "Σ_k γ^k r_{t+k+1}" + scope)),
        ),
    )


def _kl_penalty_question() -> Question:
    s = Scope()
    space = response_space(s)
    beta, q, pi, variance = space.beta, list(space.ref), list(space.optimal), space.variance
    monotone = s.compare(
        (sp.Derivative(kl(pi, q), beta), "<=", 0),
        text="d/dβ D_KL(π_β ‖ π_ref) ≤ 0 for the optimal policy π_β = π_ref·exp(r/β)/Z on three responses",
        witness=-variance / beta**3)
    return Question(
        id="q05-kl-penalty", section=SECTION, position=5,
        stem=(r"J(π) = E_{τ∼π}[r_θ(s_t, a_t)] − β D_KL(π_RL(·|s_t) ‖ π_ref(·|s_t)), donde β ≥ 0 penaliza la "
              "divergencia KL. En relación con este planteamiento, indica la opción incorrecta o la última opción "
              "si las tres primeras son correctas"),
        rule=Rule.INCORRECT_OR_LAST, key=4, key_text="La 4",
        notes=("Option 2 is read as: for the optimal policy of the objective, the KL term does not grow as β "
               "grows; d/dβ KL = −Var_{π_β}(r)/β³ (checked on a three-response space).",),
        options=(
            Option(1, r"La divergencia KL de $\pi_{\text{ref}}$ respecto a $\pi_{\text{RL}}$ es nula si y solo si "
                      "ambas coinciden; si no, es positiva.",
                   Scope.fact("D_KL(P ‖ Q) ≥ 0, with equality iff P = Q", name="Gibbs' inequality",
                              source=GIBBS)),
            Option(2, r"En general, la divergencia será menor cuanto mayor sea $\beta$ .", monotone),
            Option(3, r"Si $\beta$ es muy próxima a cero, existe la posibilidad de que se produzca el fenómeno "
                      "conocido como reward hacking, esto es, que la política obtenida maximice la recompensa esperada "
                      "alejándose excesivamente del modelo de referencia y, en definitiva, del propósito del "
                      "post-training.",
                   Scope.prose("small β permits reward hacking", holds=True,
                               justification="With β → 0 the KL penalty vanishes and the policy may exploit the "
                                             "reward model far from π_ref (Gao et al., 2023, reward "
                                             "over-optimisation).")),
            Option(4, ALL_PREVIOUS, meta=Meta.ALL_PREVIOUS),
        ),
    )


def questions() -> list[Question]:
    """The questions of this section that question files cannot express (an indexed return, a derivative)."""
    return [_return_question(), _kl_penalty_question()]
