"""Sums, products and maxima over a range: ``\\sum_{k=0}^{n} \\gamma^k r_{t+k+1}``, ``\\prod_{i=1}^{3}``,
``\\max_{k=0}^{\\infty}``.

The index is a new integer symbol, bound inside the operand (it must not be a declared symbol); the bounds are
expressions (``\\infty`` allowed above). The operand, without brackets, is the rest of the product term.
"""

from __future__ import annotations

import re

import sympy as sp

from checker.values.functions import rangemax, rangemin

from .constructs import Part, construct
from .notation import Distribution, spelling
from .text import matching, operand_end, skip_space


@construct(r"\\(sum|prod)(?![A-Za-z])|\\(max|min)(?![A-Za-z])\s*[_^]")
def operator(scanner: Part, i: int) -> int:
    text = scanner.text
    if not re.match(r"\\[a-z]+\s*[_^]", text[i:]):
        raise scanner.fail("a sum or product needs its range, as in \\sum_{k=0}^{n}", i)
    name = re.match(r"\\([a-z]+)", text[i:]).group(1)  # type: ignore[union-attr]
    j = i + 1 + len(name)
    limits: dict[str, tuple[int, int]] = {}
    for _ in range(2):
        j = skip_space(text, j)
        if j < len(text) and text[j] in "_^" and text.startswith("{", j + 1):
            close = matching(text, j + 1, "{", "}")
            if close is None:
                raise scanner.fail("unbalanced braces", j + 1)
            limits[text[j]] = (j + 2, close)
            j = close + 1
    if "_" not in limits:
        raise scanner.fail(f"\\{name} needs its range below, as in \\{name}_{{k=0}}^{{n}}", i)
    low_start, low_end = limits["_"]
    binding = re.match(r"\s*([A-Za-z])\s*=", text[low_start:low_end])
    if binding is None and name == "sum" and "^" not in limits and \
            re.fullmatch(r"\s*[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?\s*", text[low_start:low_end]):
        return _over_support(scanner, i, text[low_start:low_end].strip(), j)
    if binding is None:
        raise scanner.fail(f"write the range of \\{name} as _{{k=a}}^{{b}} with a one-letter index", low_start)
    index_name = binding.group(1)
    if "^" not in limits:
        raise scanner.fail(f"\\{name} needs its upper bound, as in ^{{n}} or ^{{\\infty}}", i)
    lower = scanner.expression(low_start + binding.end(), low_end, f"the lower bound of \\{name}")
    upper = scanner.expression(*limits["^"], f"the upper bound of \\{name}")
    index = sp.Symbol(_unused(index_name, scanner), integer=True)
    inner = scanner.notation.with_symbols({index_name: index})
    end = operand_end(text, j)
    body = scanner.expression(j, end, f"the operand of \\{name}", inner)
    if name == "sum":
        value: sp.Basic = sp.Sum(body, (index, lower, upper))
    elif name == "prod":
        value = sp.Product(body, (index, lower, upper))
    else:
        value = (rangemax if name == "max" else rangemin)(body, index, lower, upper, evaluate=False)
    scanner.placeholder(value, i, end=end)
    return end


def _over_support(scanner: Part, i: int, variable: str, j: int) -> int:
    """``\\sum_{y} f(y)``: the sum over the support the declared distributions share (y_1, y_2, …), each fragment
    mentioning y taken at each element; refused when declared supports differ (which one is meant?)."""
    from .expectations import outcomes

    supports = {d.support for d in scanner.notation.distributions.values() if all(len(e) == 1 for e in d.support)}
    if len(supports) != 1:
        found = "no distribution is declared" if not supports else \
            "the declared distributions have different supports (" + "; ".join(
                ", ".join(e[0] for e in support) for support in sorted(supports)) + ")"
        raise scanner.fail(f"\\sum_{{{variable}}} sums over the support of the declared distributions, but {found}", i,
                           "write the range, as in \\sum_{k=1}^{n}, or an expectation \\mathbb{E}_{y \\sim \\pi}[…]")
    (support,) = supports
    end = operand_end(scanner.text, j)
    body = scanner.text[j:end]
    if not body.strip():
        raise scanner.fail(f"\\sum_{{{variable}}} of nothing", i)
    ones = Distribution(support, tuple(sp.Integer(1) for _ in support))
    values = outcomes(scanner, [((spelling(variable),), ones)], body, j, f"the sum over {variable}")
    scanner.placeholder(sp.Add(*(value for _, value in values), evaluate=False), i, end=end)
    return end


def _unused(letter: str, scanner: Part) -> str:
    """The index's name: its letter, primed (ʹ) while a symbol of that name is already in use.

    Inside the operand the index shadows a declared symbol of the same letter, as in mathematics; outside it
    (and in the bounds) the letter keeps its declared meaning. Distinct names keep the two apart in every
    substitution."""
    taken = scanner.notation.names()
    name = letter
    while name in taken:
        name += "ʹ"
    return name
