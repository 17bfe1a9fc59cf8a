"""Expectations and variances over declared finite distributions:
``\\mathbb{E}_{y \\sim \\pi}[r(x, y)]``, ``\\mathbb{E}_{(x, y_w, y_l) \\sim \\mathcal{D}} \\log \\sigma(…)``,
``\\operatorname{Var}_{y \\sim \\pi}[r(x, y)]``.

A distribution declares its support (each element a tuple of LaTeX names) and each element's probability.
The expectation is the probability-weighted sum of the operand with the bound variables replaced, token by
token, by each element's names: ``r(x, y)`` at y = y_1 is the fragment ``r(x, y_1)``. A fragment that is not
declared under that name but is declared with the bound variable (``\\pi_\\theta(y_w | x)``) is
instantiated: a new atom with the same domain (and, for a definition, the same definition).
"""

from __future__ import annotations

import itertools
import re

import sympy as sp

from checker.values.written import evaluated

from .constructs import Part, Relations, construct
from .continuous import FAMILIES, Continuous, NoClosedForm
from .notation import Distribution, LatexError, Notation, spelling
from .text import matching, next_char, operand_end, skip_space, split_top

SIM = re.compile(r"\\sim(?![A-Za-z])")


_CONTINUOUS = (sp.Integer(0), sp.Integer(0))
"""Marks the outcomes of an expectation under a continuous distribution (one closed form, weight 1)."""


@construct(r"\\mathbb\{E\}")
def expectation(scanner: Part, i: int) -> int:
    values, end = _instances(scanner, i, len(r"\mathbb{E}"), "an expectation")
    scanner.placeholder(sp.Add(*(sp.Mul(p, v, evaluate=False) for p, v in values), evaluate=False), i, end=end)
    return end


@construct(r"\\(Var|Cov)(?![A-Za-z])")
def variance(scanner: Part, i: int) -> int:
    name = re.match(r"\\([A-Za-z]+)", scanner.text[i:]).group(1)  # type: ignore[union-attr]
    if name != "Var":
        raise scanner.fail(f"unsupported construct \\{name}", i,
                           r"a covariance is not supported; write \mathbb{E}_{y \sim \pi}[a b] - "
                           r"\mathbb{E}_{y \sim \pi}[a] \mathbb{E}_{y \sim \pi}[b]")
    if next_char(scanner.text, i + len(r"\Var")) == "(":
        from .applications import group_function

        return group_function(scanner, "groupvar", i + len(r"\Var"), i)
    values, end = _instances(scanner, i, len(r"\Var"), "a variance")
    if _CONTINUOUS in values:
        scanner.placeholder(values[0][1], i, end=end)  # a continuous distribution: already E[(f − E f)²]
        return end
    mean = sp.Add(*(sp.Mul(p, v, evaluate=False) for p, v in values), evaluate=False)
    spread = sp.Add(*(sp.Mul(p, sp.Pow(sp.Add(v, sp.Mul(-1, mean, evaluate=False), evaluate=False), 2,
                                       evaluate=False), evaluate=False) for p, v in values), evaluate=False)
    scanner.placeholder(spread, i, end=end)
    return end


def _instances(scanner: Part, i: int, length: int, what: str) -> tuple[list[tuple[sp.Expr, sp.Expr]], int]:
    """(probability, operand at that element) for every element of the distributions bound in the subscript."""
    text = scanner.text
    j = skip_space(text, i + length)
    if not (text.startswith("_", j) and text.startswith("{", j + 1)):
        raise scanner.fail(f"{what} needs its distribution below, as in \\mathbb{{E}}_{{y \\sim \\pi}}[…]", i)
    close = matching(text, j + 1, "{", "}")
    if close is None:
        raise scanner.fail("unbalanced braces", j + 1)
    continuous = _continuous_binder(scanner, text[j + 2:close], j + 2)
    binders = [] if continuous is not None else _binders(scanner, text[j + 2:close], j + 2)
    k = skip_space(text, close + 1)
    if k < len(text) and text[k] in "[(":
        end_bracket = matching(text, k, text[k], "]" if text[k] == "[" else ")")
        if end_bracket is None:
            raise scanner.fail("unbalanced brackets", k)
        body_start, body_end, end = k + 1, end_bracket, end_bracket + 1
    else:
        body_start, end = k, operand_end(text, k)
        body_end = end
    body = text[body_start:body_end]
    if not body.strip():
        raise scanner.fail(f"{what} of nothing", i)
    if continuous is not None:
        name, distribution = continuous
        mean = _continuous_mean(scanner, name, distribution, body, body_start, what)
        return [(sp.Integer(1), mean), _CONTINUOUS], end
    return outcomes(scanner, binders, body, body_start, what), end


