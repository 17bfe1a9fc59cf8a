"""Section 2, RLHF: the return, RL vs RLHF, the KL penalty, the KL figures, InstructGPT."""

from __future__ import annotations

import sympy as sp

from checker import Erratum, Meta, Option, Question, QuestionStatus, Rule, Scope

from .references import GIBBS, kl, return_reference
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
    beta = s.beta("β")
    q = s.distribution(["π_ref(y1)", "π_ref(y2)", "π_ref(y3)"])
    r = [s.real(f"r(y{i})") for i in (1, 2, 3)]
    z = sp.Add(*(qi * sp.exp(ri / beta) for qi, ri in zip(q, r)))
    pi = [qi * sp.exp(ri / beta) / z for qi, ri in zip(q, r)]
    mean = sp.Add(*(p * ri for p, ri in zip(pi, r)))
    variance = sp.Add(*(p * (ri - mean) ** 2 for p, ri in zip(pi, r)))
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


def _kl_figures_question() -> Question:
    s = Scope()
    p = [sp.Rational(9, 25), sp.Rational(12, 25), sp.Rational(4, 25)]
    q = [sp.Rational(1, 3)] * 3
    kl_pq, kl_qp = kl(p, q), kl(q, p)
    threshold = sp.Rational("0.9")
    names = ("D_KL(P ‖ Q)", "D_KL(Q ‖ P)")

    def option(first: str, second: str) -> object:
        return s.compare((kl_pq, first, threshold), (kl_qp, second, threshold),
                         text=f"{names[0]} {first} 0.9 and {names[1]} {second} 0.9")

    log2, log3, log5 = sp.log(2), sp.log(3), sp.log(5)
    support = (
        s.identity(kl_pq, (32 * log2 + 55 * log3 - 50 * log5) / 25,
                   "D_KL(P ‖ Q) = (32 ln 2 + 55 ln 3 − 50 ln 5)/25 (the document's closed form)"),
        s.identity(kl_qp, (-4 * log2 - 6 * log3 + 6 * log5) / 3,
                   "D_KL(Q ‖ P) = (−4 ln 2 − 6 ln 3 + 6 ln 5)/3 (the document's closed form)"),
        s.compare((sp.Abs(kl_pq - sp.Rational("0.0852996")), "<", sp.Rational("0.00000005")),
                  text="D_KL(P ‖ Q) ≈ 0.0852996 to the digits shown"),
        s.compare((sp.Abs(kl_qp - sp.Rational("0.097455")), "<", sp.Rational("0.0000005")),
                  text="D_KL(Q ‖ P) ≈ 0.097455 to the digits shown"),
        s.compare((kl_pq, "<", sp.Rational("0.09")), (kl_qp, ">=", sp.Rational("0.09")),
                  text="erratum hypothesis: with threshold 0.09, option 2's statement holds"),
    )
    return Question(
        id="q06-kl-figures", section=SECTION, position=6,
        stem=(r"Sean P = (9/25, 12/25, 4/25) y Q = (1/3, 1/3, 1/3) sobre X = {0, 1, 2}. En relación con las "
              r"entropías relativas D_KL(P ‖ Q) y D_KL(Q ‖ P), indica la opción correcta"),
        rule=Rule.CORRECT, key=2, key_text="La 2; [ejemplo sacado de Wikipedia](#)",
        erratum=Erratum(QuestionStatus.DISAGREES,
                        "The document's own figures are D_KL(P‖Q) ≈ 0.0853 and D_KL(Q‖P) ≈ 0.0975, both below "
                        "0.9, so option 1 is the correct one as printed; the key fits a threshold of 0.09, "
                        "under which option 2 holds (see the supporting erratum-hypothesis claim)."),
        support=support,
        options=(
            Option(1, r"$\mathbb{D}_{\text{KL}}(P \| Q) < 0.9$ y $\mathbb{D}_{\text{KL}}(Q \| P) < 0.9$",
                   option("<", "<")),
            Option(2, r"$\mathbb{D}_{\text{KL}}(P \| Q) < 0.9$ y $\mathbb{D}_{\text{KL}}(Q \| P) \geq 0.9$",
                   option("<", ">=")),
            Option(3, r"$\mathbb{D}_{\text{KL}}(P \| Q) \geq 0.9$ y $\mathbb{D}_{\text{KL}}(Q \| P) < 0.9$",
                   option(">=", "<")),
            Option(4, r"$\mathbb{D}_{\text{KL}}(P \| Q) \geq 0.9$ y $\mathbb{D}_{\text{KL}}(Q \| P) \geq 0.9$",
                   option(">=", ">=")),
        ),
    )


