"""Building claims and derivations in Python: a :class:`Scope` creates symbols with their domains.

Each symbol's SymPy assumptions follow from its declared domain, so exact rewrites see the same facts the
counterexample search respects; definitions made in a scope are carried by every claim built in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import sympy as sp

from .claims import Claim, FiniteCheck, Kind, Reference, Relation, Relational, ranges_over
from .derivations import Derivation, Step
from .domains import BETA, DISCOUNT, NONNEGATIVE_INTEGER, POSITIVE, PROBABILITY, REAL, Domain, distribution_entry
from .errors import ClaimError
from .semantics import Semantics
from .written import free_atoms, tidy


class Scope:
    """Creates symbols with their domains and builds claims over them.

    The SymPy assumptions of each symbol follow from its domain, so exact rewrites see the same
    facts the counterexample search respects.
    """

    def __init__(self, semantics: Semantics = Semantics.STRICT) -> None:
        self._domains: dict[sp.Basic, Domain] = {}
        self._definitions: dict[sp.Basic, sp.Expr] = {}
        self.semantics = semantics

    def symbol(self, name: str, domain: Domain) -> sp.Symbol:
        symbol = sp.Symbol(name, **domain.assumptions())
        self._domains[symbol] = domain
        return symbol

    def parameter(self, name: str, domain: Domain, symbol: sp.Basic, value: Any) -> sp.Symbol:
        """The parameter ``u`` of a symbol with symbolic bounds: ``symbol := value(u)``, defined in this scope.

        ``value`` is called with the new parameter and gives the symbol's expression in it."""
        parameter = sp.Symbol(name, **domain.assumptions())
        expression = value(parameter)
        self._domains[parameter] = replace(domain, stands_for=(symbol, expression))
        self.define(symbol, expression)
        return parameter

    def real(self, name: str) -> sp.Symbol:
        return self.symbol(name, REAL)

    def positive(self, name: str) -> sp.Symbol:
        return self.symbol(name, POSITIVE)

    def probability(self, name: str) -> sp.Symbol:
        return self.symbol(name, PROBABILITY)

    def beta(self, name: str = "β") -> sp.Symbol:
        return self.symbol(name, BETA)

    def discount(self, name: str = "γ") -> sp.Symbol:
        return self.symbol(name, DISCOUNT)

    def length(self, name: str) -> sp.Symbol:
        return self.symbol(name, NONNEGATIVE_INTEGER)

    def distribution(self, names: Iterable[str]) -> tuple[sp.Symbol, ...]:
        names = tuple(names)
        domain = distribution_entry(names)
        return tuple(self.symbol(name, domain) for name in names)

    def function(self, name: str) -> sp.FunctionClass:
        """A real-valued function left undefined (e.g. log pi_theta(y|x) as a function of theta)."""
        return sp.Function(name, real=True)

    def function_of(self, name: str, parameters: Iterable[sp.Symbol], domain: Domain) -> sp.Basic:
        """A quantity that depends on parameters, f(θ), taking values in ``domain`` (its derivatives are free)."""
        applied = sp.Function(name, real=True, **_value_assumptions(domain))(*parameters)
        self._domains[applied] = domain
        return applied

    def family(self, name: str, domain: Domain) -> sp.IndexedBase:
        """An indexed family r_{i}, every member in ``domain``."""
        base = sp.IndexedBase(name, **_value_assumptions(domain))
        self._domains[base] = domain
        return base

    def define(self, atom: sp.Basic, expr: sp.Expr) -> sp.Basic:
        """Record ``atom := expr``; claims built afterwards substitute it before checking."""
        self._definitions[atom] = expr
        return atom

    def domains_for(self, exprs: Iterable[sp.Expr]) -> tuple[tuple[sp.Basic, Domain], ...]:
        free: set[sp.Basic] = set()
        pending = list(exprs)
        seen_defs: set[sp.Basic] = set()
        while pending:
            expr = pending.pop()
            atoms = free_atoms(expr)
            free |= atoms | {a.base for a in expr.atoms(sp.Indexed)}
            for atom, definition in self._definitions.items():
                if atom not in seen_defs and expr.has(atom):
                    seen_defs.add(atom)
                    pending.append(definition)
        groups = {name for s in free for name in self._domains.get(s, REAL).group}
        for symbol in self._domains:
            if isinstance(symbol, sp.Symbol) and symbol.name in groups:
                free.add(symbol)
        return tuple(sorted(((s, self._domains[s]) for s in free if s in self._domains),
                            key=lambda pair: str(pair[0])))

    def _definitions_for(self, exprs: Iterable[sp.Expr]) -> tuple[tuple[sp.Basic, sp.Expr], ...]:
        used: dict[sp.Basic, sp.Expr] = {}
        pending = list(exprs)
        while pending:
            expr = pending.pop()
            for atom, definition in self._definitions.items():
                if atom not in used and (expr.has(atom) or ranges_over(expr, atom)):
                    used[atom] = definition
                    pending.append(definition)
        return tuple(used.items())

    def _claim(self, kind: Kind, text: str, parts: tuple[Relational, ...], **extra: Any) -> Claim:
        exprs = [side for p in parts for side in (p.lhs, p.rhs)]
        if extra.get("witness") is not None:
            exprs.append(extra["witness"])
        extra.setdefault("semantics", self.semantics)
        return Claim(kind=kind, text=text, parts=parts, domains=self.domains_for(exprs),
                     definitions=self._definitions_for(exprs), **extra)

    def identity(self, lhs: Any, rhs: Any, text: str) -> Claim:
        return self._claim(Kind.IDENTITY, text, (Relational(_expr(lhs), Relation.EQ, _expr(rhs)),))

    def match(self, expr: Any, reference: Reference, text: str) -> Claim:
        if reference.expr is None:
            raise ClaimError(f"claim {text!r}: reference {reference.name!r} has no expression")
        return self._claim(Kind.MATCH, text, (Relational(_expr(expr), Relation.EQ, reference.expr),),
                           reference=reference)

    def compare(self, *relations: tuple[Any, str, Any], text: str, witness: Any = None) -> Claim:
        """A comparison or a conjunction of them, e.g. ``compare((kl, "<", Rational(9, 10)), ...)``."""
        parts = [Relational(_expr(lhs), _relation(op, f"claim {text!r}"), _expr(rhs)) for lhs, op, rhs in relations]
        return self._claim(Kind.COMPARISON, text, tuple(parts),
                           witness=None if witness is None else _expr(witness))

    def derivation(self, id: str, title: str, start: Any, *steps: tuple[str, Any, str],  # noqa: A002
                   notes: tuple[str, ...] = (), latex: tuple[str, ...] = ()) -> Any:
        """A chain ``start REL e1 REL e2 …``; each step is ``(relation, expr, justification)``; ``latex``, when
        given, is the chain's lines as the author wrote them (the first with the start), for reports.

        A justification ``"fact: Gibbs' inequality"`` names a fact (asserted unless proved or refuted);
        any other text is a rewrite or definition to be checked.
        """
        built = []
        for op, expr, justification in steps:
            relation = _relation(op, f"derivation {id}")
            fact = justification.split(":", 1)[1].strip() if justification.lower().startswith("fact:") else None
            built.append(Step(_expr(expr), relation, justification, fact, source=f"{op} {tidy(_expr(expr))}"))
        exprs = [_expr(start)] + [s.expr for s in built]
        return Derivation(id, title, _expr(start), tuple(built), self.domains_for(exprs),
                          self._definitions_for(exprs), notes, self.semantics, latex)

    @staticmethod
    def prose(text: str, *, holds: bool, justification: str) -> Claim:
        return Claim(kind=Kind.PROSE, text=text, holds=holds, justification=justification)

    @staticmethod
    def fact(text: str, *, name: str, source: str, justification: str = "") -> Claim:
        return Claim(kind=Kind.FACT, text=text, holds=True, justification=justification,
                     reference=Reference(name, source))

    @staticmethod
    def finite(text: str, check: FiniteCheck, reference: Reference) -> Claim:
        return Claim(kind=Kind.FINITE, text=text, finite=check, reference=reference)


def _value_assumptions(domain: Domain) -> dict[str, bool]:
    """The SymPy assumptions a value in ``domain`` satisfies (integrality aside: a function's values are real)."""
    assumptions = domain.assumptions()
    return {k: v for k, v in assumptions.items() if k != "integer"} or {"real": True}


def _relation(op: str, where: str) -> Relation:
    try:
        return Relation(op)
    except ValueError:
        raise ClaimError(f"{where}: unknown relation {op!r}") from None


def _expr(value: Any) -> sp.Expr:
    if isinstance(value, float):
        raise ClaimError(f"float {value!r} is inexact; use sympy.Rational({str(value)!r})")
    if isinstance(value, int):
        return sp.Integer(value)
    if not isinstance(value, sp.Basic):
        raise ClaimError(f"{value!r} is not a SymPy expression")
    return value
