"""What a student reads after answering: short, in the quiz's language, about the statement — no checker jargon.

The instructor's evidence (methods, enclosures, certificates) belongs to the report; a student is told
whether the option's statement is true and, for a false one, the values at which it fails, written in the
question's own notation. An undecided option gets no feedback rather than a guess.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from checker.questions.question import Question
from checker.values.verdicts import Status, Verdict, label

from .markup import MathWriter

PHRASES: Mapping[str, Mapping[str, str]] = {
    "es": {
        "true": "La afirmación es verdadera.",
        "false": "La afirmación es falsa.",
        "fails_at": "La afirmación es falsa: no se cumple, por ejemplo, con {point}.",
        "undefined_at": "La afirmación es falsa: con {point} no está definida.",
        "and": "y",
    },
    "en": {
        "true": "The statement is true.",
        "false": "The statement is false.",
        "fails_at": "The statement is false: it fails, for example, at {point}.",
        "undefined_at": "The statement is false: at {point} it is undefined.",
        "and": "and",
    },
}
"""Feedback sentences by language; a language not listed here gets English."""

_WORDS = {
    "es": {"el", "la", "los", "las", "de", "del", "que", "y", "en", "una", "un", "es", "se", "por", "con", "para",
           "opción", "opciones", "indica", "anteriores", "son", "correctas", "incorrecta", "siguiente", "según"},
    "en": {"the", "of", "and", "is", "are", "which", "a", "an", "to", "in", "for", "with", "option", "options",
           "following", "correct", "incorrect", "above", "that", "by", "choose"},
}


def language(question: Question) -> str:
    """The quiz's language: the header's ``language``, else the one whose common words the text uses most."""
    if question.language:
        return question.language
    text = " ".join([question.stem, *(o.text for o in question.options)])
    text = re.sub(r"\$[^$]*\$", " ", text).lower()
    words = re.findall(r"[a-záéíóúñü]+", text)
    counts = {lang: sum(w in vocabulary for w in words) for lang, vocabulary in _WORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] > 0 else "en"


def phrases(lang: str) -> Mapping[str, str]:
    return PHRASES.get(lang, PHRASES["en"])


def spell(atom: sp.Basic, notation: Mapping[Any, str]) -> str | None:
    """An atom in the question's own LaTeX (``r_{t+1}``, ``\\pi_\\theta(y_w | x)``), or None if it has none."""
    if atom in notation:
        return notation[atom]
    if isinstance(atom, sp.Indexed) and atom.base in notation:
        indices = ", ".join(sp.latex(i) for i in atom.indices)
        return f"{notation[atom.base]}_{{{indices}}}"
    if isinstance(atom, sp.Derivative):
        inner = spell(atom.expr, notation)
        variables = [spell(v, notation) for v, _ in atom.variable_count]
        if inner is None or None in variables:
            return None
        order = sum(int(n) for _, n in atom.variable_count)
        top = r"\partial" if order == 1 else rf"\partial^{{{order}}}"
        bottom = " ".join(rf"\partial {v}" + (f"^{{{n}}}" if n != 1 else "")
                          for v, (_, n) in zip(variables, atom.variable_count))
        return rf"\frac{{{top}}}{{{bottom}}} {inner}"
    return None


def point(values: Sequence[tuple[sp.Basic, sp.Rational]], notation: Mapping[Any, str], math: MathWriter,
          conjunction: str) -> str:
    """``r_1 = 0, r_2 = 1 y β = 1/2`` with each assignment written as math where the atom has a spelling."""
    items = []
    for atom, value in values:
        spelled = spell(atom, notation)
        if spelled is not None:
            items.append(math(f"{spelled} = {sp.latex(sp.Rational(value))}", False))
        else:
            items.append(html.escape(f"{label(atom)} = {value}", quote=False))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def feedback(verdict: Verdict, question: Question, math: MathWriter) -> str:
    """The student's feedback on one option (HTML, possibly empty)."""
    words = phrases(language(question))
    notation = dict(question.notation)
    example = verdict.counterexample
    if verdict.status is Status.REFUTED and example is not None and example.values and not example.instance:
        where = point(example.values, notation, math, words["and"])
        return words["undefined_at" if example.undefined else "fails_at"].format(point=where)
    if verdict.status is Status.REFUTED or (verdict.status is Status.ASSERTED and verdict.holds is False):
        return words["false"]
    if verdict.status is Status.PROVED or (verdict.status is Status.ASSERTED and verdict.holds):
        return words["true"]
    return ""