def questions() -> list[Question]:
    prose = Scope.prose
    rl_vs_rlhf = Question(
        id="q04-rl-vs-rlhf", section=SECTION, position=4,
        stem=("Aunque RLHF se inspira en el planteamiento usual del aprendizaje por refuerzo, presenta varias "
              "diferencias esenciales. En relación con estas diferencias, indica la opción incorrecta o la última "
              "opción si las tres primeras son correctas"),
        rule=Rule.INCORRECT_OR_LAST, key=4, key_text="La 4",
        options=(
            Option(1, "Se usa un modelo de preferencias humanas en lugar de una función de recompensa.",
                   prose("a learned preference model replaces the environment's reward function", holds=True,
                         justification="Lambert, RLHF book, ch. 3: the reward comes from a model trained on human "
                                       "preferences, not from the environment.")),
            Option(2, "Los estados iniciales son prompts y la \"acción\" consiste en completar el prompt.",
                   prose("states are prompts, actions are completions", holds=True,
                         justification="Lambert, RLHF book, ch. 3: a prompt is the state and the completion "
                                       "the action (a bandit-style episode).")),
            Option(3, "Las recompensas se producen a nivel de respuesta, esto es, para una secuencia completa de "
                      "acciones.",
                   prose("rewards are given per response", holds=True,
                         justification="Lambert, RLHF book, ch. 3: the reward model scores the whole "
                                       "completion.")),
            Option(4, ALL_PREVIOUS, meta=Meta.ALL_PREVIOUS),
        ),
    )
    instructgpt = Question(
        id="q07-instructgpt", section=SECTION, position=7,
        stem=("El post-training de LLMs actual presenta diferencias considerables respecto al de InstructGPT. En "
              "relación con las mismas, indica la opción incorrecta o la última opción si las tres primeras son "
              "correctas"),
        rule=Rule.INCORRECT_OR_LAST, key=4, key_text="La 4",
        options=(
            Option(1, "Se emplean más ejemplos de instrucciones para entrenar el modelo SFT, tanto humanas como "
                      "sintéticas.",
                   prose("more instruction data, human and synthetic", holds=True,
                         justification="Lambert, RLHF book, ch. 1: modern SFT sets reach millions of examples, "
                                       "largely synthetic.")),
            Option(2, "Se usan más prompts de preferencia en rondas sucesivas de entrenamiento de modelos de "
                      "recompensa y alineados.",
                   prose("more preference prompts over several rounds", holds=True,
                         justification="Touvron et al. (2023), Llama 2: iterative rounds of preference data and "
                                       "RLHF.")),
            Option(3, "Se usa un LLM juez como proxy humano cuando no se dispone de preferencias humanas.",
                   prose("LLM-as-a-judge replaces missing human preferences", holds=True,
                         justification="Bai et al. (2022) Constitutional AI; Lambert, RLHF book, ch. on "
                                       "synthetic data (RLAIF).")),
            Option(4, ALL_PREVIOUS, meta=Meta.ALL_PREVIOUS),
        ),
    )
    return [_return_question(), rl_vs_rlhf, _kl_penalty_question(), _kl_figures_question(), instructgpt]
