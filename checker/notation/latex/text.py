"""A formula's text: brackets, separators and where an operand written without brackets ends.

Pure functions of a string and an index, shared by the scanner and the constructs that read their own syntax.
"""

from __future__ import annotations

import re

RELATIONS = (r"\leq", r"\geq", r"\neq", r"\lt", r"\gt", "=", "<", ">")
TERM_ENDS = re.compile(r"\\leq(?![A-Za-z])|\\geq(?![A-Za-z])|\\neq(?![A-Za-z])|\\lt(?![A-Za-z])|\\gt(?![A-Za-z])"
                       r"|[=<>,&;]|\\\\")
BINARY_AFTER = re.compile(r"(\\cdot|\\times|\\div|[*/(\[{^_]|\\frac|\\sqrt)\s*$")


def next_char(text: str, index: int) -> str:
    rest = text[index:].lstrip()
    return rest[:1]


def skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def matching(text: str, start: int, opening: str, closing: str) -> int | None:
    """The index of the bracket closing the one at ``start`` (brackets of other kinds are not counted)."""
    depth = 0
    for k in range(start, len(text)):
        if text[k] == opening and (opening != closing or depth == 0):
            depth += 1
        elif text[k] == closing:
            depth -= 1
            if depth == 0:
                return k
    return None


def matching_set(text: str, start: int) -> int | None:
    """The index of the ``\\}`` closing the ``\\{`` at ``start``."""
    depth = 0
    for found in re.finditer(r"\\[{}]", text[start:]):
        depth += 1 if found.group() == "\\{" else -1
        if depth == 0:
            return start + found.start()
    return None


def split_top(text: str, start: int, end: int, separator: str) -> list[tuple[int, int]]:
    """The spans of ``text[start:end]`` between top-level separators."""
    parts: list[tuple[int, int]] = []
    depth = 0
    k = first = start
    while k < end:
        if text[k] in "({[":
            depth += 1
        elif text[k] in ")}]":
            depth -= 1
        if depth == 0 and text.startswith(separator, k):
            parts.append((first, k))
            k += len(separator)
            first = k
            continue
        k += 1
    parts.append((first, end))
    return parts


def operand_end(text: str, start: int) -> int:
    """Where the operand of a sum, derivative or expectation written without brackets ends: the rest of the
    product term — up to a top-level +, − (not the operand's own leading sign), relation, comma, or a
    bracket that closes an enclosing group."""
    depth = 0
    bars = 0
    k = skip_space(text, start)
    began = False
    while k < len(text):
        char = text[k]
        if char in "({[":
            depth += 1
        elif char in ")}]":
            if depth == 0:
                return k
            depth -= 1
        elif char == "|" and depth == 0:
            bars = 1 - bars
        elif depth == 0 and bars == 0:
            if char in "+-" and began and not BINARY_AFTER.search(text[start:k]):
                return k
            if TERM_ENDS.match(text, k):
                return k
        if not char.isspace():
            began = True
        k += 1
    return k
