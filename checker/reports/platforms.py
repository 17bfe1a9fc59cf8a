"""Export checked questions to the formats learning platforms import: Moodle XML and GIFT.

Both are pure functions of :class:`checker.questions.QuestionResult`: the document's key is the
correct answer, and each option carries the checker's verdict as feedback. LaTeX written as
``$…$`` becomes ``\\(…\\)`` (``$$…$$`` becomes ``\\[…\\]``), which Moodle's MathJax filter renders.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..questions import QuestionResult
from ..verdicts import Status, Verdict

_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE = re.compile(r"\$(.+?)\$", re.S)


def latex_delimiters(text: str) -> str:
    """``$x$`` → ``\\(x\\)`` and ``$$x$$`` → ``\\[x\\]``."""
    text = _DISPLAY.sub(lambda m: rf"\[{m.group(1).strip()}\]", text)
    return _INLINE.sub(lambda m: rf"\({m.group(1).strip()}\)", text)


def as_html(text: str) -> str:
    """Markdown-ish text as HTML paragraphs, LaTeX delimited for MathJax."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{html.escape(latex_delimiters(p), quote=False)}</p>" for p in paragraphs)


def feedback(verdict: Verdict) -> str:
    """One line a student can read: what the checker found about this option."""
    if verdict.status is Status.REFUTED and verdict.counterexample is not None:
        example = verdict.counterexample
        if example.instance:
            return f"False: {example.instance}."
        return (f"False: counterexample {example}; "
                f"left side ∈ {example.enclosure.lhs}, right side ∈ {example.enclosure.rhs}.")
    if verdict.status is Status.PROVED:
        return f"True: proved ({verdict.method})."
    if verdict.status is Status.ASSERTED:
        stance = "True" if verdict.holds else "False"
        return f"{stance}: {verdict.summary.removeprefix('asserted true: ').removeprefix('asserted false: ')}"
    return f"Not decided by the checker: {verdict.reason}"


def _shuffle(result: QuestionResult) -> bool:
    """Options may be shuffled unless the last one speaks about the others ('all/none of the above')."""
    return result.question.options[-1].meta is None


def moodle_xml(results: Sequence[QuestionResult], category: str = "RLHF") -> str:
    """A Moodle XML quiz: one single-answer multichoice question per result."""
    quiz = ET.Element("quiz")
    head = ET.SubElement(quiz, "question", type="category")
    ET.SubElement(ET.SubElement(head, "category"), "text").text = f"$course$/top/{category}"
    for result in results:
        q = result.question
        node = ET.SubElement(quiz, "question", type="multichoice")
        ET.SubElement(ET.SubElement(node, "name"), "text").text = q.id
        ET.SubElement(ET.SubElement(node, "questiontext", format="html"), "text").text = as_html(q.stem)
        ET.SubElement(ET.SubElement(node, "generalfeedback", format="html"), "text").text = as_html(
            f"Key: option {q.key}. Checker: {result.explanation}.")
        ET.SubElement(node, "defaultgrade").text = "1.0000000"
        ET.SubElement(node, "penalty").text = "0.3333333"
        ET.SubElement(node, "hidden").text = "0"
        ET.SubElement(node, "idnumber").text = q.id
        ET.SubElement(node, "single").text = "true"
        ET.SubElement(node, "shuffleanswers").text = "true" if _shuffle(result) else "false"
        ET.SubElement(node, "answernumbering").text = "123"
        for option in result.options:
            answer = ET.SubElement(node, "answer", fraction="100" if option.option.number == q.key else "0",
                                   format="html")
            ET.SubElement(answer, "text").text = as_html(option.option.text)
            ET.SubElement(ET.SubElement(answer, "feedback", format="html"), "text").text = as_html(
                feedback(option.verdict))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


_GIFT_SPECIAL = re.compile(r"([~=#{}:])")


def gift_escape(text: str) -> str:
    """Escape GIFT's control characters; backslashes first, so LaTeX commands survive the import."""
    return _GIFT_SPECIAL.sub(r"\\\1", text.replace("\\", "\\\\"))


def gift(results: Sequence[QuestionResult]) -> str:
    """A GIFT file: one multiple-choice question per result, option feedback after '#'."""
    blocks = []
    for result in results:
        q = result.question
        lines = [f"// {q.id}: {q.rule.description}; checker status: {result.status.value}",
                 f"::{gift_escape(q.id)}::[html]{gift_escape(as_html(q.stem))}{{"]
        for option in result.options:
            mark = "=" if option.option.number == q.key else "~"
            lines.append(f"\t{mark}{gift_escape(as_html(option.option.text))}"
                         f"#{gift_escape(html.escape(feedback(option.verdict), quote=False))}")
        lines.append("}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
