"""Section 4, instruction fine-tuning: one conceptual question."""

from __future__ import annotations

from checker import Meta, Option, Question, Rule, Scope

from .text import ALL_PREVIOUS

SECTION = "4 Instruction fine-tuning (IFT)"


def questions() -> list[Question]:
    prose = Scope.prose
    return [Question(
        id="q10-ift-vs-pretraining", section=SECTION, position=10,
        stem=("Aunque IFT es técnicamente muy parecido al pre-entrenamiento de modelos base, presenta algunas "
              "diferencias sustanciales. En relación con las mismas, indica la opción incorrecta o la última "
              "opción si las tres primeras son correctas"),
        rule=Rule.INCORRECT_OR_LAST, key=4, key_text="La 4",
        options=(
            Option(1, "En IFT se emplean muchos menos datos de entrenamiento que en pre-entrenamiento.",
                   prose("far less data than pre-training", holds=True,
                         justification="Millions of IFT examples against trillions of pre-training tokens "
                                       "(Lambert, RLHF book, ch. Instruction Tuning).")),
            Option(2, "Dado un par prompt-respuesta de entrenamiento, los tokens del prompt se tienen en cuenta "
                      "para predecir los de la respuesta (en el paso forward), pero se excluyen de la pérdida (y "
                      "paso backward) ya que el modelo adaptado debe aprender respuestas y no prompts.",
                   prose("prompt tokens are masked out of the loss", holds=True,
                         justification="Standard prompt masking in IFT (Lambert, RLHF book, ch. Instruction "
                                       "Tuning).")),
            Option(3, "Por lo general se emplean tamaños de batch menores que en pre-entrenamiento.",
                   prose("smaller batch sizes than pre-training", holds=True,
                         justification="Lambert, RLHF book, ch. Instruction Tuning: IFT uses much smaller "
                                       "batches than pre-training.")),
            Option(4, ALL_PREVIOUS, meta=Meta.ALL_PREVIOUS),
        ),
    )]
