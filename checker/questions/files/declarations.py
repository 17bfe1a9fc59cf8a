"""The declarations of a question file: symbols, families, functions, distributions and definitions.

They become the :class:`~checker.notation.latex.Notation` every formula of the file is read with; a symbol's
domain becomes its SymPy assumptions through the file's :class:`~checker.values.scope.Scope`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction
from typing import Any

import sympy as sp

from checker.notation.latex import (
    Distribution,
    Function,
    LatexError,
    Notation,
    Relations,
    entropy,
    kl_divergence,
    logistic,
    parse,
    spelling,
    undefined_function,
)
from checker.notation.latex.continuous import FAMILIES
from checker.notation.latex.tex import DECIMAL_COMMA_LANGUAGES
from checker.values.domains import (
    BETA,
    DISCOUNT,
    INTEGER,
    NONNEGATIVE,
    NONNEGATIVE_INTEGER,
    POSITIVE,
    POSITIVE_INTEGER,
    PROBABILITY,
    REAL,
    Domain,
    interval,
)

from .bounds import SymbolicDomains
from .header import Header
from .names import display_name
from .source import QuestionFileError, Source

DOMAINS = {
    "real": REAL, "positive": POSITIVE, "probability": PROBABILITY, "beta": BETA,
    "discount factor": DISCOUNT, "discount": DISCOUNT,
    "non-negative integer": NONNEGATIVE_INTEGER, "nonnegative integer": NONNEGATIVE_INTEGER,
    "length": NONNEGATIVE_INTEGER, "positive integer": POSITIVE_INTEGER, "integer": INTEGER,
    "non-negative": NONNEGATIVE, "nonnegative": NONNEGATIVE, "non-negative real": NONNEGATIVE,
    "nonnegative real": NONNEGATIVE, "positive real": POSITIVE,
}


def _element(fragment: str) -> str:
    """The support element a probability's fragment names: ``\\pi(y_1 | x)`` → ``y_1``."""
    found = re.search(r"\(([^|)]*)", fragment)
    return found.group(1).strip() if found else fragment


def _parts(element: str) -> list[str]:
    """An element of a support: one name, or a tuple ``(x^{(1)}, y_w^{(1)}, y_l^{(1)})``."""
    text = element.strip()
    if text.startswith("(") and text.endswith(")"):
        inner = text[1:-1]
        parts: list[str] = []
        current: list[str] = []
        depth = 0
        for char in inner:
            if char in "({[":
                depth += 1
            elif char in ")}]":
                depth -= 1
            if char == "," and depth == 0:
                parts.append("".join(current).strip())
                current = []
                continue
            current.append(char)
        parts.append("".join(current).strip())
        return parts
    return [text]


