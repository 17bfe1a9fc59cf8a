"""Proposed declarations for the notation of an imported question.

The LaTeX adapter is asked, formula by formula, what it cannot read; each undeclared fragment it names is
declared for the next attempt, so the proposal lists exactly the fragments the question's formulas use,
in the author's own spelling. A domain is proposed where the text states one ("$\\beta \\geq 0$",
"$\\gamma \\in [0, 1]$ es un factor de descuento"), "probability" for a policy's or distribution's value,
and "real" otherwise, each with its reason — a proposal to review, never a declaration made behind the
author's back: the importer writes it commented out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy as sp

from checker.notation.latex.notation import Function

from .latex import LatexError, Notation, logistic, parse, spelling, undefined_function

FORMULA = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
STATEMENT = re.compile(r"^\s*(?P<name>.+?)\s*(?P<relation>\\geq?|\\ge|>|\\in)\s*(?P<set>.+?)\s*$", re.S)
NUMBER = r"(-?\d+(?:\.\d+)?)"
INTERVAL = re.compile(r"^(?:\\left)?\s*([\[(])\s*" + NUMBER + r"\s*,\s*" + r"(-?\d+(?:\.\d+)?|\\infty)"
                      r"\s*(?:\\right)?\s*([\])])$")
NUMBER_SETS = {r"\mathbb{R}": "real", r"\mathbb{R}_{>0}": "positive", r"\mathbb{R}^+": "positive",
               r"\mathbb{R}_{\geq 0}": "non-negative", r"\mathbb{N}": "non-negative integer", r"\mathbb{Z}": "integer",
               r"\mathbb{Z}_{>0}": "positive integer", r"\mathbb{N}^+": "positive integer"}
DISCOUNT_WORDS = ("descuento", "discount")
PROBABILITY_NAME = re.compile(r"^(\\pi|P|p|\\Pr|\\mathbb{P}|q|Q)(\b|_|\(|\^)")
ATTEMPTS = 40
SIMPLE_ARGUMENTS = re.compile(
    # names, subscripts, separators and relations between outcomes: nothing that computes
    r"\s*\((?:[\s\w{}^,;|*()'.]|\\(?:succ|prec|cdot|mid|text|mathrm|[A-Za-z]+(?=[_\s,|;)}])))*\)\s*")


@dataclass(frozen=True)
class Declaration:
    """One proposed header entry, with why it is proposed."""

    section: str  # symbols | functions | families | distributions
    fragment: str
    value: str
    reason: str


@dataclass(frozen=True)
class Proposal:
    declarations: tuple[Declaration, ...]
    unreadable: tuple[tuple[str, str], ...]
    """Formulas that stay unreadable once everything is declared, with the adapter's reason."""


def formulas(texts: Sequence[str]) -> list[str]:
    found: dict[str, None] = {}
    for text in texts:
        for match in FORMULA.finditer(text):
            formula = (match.group(1) or match.group(2)).strip()
            if formula:
                found.setdefault(formula)
    return list(found)


def propose(texts: Sequence[str]) -> Proposal:
    """What to declare for the formulas in ``texts`` (a question's stem and options)."""
    whole = " ".join(texts)
    stated = _stated_domains(texts)
    declared: dict[str, Declaration] = {}
    unreadable: list[tuple[str, str]] = []
    for formula in formulas(texts):
        if _statement(formula) is not None:
            continue  # "β ≥ 0" says what β is; it is not a claim to read
        trial = dict(declared)
        problem = _discover(formula, trial, stated, whole)
        if problem is None:
            continue  # a bare name mentioned in prose ("de $\pi_{\text{ref}}$ respecto a …"): nothing to read
        if problem:
            unreadable.append((formula, problem))
        else:
            declared = trial  # only what a readable formula needs is proposed
    return Proposal(tuple(declared.values()), tuple(unreadable))


def _discover(formula: str, declared: dict[str, Declaration], stated: dict[str, tuple[str, str]],
              whole: str) -> str | None:
    """Declare what ``formula`` needs until it reads (""), or the adapter's last complaint; None for a formula
    that is one undeclared name and nothing else."""
    for attempt in range(ATTEMPTS):
        try:
            parse(formula, _notation(declared))
            return ""
        except LatexError as error:
            if not error.proposal:
                return f"{error.message}" + (f" ({error.hint})" if error.hint else "")
            if attempt == 0 and any(spelling(f) == spelling(formula) for f, _ in error.proposal):
                return None
            declaration = _choose(error.proposal, stated, whole)
            if declaration.section == "distributions":
                declared.setdefault(declaration.fragment, declaration)
                return ""  # an expectation needs its support and probabilities: the author writes them
            if spelling(declaration.fragment) in {spelling(d.fragment) for d in declared.values()}:
                return f"{error.message}" + (f" ({error.hint})" if error.hint else "")
            declared[declaration.fragment] = declaration
            if declaration.value == "kl":
                for name in _kl_arguments(declaration.fragment, formula):
                    declared.setdefault(name, Declaration(
                        "distributions", name, "[...]", "a KL divergence is taken between it and another "
                        "distribution: list its probabilities (exact numbers, or the fragments naming them)"))
    return "too many undeclared fragments in one formula"


