"""Declarations beyond a numeric domain: symbols between symbolic bounds (``r: 'interval [1-\\epsilon,
1+\\epsilon]'``, ``r: 'r > 1 + \\epsilon'``) and continuous distributions (``p: {normal: ['\\mu', '\\sigma^2']}``).

A symbol between symbolic bounds is written through a parameter with a numeric domain — r ∈ [a, b] is
r = a + (b − a)·u_r with u_r ∈ [0, 1] — once its bounds are shown to be ordered on the whole domain, so every
value of r is reached and no other; a counterexample is reported in r itself (:func:`checker.engine.refute.
in_declared_terms`).
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import sympy as sp

from checker.notation.latex import Notation, Relations
from checker.notation.latex.continuous import FAMILIES, Continuous
from checker.values.domains import interval

from .names import display_name

_INFINITE = frozenset({"-oo", "oo", "inf", "-inf", "\\infty", "-\\infty", "+\\infty", "+oo"})


class SymbolicDomains:
    """Mixed into :class:`.declarations.Declarations`, whose header gives ``scope``, ``error``, ``_formula`` and
    ``_names``."""

    scope: Any
    _names: dict[str, str]

    def _symbolic_bounds(self, fragment: str, text: str, symbols: dict[str, sp.Basic]) \
            -> tuple[sp.Expr | None, sp.Expr | None, bool, bool] | None:
        """``interval [1-\\epsilon, 1+\\epsilon]``, ``> 1 + \\epsilon``, ``r \\geq \\beta``: bounds that mention
        declared symbols, as (lower, upper, lower open, upper open); None for a domain with numeric bounds."""
        text = text.strip()
        found = re.fullmatch(r"(?:interval\s*)?([\[(])(.*)([\])])", text, re.S)
        if found:
            inner = found.group(2)
            depth, cut = 0, None
            for position, char in enumerate(inner):
                depth += char in "({["
                depth -= char in ")}]"
                if char == "," and depth == 0:
                    cut = position if cut is None else -1
            if cut is None or cut < 0:
                return None
            ends = inner[:cut].strip(), inner[cut + 1:].strip()
            if not any(re.search(r"[A-Za-z\\]", end) and end.lower() not in _INFINITE for end in ends):
                return None
            lower, upper = (None if end.lower() in _INFINITE else self._bound(fragment, end, symbols) for end in ends)
            return lower, upper, found.group(1) == "(" or lower is None, found.group(3) == ")" or upper is None
        own = re.escape(fragment)
        found = re.fullmatch(rf"(?:{own}\s*)?(>=|<=|>|<|\\geq?|\\leq?|\\geqslant|\\leqslant)\s*(.+)", text, re.S)
        if found is None or not re.search(r"[A-Za-z\\]", found.group(2).replace("\\infty", "")):
            if found is not None:
                raise self.error(f"symbol '{fragment}': write a numeric bound as an interval, e.g. 'interval (0, oo)' "
                                 f"for '{text}'")
            return None
        operator, bound = found.group(1), self._bound(fragment, found.group(2), symbols)
        if operator in (">", ">=") or operator.startswith("\\g"):
            return bound, None, operator == ">", True
        return None, bound, True, operator == "<"

    def _bound(self, fragment: str, latex: str, symbols: dict[str, sp.Basic]) -> sp.Expr:
        """One symbolic bound: a rational expression in symbols declared above (with their own domains)."""
        from checker.values.written import evaluated

        value = self._formula(latex, Notation(dict(symbols)), where=f"symbol '{fragment}': the bound '{latex}'")
        if isinstance(value, Relations):
            raise self.error(f"symbol '{fragment}': the bound '{latex}' must be an expression")
        value = evaluated(value)
        declared = {atom for atom, _ in self.scope.domains_for([value])}
        if not value.is_rational_function() or not value.free_symbols <= declared or \
                value.atoms(sp.core.function.AppliedUndef):
            raise self.error(f"symbol '{fragment}': the bound '{latex}' must be a rational expression (+ − · / and "
                             "whole powers) in symbols declared above it with their own domains")
        return value

    def _bounded(self, fragment: str, name: str, bounded: tuple[sp.Expr | None, sp.Expr | None, bool, bool]) \
            -> sp.Basic:
        """A symbol between symbolic bounds, written through a parameter with a numeric domain: r ∈ [a, b] is
        r = a + (b − a)·u_r with u_r ∈ [0, 1]; r > a is r = a + u_r with u_r > 0; r < b is r = b − u_r."""
        from checker.engine.definedness import domain_bounds
        from checker.numeric.sign import NONNEG, POS, bounds, manifest_sign

        lower, upper, lower_open, upper_open = bounded
        parameter_name = f"u_{name}"
        if parameter_name in self._names:
            raise self.error(f"symbol '{fragment}': its parameter {parameter_name} would print as a declared symbol")
        if lower is not None and upper is not None:
            width = sp.factor(upper - lower)
            known = domain_bounds(self.scope.domains_for([width]))
            sign = manifest_sign(width, known)
            if sign != POS and (lower_open or upper_open or sign != NONNEG):
                raise self.error(f"symbol '{fragment}': cannot show that its lower bound {lower} is "
                                 f"{'below' if lower_open or upper_open else 'at most'} its upper bound {upper} for "
                                 "every value of the symbols they mention; narrow those symbols' domains")
            unit = interval(Fraction(0), Fraction(1), lo_open=lower_open, hi_open=upper_open)
            start, scale = lower, upper - lower
        else:
            unit = interval(Fraction(0), None, lo_open=lower_open if lower is not None else upper_open)
            start, scale = (lower, sp.Integer(1)) if lower is not None else (upper, sp.Integer(-1))
        probe = sp.Dummy("u", **unit.assumptions())
        enclosure = bounds(sp.expand(start + scale * probe),
                           domain_bounds([*self.scope.domains_for([start + scale * probe]), (probe, unit)]))
        assumptions = {"positive": True} if enclosure.sign == POS else \
            {"nonnegative": True} if enclosure.sign == NONNEG else {"real": True}
        atom = sp.Symbol(name, **assumptions)
        self.scope.parameter(parameter_name, unit, atom, lambda u: start + scale * u)
        self._names[parameter_name] = fragment
        return atom

    def _continuous(self, name: str, entries: dict, symbols: dict[str, sp.Basic]) -> Continuous:
        """``{normal: ['\\mu', '\\sigma^2']}`` (mean, variance) or ``{exponential: '\\lambda'}`` (rate)."""
        from checker.values.written import evaluated

        (family, parameters), = entries.items()
        family = {"gaussian": "normal"}.get(str(family).lower(), str(family).lower())
        listed = parameters if isinstance(parameters, list) else [parameters]
        if len(listed) != FAMILIES[family]:
            raise self.error(f"distribution '{name}': a {family} distribution takes {FAMILIES[family]} parameter(s)"
                             + (" [mean, variance]" if family == "normal" else " (its rate)"))
        values = []
        for parameter in listed:
            value = self._formula(str(parameter), Notation(dict(symbols)), where=f"distribution '{name}'")
            if isinstance(value, Relations):
                raise self.error(f"distribution '{name}': the parameter '{parameter}' must be an expression")
            values.append(evaluated(value))
        try:
            return Continuous(family, tuple(values))
        except ValueError as error:
            raise self.error(f"distribution '{name}': {error}") from None

    def _families(self, symbols: dict[str, sp.Basic], names: dict[str, str]) -> dict[str, sp.IndexedBase]:
        """The header's families, each group with a size given its statistics."""
        families: dict[str, sp.IndexedBase] = {}
        for fragment, spec in self._mapping("families").items():  # type: ignore[attr-defined]
            fragment = str(fragment).strip()
            spec, size = self._family_size(fragment, spec, symbols)
            domain = self._domain(fragment, spec)  # type: ignore[attr-defined]
            families[fragment] = self.scope.family(display_name(fragment), domain)
            if size is not None:
                self._group_statistics(fragment, families[fragment], size, symbols, names)
        return families

    def _family_size(self, fragment: str, spec: object, symbols: dict[str, sp.Basic]) -> tuple[object, sp.Expr | None]:
        """``r: {domain: real, size: G}`` or ``r: 'real, size G'``: a group r_1, …, r_G (G a declared integer
        symbol or a whole number); (the domain, the size or None)."""
        if isinstance(spec, dict):
            unknown = set(spec) - {"domain", "size"}
            if unknown or "size" not in spec:
                raise self.error(f"family '{fragment}': write {{domain: real, size: G}}")
            domain, size_text = spec.get("domain", "real"), str(spec["size"]).strip()
        else:
            found = re.fullmatch(r"(.*?),\s*size\s+(.+)", str(spec).strip())
            if found is None:
                return spec, None
            domain, size_text = found.group(1), found.group(2).strip()
        if re.fullmatch(r"\d+", size_text):
            size: sp.Expr = sp.Integer(int(size_text))
            if size < 1:
                raise self.error(f"family '{fragment}': a group has at least one member")
            return domain, size
        atom = symbols.get(size_text)
        if atom is None or not isinstance(atom, sp.Symbol) or not atom.is_integer or not atom.is_positive:
            raise self.error(f"family '{fragment}': its size '{size_text}' must be a whole number or a symbol declared "
                             "above it as a positive integer")
        return domain, atom

    def _group_statistics(self, fragment: str, family: sp.IndexedBase, size: sp.Expr,
                          symbols: dict[str, sp.Basic], names: dict[str, str]) -> None:
        """The group's mean, (population) variance and standard deviation as defined fragments: ``\\bar{r}``,
        ``\\overline{r}``, ``\\operatorname{mean}(r)``, ``\\operatorname{Var}(r)``, ``\\operatorname{std}(r)``."""
        inner, outer = sp.Symbol("j", integer=True, positive=True), sp.Symbol("k", integer=True, positive=True)
        mean = sp.Sum(family[inner], (inner, 1, size)) / size
        variance = sp.Sum((family[outer] - mean) ** 2, (outer, 1, size)) / size
        values = {"mean": mean, "Var": variance, "std": sp.sqrt(variance)}
        spellings = {"mean": [f"\\bar{{{fragment}}}", f"\\overline{{{fragment}}}",
                              f"\\operatorname{{mean}}({fragment})"],
                     "Var": [f"\\operatorname{{Var}}({fragment})"], "std": [f"\\operatorname{{std}}({fragment})"]}
        for statistic, value in values.items():
            atom = sp.Symbol(f"{statistic}({family})")
            self.scope.define(atom, value)
            for text in spellings[statistic]:
                if text not in symbols:
                    symbols[text] = atom
                    names.setdefault(str(atom), text)
