"""Declared notation and functions applied in a formula: symbols, family members, function applications
(with primes), the elementary functions the parser would misread, ``\\max``/``\\min`` of a list, real roots.

Each reader takes the scanner (through the :class:`.constructs.Part` interface) and the position, emits a
placeholder for the value it built and returns where the construct ends.
"""

from __future__ import annotations

import re

import sympy as sp

from checker.values.written import evaluated

from .constructs import Part
from .elementary import ADAPTER_FUNCTIONS
from .elementary import root as real_root
from .text import matching, matching_set, next_char, skip_space, split_top


def fragment(scanner: Part, fragment: str, end: int, start: int) -> int:
    notation = scanner.notation
    if fragment in notation.families:
        return family(scanner, fragment, end, start)
    if fragment in notation.functions:
        return apply(scanner, fragment, end, start)
    if next_char(scanner.text, end) == "'":
        raise scanner.fail(f"{fragment} is a symbol: a prime needs a declared function", end,
                        f"declare {fragment} under functions to differentiate it with a prime")
    scanner.placeholder(notation.symbols[fragment], start, end=end)
    return end


def family(scanner: Part, fragment: str, end: int, start: int) -> int:
    """``r_{t+k+1}``: a member of a declared indexed family, its index an integer expression."""
    text = scanner.text
    found = re.match(r"\s*_\{", text[end:])
    if found is None:
        raise scanner.fail(f"{fragment} is an indexed family: write a member as {fragment}_{{…}}", start)
    open_brace = end + found.end() - 1
    close = matching(text, open_brace, "{", "}")
    if close is None:
        raise scanner.fail("unbalanced braces", open_brace)
    index = scanner.expression(open_brace + 1, close, f"the index of {fragment}")

    scanner.placeholder(sp.Indexed(scanner.notation.families[fragment], evaluated(index)), start, end=close + 1)
    return close + 1


def apply(scanner: Part, fragment: str, start: int, position: int) -> int:
    """A declared function application (primes for derivatives); the index after its closing parenthesis."""
    function = scanner.notation.functions[fragment]
    text = scanner.text
    j = start
    primes = 0
    while j < len(text) and text[j] == "'":
        primes += 1
        j += 1
    if primes and function.derivative is None:
        raise scanner.fail(f"{fragment} cannot be differentiated with a prime", position)
    j = skip_space(text, j)
    if j >= len(text) or text[j] != "(":
        raise scanner.fail(f"{fragment} must be applied to arguments in parentheses", position)
    close = matching(text, j, "(", ")")
    if close is None:
        raise scanner.fail("unbalanced parenthesis", j)
    args = split_top(text, j + 1, close, function.separator)
    if len(args) != function.arity:
        raise scanner.fail(f"{fragment} takes {function.arity} argument(s), got {len(args)}", position)
    if function.raw:
        values: list[object] = [text[a:b].strip() for a, b in args]
    else:
        values = [scanner.expression(a, b, f"an argument of {fragment}") for a, b in args]
    try:
        result = function.build(values) if not primes else function.derivative(primes, values)  # type: ignore[misc]
    except ValueError as error:
        raise scanner.fail(f"{fragment}: {error}", position) from None
    scanner.placeholder(result, position, end=close + 1)
    return close + 1


def elementary(scanner: Part, name: str, end: int, position: int) -> int:
    """An elementary function the parser would misread: its argument in parentheses, braces or one token."""
    text = scanner.text
    j = skip_space(text, end)
    if j < len(text) and text[j] in "({":
        close = matching(text, j, text[j], ")" if text[j] == "(" else "}")
        if close is None:
            raise scanner.fail("unbalanced parenthesis", j)
        argument = scanner.expression(j + 1, close, f"the argument of \\{name}")
        after = close + 1
    else:
        token = re.match(r"\\[A-Za-z]+|[A-Za-z](?:_\{[^{}]*\})?|\d+", text[j:])
        if token is None:
            raise scanner.fail(f"\\{name} needs its argument in parentheses", position)
        argument = scanner.expression(j, j + token.end(), f"the argument of \\{name}")
        after = j + token.end()
    scanner.placeholder(ADAPTER_FUNCTIONS[name](argument), position, end=after)
    return after


def extremum(scanner: Part, name: str, end: int, position: int) -> int:
    """``\\max(a, b, …)`` and ``\\min(…)``."""
    text = scanner.text
    j = skip_space(text, end)
    if text.startswith("\\{", j):
        # \max\{a, b\}: the set's braces
        close = matching_set(text, j)
        inner, after = j + 2, (close or 0) + 2
    elif text.startswith("(", j):
        close = matching(text, j, "(", ")")
        inner, after = j + 1, (close or 0) + 1
    else:
        raise scanner.fail(f"write \\{name} with its arguments in parentheses, or with a range below", position)
    if close is None:
        raise scanner.fail("unbalanced parenthesis", j)
    args = [scanner.expression(a, b, f"an argument of \\{name}") for a, b in split_top(text, inner, close, ",")]
    value = (sp.Max if name == "max" else sp.Min)(*args, evaluate=False)
    scanner.placeholder(value, position, end=after)
    return after


def root(scanner: Part, i: int) -> int:
    """``\\sqrt[n]{x}``: the real n-th root."""
    text = scanner.text
    close = matching(text, i + len(r"\sqrt"), "[", "]")
    if close is None:
        raise scanner.fail("unbalanced brackets", i)
    index = scanner.expression(i + len(r"\sqrt["), close, "the index of the root")
    j = skip_space(text, close + 1)
    if j >= len(text) or text[j] != "{":
        raise scanner.fail("a root needs its radicand in braces", i)
    end = matching(text, j, "{", "}")
    if end is None:
        raise scanner.fail("unbalanced braces", j)
    radicand = scanner.expression(j + 1, end, "the radicand")

    try:
        value = real_root(radicand, evaluated(index))
    except ValueError as error:
        raise scanner.fail(str(error), i) from None
    scanner.placeholder(value, i, end=end + 1)
    return end + 1