def _choose(options: tuple[tuple[str, str], ...], stated: dict[str, tuple[str, str]], whole: str) -> Declaration:
    """The declaration to propose among the adapter's alternatives.

    A known kind first (σ, KL); a name the text gives a domain is a symbol (``\\beta(…)`` is then β times
    (…)); an application to names (``r(x, y)``, ``\\pi(y | x)``) is one quantity unless it is differentiated
    (``f'``); an application to expressions is a function."""
    for fragment, section in options:
        if section == "functions" and spelling(fragment) == spelling(r"\sigma"):
            return Declaration("functions", fragment, "logistic", "the logistic function σ(z) = 1/(1 + e^{-z})")
        if section == "functions" and "KL" in fragment:
            return Declaration("functions", fragment, "kl", "KL divergence between two declared distributions")
    names = {section: fragment for fragment, section in options}
    fragment, section = options[0]
    if "functions" in names:
        name = names["functions"]
        applied = names.get("symbols")
        if spelling(name) in stated:
            fragment, section = name, "symbols"
        elif re.search(re.escape(name) + r"\s*'", whole) or applied is None or not SIMPLE_ARGUMENTS.fullmatch(
                applied[len(name):]):
            return Declaration("functions", name, "function", "a function of its arguments, left undefined")
        else:
            fragment, section = applied, "symbols"
    if section == "distributions":
        return Declaration("distributions", fragment, "{support: [...], probabilities: [...]}",
                           "an expectation is taken over it: give its outcomes and their probabilities")
    family = re.fullmatch(r"([A-Za-z])_\{?([^{}]*[+-][^{}]*)\}?", fragment)
    if family:
        return Declaration("families", family.group(1), "real",
                           f"indexed by an expression ({fragment}): one family of quantities")
    key = spelling(fragment)
    if key in stated:
        domain, reason = stated[key]
        return Declaration("symbols", fragment, domain, reason)
    # a quantity subscripted by a parameter the text differentiates in (∇_θ, ∂/∂θ) depends on it
    varying = next((p for p in _parameters(whole) if re.search(r"_\{?\s*" + re.escape(p) + r"(?![A-Za-z])", fragment)
                    and "(" in fragment), None)
    depends = f", function of {varying}" if varying else ""
    because = f"; it depends on {varying}, which the text differentiates in" if varying else ""
    if PROBABILITY_NAME.match(fragment) and "(" in fragment:
        return Declaration("symbols", fragment, "probability" + depends, "the probability of an outcome" + because)
    return Declaration("symbols", fragment, "real" + depends,
                       "assumed real: say so if it is positive, a probability, …" + because)


def _parameters(whole: str) -> list[str]:
    """The parameters the text differentiates in: ``\\nabla_\\theta``, ``\\partial \\theta``."""
    found = re.findall(r"\\nabla_\{?\s*(\\[A-Za-z]+|[A-Za-z])", whole)
    found += re.findall(r"\\partial\s*(\\[A-Za-z]+|[A-Za-z])(?![A-Za-z])", whole)
    return list(dict.fromkeys(found))


def _notation(declared: dict[str, Declaration]) -> Notation:
    symbols: dict[str, sp.Basic] = {}
    functions: dict[str, Function] = {}
    families: dict[str, sp.IndexedBase] = {}
    for number, declaration in enumerate(declared.values()):
        name = f"v{number}"
        if declaration.section == "symbols":
            symbols[declaration.fragment] = sp.Symbol(name, real=True)
        elif declaration.section == "families":
            families[declaration.fragment] = sp.IndexedBase(name, real=True)
        elif declaration.value == "logistic":
            functions[declaration.fragment] = logistic()
        elif declaration.value == "kl":
            functions[declaration.fragment] = Function(2, _placeholder(name), separator=r"\|", raw=True)
        elif declaration.section == "functions":
            functions[declaration.fragment] = undefined_function(name)
    return Notation(symbols, functions, families)


def _placeholder(name: str) -> Callable[[Sequence[object]], sp.Expr]:
    def build(args: Sequence[object]) -> sp.Expr:
        return sp.Symbol(name, real=True)

    return build


def _statement(formula: str) -> tuple[str, str] | None:
    """``(fragment, domain)`` when the formula states a domain: ``\\beta \\geq 0``, ``\\gamma \\in [0, 1]``."""
    match = STATEMENT.match(formula)
    if match is None:
        return None
    name, relation, bound = match.group("name"), match.group("relation"), " ".join(match.group("set").split())
    if relation in (r"\geq", r"\ge") and bound == "0":
        return name, "non-negative"
    if relation == ">" and bound == "0":
        return name, "positive"
    if relation != r"\in":
        return None
    if bound in NUMBER_SETS:
        return name, NUMBER_SETS[bound]
    interval = INTERVAL.match(bound)
    if interval:
        low, high = interval.group(2), interval.group(3).replace(r"\infty", "oo")
        return name, f"interval {interval.group(1)}{low}, {high}{interval.group(4)}"
    return None


def _stated_domains(texts: Sequence[str]) -> dict[str, tuple[str, str]]:
    """The domains the text states, by fragment (in the one spelling), each with the sentence's formula."""
    stated: dict[str, tuple[str, str]] = {}
    for text in texts:
        for match in FORMULA.finditer(text):
            formula = (match.group(1) or match.group(2)).strip()
            found = _statement(formula)
            if found is None:
                continue
            name, domain = found
            after = text[match.end():match.end() + 80].lower()
            if domain == "interval [0, 1]" and any(word in after for word in DISCOUNT_WORDS):
                domain = "discount factor"
            stated.setdefault(spelling(name), (domain, f"the text says ${formula}$"))
    return stated


def _kl_arguments(fragment: str, formula: str) -> list[str]:
    """The distributions a KL notation is applied to in ``formula``: ``D_KL(P \\| Q)`` → P, Q."""
    found: list[str] = []
    for match in re.finditer(re.escape(fragment) + r"\s*\(\s*(.+?)\s*\\\|\s*(.+?)\s*\)", formula):
        found += [match.group(1), match.group(2)]
    return list(dict.fromkeys(found))
