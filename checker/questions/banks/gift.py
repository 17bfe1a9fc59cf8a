"""GIFT as Moodle reads it: questions separated by blank lines, ``//`` comments, ``$CATEGORY:``, ``::title::``,
``[html]``-style formats, and the answer block in braces.

In the answer block: ``=right ~wrong`` (multiple choice; ``~%50%`` partial grades), only ``=`` answers (short
answer), ``T``/``F`` (true/false), ``#3.14:0.01``, ``#3.1..3.2`` or several ``=%50%…`` (numerical), ``#``
feedback and ``####`` general feedback. ``\\~ \\= \\# \\{ \\} \\:`` are literal characters and ``\\\\`` is a
backslash; any other backslash (LaTeX's ``\\frac``) is kept. A question with an empty block is an essay,
``->`` pairs a matching question, and text after the block a missing-word question: each is listed as not
checked, with that reason.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

from .bank import Answer, BankError, BankQuestion, Unreadable, percent
from .text import from_html, from_plain

_ESCAPES = {"\\\\": "\ue000", "\\~": "\ue001", "\\=": "\ue002", "\\#": "\ue003", "\\{": "\ue004", "\\}": "\ue005",
            "\\:": "\ue006", "\\n": "\n"}
_LITERAL = {"\ue000": "\\", "\ue001": "~", "\ue002": "=", "\ue003": "#", "\ue004": "{", "\ue005": "}", "\ue006": ":"}
_TITLE = re.compile(r"^::(.*?)::", re.S)
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.I)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def _hide(text: str) -> str:
    return re.sub(r"\\[\\~=#{}:n]", lambda m: _ESCAPES[m.group(0)], text)


def _show(text: str) -> str:
    return "".join(_LITERAL.get(c, c) for c in text)


def read_gift(path: Path, content: str) -> tuple[list[BankQuestion], list[Unreadable]]:
    """Every question of a GIFT file, read or with the reason it cannot be."""
    lines = [line for line in _hide(content.lstrip("\ufeff")).splitlines() if not line.lstrip().startswith("//")]
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    found: list[BankQuestion] = []
    unreadable: list[Unreadable] = []
    category = ""
    position = 0
    for block in (b for b in blocks if b):
        text = "\n".join(block).strip()
        if text.startswith("$CATEGORY:"):
            category = _show(text.split("\n", 1)[0][len("$CATEGORY:"):]).strip()
            rest = text.split("\n", 1)[1:] if "\n" in text else []
            if not rest:
                continue
            text = rest[0].strip()
        position += 1
        title = _TITLE.match(text)
        name = " ".join(_show(title.group(1)).split()) if title else ""
        body = text[title.end():] if title else text
        try:
            found.append(_question(body, name or f"question {position}", position, category))
        except ValueError as error:
            unreadable.append(Unreadable(name or _show(body)[:60], position, str(error)))
    if not found and not unreadable:
        raise BankError(f"{path}: no GIFT question found (questions end with an answer block in braces)")
    return found, unreadable


def _question(body: str, name: str, position: int, category: str) -> BankQuestion:
    fmt = _FORMAT.match(body)
    kind_of_text = (fmt.group(1).lower() if fmt else "moodle")
    body = body[fmt.end():] if fmt else body
    if body.count("{") != 1 or body.count("}") != 1 or body.index("{") > body.index("}"):
        raise ValueError("no answer block in braces: a description, or braces not escaped as \\{ \\}")
    start, end = body.index("{"), body.index("}")
    stem_raw, block, after = body[:start], body[start + 1:end], body[end + 1:]
    if after.strip():
        raise ValueError("a missing-word question (text after the answer block) is not checked")

    def text(raw: str, inline: bool = False) -> str:
        shown = _show(raw)
        if kind_of_text == "plain":
            return from_plain(shown, inline=inline)
        return from_html(shown if kind_of_text == "html" else shown.replace("\n", "<br>"), inline=inline)[0]

    stem = text(stem_raw.strip())
    block = block.split("####", 1)[0].strip()
    if not block:
        raise ValueError("an essay (an empty answer block) has no key")
    upper = block.split("#", 1)[0].strip().upper()
    if upper in ("T", "TRUE", "F", "FALSE"):
        right = upper.startswith("T")
        return BankQuestion(name, "truefalse", stem, (Answer("true", Fraction(int(right))),
                                                      Answer("false", Fraction(int(not right)))),
                            category=category, position=position)
    if block.startswith("#"):
        return BankQuestion(name, "numerical", stem, _numerical(block[1:]), category=category, position=position)
    if "->" in block:
        raise ValueError("matching questions are not checked")
    pieces = re.split(r"(?=[=~])", block)
    if pieces and not pieces[0].strip():
        pieces = pieces[1:]
    if not pieces or not all(p[:1] in ("=", "~") for p in pieces):
        raise ValueError(f"cannot read the answer block {{{_show(block)[:60]}}}")
    answers = []
    for piece in pieces:
        mark, rest = piece[0], piece[1:].split("#", 1)[0].strip()
        weight = _WEIGHT.match(rest)
        if weight:
            fraction = percent(weight.group(1), "answer weight")
            rest = rest[weight.end():].strip()
        else:
            fraction = Fraction(1 if mark == "=" else 0)
        answers.append(Answer(text(rest, inline=True), fraction))
    if all(p[0] == "=" for p in pieces):
        return BankQuestion(name, "shortanswer", stem, tuple(answers), category=category, position=position)
    single = sum(a.fraction > 0 for a in answers) == 1 and any(a.fraction == 1 for a in answers)
    return BankQuestion(name, "multichoice", stem, tuple(answers), single=single, category=category,
                        position=position)


def _numerical(block: str) -> tuple[Answer, ...]:
    """``3.14:0.01``, ``3.1..3.2``, or several ``=%50%3.1:0.1`` answers."""
    entries = [e.strip() for e in re.split(r"(?==)", block) if e.strip()]
    answers = []
    for entry in entries:
        fraction = Fraction(1)
        entry = entry.lstrip("=").split("#", 1)[0].strip()
        weight = _WEIGHT.match(entry)
        if weight:
            fraction = percent(weight.group(1), "answer weight")
            entry = entry[weight.end():].strip()
        if ".." in entry:
            low, high = (part.strip() for part in entry.split("..", 1))
            try:
                a, b = Fraction(low), Fraction(high)
            except (ValueError, ZeroDivisionError):
                raise ValueError(f"numerical range {_show(entry)!r} is not two numbers") from None
            middle, half = (a + b) / 2, abs(b - a) / 2
            answers.append(Answer(_decimal(middle), fraction, _decimal(half)))
            continue
        value, _, tolerance = entry.partition(":")
        answers.append(Answer(value.strip(), fraction, tolerance.strip() or "0"))
    return tuple(answers)


def _decimal(value: Fraction) -> str:
    """A range's midpoint or half-width as a decimal, exactly where it has one (else a fraction a/b)."""
    denominator = value.denominator
    for p in (2, 5):
        while denominator % p == 0:
            denominator //= p
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    text = f"{value.numerator / value.denominator:.12f}".rstrip("0").rstrip(".")
    return text if Fraction(text) == value else str(value)
