"""Derivatives as instructors write them: ``\\frac{d}{dx} E``, ``\\frac{dE}{dx}``, ``\\frac{\\partial}{\\partial x} E``,
``\\frac{\\partial^2 E}{\\partial x \\partial y}``, ``\\frac{d^2}{dx^2} E``, ``\\nabla_\\theta E``, ``\\partial_x E``
(primes, ``f'(x)``, are read with the declared function, in the scanner).

The variable must be a declared symbol (or a bound index). A ``d`` that is also declared as a symbol makes
``\\frac{d}{dx}`` ambiguous, which is an error — never a silent d/(d·x). The operand of an operator written
without brackets is the rest of the product term (``\\frac{d}{dx} x^2 + 1`` is 2x + 1).
"""

from __future__ import annotations

import re

import sympy as sp

from .constructs import Part, construct
from .text import matching, operand_end

OPERATOR = r"(?:d|\\partial|\\dconst)"
NUMERATOR = re.compile(rf"^\s*({OPERATOR})\s*(?:\^\{{\s*(\d+)\s*\}})?(.*)$", re.S)
DENOMINATOR_TERM = re.compile(rf"({OPERATOR})\s*")


@construct(r"\\frac")
def fraction(scanner: Part, i: int) -> int | None:
    """A ``\\frac`` that is a derivative (its index after), or None for an ordinary fraction."""
    text = scanner.text
    start = i + len(r"\frac")
    if not text.startswith("{", start):
        return None
    num_close = matching(text, start, "{", "}")
    if num_close is None or not text.startswith("{", num_close + 1):
        return None
    den_close = matching(text, num_close + 1, "{", "}")
    if den_close is None:
        return None
    numerator = text[start + 1:num_close]
    denominator = text[num_close + 2:den_close]
    top = NUMERATOR.match(numerator)
    if top is None or not re.match(rf"^\s*{OPERATOR}", denominator):
        return None
    if top.group(1) == "d" and top.group(3)[:1].isalpha() and not re.match(r"^\s*d", denominator):
        return None
    if "d" in scanner.notation.symbols and top.group(1) == "d":
        raise scanner.fail(r"\frac{d…}{d…} is ambiguous: 'd' is also declared as a symbol", i,
                           r"rename the symbol d, or write the derivative as \frac{\mathrm{d}}{\mathrm{d}x}")
    variables = _variables(scanner, denominator, num_close + 2, i)
    order = int(top.group(2) or 1)
    if order != len(variables):
        raise scanner.fail(f"the derivative's orders disagree: d^{order} over {len(variables)} variable(s)", i)
    rest = top.group(3)
    if rest.strip():
        offset = start + 1 + top.start(3)
        operand = scanner.expression(offset, offset + len(rest), "the expression differentiated")
        after = den_close + 1
    else:
        end = operand_end(text, den_close + 1)
        operand = scanner.expression(den_close + 1, end, "the expression differentiated")
        after = end
    scanner.placeholder(sp.Derivative(operand, *variables, evaluate=False), i, end=after)
    return after


def _variables(scanner: Part, denominator: str, offset: int, position: int) -> list[sp.Basic]:
    """The variables of a derivative's denominator: ``dx``, ``dx^{2}``, ``\\partial x \\partial y``."""
    pieces = [p for p in DENOMINATOR_TERM.split(denominator) if p.strip() and not DENOMINATOR_TERM.fullmatch(p)]
    variables: list[sp.Basic] = []
    for piece in pieces:
        power = re.match(r"^(.*?)\s*\^\{\s*(\d+)\s*\}\s*$", piece, re.S)
        name, times = (power.group(1), int(power.group(2))) if power else (piece, 1)
        variable = scanner.notation.symbols.get(" ".join(name.split()))
        if variable is None or not isinstance(variable, sp.Symbol):
            raise scanner.fail(f"the derivative's variable '{name.strip()}' is not a declared symbol", position,
                               f"declare {name.strip()} under symbols (the 'd' of d{name.strip()} is part of the "
                               "derivative)", ((name.strip(), "symbols"),) if variable is None else ())
        variables += [variable] * times
    if not variables:
        raise scanner.fail("a derivative needs its variable, as in \\frac{d}{dx}", position)
    return variables


@construct(r"\\(nabla|partial)\s*_")
def nabla(scanner: Part, i: int) -> int:
    """``\\nabla_\\theta E`` and ``\\partial_x E``: the derivative with respect to one declared parameter."""
    text = scanner.text
    under = text.index("_", i)
    if not text.startswith("{", under + 1):
        raise scanner.fail("write the parameter of ∇ as \\nabla_{\\theta}", i)
    close = matching(text, under + 1, "{", "}")
    if close is None:
        raise scanner.fail("unbalanced braces", under + 1)
    name = " ".join(text[under + 2:close].split())
    variable = scanner.notation.symbols.get(name)
    if variable is None or not isinstance(variable, sp.Symbol):
        raise scanner.fail(f"the gradient's parameter '{name}' is not a declared symbol", i,
                           f"declare {name} under symbols", ((name, "symbols"),) if variable is None else ())
    end = operand_end(text, close + 1)
    operand = scanner.expression(close + 1, end, "the expression differentiated")
    scanner.placeholder(sp.Derivative(operand, variable, evaluate=False), i, end=end)
    return end
