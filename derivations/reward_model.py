"""Section 3, reward model: the Bradley-Terry model and a length-based reward."""

from __future__ import annotations

import sympy as sp

from checker import Meta, Option, Question, Rule, Scope, sigmoid

from .references import BRADLEY_TERRY, bradley_terry
from .text import ALL_PREVIOUS, NONE_PREVIOUS

SECTION = "3 Modelo de recompensa (RM)"


def _bradley_terry_question() -> Question:
    s = Scope()
    r1, r2 = s.real("r_1"), s.real("r_2")
    p = s.define(sp.Symbol("P", positive=True), bradley_terry(r1, r2))
    return Question(
        id="q08-bradley-terry", section=SECTION, position=8,
        stem=("Sean r_1 = r*(x, y_1) y r_2 = r*(x, y_2) las recompensas de dos respuestas y P = p*(y_1 ≻ y_2 | x) "
              "la probabilidad de preferir y_1 a y_2 según el modelo Bradley-Terry. En relación con esta "
              "probabilidad, indica la opción incorrecta o la última opción si las tres primeras son correctas"),
        rule=Rule.INCORRECT_OR_LAST, key=4, key_text="La 4",
        notes=(f"P := exp(r_1)/(exp(r_1) + exp(r_2)), the Bradley-Terry model ({BRADLEY_TERRY}).",),
        options=(
            Option(1, r"$P = \frac{e^{r_1}}{e^{r_1} + e^{r_2}}$",
                   s.identity(p, sp.exp(r1) / (sp.exp(r1) + sp.exp(r2)), "P = e^{r1}/(e^{r1} + e^{r2})")),
            Option(2, r"$P = \frac{1}{1 + e^{r_2 - r_1}}$",
                   s.identity(p, 1 / (1 + sp.exp(r2 - r1)), "P = 1/(1 + e^{r2 − r1})")),
            Option(3, r"$P = \sigma(r_1 - r_2)$", s.identity(p, sigmoid(r1 - r2), "P = σ(r1 − r2)")),
            Option(4, ALL_PREVIOUS, meta=Meta.ALL_PREVIOUS),
        ),
    )


def _length_reward_question() -> Question:
    s = Scope()
    theta = s.real("θ")
    n1, n2 = s.length("|y_1|"), s.length("|y_2|")
    p = s.define(sp.Symbol("p_θ(y_1 ≻ y_2 | x)", positive=True), bradley_terry(theta * n1, theta * n2))
    return Question(
        id="q09-length-reward", section=SECTION, position=9,
        stem=("Sea un modelo de recompensa parametrizado, r_θ(x, y) = θ|y|, donde θ ∈ ℝ y |y| denota la longitud "
              "de la respuesta y. Considera el modelo Bradley-Terry basado en r_θ(x, y), p_θ(y_1 ≻ y_2 | x). En "
              "relación con el mismo, indica la opción correcta o la última opción si ninguna las tres primeras "
              "es correcta"),
        rule=Rule.CORRECT_OR_LAST, key=4,
        key_text=r"La 4; es $p_\theta(y_1 \succ y_2 | x) = \sigma(\theta(|y_1| - |y_2|))$",
        support=(s.identity(p, sigmoid(theta * (n1 - n2)),
                            "p_θ(y_1 ≻ y_2 | x) = σ(θ(|y_1| − |y_2|)) (the document's stated solution)"),),
        options=(
            Option(1, r"$p_\theta(y_1 \succ y_2 | x) = \sigma(|y_2| + |y_1|)$",
                   s.identity(p, sigmoid(n2 + n1), "p_θ = σ(|y_2| + |y_1|)")),
            Option(2, r"$p_\theta(y_1 \succ y_2 | x) = \sigma(\theta(|y_2| - |y_1|))$",
                   s.identity(p, sigmoid(theta * (n2 - n1)), "p_θ = σ(θ(|y_2| − |y_1|))")),
            Option(3, r"$p_\theta(y_1 \succ y_2 | x) = \sigma(\theta(|y_2| + |y_1|))$",
                   s.identity(p, sigmoid(theta * (n2 + n1)), "p_θ = σ(θ(|y_2| + |y_1|))")),
            Option(4, NONE_PREVIOUS, meta=Meta.NONE_PREVIOUS),
        ),
    )


def questions() -> list[Question]:
    return [_bradley_terry_question(), _length_reward_question()]
