"""Declared notation: what a formula may mention, and the errors the adapter raises."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, TypeVar

import sympy as sp

from checker.values.errors import CheckerError
from checker.values.functions import sigmoid

from .tex import normalize


class LatexError(CheckerError, ValueError):
    """A formula the adapter refuses to guess about; carries the position and a hint."""

    def __init__(self, message: str, formula: str, column: int | None = None, hint: str = "",
                 proposal: tuple[tuple[str, str], ...] = ()) -> None:
        self.message, self.formula, self.column, self.hint = message, formula, column, hint
        self.proposal = proposal
        """For undeclared notation: (fragment, header section) declarations that would make it readable,
        the first one preferred — what ``verify import`` proposes."""
        where = f" at column {column + 1}" if column is not None else ""
        text = f"{message}{where} of ${formula}$"
        if hint:
            text += f" (hint: {hint})"
        super().__init__(text)


@dataclass(frozen=True)
class Function:
    """A declared function notation: how to build the SymPy value from its parsed arguments.

    ``raw`` functions receive their arguments as LaTeX text (e.g. the names of two distributions);
    ``derivative(k, args)`` builds the k-th derivative for ``f'(x)``, ``f''(x)`` (None: primes refused).
    """

    arity: int
    build: Callable[[Sequence[object]], sp.Expr]
    separator: str = ","
    raw: bool = False
    derivative: Callable[[int, Sequence[sp.Expr]], sp.Expr] | None = None


@dataclass(frozen=True)
class Distribution:
    """A finite distribution: its support (each element a tuple of LaTeX names) and each element's probability."""

    support: tuple[tuple[str, ...], ...]
    probabilities: tuple[sp.Expr, ...]

    @property
    def entries(self) -> tuple[sp.Expr, ...]:
        return self.probabilities


@dataclass(frozen=True)
class Notation:
    """What a formula may mention: fragments that stand for atoms, functions, indexed families, distributions.

    Fragment keys are written in any TeX spelling; they are compared in :func:`checker.latex.tex.normalize`'s
    one spelling. ``instantiate(template, values)`` (from the question file's loader) gives the atom for a
    declared fragment with an expectation's bound variables replaced by values (``r(x, y)`` at y = y_1 →
    ``r(x, y_1)``), or None.
    """

    symbols: Mapping[str, sp.Basic] = field(default_factory=dict)
    functions: Mapping[str, Function] = field(default_factory=dict)
    families: Mapping[str, sp.IndexedBase] = field(default_factory=dict)
    distributions: Mapping[str, Distribution] = field(default_factory=dict)
    decimal_comma: bool = False
    instantiate: Callable[[str, dict[str, str]], sp.Basic | None] | None = None
    shadowed: frozenset[str] = frozenset()

    def spelled(self) -> Notation:
        """The same notation with every fragment in the one spelling the scanner reads."""
        return replace(self, symbols=_spelled(self.symbols), functions=_spelled(self.functions),
                       families=_spelled(self.families), distributions=_spelled(self.distributions))

    def with_symbols(self, extra: Mapping[str, sp.Basic]) -> Notation:
        """More symbols; the names of those they shadow stay reserved (see :attr:`names`)."""
        extra = _spelled(extra)
        hidden = {getattr(self.symbols[key], "name", "") for key in extra if key in self.symbols}
        return replace(self, symbols={**self.symbols, **extra}, shadowed=self.shadowed | hidden)

    def names(self) -> frozenset[str]:
        """The names of every symbol in scope, shadowed ones included: a new bound variable takes none of them."""
        return self.shadowed | {getattr(value, "name", "") for value in self.symbols.values()}


Value = TypeVar("Value")


def _spelled(table: Mapping[str, Value]) -> dict[str, Value]:
    return {spelling(key): value for key, value in table.items()}


@lru_cache(maxsize=4096)
def spelling(fragment: str) -> str:
    """A fragment in the scanner's spelling, spaces squeezed."""
    return " ".join(normalize(fragment).text.split())


def fragment_pattern(fragment: str, family: bool = False) -> str:
    """A regex for a fragment that tolerates spaces between its tokens and respects word boundaries (a family's
    name only where a subscript follows it)."""
    tokens = re.findall(r"\\[A-Za-z]+|\\.|\S", fragment)
    if not tokens:
        raise ValueError("empty notation fragment")
    body = r"\s*".join(re.escape(t) for t in tokens)
    before = r"(?<![A-Za-z\\])" if re.match(r"[A-Za-z]", tokens[0]) else ""
    after = r"(?![A-Za-z])" if re.search(r"[A-Za-z]$", tokens[-1]) else ""
    if family:
        return before + body + r"(?=\s*_)"
    if tokens[-1] not in ("}", ")", "|", "]"):
        after += r"(?!\s*_)"  # x does not match the start of an undeclared x_{2}
    return before + body + after


FIRST_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\S")


@lru_cache(maxsize=8192)
def _compiled(fragment: str, family: bool) -> re.Pattern[str]:
    return re.compile(fragment_pattern(fragment, family))


