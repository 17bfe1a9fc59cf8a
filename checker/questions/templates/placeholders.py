"""Parameter values and placeholders: exact numbers, how a value is written into LaTeX or text, and ``@name``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction

from checker.questions.files import FORMULA

PLACEHOLDER = re.compile(r"@@|@([A-Za-z][A-Za-z0-9]*)")
"""``@name``; ``@@`` is a literal ``@`` (an e-mail address in a template's stem)."""


@dataclass(frozen=True, slots=True)
class Number:
    """A parameter's value: exact, and whether it is written as a decimal."""

    value: Fraction
    decimal: bool = False

    def text(self) -> str:
        if self.decimal and self.value.denominator != 1:
            return _decimal(self.value)
        return str(self.value)

    def latex(self, before: str = "", after: str = "") -> str:
        """The value as LaTeX between the characters ``before`` and ``after`` it: braced after ``^``/``_``,
        in parentheses when negative or when a number next to it would run into it (``2@k`` is 2·k)."""
        v = self.value
        if self.decimal or v.denominator == 1:
            body = self.text().lstrip("-")
        else:
            body = rf"\frac{{{abs(v.numerator)}}}{{{v.denominator}}}"
        sign = "-" if v < 0 else ""
        if before and before in "^_":
            return body if not sign and len(body) == 1 else "{" + sign + body + "}"
        # a number right before a fraction reads as a mixed number (2\frac{1}{2}): the adapter refuses it
        glued = (before and (before.isdigit() or before in ".})]")) or (after[:1].isdigit() or after[:1] == ".") \
            or after.startswith((r"\frac", r"\dfrac", r"\tfrac", r"\cfrac"))
        if sign or glued:
            return "(" + sign + body + ")"
        return body


Value = Number | str | tuple[Number, ...]


def _decimal(value: Fraction) -> str:
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole, rest = divmod(value.numerator, value.denominator)
    digits: list[str] = []
    while rest and len(digits) < 40:
        rest *= 10
        digit, rest = divmod(rest, value.denominator)
        digits.append(str(digit))
    return sign + str(whole) + ("." + "".join(digits) if digits else "")


def terminates(value: Fraction) -> bool:
    """Whether the fraction has a finite decimal expansion (its denominator divides a power of 10)."""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def is_entry(name: str, values: Mapping[str, Value]) -> bool:
    base = re.fullmatch(r"([A-Za-z][A-Za-z0-9]*?)(\d+)", name)
    return bool(base) and isinstance(values.get(base.group(1)), tuple)  # type: ignore[union-attr]


def plain_text(value: Value) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(n.text() for n in value) + "]"
    return value.text() if isinstance(value, Number) else value


def placeholders_in(text: str) -> list[str]:
    """The parameter names a text uses (not the escaped ``@@``)."""
    return [m.group(1) for m in PLACEHOLDER.finditer(text) if m.group(1)]


def strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def substituted(value: object, values: Mapping[str, Value], formula: bool) -> object:
    """A header value with its placeholders replaced; a string that is one placeholder becomes the value."""
    if isinstance(value, str):
        whole = PLACEHOLDER.fullmatch(value.strip())
        if whole and whole.group(1):
            found = values[whole.group(1)]
            if isinstance(found, tuple):
                return [n.text() for n in found]
            if isinstance(found, Number):
                if found.value.denominator == 1:
                    return int(found.value)
                return found.latex() if formula else found.text()
            return found
        return substitute_math(value, values) if formula else substitute_text(value, values)
    if isinstance(value, dict):
        # keys are LaTeX fragments (symbols, definitions) or option numbers
        return {substitute_math(k, values) if isinstance(k, str) else k: substituted(v, values, formula)
                for k, v in value.items()}
    if isinstance(value, list):
        return [substituted(v, values, formula) for v in value]
    return value


def substitute_math(latex: str, values: Mapping[str, Value]) -> str:
    """LaTeX with each placeholder replaced by its value as LaTeX."""

    pieces: list[str] = []
    last = 0
    for match in PLACEHOLDER.finditer(latex):
        pieces.append(latex[last:match.start()])
        last = match.end()
        if not match.group(1):
            pieces.append("@")
            continue
        value = values[match.group(1)]
        before = "".join(pieces).rstrip()[-1:]  # what is written so far, values included
        after = latex[match.end():].lstrip()[:6]
        if isinstance(value, tuple):
            pieces.append(r"\left(" + ", ".join(n.latex() for n in value) + r"\right)")
        else:
            pieces.append(value.latex(before, after) if isinstance(value, Number) else value)
    pieces.append(latex[last:])
    return "".join(pieces)


def substitute_text(text: str, values: Mapping[str, Value]) -> str:
    """Text with placeholders replaced: as LaTeX inside ``$…$``, as plain text elsewhere."""

    def plain(match: re.Match[str]) -> str:
        return plain_text(values[match.group(1)]) if match.group(1) else "@"

    pieces = []
    last = 0
    for match in FORMULA.finditer(text):
        pieces.append(PLACEHOLDER.sub(plain, text[last:match.start()]))
        pieces.append(substitute_math(match.group(0), values))
        last = match.end()
    pieces.append(PLACEHOLDER.sub(plain, text[last:]))
    return "".join(pieces)
