"""Export checked questions to what learning platforms import (Moodle XML, GIFT) and to an offline preview page.

Pure functions of :class:`checker.questions.QuestionResult`. What students see is the source's own text:
the stem and options keep their LaTeX (``$…$`` becomes ``\\(…\\)``, ``$$…$$`` becomes ``\\[…\\]``, which
Moodle's MathJax filter renders), conversion debris is removed and tables become HTML tables
(:mod:`checker.reports.markup`). Each option's feedback is a short sentence in the quiz's language
(:mod:`checker.reports.feedback`); the checker's evidence goes to the general feedback only when asked.

Which option is marked correct is decided once, by :func:`choose`: the key where the checker validates it;
with ``key="implied"`` the answer the mathematics implies where the key disagrees; with ``force`` the key
even where it is not validated — then the option feedback, which would contradict the grading, is left out
and the question's name (seen by instructors only) says the key was not validated.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from checker.questions.question import Question, QuestionResult, QuestionStatus, Rule
from checker.values.printable import xml_safe

from . import markup
from .feedback import feedback, general_feedback, language, words


@dataclass(frozen=True, slots=True)
class Exported:
    """One question as it is exported: which options are marked correct, and why (for instructors)."""

    result: QuestionResult
    answer: int
    validated: bool
    note: str = ""
    category: str = ""
    """A subcategory of the quiz's (a template's variants share one, so a quiz can draw one of them at random)."""
    marked: tuple[int, ...] = ()
    """Every option marked correct when there are several (a question with more than one correct answer)."""

    @property
    def name(self) -> str:
        return self.result.question.id + (f" ({self.note})" if self.note else "")

    @property
    def correct(self) -> tuple[int, ...]:
        return self.marked or (self.answer,)


def choose(results: Sequence[QuestionResult], *, key: str = "document",
           force: bool = False) -> tuple[list[Exported], list[str]]:
    """The questions to export with their correct options, and a message for each one left out.

    ``key="document"``: the document's key, exported where the checker validates it. ``key="implied"``:
    where the key disagrees and the mathematics implies exactly one option (every true option, for a
    question with several correct answers), that. ``force``: the key of every other question too, marked
    as not validated.
    """
    chosen: list[Exported] = []
    skipped: list[str] = []
    for result in results:
        q = result.question
        several = len(q.answers) > 1
        implied = result.implied
        if result.effective_status is QuestionStatus.AGREES:
            chosen.append(Exported(result, q.key, True, marked=q.keys))
        elif (key == "implied" and result.status is not QuestionStatus.UNDETERMINED
              and (len(implied) == 1 or (several and implied))):
            said = ", ".join(map(str, implied))
            chosen.append(Exported(result, implied[0], True, f"answer {said} as the mathematics implies; the key "
                                   f"says {q.key_label}", marked=implied if len(implied) > 1 else ()))
        elif force:
            chosen.append(Exported(result, q.key, False, f"key {q.key_label} not validated: {result.status.value}",
                                   marked=q.keys))
        else:
            skipped.append(f"skipped {q.id}: {result.status.value} — {result.explanation} (use --key implied to "
                           "export the answer the mathematics implies, or --force to keep the key)")
    return chosen, skipped


def stem_html(result: QuestionResult) -> str:
    """The stem as students see it, math delimited for MathJax."""
    return markup.blocks(markup.clean(result.question.stem), markup.platform_math)


def option_html(text: str) -> str:
    return markup.inline(markup.clean(text), markup.platform_math)


def option_feedback(item: Exported, number: int, math: markup.MathWriter = markup.platform_math) -> str:
    """The student's feedback on one option; none where the exported key is not validated (it would say the
    graded-correct statement is false, or the reverse)."""
    if not item.validated:
        return ""
    option = item.result.options[number - 1]
    return feedback(option.verdict, item.result.question, math)


def evidence(item: Exported) -> str:
    """The general feedback ``--evidence`` writes: options named by their text, in the quiz's language."""
    return general_feedback(item.result, markup.platform_math, item.correct)


def fixed_order(items: Sequence[Exported]) -> tuple[list[Exported], list[str]]:
    """The items GIFT can carry, and a message for each one it cannot: GIFT has no way to say "do not shuffle",
    and Moodle shuffles GIFT's options, so a question whose options speak about the others by place would
    change meaning."""
    kept, left = [], []
    for item in items:
        question = item.result.question
        if not question.keeps_order:
            kept.append(item)
            continue
        from checker.questions.positions import positional_options

        numbers = positional_options(question)
        said = (f"option {numbers[0]} ('{' '.join(question.options[numbers[0] - 1].text.split())}') speaks about "
                "the options by place" if numbers else "its stem names the options by place")
        left.append(f"left out of GIFT {question.id}: {said}, and GIFT cannot stop Moodle from shuffling the "
                    "options — export it with --to moodle-xml, which keeps their order (shuffleanswers 0)")
    return kept, left


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    node = ET.SubElement(parent, tag, dict(attributes))
    ET.SubElement(node, "text").text = text
    return node