FAMILY = re.compile(r"\s*(?:\\mathcal\{N\}|\\(?:operatorname|mathrm|text)\{(?:Exp|Exponential)\})\s*\(")


def _continuous_binder(scanner: Part, text: str, offset: int) -> tuple[str, Continuous] | None:
    """``x \\sim \\mathcal{N}(\\mu, \\sigma^2)``, ``x \\sim \\operatorname{Exp}(\\lambda)`` or ``x \\sim p`` for a
    declared continuous p: (the variable, the distribution); None for finite distributions."""
    parts = SIM.split(text)
    if len(parts) != 2:
        return None
    name, dist_text = parts[0].strip(), parts[1]
    declared = scanner.notation.distributions.get(spelling(dist_text))
    if isinstance(declared, Continuous):
        return _variable(scanner, name, offset), declared
    found = FAMILY.match(dist_text)
    if found is None:
        return None
    start = offset + len(parts[0]) + (len(text) - len(parts[0]) - len(dist_text)) + found.end()
    close = matching(scanner.text, start - 1, "(", ")")
    if close is None:
        raise scanner.fail("unbalanced parenthesis", start - 1)
    arguments = [scanner.expression(a, b, "a parameter of the distribution")
                 for a, b in split_top(scanner.text, start, close, ",")]
    family = "normal" if "mathcal" in found.group(0) else "exponential"
    if len(arguments) != FAMILIES[family]:
        raise scanner.fail(f"a {family} distribution takes {FAMILIES[family]} parameter(s)"
                           + (" (mean, variance)" if family == "normal" else " (rate)"), start)
    try:
        distribution = Continuous(family, tuple(evaluated(a) for a in arguments))
    except ValueError as error:
        raise scanner.fail(str(error), start) from None
    return _variable(scanner, name, offset), distribution


def _variable(scanner: Part, name: str, offset: int) -> str:
    if not re.fullmatch(r"[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?", name):
        raise scanner.fail("a continuous distribution binds one variable, as in "
                           "x \\sim \\mathcal{N}(\\mu, \\sigma^2)", offset)
    return spelling(name)


def _continuous_mean(scanner: Part, name: str, distribution: Continuous, body: str, body_start: int,
                     what: str) -> sp.Expr:
    """The operand read with the variable bound (and each declared continuous p(x) its density at x), and its
    mean in closed form (for a variance, E[(f − E f)²])."""
    variable = sp.Dummy(name, real=True)
    extra: dict[str, sp.Basic] = {name: variable}
    for key, declared in scanner.notation.distributions.items():
        if isinstance(declared, Continuous):
            extra[spelling(f"{key}({name})")] = declared.density(variable)
    inner = scanner.notation.with_symbols(extra)
    value = scanner.expression(body_start, body_start + len(body), f"the operand of {what}", inner)
    operand = evaluated(value)
    operand = operand.replace(lambda e: isinstance(e, sp.Derivative) and e.expr.has(variable), lambda e: e.doit())
    try:
        mean = distribution.expectation(operand, variable)
        if what == "a variance":
            return distribution.expectation((operand - mean) ** 2, variable)
        return mean
    except NoClosedForm as error:
        reason = str(error).replace(str(variable), name)
        raise scanner.fail(f"{what} under {distribution.describe()} has no closed form the checker computes "
                           f"({reason}); it takes sums of c·{name}^k·e^(a·{name}) in the bound variable",
                           body_start) from None


def outcomes(scanner: Part, binders: list[tuple[tuple[str, ...], Distribution]], body: str, body_start: int,
             what: str) -> list[tuple[sp.Expr, sp.Expr]]:
    """(probability, the operand read at that outcome) for every combination of the binders' support elements."""
    values = []
    for combination in itertools.product(*(list(zip(d.support, d.probabilities)) for _, d in binders)):
        mapping: dict[str, str] = {}
        probability: sp.Expr = sp.Integer(1)
        for (names, _), (element, p) in zip(binders, combination):
            mapping.update(zip(names, element))
            probability = sp.Mul(probability, p, evaluate=False) if probability != 1 else p
        instance = bind(body, mapping)
        notation = instantiated(scanner.notation, mapping)
        # the instance is new text: it is read as its own formula, and an error in it is reported at the
        # operand, naming the outcome and the instance's own notation (r(y_2), not the r(y) the author wrote)
        try:
            value = scanner.formula(instance, notation)
        except LatexError as error:
            at = ", ".join(f"{name} = {element}" for name, element in mapping.items())
            raise LatexError(f"{what} at {at}: {error.message} in ${instance}$", scanner.whole,
                             scanner.column(body_start), error.hint, error.proposal) from None
        if isinstance(value, Relations):
            raise scanner.fail(f"the operand of {what} is a relation", body_start)
        values.append((probability, value))
    return values