class Declarations(SymbolicDomains, Header):
    """The header's declarations read into a notation (the step after the header)."""

    def __init__(self, source: Source) -> None:
        super().__init__(source)
        self.notation = self._notation()

    def _notation(self) -> Notation:
        language = self._text("language", default="en").strip().lower()
        symbols: dict[str, sp.Basic] = {}
        names: dict[str, str] = {}
        self._templates: dict[str, Any] = {}
        self._broken: set[str] = set()
        """Names of definitions that could not be read: errors they cause further on are not repeated."""
        self._instances: dict[str, sp.Basic] = {}
        self._names = names
        for fragment, spec in self._mapping("symbols").items():
            fragment = str(fragment).strip()
            name = display_name(fragment)
            if name in names:
                raise self.error(f"symbols '{names[name]}' and '{fragment}' would print the same ({name})")
            names[name] = fragment
            symbols[fragment] = self._symbol(fragment, name, spec, symbols)
            self._templates[spelling(fragment)] = ("symbol", fragment, spec)
        families = self._families(symbols, names)
        distributions: dict[str, Distribution] = {}
        later = {}
        defined = {str(f).strip() for f in self._mapping("definitions")}
        for name, entries in self._mapping("distributions").items():
            probabilities = entries.get("probabilities") if isinstance(entries, dict) else entries
            if isinstance(probabilities, list) and any(str(p).strip() in defined for p in probabilities):
                later[str(name)] = entries  # its probabilities are definitions: read once they are
                continue
            distributions[str(name)] = self._distribution(str(name), entries, symbols, names)
        functions: dict[str, Function] = {}
        for fragment, kind in self._mapping("functions").items():
            fragment = str(fragment).strip()
            if kind == "logistic":
                functions[fragment] = logistic()
            elif kind == "kl":
                functions[fragment] = kl_divergence(distributions)
            elif kind == "entropy":
                functions[fragment] = entropy(distributions)
            elif kind == "function":
                functions[fragment] = undefined_function(display_name(fragment))
            else:
                raise self.error(f"function '{fragment}': unknown kind '{kind}' "
                                 "(known: logistic, kl, entropy, function)")
        notation = Notation(symbols, functions, families, distributions,
                            decimal_comma=language in DECIMAL_COMMA_LANGUAGES, instantiate=self._instantiate)
        self.notation = notation
        for fragment, latex in self._mapping("definitions").items():
            fragment = str(fragment).strip()
            atom = symbols.get(fragment) or self._family_member(fragment, families, notation) or \
                sp.Symbol(display_name(fragment))
            try:
                value = self._formula(str(latex), notation, where=f"definition of {fragment}")
                if isinstance(value, Relations):
                    raise self.error(f"definition of {fragment} must be an expression, not a relation",
                                     text=str(latex))
            except QuestionFileError as problem:
                self._problems.append(problem)  # reported with the others; the fragment stays readable
                self._broken.add(str(atom))
            else:
                self.scope.define(atom, value)
            symbols[fragment] = atom
            self._templates[spelling(fragment)] = ("definition", fragment, str(latex))
            notation = self.notation = replace(notation, symbols=dict(symbols))
        for name, entries in later.items():
            distributions[name] = self._defined_distribution(name, entries, symbols)
        notation = self.notation = replace(notation, distributions=dict(distributions))
        return notation

    def _family_member(self, fragment: str, families: dict[str, sp.IndexedBase], notation: Notation) \
            -> sp.Basic | None:
        """A defined fragment that names a member of a declared family (``r_1`` with family ``r``): the member
        itself, so the definition holds inside sums and maxima over the family too."""
        base = re.match(r"^\s*(\\?[A-Za-z]+)\s*_", fragment)
        if base is None or base.group(1) not in families:
            return None
        try:
            member = self._formula(fragment, notation, where=f"definition of {fragment}")
        except QuestionFileError:
            return None
        return member if isinstance(member, sp.Indexed) and member.base == families[base.group(1)] else None

    def _defined_distribution(self, name: str, entries: object, symbols: dict[str, sp.Basic]) -> Distribution:
        """A distribution whose probabilities are defined quantities (π_β(y) := π_ref(y)·e^{r(y)/β}/Z)."""
        support = None
        if isinstance(entries, dict):
            support = [str(s) for s in entries.get("support") or []] or None
            entries = entries.get("probabilities")
        if not isinstance(entries, list):
            raise self.error(f"distribution '{name}': its probabilities must be a list")
        fragments = [str(e).strip() for e in entries]
        unknown = [f for f in fragments if f not in symbols]
        if unknown:
            raise self.error(f"distribution '{name}': '{unknown[0]}' is neither declared nor defined")
        support = support or [_element(f) for f in fragments]
        if len(support) != len(fragments):
            raise self.error(f"distribution '{name}': {len(support)} support elements, {len(fragments)} probabilities")
        return Distribution(tuple(tuple(spelling(p) for p in _parts(s)) for s in support),
                            tuple(symbols[f] for f in fragments))

    def _symbol(self, fragment: str, name: str, spec: object, symbols: dict[str, sp.Basic]) -> sp.Basic:
        """A declared symbol; ``'probability, function of \\theta'`` makes it a quantity that depends on θ."""
        text = str(spec)
        depends = re.search(r",\s*function of\s+(.+)$", text)
        if depends is None:
            bounded = self._symbolic_bounds(fragment, text, symbols)
            if bounded is not None:
                return self._bounded(fragment, name, bounded)
            return self.scope.symbol(name, self._domain(fragment, spec))
        domain = self._domain(fragment, text[:depends.start()])
        parameters = []
        for parameter in depends.group(1).split(" and "):
            atom = symbols.get(parameter.strip()) or symbols.get(spelling(parameter.strip()))
            if atom is None or not isinstance(atom, sp.Symbol):
                raise self.error(f"symbol '{fragment}': its parameter '{parameter.strip()}' must be declared above it")
            parameters.append(atom)
        return self.scope.function_of(name, parameters, domain)

    def _instantiate(self, template: str, mapping: dict[str, str]) -> sp.Basic | None:
        """The atom for a declared fragment with an expectation's bound variables replaced (made once)."""
        from checker.notation.latex.expectations import bind, instantiated

        kind, fragment, spec = self._templates.get(template, (None, None, None))
        if kind is None:
            return None
        instance = spelling(bind(spelling(fragment), mapping))
        if instance in self._instances:
            return self._instances[instance]
        name = display_name(instance)
        if kind == "symbol":
            atom = self._symbol(instance, name, spec, dict(self.notation.symbols))
        else:
            atom = sp.Symbol(name)
            self._instances[instance] = atom  # a definition that mentions itself cannot recurse forever
            context = instantiated(self.notation.spelled(), mapping)
            value = self._formula(bind(spelling(spec), mapping), context, where=f"definition of {instance}")
            if isinstance(value, Relations):
                return None
            self.scope.define(atom, value)
        self._instances[instance] = atom
        return atom

    def _domain(self, fragment: str, spec: object) -> Domain:
        text = str(spec).strip().lower()
        if text in DOMAINS:
            return DOMAINS[text]
        found = re.fullmatch(r"(?:interval\s*)?([\[(])\s*([^,\s]+)\s*,\s*([^\])\s]+)\s*([\])])", text)
        if found:
            try:
                lo = None if found.group(2) in ("-oo", "-inf") else Fraction(found.group(2))
                hi = None if found.group(3) in ("oo", "inf") else Fraction(found.group(3))
            except ValueError:
                raise self.error(f"symbol '{fragment}': interval bounds must be exact numbers, got '{spec}'") from None
            domain = interval(lo, hi, lo_open=found.group(1) == "(", hi_open=found.group(4) == ")")
            if domain.empty:
                raise self.error(f"symbol '{fragment}': empty interval '{spec}'")
            return domain
        raise self.error(f"symbol '{fragment}': unknown domain '{spec}'; use one of {', '.join(sorted(DOMAINS))} "
                         "or 'interval [a, b]' (and ', function of \\theta' for a quantity that depends on θ)")

    def _distribution(self, name: str, entries: object, symbols: dict[str, sp.Basic],
                      names: dict[str, str]) -> Distribution:
        """A finite distribution: exact probabilities (``[9/25, 12/25, 4/25]``), the fragments naming symbolic
        ones (``['\\pi(y_1)', '\\pi(y_2)']``, whose support is y_1, y_2), or ``{support: […], probabilities: […]}``."""
        support: list[str] | None = None
        if isinstance(entries, dict) and len(entries) == 1 and str(next(iter(entries))).lower() in FAMILIES:
            return self._continuous(name, entries, symbols)
        if isinstance(entries, dict):
            unknown = set(entries) - {"support", "probabilities"}
            if unknown or "probabilities" not in entries:
                raise self.error(f"distribution '{name}': write {{support: [...], probabilities: [...]}}")
            support = [str(s) for s in entries.get("support") or []]
            entries = entries["probabilities"]
        if not isinstance(entries, list) or not entries:
            raise self.error(f"distribution '{name}' must be a list of exact probabilities like 9/25, "
                             "or of the LaTeX fragments that name its entries")
        if all(isinstance(e, str) and re.search(r"[A-Za-z\\]", e) for e in entries):
            fragments = [e.strip() for e in entries]
            for fragment in fragments:
                if fragment in symbols or display_name(fragment) in names:
                    raise self.error(f"distribution '{name}': '{fragment}' is declared twice")
                names[display_name(fragment)] = fragment
            atoms = self.scope.distribution([display_name(f) for f in fragments])
            symbols.update(zip(fragments, atoms))
            probabilities: list[sp.Expr] = list(atoms)
            if support is None:
                support = [_element(fragment) for fragment in fragments]
        else:
            probabilities = []
            for entry in entries:
                try:
                    value = Fraction(str(entry).strip())
                except ValueError:
                    raise self.error(f"distribution '{name}': '{entry}' is not an exact number") from None
                if value <= 0:
                    raise self.error(f"distribution '{name}': entry {entry} must be positive")
                probabilities.append(sp.Rational(value.numerator, value.denominator))
            if sum(probabilities) != 1:
                raise self.error(f"distribution '{name}' sums to {sum(probabilities)}, not 1")
            if support is None:
                support = [str(i) for i in range(1, len(probabilities) + 1)]
        if len(support) != len(probabilities):
            raise self.error(f"distribution '{name}': {len(support)} support elements, "
                             f"{len(probabilities)} probabilities")
        elements = tuple(tuple(spelling(part) for part in _parts(element)) for element in support)
        return Distribution(elements, tuple(probabilities))

    def _formula(self, latex: str, notation: Notation, *, where: str, option: int | None = None,
                 line: int | None = None) -> sp.Basic | Relations:
        try:
            return parse(latex, notation)
        except LatexError as error:
            if line is None:
                # a formula of the header: its line, when its text appears there verbatim (single quotes)
                found = [n for n, text in enumerate(self.source.lines, start=1) if latex and latex in text]
                line = found[0] if len(found) == 1 else None
            raise self.error(f"{where}: {error}", option=option, line=line,
                             column=self._file_column(line, latex, error.column)) from None
