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


GROUP_FUNCTIONS = frozenset({"clip", "softmax", "logsoftmax", "mean", "std", "groupvar", "logit", "sigmoid"})
"""Functions of a list of arguments the adapter builds: clip(x, a, b), softmax(z_1, …, z_n)_i, log-softmax,
the mean, (population) standard deviation and variance of a group, logit and the logistic function."""


def _add(*terms: sp.Expr) -> sp.Expr:
    return sp.Add(*terms, evaluate=False)


def _mul(*factors: sp.Expr) -> sp.Expr:
    return sp.Mul(*factors, evaluate=False)


def _mean(args: list[sp.Expr]) -> sp.Expr:
    return _mul(sp.Pow(sp.Integer(len(args)), -1, evaluate=False), _add(*args))


def _variance(args: list[sp.Expr]) -> sp.Expr:
    mean = _mean(args)
    return _mean([sp.Pow(_add(a, _mul(-1, mean)), 2, evaluate=False) for a in args])


def group_function(scanner: Part, name: str, end: int, position: int) -> int:
    """``\\operatorname{clip}(x, a, b)`` = min(max(x, a), b); ``\\operatorname{softmax}(z_1, …, z_n)_i`` =
    e^{z_i}/Σ_j e^{z_j} (i a number from 1, written after the arguments or after the name);
    ``\\operatorname{logsoftmax}`` its logarithm z_i − ln Σ_j e^{z_j}; ``\\operatorname{mean}``,
    ``\\operatorname{std}`` and ``\\operatorname{Var}(a, b, …)`` of a group (population: divided by n);
    ``\\operatorname{logit}(p)`` = ln(p/(1 − p)); ``\\operatorname{sigmoid}(x)`` = 1/(1 + e^{−x})."""
    from checker.values.functions import sigmoid

    text = scanner.text
    j = skip_space(text, end)
    chosen = None
    if name in ("softmax", "logsoftmax") and text.startswith("_", j):
        chosen, j = _subscript(scanner, j)
    args, after = _arguments(scanner, name, j, position)
    if name in ("softmax", "logsoftmax") and chosen is None:
        k = skip_space(text, after)
        if not text.startswith("_", k):
            raise scanner.fail(f"\\{name} needs the index of its component, as in \\operatorname{{{name}}}(z_1, z_2)_1",
                               position)
        chosen, after = _subscript(scanner, k)
    arity = {"clip": 3, "logit": 1, "sigmoid": 1}.get(name)
    if arity is not None and len(args) != arity:
        raise scanner.fail(f"\\{name} takes {arity} argument{'s' if arity > 1 else ''}, got {len(args)}", position)
    if name in ("mean", "std", "groupvar") and len(args) < 2:
        raise scanner.fail(f"the {name} of a group needs its members as arguments, as in "
                           f"\\operatorname{{{name}}}(r_1, r_2, r_3); for a random quantity write "
                           "\\mathbb{E}_{y \\sim \\pi}[…] or \\operatorname{Var}_{y \\sim \\pi}[…]", position)
    if name == "clip":
        value: sp.Expr = sp.Min(sp.Max(args[0], args[1], evaluate=False), args[2], evaluate=False)
    elif name in ("softmax", "logsoftmax"):
        if chosen is None or not 1 <= chosen <= len(args):
            raise scanner.fail(f"the component of \\{name} must be a number from 1 to {len(args)}", position)
        total = _add(*(sp.exp(a, evaluate=False) for a in args))
        value = _mul(sp.exp(args[chosen - 1], evaluate=False), sp.Pow(total, -1, evaluate=False)) \
            if name == "softmax" else _add(args[chosen - 1], _mul(-1, sp.log(total, evaluate=False)))
    elif name == "mean":
        value = _mean(args)
    elif name == "groupvar":
        value = _variance(args)
    elif name == "std":
        value = sp.Pow(_variance(args), sp.Rational(1, 2), evaluate=False)
    elif name == "logit":
        p = args[0]
        value = sp.log(_mul(p, sp.Pow(_add(1, _mul(-1, p)), -1, evaluate=False)), evaluate=False)
    else:
        value = sigmoid(args[0])
    scanner.placeholder(value, position, end=after)
    return after


def _subscript(scanner: Part, j: int) -> tuple[int, int]:
    """A component index ``_2`` or ``_{2}`` at j: (the number, where it ends)."""
    text = scanner.text
    found = re.match(r"_\s*(?:\{\s*(\d+)\s*\}|(\d))", text[j:])
    if found is None:
        raise scanner.fail("the component must be a number, as in _1 or _{2}", j)
    return int(found.group(1) or found.group(2)), j + found.end()


def _arguments(scanner: Part, name: str, j: int, position: int, otherwise: str = "") -> tuple[list[sp.Expr], int]:
    """The comma-separated arguments in parentheses (or set braces, ``\\max\\{a, b\\}``) at j, and where they
    end; ``otherwise`` completes the error when there are none."""
    text = scanner.text
    if text.startswith("\\{", j):
        close = matching_set(text, j)
        inner, after = j + 2, (close or 0) + 2
    elif text.startswith("(", j):
        close = matching(text, j, "(", ")")
        inner, after = j + 1, (close or 0) + 1
    else:
        raise scanner.fail(f"write \\{name} with its arguments in parentheses{otherwise}", position)
    if close is None:
        raise scanner.fail("unbalanced parenthesis", j)
    return [scanner.expression(a, b, f"an argument of \\{name}") for a, b in split_top(text, inner, close, ",")], after


def extremum(scanner: Part, name: str, end: int, position: int) -> int:
    """``\\max(a, b, …)`` and ``\\min(…)``."""
    args, after = _arguments(scanner, name, skip_space(scanner.text, end), position, ", or with a range below")
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
