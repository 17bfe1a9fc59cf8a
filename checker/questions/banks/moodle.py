"""Moodle XML as Moodle's own exporter writes it: ``<quiz>`` of ``<question type=…>``, HTML ``<text>``, grades
in ``fraction`` (percent), categories as pseudo-questions.

Read with the standard library's XML parser after refusing any DTD (no entity can expand, nothing is
fetched). Every ``<question>`` is either a :class:`~.bank.BankQuestion` or an :class:`~.bank.Unreadable`
with its reason — a type the checker does not judge (essay, matching, cloze, calculated…), no correct
answer, an answer that is not a number — never dropped silently.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .bank import KINDS, Answer, BankError, BankQuestion, Unreadable, percent
from .text import from_html, from_plain

NOT_CHECKED = {"essay": "an essay has no key", "description": "a description is not a question",
               "matching": "matching questions are not checked", "multianswer": "embedded (cloze) answers are not "
               "checked", "calculated": "calculated questions draw their own values (write a template instead)",
               "calculatedsimple": "calculated questions draw their own values (write a template instead)",
               "calculatedmulti": "calculated questions draw their own values (write a template instead)",
               "ddwtos": "drag-and-drop questions are not checked", "gapselect": "gap-select questions are not "
               "checked", "randomsamatch": "random matching questions are not checked", "random": "a random "
               "question stands for others"}


def _text(node: ET.Element | None, *, inline: bool = False) -> tuple[str, list[str]]:
    """A ``<text>`` child read by its ``format``: HTML, or plain / Moodle auto-format."""
    if node is None:
        return "", []
    raw = node.findtext("text") or ""
    if (node.get("format") or "html") in ("html", "moodle_auto_format", "markdown"):
        return from_html(raw, inline=inline)
    return from_plain(raw, inline=inline), []


def read_moodle(path: Path, content: str) -> tuple[list[BankQuestion], list[Unreadable]]:
    """Every question of a Moodle XML file, read or with the reason it cannot be."""
    if re.search(r"<!(?:DOCTYPE|ENTITY)", content, re.I):
        raise BankError(f"{path}: the file declares a DTD or entities; a Moodle export has none (refused)")
    try:
        root = ET.fromstring(content)
    except ET.ParseError as error:
        raise BankError(f"{path}: not well-formed XML: {error}") from None
    if root.tag != "quiz":
        raise BankError(f"{path}: the root element is <{root.tag}>, not Moodle's <quiz>")
    found: list[BankQuestion] = []
    unreadable: list[Unreadable] = []
    category = ""
    position = 0
    for node in root.findall("question"):
        kind = node.get("type") or ""
        if kind == "category":
            category = (node.findtext("category/text") or "").strip()
            continue
        position += 1
        name = " ".join((node.findtext("name/text") or "").split()) or f"question {position}"
        try:
            found.append(_question(node, kind, name, position, category))
        except ValueError as error:
            unreadable.append(Unreadable(name, position, str(error)))
    return found, unreadable


def _question(node: ET.Element, kind: str, name: str, position: int, category: str) -> BankQuestion:
    if kind not in KINDS:
        raise ValueError(NOT_CHECKED.get(kind, f"question type {kind!r} is not one the checker reads "
                                               f"({', '.join(KINDS)})"))
    stem, media = _text(node.find("questiontext"))
    notes = tuple(f"the stem shows a {m} the checker cannot read" for m in media)
    answers = []
    for index, answer in enumerate(node.findall("answer"), start=1):
        text, answer_media = _text(answer, inline=True)
        if answer_media:
            raise ValueError(f"answer {index} is a picture ({', '.join(answer_media)}), not text")
        fraction = percent(answer.get("fraction") or "0", f"answer {index}")
        answers.append(Answer(text, fraction, (answer.findtext("tolerance") or "").strip()))
    if not answers:
        raise ValueError("it has no answers")
    single = (node.findtext("single") or "true").strip().lower() not in ("false", "0")
    idnumber = (node.findtext("idnumber") or "").strip()
    return BankQuestion(name, kind, stem, tuple(answers), idnumber, single, category, position, notes)