def kind(question: Question) -> str:
    """The platform's question type: ``multichoice``, ``truefalse``, ``numerical`` — or ``shortanswer`` for an
    ``equals`` question every option of which is in the key (accepted spellings of one answer, as a short-answer
    bank question imports: a multiple choice with only right answers would be no question)."""
    if question.rule is Rule.EQUALS and len(question.answers) == len(question.options) and \
            all(typed(o.text) for o in question.options):
        return "shortanswer"
    return {Rule.TRUE_FALSE: "truefalse", Rule.NUMERICAL: "numerical"}.get(question.rule, "multichoice")


def typed(text: str) -> str:
    """What a student types for an option that is one formula (``$2x$`` → ``2x``), or '' for any other option."""
    found = re.fullmatch(r"\s*\$\$?([^$]+)\$?\$\s*", text)
    return " ".join(found.group(1).split()) if found else ""


def grade(fraction: Fraction) -> str:
    """A Moodle grade: a percentage with at most five decimals, as Moodle writes 33.33333 and -50."""
    text = f"{float(fraction):.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fractions(item: Exported) -> list[Fraction]:
    """Each option's share of the mark: 100 for the one correct option; with several correct, 100/k for each
    and −100/(n − k) for each wrong one, so that ticking every option scores 0."""
    options = item.result.question.options
    right = set(item.correct)
    if len(right) == 1:
        return [Fraction(100) if o.number in right else Fraction(0) for o in options]
    wrong = len(options) - len(right)
    return [Fraction(100, len(right)) if o.number in right else Fraction(-100, wrong) for o in options]


def statement_feedback(item: Exported, math: markup.MathWriter = markup.platform_math) -> str:
    """A true/false question's feedback (either answer): what the statement's verdict says."""
    return option_feedback(item, 1, math)


