"""Section 5, rejection sampling: selection rules checked against reference implementations.

This question stays in Python, the only one of the document that does: its options are statements about
selection algorithms (top-K per prompt, best-of-N, top-K overall), checked by running them on every small
reward matrix — evidence, not proof — and no formula of a question file can say what an algorithm does.
"""

from __future__ import annotations

from checker import FiniteCheck, Meta, Option, Question, Reference, Rule, Scope

from .references import LAMBERT_RS, Matrix, best_of_n, small_matrices, top_k_overall, top_k_per_prompt
from .text import ALL_PREVIOUS

SECTION = "5 Rejection sampling (RS)"
SCOPE = "every reward matrix with 1-2 prompts, 1-3 completions, rewards in {0, 1, 2}, every K"


def _per_prompt_is_k_best(instance: tuple[Matrix, int]) -> bool:
    rewards, k = instance
    chosen = top_k_per_prompt(rewards, k)
    for i, row in enumerate(rewards):
        mine = [j for j in range(len(row)) if (i, j) in chosen]
        rest = [j for j in range(len(row)) if (i, j) not in chosen]
        # every chosen reward at least every other one: the least chosen at least the greatest left out
        if len(mine) != min(k, len(row)) or (mine and rest and min(row[a] for a in mine) < max(row[b] for b in rest)):
            return False
    return True


def _overall_is_k_best(instance: tuple[Matrix, int]) -> bool:
    rewards, k = instance
    chosen = top_k_overall(rewards, k)
    cells = [(i, j) for i, row in enumerate(rewards) for j in range(len(row))]
    rest = [c for c in cells if c not in chosen]
    return len(chosen) == min(k, len(cells)) and (not chosen or not rest or min(
        rewards[i][j] for i, j in chosen) >= max(rewards[i][j] for i, j in rest))


def _per_prompt_instances() -> list[tuple[Matrix, int]]:
    return [(m, k) for m in small_matrices() for k in range(1, len(m[0]) + 1)]


def _overall_instances() -> list[tuple[Matrix, int]]:
    return [(m, k) for m in small_matrices() for k in range(1, len(m) * len(m[0]) + 1)]


def questions() -> list[Question]:
    per_prompt = Reference("Top-K Per Prompt", LAMBERT_RS)
    best = Reference("Best-of-N Sampling", LAMBERT_RS)
    overall = Reference("Top-K Overall", LAMBERT_RS)
    return [Question(
        id="q11-rejection-sampling", section=SECTION, position=11,
        stem=("Rejection sampling es una técnica de preferencia fine-tuning (PreFT) sencilla y popular. En general, "
              "se trata de hacer instruction / supervised fine-tuning (IFT/SFT) con respuestas seleccionadas por un "
              "modelo de recompensa de entre múltiples respuestas generadas por el modelo en adaptación (u otros). "
              "Dados $M$ prompts y $N$ respuestas generadas por prompt, los criterios usuales de selección se basan "
              "en una matriz de recompensas $R \\in \\mathbb{R}^{N \\times M}$, donde $r_{ij}$ la recompensa "
              "obtenida por la respuesta $j$ al prompt $i$. En relación con estos criterios, indica la opción "
              "incorrecta o la última opción si las tres primeras son correctas:"),
        rule=Rule.INCORRECT_OR_LAST, key=4, key_text="La 4",
        notes=("The stem writes R ∈ ℝ^{N×M} but indexes r_ij by prompt i and response j, which needs M×N; the "
               "references follow the indexing.",),
        options=(
            Option(1, "Top-K Per Prompt escoge las $K$ mejores por prompt.",
                   Scope.finite("Top-K Per Prompt selects the K highest-reward completions of each prompt",
                                FiniteCheck(_per_prompt_is_k_best, _per_prompt_instances, SCOPE), per_prompt)),
            Option(2, "Best-of-N Sampling equivale a top-1 por prompt.",
                   Scope.finite("Best-of-N selection equals Top-K Per Prompt with K = 1",
                                FiniteCheck(lambda m: best_of_n(m) == top_k_per_prompt(m, 1),
                                            lambda: list(small_matrices()), SCOPE), best)),
            Option(3, "Top Overall Prompts escoge las $K$ mejores globalmente.",
                   Scope.finite("Top-K Overall selects the K highest-reward pairs of the whole matrix",
                                FiniteCheck(_overall_is_k_best, _overall_instances, SCOPE), overall)),
            Option(4, ALL_PREVIOUS, meta=Meta.ALL_PREVIOUS),
        ),
    )]