def _binders(scanner: Part, text: str, offset: int) -> list[tuple[tuple[str, ...], Distribution]]:
    binders: list[tuple[tuple[str, ...], Distribution]] = []
    for a, b in split_top(text, 0, len(text), ","):
        piece = text[a:b]
        parts = SIM.split(piece)
        if len(parts) != 2:
            if binders and not SIM.search(piece):
                raise scanner.fail("write each variable of the expectation as 'y \\sim \\pi'", offset + a)
            raise scanner.fail("write the expectation's subscript as 'y \\sim \\pi'", offset + a)
        names_text, dist_text = parts[0].strip(), spelling(parts[1])
        if names_text.startswith("(") and names_text.endswith(")"):
            names = tuple(spelling(n) for n in names_text[1:-1].split(","))
        else:
            names = (spelling(names_text),)
        distribution = scanner.notation.distributions.get(dist_text) or _conditional(scanner, dist_text, offset + a)
        if distribution is None:
            raise scanner.fail(f"'{dist_text}' is not a declared distribution", offset + a,
                               "declare it under distributions, with its support and probabilities",
                               ((dist_text, "distributions"),))
        for element in distribution.support:
            if len(element) != len(names):
                raise scanner.fail(f"the elements of {dist_text} have {len(element)} part(s), the expectation binds "
                                   f"{len(names)}", offset + a)
        binders.append((names, distribution))
    return binders


def _conditional(scanner: Part, text: str, column: int) -> Distribution | None:
    """``\\pi(\\cdot | x)`` for a declared ``\\pi`` whose entries are all conditioned on x (``\\pi(y_1 | x)``, …);
    ``\\pi(\\cdot)`` for a declared ``\\pi``."""
    found = re.fullmatch(r"(.+?)\(\s*\\cdot\s*(?:\|\s*(.+?))?\s*\)", text)
    if found is None:
        return None
    distribution = scanner.notation.distributions.get(spelling(found.group(1)))
    if distribution is None or found.group(2) is None:
        return distribution
    condition = re.sub(r"\s|\\(?:text|mathrm|mathbf)|[{}]", "", found.group(2))
    names = [re.sub(r"\s|[{}]", "", str(p)) for p in distribution.probabilities]
    if not all(name.endswith(f"|{condition})") for name in names):
        entries = ", ".join(map(str, distribution.probabilities))
        raise scanner.fail(f"the entries of {found.group(1)} ({entries}) are not "
                           f"all conditioned on {found.group(2)}", column,
                           f"declare the distribution as '{text}' under distributions")
    return distribution


def instantiated(notation: Notation, mapping: dict[str, str]) -> Notation:
    """The notation (in the one spelling) with every fragment that mentions a bound variable instantiated at
    these values."""
    extra = {}
    for fragment in notation.symbols:
        if not _mentions(fragment, mapping):
            continue
        instance = spelling(bind(fragment, mapping))
        if instance in notation.symbols:
            continue
        atom = notation.instantiate(fragment, mapping) if notation.instantiate else None
        if atom is not None:
            extra[instance] = atom
    return notation.with_symbols(extra) if extra else notation


def _pattern(name: str) -> str:
    before = r"(?<![A-Za-z\\])" if re.match(r"[A-Za-z]", name) else ""
    return before + re.escape(name) + r"(?![A-Za-z])(?!\s*_)"


def _mentions(fragment: str, mapping: dict[str, str]) -> bool:
    return any(re.search(_pattern(name), fragment) for name in mapping)


def bind(text: str, mapping: dict[str, str]) -> str:
    """``text`` with each bound variable replaced by its value, token by token (``y`` is not ``y_w``)."""
    names = sorted(mapping, key=len, reverse=True)
    if not names:
        return text
    pattern = re.compile("|".join(f"(?P<b{k}>{_pattern(n)})" for k, n in enumerate(names)))

    def replace(match: re.Match[str]) -> str:
        value = mapping[names[int(match.lastgroup[1:])]]  # type: ignore[index]
        follows = text[match.end():match.end() + 1]
        return "{" + value + "}" if follows in ("^", "_") else value

    return pattern.sub(replace, text)
