"""What a student reads after answering: short, in the quiz's language, about the statement — no checker jargon.

A student is told whether the option's statement is true and, for a false one, the values at which it fails,
written in the question's own notation — only when every symbol of the counterexample is one the question
shows (an auxiliary quantity of the encoding, such as a dataset's weights, is not something the student has
seen; then the sentence just says the statement is false). An undecided option gets no feedback rather than
a guess. The general feedback (``--evidence``) names options by their text, never their place — a platform
may shuffle them — and says how the checker's verdicts bear on the key. Every sentence comes from the
gettext catalogue of the quiz's language (:mod:`checker.reports.language`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from checker.questions.question import Meta, Question, QuestionResult, QuestionStatus, Rule
from checker.values.verdicts import Status, Verdict

from . import markup
from .language import Gettext, detect, join, translator
from .markup import MathWriter


def language(question: Question) -> str:
    """The quiz's language: the header's ``language``, else the one whose common words the text uses most."""
    return question.language or detect(" ".join([question.stem, *(o.text for o in question.options)]))


def words(question: Question) -> Gettext:
    return translator(language(question))


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


def _squeezed(latex: str) -> str:
    """LaTeX without spaces and braces, so ``\\pi_{\\text{ref}}(y | x)`` and ``\\pi_{\\text{ref}}(y|x)`` meet."""
    return re.sub(r"[\s{}]|\\[,;:! ]", "", latex)


def shown_math(question: Question) -> str:
    """Every formula of the stem and the options, squeezed, one per line."""
    text = "\n".join([question.stem, *(o.text for o in question.options)])
    pieces = re.findall(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", text, re.DOTALL)
    return "\n".join(_squeezed(next(p for p in group if p)) for group in pieces)


def shows(atom: sp.Basic, question: Question, math: str | None = None) -> bool:
    """Whether the question's text shows the atom as the notation spells it (an indexed family: its letter
    with a subscript; a derivative: never — the student saw the formula, not the encoding's parts)."""
    notation = dict(question.notation)
    math = shown_math(question) if math is None else math
    if isinstance(atom, sp.Indexed):
        if atom.base not in notation:
            return False
        written = _squeezed(notation[atom.base]) + "_"
    elif atom in notation:
        written = _squeezed(notation[atom])
    else:
        return False
    if not written:
        return False
    before = r"(?<![A-Za-z\\])" if written[0].isalpha() else r"(?<![A-Za-z])" if written[0] == "\\" else ""
    after = r"(?![A-Za-z])" if written[-1].isalpha() else ""
    return re.search(before + re.escape(written) + after, math) is not None


def point(values: Sequence[tuple[sp.Basic, sp.Rational]], question: Question, math: MathWriter,
          _: Gettext) -> str | None:
    """``r_1 = 0, r_2 = 1 y β = 1/2`` in the question's notation, or None when some symbol of the point is
    not one the question shows."""
    notation = dict(question.notation)
    seen = shown_math(question)
    items = []
    for atom, value in values:
        spelled = spell(atom, notation)
        if spelled is None or not shows(atom, question, seen):
            return None
        items.append(math(f"{spelled} = {sp.latex(sp.Rational(value))}", False))
    return join(items, _)


def feedback(verdict: Verdict, question: Question, math: MathWriter) -> str:
    """The student's feedback on one option (HTML, possibly empty)."""
    _ = words(question)
    example = verdict.counterexample
    if verdict.status is Status.REFUTED and example is not None and example.values and not example.instance:
        where = point(example.values, question, math, _)
        if where is not None:
            if example.undefined:
                return _("The statement is false: at {point} it is undefined.").format(point=where)
            return _("The statement is false: it fails, for example, at {point}.").format(point=where)
    if verdict.status is Status.REFUTED or (verdict.status is Status.ASSERTED and verdict.holds is False):
        return _("The statement is false.")
    if verdict.status is Status.PROVED or (verdict.status is Status.ASSERTED and verdict.holds):
        return _("The statement is true.")
    return ""


QUOTE_LIMIT = 90
"""Characters of a prose option quoted in the general feedback before it is cut at a word."""


def quoted(text: str, math: MathWriter) -> str:
    """An option named by its text (HTML): the whole of a formula, the start of a long sentence."""
    text = markup.clean(text).strip()
    text = text[:-1] if text.endswith(".") and not text.endswith("..") else text
    if len(text) > QUOTE_LIMIT and "$" not in text and "\\(" not in text:
        text = text[:QUOTE_LIMIT].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return markup.inline(text, math)


def _option_line(number: int, verdict: Verdict, question: Question, math: MathWriter, _: Gettext) -> str:
    option = quoted(question.options[number - 1].text, math)
    example = verdict.counterexample
    if verdict.status is Status.PROVED:
        return _("“{option}”: proved true.").format(option=option)
    if verdict.status is Status.REFUTED:
        where = (point(example.values, question, math, _)
                 if example is not None and example.values and not example.instance else None)
        if where is None:
            return _("“{option}”: false.").format(option=option)
        if example is not None and example.undefined:
            return _("“{option}”: false; at {point} it is undefined.").format(option=option, point=where)
        return _("“{option}”: false; it fails, for example, at {point}.").format(option=option, point=where)
    if verdict.status is Status.ASSERTED:
        if verdict.holds:
            return _("“{option}”: taken as true, without a proof.").format(option=option)
        return _("“{option}”: taken as false, without a proof.").format(option=option)
    return _("“{option}”: not decided.").format(option=option)


def general_feedback(result: QuestionResult, math: MathWriter, marked: Sequence[int] = ()) -> str:
    """The general feedback ``--evidence`` writes: the marked answer and each option by its text, the
    verdicts' bearing on the key, in the quiz's language (HTML)."""
    question = result.question
    _ = words(question)
    marked = tuple(marked) or question.answers

    def named(numbers: Sequence[int]) -> str:
        return join([_("“{option}”").format(option=quoted(question.options[n - 1].text, math)) for n in numbers], _)

    if question.rule is Rule.TRUE_FALSE:
        lines = [_("The statement is marked true.") if marked == (1,) else _("The statement is marked false.")]
    elif len(marked) > 1:
        lines = [_("The answers marked correct are {options}.").format(options=named(marked))]
    else:
        lines = [_("The answer marked correct is “{option}”.").format(
            option=quoted(question.options[marked[0] - 1].text, math))]
    status = result.status
    if status is QuestionStatus.AGREES:
        lines.append(_("The verdicts on the options below lead to the same answer."))
    elif status is QuestionStatus.DISAGREES:
        lines.append(_("The verdicts on the options below lead to {options} instead of the document's key.")
                     .format(options=named(result.implied)))
    elif status is QuestionStatus.AMBIGUOUS:
        lines.append(_("More than one option qualifies: {options}.").format(options=named(result.implied)))
    elif status is QuestionStatus.NONE_QUALIFIES:
        lines.append(_("No option qualifies under the question's rule."))
    elif result.undecided:
        lines.append(_("Some options could not be decided, so the answer is not confirmed."))
    else:
        lines.append(_("The answer rests on statements taken as true without a proof."))
    lines += [_option_line(r.option.number, r.verdict, question, math, _) for r in result.options
              if r.option.meta is not Meta.NEGATION]
    return "".join(f"<p>{line}</p>" for line in lines)