def moodle_xml(items: Sequence[Exported], category: str = "RLHF", with_evidence: bool = False) -> str:
    """A Moodle XML quiz: multichoice (one or several correct answers), truefalse and numerical questions."""
    quiz = ET.Element("quiz")
    current = None
    if not items:
        _text(ET.SubElement(quiz, "question", type="category"), "category", f"$course$/top/{category}")
    for item in items:
        if item.category != current:
            current = item.category
            head = ET.SubElement(quiz, "question", type="category")
            _text(head, "category", f"$course$/top/{category}" + (f"/{current}" if current else ""))
        q = item.result.question
        node = ET.SubElement(quiz, "question", type=kind(q))
        _text(node, "name", item.name)
        _text(node, "questiontext", stem_html(item.result), format="html")
        _text(node, "generalfeedback", evidence(item) if with_evidence else "", format="html")
        ET.SubElement(node, "defaultgrade").text = "1.0000000"
        ET.SubElement(node, "penalty").text = "1.0000000" if kind(q) == "truefalse" else "0.3333333"
        ET.SubElement(node, "hidden").text = "0"
        ET.SubElement(node, "idnumber").text = q.id
        if kind(q) == "truefalse":
            said = statement_feedback(item)
            for value in ("true", "false"):
                right = (value == "true") == (item.answer == 1)
                answer = _text(node, "answer", value, fraction="100" if right else "0", format="moodle_auto_format")
                _text(answer, "feedback", said, format="html")
        elif kind(q) == "shortanswer":
            ET.SubElement(node, "usecase").text = "0"
            for option in q.options:
                answer = _text(node, "answer", typed(option.text), fraction="100", format="moodle_auto_format")
                _text(answer, "feedback", "", format="html")
        elif kind(q) == "numerical":
            value, tolerance = q.numerical
            answer = _text(node, "answer", value, fraction="100", format="moodle_auto_format")
            _text(answer, "feedback", "", format="html")  # the answer box's value needs no sentence
            ET.SubElement(answer, "tolerance").text = tolerance
            for tag, text in (("unitgradingtype", "0"), ("unitpenalty", "0.1000000"), ("showunits", "3"),
                              ("unitsleft", "0")):
                ET.SubElement(node, tag).text = text
        else:
            ET.SubElement(node, "single").text = "true" if len(item.correct) == 1 else "false"
            ET.SubElement(node, "shuffleanswers").text = "false" if q.keeps_order else "true"
            ET.SubElement(node, "answernumbering").text = "123"
            for option, share in zip(q.options, fractions(item)):
                answer = _text(node, "answer", option_html(option.text), fraction=grade(share), format="html")
                _text(answer, "feedback", option_feedback(item, option.number), format="html")
    ET.indent(quiz)
    return xml_safe('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n")


_GIFT_SPECIAL = re.compile(r"([~=#{}:])")


def gift_escape(text: str) -> str:
    """Escape GIFT's control characters; backslashes first, so LaTeX commands survive the import."""
    return _GIFT_SPECIAL.sub(r"\\\1", text.replace("\\", "\\\\"))


def gift(items: Sequence[Exported], with_evidence: bool = False, category: str = "RLHF") -> str:
    """A GIFT file: one multiple-choice question per item, option feedback after '#'; a template's variants
    under a ``$CATEGORY`` of their own. The file always starts with a ``$CATEGORY`` line, so an import puts
    the questions in the quiz's category, not in whatever category Moodle's import page has selected."""
    positional = [item.result.question.id for item in items if item.result.question.keeps_order]
    if positional:
        raise ValueError(f"GIFT cannot keep the options of {', '.join(positional)} in order (Moodle shuffles "
                         "them): leave them out with fixed_order() or export Moodle XML")
    blocks = []
    current: str | None = None
    for item in items:
        result, q = item.result, item.result.question
        if item.category != current:
            current = item.category
            blocks.append(f"$CATEGORY: $course$/top/{category}" + (f"/{current}" if current else ""))
        lines = [f"// {q.id}: {q.rule.description}; checker status: {result.status.value}"
                 + (f"; {item.note}" if item.note else ""),
                 f"::{gift_escape(item.name)}::[html]{gift_escape(stem_html(result))}{{"]
        if kind(q) == "truefalse":
            said = gift_escape(statement_feedback(item))
            lines[-1] += ("T" if item.answer == 1 else "F") + (f"#{said}#{said}" if said else "")
        elif kind(q) == "numerical":
            value, tolerance = q.numerical
            lines.append(f"\t#{value}:{tolerance}")
        elif kind(q) == "shortanswer":
            lines += [f"\t={gift_escape(typed(o.text))}" for o in q.options]
        else:
            several = len(item.correct) > 1
            for option, share in zip(q.options, fractions(item)):
                mark = f"~%{grade(share)}%" if several else "=" if share else "~"
                said = option_feedback(item, option.number)
                lines.append(f"\t{mark}{gift_escape(option_html(option.text))}"
                             + (f"#{gift_escape(said)}" if said else ""))
        if with_evidence:
            lines.append(f"\t####{gift_escape(evidence(item))}")
        lines.append("}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks or [f"$CATEGORY: $course$/top/{category}"]) + "\n"


PREVIEW_STYLE = """
body { font: 16px/1.55 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #202124; }
main { max-width: 820px; margin: 0 auto; padding: 12px; }
article { background: #fff; border: 1px solid #dadce0; border-radius: 10px; padding: 12px 16px; margin: 14px 0; }
article > p, article li, .display-math { overflow-x: auto; overflow-y: hidden; }
.display-math { display: block; margin: .5em 0; }
table { border-collapse: collapse; } th, td { border: 1px solid #dadce0; padding: 3px 10px; text-align: center; }
ol.options { padding-left: 1.6em; } ol.options li { margin: .4em 0; }
details { margin-top: .6em; } .feedback { color: #3c4043; font-size: .92em; }
math { math-style: normal; font-size: 1.05em; }
@media print { details { display: block; } body { background: #fff; } }
"""

def _preview_parts(item: Exported, writer: markup.MathWriter) -> tuple[str, str, str]:
    """What a student sees to answer (options, true/false, an answer box), the answer, and the feedback."""
    q = item.result.question
    _ = words(q)
    said = [feedback(r.verdict, q, writer) if item.validated else "" for r in item.result.options]
    if kind(q) == "truefalse":
        return (f'<ol class="options" type="a"><li>{_("True")}</li><li>{_("False")}</li></ol>',
                _("True") if item.answer == 1 else _("False"), f"<li>{said[0]}</li>")
    if kind(q) in ("numerical", "shortanswer"):
        box = '<p><input type="text" size="16" disabled aria-label="answer"></p>'
        if kind(q) == "numerical":
            return box, markup.inline(f"${q.numerical[0]} \\pm {q.numerical[1]}$", writer), ""
        return box, ", ".join(markup.inline(markup.clean(o.text), writer) for o in q.options), ""
    options = "".join(f"<li>{markup.inline(markup.clean(o.text), writer)}</li>" for o in q.options)
    notes = "".join(f"<li>{o.number}. {text}</li>" for o, text in zip(q.options, said))
    return f'<ol class="options">{options}</ol>', ", ".join(map(str, item.correct)), notes


def preview(items: Sequence[Exported], title: str = "Quiz preview") -> str:
    """The exported questions as one offline page, math as MathML: what a student would see, answers folded."""
    from .mathml import writer

    articles = []
    for number, item in enumerate(items, start=1):
        q = item.result.question
        lang = language(q)
        _ = words(q)
        word, correct, fold = _("Question"), _("Correct answer"), _("Answer and feedback")
        shown, answer, notes = _preview_parts(item, writer)
        articles.append(
            f'<article id="{html.escape(q.id)}" lang="{html.escape(lang)}"><h2>{word} {number}</h2>'
            f"{markup.blocks(markup.clean(q.stem), writer)}{shown}"
            f"<details><summary>{fold}</summary><p>{correct}: {answer}</p>"
            f'<ul class="feedback">{notes}</ul></details></article>')
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{PREVIEW_STYLE}</style></head><body><main>"
            f"<h1>{html.escape(title)}</h1>{''.join(articles)}</main></body></html>\n")
