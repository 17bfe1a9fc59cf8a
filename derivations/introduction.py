"""Section 1, Introducción: two conceptual questions on post-training."""

from __future__ import annotations

from checker import Meta, Option, Question, Rule, Scope

from .text import ALL_PREVIOUS

SECTION = "1 Introducción"


def questions() -> list[Question]:
    prose = Scope.prose
    return [
        Question(
            id="q01-post-training-models", section=SECTION, position=1,
            stem=("Tras ChatGPT, el post-training de LLMs producía tres modelos a partir del modelo base: el "
                  "modelo SFT, el de recompensa y el alineado. En relación con estos modelos, indica la opción "
                  "incorrecta o la última opción si las tres primeras son correctas"),
            rule=Rule.INCORRECT_OR_LAST, key=4, key_text="La 4",
            options=(
                Option(1, "El modelo SFT se entrena a partir del base mediante instruction / supervised fine-tuning "
                          "(SFT). SFT adapta el modelo base para que siga un formato de respuesta predefinido, "
                          "típicamente de diálogo en lenguaje natural.",
                       prose("SFT model from the base model by SFT", holds=True,
                             justification="Ouyang et al. (2022), step 1: supervised fine-tuning of GPT-3 on "
                                           "demonstrations of the desired dialogue behaviour.")),
                Option(2, "El modelo de recompensa se entrena a partir del SFT y datos de preferencia. Por cada "
                          "prompt de entrenamiento, el modelo SFT genera dos (o más) respuestas que se ordenan por "
                          "preferencia humana.",
                       prose("reward model from SFT and preference data", holds=True,
                             justification="Ouyang et al. (2022), step 2: the RM starts from the SFT model and is "
                                           "trained on human rankings of K sampled outputs per prompt.")),
                Option(3, "El modelo alineado se entrena a partir del SFT y el de recompensa con aprendizaje por "
                          "refuerzo. Por cada prompt de entrenamiento, el modelo SFT genera dos (o más) respuestas "
                          "y el de recompensa las ordena por preferencia.",
                       prose("aligned model by RL from SFT and RM", holds=True,
                             justification="Ouyang et al. (2022), step 3: PPO from the SFT policy against the RM; "
                                           "the RM's scores rank the policy's responses.")),
                Option(4, ALL_PREVIOUS, meta=Meta.ALL_PREVIOUS),
            ),
        ),
        Question(
            id="q02-post-training-types", section=SECTION, position=2,
            stem=("Atendiendo al propósito de las técnicas de post-training, se distinguen tres tipos. En relación "
                  "con los mismos, indica la opción incorrecta o la última opción si las tres primeras son "
                  "correctas"),
            rule=Rule.INCORRECT_OR_LAST, key=4, key_text="La 4",
            options=(
                Option(1, "Instruction / supervised fine-tuning (IFT/SFT) se ocupa del aprendizaje de las "
                          "características del lenguaje. El modelo pre-entrenado se adapta para predecir el "
                          "siguiente token cuando el texto precedente se asemeja a ejemplos vistos. IFT es "
                          "relativamente sencillo de implementar ya que es muy parecido al pre-entrenamiento.",
                       prose("IFT learns features of language", holds=True,
                             justification="Lambert, RLHF book, ch. 1: IFT teaches format and features via "
                                           "next-token prediction, close to pre-training.")),
                Option(2, "Preference fine-tuning (PreFT) se orienta al aprendizaje del estilo del lenguaje según "
                          "preferencias humanas, típicamente mediante reinforcement learning from human feedback "
                          "(RLHF). El modelo SFT se adapta a nivel de "
                          "respuesta, favoreciendo estilos de respuesta deseables y penalizando estilos "
                          "indeseables. En general, PreFT es relativamente complicado de implementar ya que "
                          "presenta múltiples retos sobre cómo controlar la optimización.",
                       prose("PreFT learns style from preferences", holds=True,
                             justification="Lambert, RLHF book, ch. 1: preference fine-tuning aligns style at the "
                                           "response level and is harder to control.")),
                Option(3, "Reinforcement fine-tuning (RFT) tiene por objetivo la mejora del rendimiento en "
                          "dominios verificables como la programación y las matemáticas.",
                       prose("RFT targets verifiable domains", holds=True,
                             justification="Lambert, RLHF book, ch. 1: RL with verifiable rewards for maths and "
                                           "code.")),
                Option(4, ALL_PREVIOUS, meta=Meta.ALL_PREVIOUS),
            ),
        ),
    ]
