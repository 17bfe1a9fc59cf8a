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
                raise self.error(f"symbol {fragment!r}: write a numeric bound as an interval, e.g. 'interval (0, oo)' "
                                 f"for {text!r}")
            return None
        operator, bound = found.group(1), self._bound(fragment, found.group(2), symbols)
        if operator in (">", ">=") or operator.startswith("\\g"):
            return bound, None, operator == ">", True
        return None, bound, True, operator == "<"

    def _bound(self, fragment: str, latex: str, symbols: dict[str, sp.Basic]) -> sp.Expr:
        """One symbolic bound: a rational expression in symbols declared above (with their own domains)."""
        from checker.values.written import evaluated

        value = self._formula(latex, Notation(dict(symbols)), where=f"symbol {fragment!r}: the bound {latex!r}")
        if isinstance(value, Relations):
            raise self.error(f"symbol {fragment!r}: the bound {latex!r} must be an expression")
        value = evaluated(value)
        declared = {atom for atom, _ in self.scope.domains_for([value])}
        if not value.is_rational_function() or not value.free_symbols <= declared or \
                value.atoms(sp.core.function.AppliedUndef):
            raise self.error(f"symbol {fragment!r}: the bound {latex!r} must be a rational expression (+ − · / and "
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
            raise self.error(f"symbol {fragment!r}: its parameter {parameter_name} would print as a declared symbol")
        if lower is not None and upper is not None:
            width = sp.factor(upper - lower)
            known = domain_bounds(self.scope.domains_for([width]))
            sign = manifest_sign(width, known)
            if sign != POS and (lower_open or upper_open or sign != NONNEG):
                raise self.error(f"symbol {fragment!r}: cannot show that its lower bound {lower} is "
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
            raise self.error(f"distribution {name!r}: a {family} distribution takes {FAMILIES[family]} parameter(s)"
                             + (" [mean, variance]" if family == "normal" else " (its rate)"))
        values = []
        for parameter in listed:
            value = self._formula(str(parameter), Notation(dict(symbols)), where=f"distribution {name!r}")
            if isinstance(value, Relations):
                raise self.error(f"distribution {name!r}: the parameter {parameter!r} must be an expression")
            values.append(evaluated(value))
        try:
            return Continuous(family, tuple(values))
        except ValueError as error:
            raise self.error(f"distribution {name!r}: {error}") from None