@dataclass(frozen=True)
class Fragments:
    """The declared fragments, indexed by their first token; longest first among those sharing it."""

    by_token: Mapping[str, tuple[tuple[str, re.Pattern[str]], ...]]

    def match(self, text: str, index: int) -> tuple[str, int] | None:
        """The longest declared fragment at ``index`` and where it ends, or None."""
        token = FIRST_TOKEN.match(text, index)
        if token is None:
            return None
        for fragment, pattern in self.by_token.get(token.group(), ()):
            found = pattern.match(text, index)
            if found:
                return fragment, found.end()
        return None


@lru_cache(maxsize=256)
def fragments(declared: tuple[str, ...], families: tuple[str, ...] = ()) -> Fragments:
    """The fragments of a notation, ready to match (each fragment's pattern is compiled once, ever)."""
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for fragment in sorted(set(declared + families), key=len, reverse=True):
        first = FIRST_TOKEN.match(fragment)
        if first is None:
            raise ValueError("empty notation fragment")
        table.setdefault(first.group(), []).append((fragment, _compiled(fragment, fragment in families)))
    return Fragments({token: tuple(entries) for token, entries in table.items()})


def logistic() -> Function:
    """σ(x) = 1/(1 + e^{-x}), kept as :class:`checker.functions.sigmoid`; σ'(x) = σ(x)(1 − σ(x))."""
    def derivative(order: int, args: Sequence[sp.Expr]) -> sp.Expr:
        t = sp.Dummy("t")
        return sp.diff(sigmoid(t), t, order).xreplace({t: args[0]})

    return Function(1, lambda args: sigmoid(args[0]), derivative=derivative)


def undefined_function(name: str, arity: int = 1, **assumptions: bool) -> Function:
    """A function left undefined (``f(x)``), real-valued; ``f'(x)`` is its derivative, an atom of its own."""
    function = sp.Function(name, real=True, **assumptions)

    def derivative(order: int, args: Sequence[sp.Expr]) -> sp.Expr:
        if len(args) != 1:
            raise ValueError("a prime needs a function of one argument")
        t = sp.Dummy("t")
        if args[0].is_Symbol:
            return sp.Derivative(function(args[0]), (args[0], order))
        return sp.Subs(sp.Derivative(function(t), (t, order)), t, args[0])

    return Function(arity, lambda args: function(*args), derivative=derivative)


def kl_divergence(distributions: Mapping[str, Any]) -> Function:
    """D_KL(P ‖ Q) = Σ P(x) ln(P(x)/Q(x)) over two declared finite distributions named in the arguments, or
    E_{x∼P}[ln p(x) − ln q(x)] in closed form over two declared continuous ones."""
    from .continuous import Continuous

    def build(args: Sequence[object]) -> sp.Expr:
        names = [spelling(str(a)) for a in args]
        declared = {spelling(k): v for k, v in distributions.items()}
        for name in names:
            if name not in declared:
                raise ValueError(f"'{name}' is not a declared distribution")
        first, second = declared[names[0]], declared[names[1]]
        if isinstance(first, Continuous) or isinstance(second, Continuous):
            if not (isinstance(first, Continuous) and isinstance(second, Continuous)):
                raise ValueError(f"{names[0]} and {names[1]}: a KL divergence between a finite and a continuous "
                                 "distribution")
            x = sp.Dummy("x", real=True)
            return first.expectation(sp.log(first.density(x)) - sp.log(second.density(x)), x)
        table = {k: (v.probabilities if isinstance(v, Distribution) else v) for k, v in declared.items()}
        p, q = table[names[0]], table[names[1]]
        if len(p) != len(q):
            raise ValueError(f"{names[0]} and {names[1]} have different sizes")
        return sp.Add(*(sp.Mul(pi, sp.log(sp.Mul(pi, sp.Pow(qi, -1, evaluate=False), evaluate=False),
                                          evaluate=False), evaluate=False) for pi, qi in zip(p, q)),
                      evaluate=False)

    return Function(2, build, separator=r"\|", raw=True)


def entropy(distributions: Mapping[str, Any]) -> Function:
    """H(P) = −Σ P(x) ln P(x) over a declared finite distribution, or −E_{x∼P}[ln p(x)] in closed form over a
    declared continuous one."""
    from .continuous import Continuous

    def build(args: Sequence[object]) -> sp.Expr:
        name = spelling(str(args[0]))
        declared = {spelling(k): v for k, v in distributions.items()}
        if name not in declared:
            raise ValueError(f"'{name}' is not a declared distribution")
        chosen = declared[name]
        if isinstance(chosen, Continuous):
            x = sp.Dummy("x", real=True)
            return chosen.expectation(-sp.log(chosen.density(x)), x)
        probabilities = chosen.probabilities if isinstance(chosen, Distribution) else chosen
        return sp.Add(*(sp.Mul(-1, p, sp.log(p, evaluate=False), evaluate=False) for p in probabilities),
                      evaluate=False)

    return Function(1, build, raw=True)
