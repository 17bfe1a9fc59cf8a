"""The one LaTeX adapter: declared notation in, SymPy out, and never a silent misparse.

The parser underneath is ``latex2sympy2_extended`` (the maintained fork of latex2sympy2). Left to
itself it reads ``\\log`` as base 10, ``\\gamma`` as Euler's constant, ``\\gamma^k r`` as the gamma
function, ``\\sigma(x - y)`` as a product, ``0.9`` as a float and drops a prime or a ``^T``. So the
adapter never lets it see an identifier:

1. the formula is scanned token by token; every declared fragment (``\\pi_\\theta(y_w | x)``,
   ``|y_1|``, ``\\beta``) becomes a fresh placeholder symbol, every declared function application
   (``\\sigma(…)``, ``\\mathbb{D}_{\\text{KL}}(P \\| Q)``) is parsed here, recursively, and replaced by
   a placeholder too;
2. decimals become exact fractions; ``\\log`` becomes ``\\ln``;
3. any other letter, any command outside a short whitelist, a prime, is an error naming the
   position, with a hint;
4. what the parser returns is walked once: only placeholders, exact numbers, arithmetic, exp, log,
   abs, max/min and relations are accepted.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy as sp

from .errors import CheckerError
from .functions import sigmoid
from .written import build, evaluated


class LatexError(CheckerError, ValueError):
    """A formula the adapter refuses to guess about; carries the position and a hint."""

    def __init__(self, message: str, formula: str, column: int | None = None, hint: str = "") -> None:
        self.message, self.formula, self.column, self.hint = message, formula, column, hint
        where = f" at column {column + 1}" if column is not None else ""
        text = f"{message}{where} of ${formula}$"
        if hint:
            text += f" (hint: {hint})"
        super().__init__(text)


@dataclass(frozen=True)
class Function:
    """A declared function notation: how to build the SymPy value from its parsed arguments.

    ``raw`` functions receive their arguments as LaTeX text (e.g. the names of two distributions).
    """

    arity: int
    build: Callable[[Sequence[object]], sp.Expr]
    separator: str = ","
    raw: bool = False


@dataclass(frozen=True)
class Notation:
    """What a formula may mention: fragments that stand for atoms, and functions."""

    symbols: Mapping[str, sp.Basic] = field(default_factory=dict)
    functions: Mapping[str, Function] = field(default_factory=dict)


ALLOWED_COMMANDS = frozenset({
    "frac", "dfrac", "tfrac", "ln", "log", "exp", "sqrt", "cdot", "times", "geq", "leq", "ge", "le", "gt", "lt",
    "max", "min", "left", "right", "quad", "qquad",
})
_SPACING = {",", ";", "!", " ", ":"}
MAX_LENGTH = 4000
"""Longest formula accepted, in characters; the document's longest is under 300."""
MAX_DEPTH = 40
"""Deepest nesting of braces and parentheses accepted."""
MAX_BITS = 100_000
"""Largest exact number a formula may denote (in bits), so 10^{10^{10}} is refused, not computed."""
_RELATIONS = (sp.Eq, sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan, sp.GreaterThan)
_CONVERTER: list[Any] = []
_CACHES: list[Any] = []


def _converter() -> Any:
    if not _CONVERTER:
        from latex2sympy2_extended.latex2sympy2 import ConversionConfig, _Latex2Sympy

        config = ConversionConfig(interpret_as_mixed_fractions=False, interpret_simple_eq_as_assignment=False,
                                  interpret_contains_as_eq=False, lowercase_symbols=False)
        _CONVERTER.append(_Latex2Sympy(config=config))
    return _CONVERTER[0]


def use_caches(*caches: Any) -> None:
    """Parse through these :class:`checker.latexcache.ParseCache` objects (first hit wins; misses go to the
    first writable one). With none, every formula is parsed."""
    _CACHES[:] = list(caches)


def caches() -> list[Any]:
    return list(_CACHES)


def _parse_source(source: str) -> Any:
    for cache in _CACHES:
        hit = cache.get(source)
        if hit is not None:
            return hit
    with sp.evaluate(False):
        # as written: SymPy must not turn x/x into 1 or e^{\ln x} into x before the conditions are read
        raw = _converter().parse(source)
    for cache in _CACHES:
        if cache.writable:
            cache.put(source, raw)
            break
    return raw


def fragment_pattern(fragment: str) -> str:
    """A regex for a fragment that tolerates spaces between its tokens and respects word boundaries."""
    tokens = re.findall(r"\\[A-Za-z]+|\\.|\S", fragment)
    if not tokens:
        raise ValueError("empty notation fragment")
    body = r"\s*".join(re.escape(t) for t in tokens)
    before = r"(?<![A-Za-z\\_^])" if re.match(r"[A-Za-z]", tokens[0]) else ""
    after = r"(?![A-Za-z])" if re.search(r"[A-Za-z]$", tokens[-1]) else ""
    return before + body + after


@lru_cache(maxsize=256)
def _fragments(declared: tuple[str, ...]) -> tuple[list[str], re.Pattern[str] | None]:
    """Fragments longest first and one pattern matching any of them (compiled once per notation)."""
    fragments = sorted(declared, key=len, reverse=True)
    if not fragments:
        return fragments, None
    return fragments, re.compile("|".join(f"(?P<f{i}>{fragment_pattern(f)})" for i, f in enumerate(fragments)))


class _Scanner:
    """Turns one formula into the string the parser sees, with placeholders and a position map."""

    def __init__(self, notation: Notation, formula: str, offset: int = 0, whole: str | None = None) -> None:
        self.notation = notation
        self.formula = formula
        self.offset = offset
        self.whole = formula if whole is None else whole
        self.fragments, self.pattern = _fragments(tuple(notation.symbols) + tuple(notation.functions))
        self.placeholders: dict[sp.Symbol, sp.Basic] = {}
        self.numbered: list[sp.Basic] = []
        self.out: list[str] = []
        self.origin: list[int] = []

    def fail(self, message: str, position: int, hint: str = "") -> LatexError:
        return LatexError(message, self.whole, self.offset + position, hint)

    def emit(self, text: str, position: int) -> None:
        self.out.append(text)
        self.origin.extend([position] * len(text))

    def emitted_tail(self) -> str:
        """The end of the text emitted so far, spaces stripped (the last few pieces are enough)."""
        return "".join(self.out[-4:]).rstrip()

    def placeholder(self, value: sp.Basic, position: int) -> None:
        number = len(self.numbered) + 1
        self.numbered.append(value)
        # the parser names V_{7} "V_7" but V_{12} "V_{12}": accept both spellings
        self.placeholders[sp.Symbol(f"V_{number}")] = value
        self.placeholders[sp.Symbol(f"V_{{{number}}}")] = value
        # braces only where a bare V_{n} would be misread (after ^ or _); alone, {V_{n}} is a set
        braced = self.emitted_tail().endswith(("^", "_"))
        self.emit(f"{{V_{{{number}}}}} " if braced else f"V_{{{number}}} ", position)

    def scan(self) -> str:  # noqa: C901 - one token dispatch
        text, i = self.formula, 0
        while i < len(text):
            match = self.pattern.match(text, i) if self.pattern else None
            if match:
                fragment = self.fragments[int(match.lastgroup[1:])]  # type: ignore[index]
                if fragment in self.notation.functions:
                    i = self.apply(fragment, match.end(), i)
                else:
                    self.placeholder(self.notation.symbols[fragment], i)
                    i = match.end()
                    if _next_char(text, i) == "(":
                        self.emit(r"\cdot ", i)  # juxtaposition is a product, never a function call
                continue
            char = text[i]
            number = re.match(r"\d+(?:\.\d+)?", text[i:])
            if number:
                if self.emitted_tail().endswith(("^", "_", r"\frac", r"\sqrt")):
                    # a bare digit right after ^, _ or \frac is one token (x^2, \frac12): leave it to the parser
                    self.emit(number.group(), i)
                else:
                    # numbers become placeholders too, so formulas that differ only in their constants
                    # share one parse (and one cache entry); the value is exact (0.9 is 9/10)
                    value = Fraction(number.group())
                    self.placeholder(sp.Rational(value.numerator, value.denominator), i)
                    if _next_char(text, i + number.end()) == "(":
                        self.emit(r"\cdot ", i)
                i += number.end()
                continue
            if char == "\\":
                command = re.match(r"\\([A-Za-z]+)", text[i:])
                if command is None:
                    follower = text[i + 1:i + 2]
                    if follower in _SPACING:
                        self.emit(" ", i)
                        i += 2
                        continue
                    raise self.fail(f"unsupported command \\{follower}", i,
                                    r"‖ is only understood inside a declared KL notation" if follower == "|" else "")
                name = command.group(1)
                if name not in ALLOWED_COMMANDS:
                    raise self.fail(f"unknown command \\{name}", i,
                                    f"declare \\{name} under symbols or functions, or rewrite it")
                if name in ("left", "right"):
                    pass  # sizing only
                elif name == "log" and not text[i + 4:].lstrip().startswith("_"):
                    self.emit(r"\ln", i)
                else:
                    self.emit(command.group(), i)
                i += command.end()
                continue
            if char.isalpha():
                rest = text[i + 1:].lstrip()
                if char == "e" and rest.startswith("^") and not (i > 0 and text[i - 1].isalpha()):
                    self.emit("e", i)
                    i += 1
                    continue
                word = re.match(r"[^\W\d_]+(?:_(?:\{[^{}]*\}|\w))?", text[i:]).group()  # type: ignore[union-attr]
                hint = (f"declare `{word}` under functions" if _next_char(text, i + len(word)) == "("
                        else f"declare `{word}` under symbols")
                raise self.fail(f"undeclared identifier '{word}'", i, hint)
            if char in "'\"&#%$~`?":
                raise self.fail(f"unsupported character {char!r}", i)
            self.emit(char, i)
            i += 1
        return "".join(self.out)

    def apply(self, fragment: str, start: int, position: int) -> int:
        """Parse a declared function application; return the index after its closing parenthesis."""
        function = self.notation.functions[fragment]
        text = self.formula
        j = start
        while j < len(text) and text[j].isspace():
            j += 1
        if text.startswith(r"\left", j):
            j += len(r"\left")
        if j >= len(text) or text[j] != "(":
            raise self.fail(f"{fragment} must be applied to arguments in parentheses", position)
        close = _matching_paren(text, j)
        if close is None:
            raise self.fail("unbalanced parenthesis", j)
        inner = text[j + 1:close]
        if inner.rstrip().endswith(r"\right"):
            inner = inner.rstrip()[: -len(r"\right")]
        args = _split_top(inner, function.separator)
        if len(args) != function.arity:
            raise self.fail(f"{fragment} takes {function.arity} argument(s), got {len(args)}", position)
        if function.raw:
            values: list[object] = [a.strip() for a in args]
        else:
            values = []
            cursor = j + 1
            for arg in args:
                value = parse(arg, self.notation, offset=self.offset + cursor, whole=self.whole)
                if isinstance(value, Relations):
                    raise self.fail(f"the argument of {fragment} is a relation", position)
                values.append(value)
                cursor += len(arg) + len(function.separator)
        try:
            result = function.build(values)
        except ValueError as error:
            raise self.fail(f"{fragment}: {error}", position) from None
        self.placeholder(result, position)
        return close + 1


def _next_char(text: str, index: int) -> str:
    rest = text[index:].lstrip()
    if rest.startswith(r"\left"):
        rest = rest[len(r"\left"):].lstrip()
    return rest[:1]


def _matching_paren(text: str, start: int) -> int | None:
    depth = 0
    for k in range(start, len(text)):
        if text[k] == "(":
            depth += 1
        elif text[k] == ")":
            depth -= 1
            if depth == 0:
                return k
    return None


def _split_top(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = k = 0
    while k < len(text):
        if text[k] in "({[":
            depth += 1
        elif text[k] in ")}]":
            depth -= 1
        if depth == 0 and text.startswith(separator, k):
            parts.append("".join(current))
            current = []
            k += len(separator)
            continue
        current.append(text[k])
        k += 1
    parts.append("".join(current))
    return parts


def parse(formula: str, notation: Notation, *, offset: int = 0, whole: str | None = None) -> sp.Basic | Relations:
    """Parse one formula (no surrounding $) into an expression, a relation, or a conjunction of relations.

    ``whole`` and ``offset`` locate a nested argument inside the formula the author wrote, for errors.
    """
    whole = formula if whole is None else whole
    if not formula.strip():
        raise LatexError("empty formula", whole, offset)
    if len(formula) > MAX_LENGTH:
        raise LatexError(f"formula too long ({len(formula):,} characters; the limit is {MAX_LENGTH:,})",
                         whole[:80] + "…")
    depth = 0
    for position, char in enumerate(formula):
        if char in ")}]":
            depth -= 1
        elif char in "({[":
            depth += 1
            if depth > MAX_DEPTH:
                raise LatexError(f"formula nested more than {MAX_DEPTH} levels deep", whole, offset + position)
    scanner = _Scanner(notation, formula, offset, whole)
    source = scanner.scan()
    try:
        raw = _parse_source(source)
    except RecursionError:
        raise LatexError("formula nested too deeply", whole) from None
    except Exception as error:  # noqa: BLE001 - the parser raises bare Exception; it becomes a LatexError here
        column = _column(str(error), scanner.origin)
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise LatexError(f"cannot parse ({first})", whole, None if column is None else offset + column) from None
    return _accept(raw, scanner.placeholders, whole)


def _column(message: str, origin: list[int]) -> int | None:
    lines = message.splitlines()
    for line in lines:
        if set(line.strip()) <= {"~", "^"} and "^" in line:
            index = line.index("^")
            if origin:
                return origin[min(index, len(origin) - 1)]
    return None


_OPERATORS = {sp.Eq: "=", sp.StrictLessThan: "<", sp.LessThan: "<=", sp.StrictGreaterThan: ">",
              sp.GreaterThan: ">="}


@dataclass(frozen=True)
class Relations:
    """A formula that states relations: ``a < b``, or a chain ``a < b < c`` read as a conjunction.

    Kept as plain triples: SymPy's relational classes would decide ``0.085… < 9/10`` on the spot by
    numeric evaluation, which must never happen here.
    """

    parts: tuple[tuple[sp.Expr, str, sp.Expr], ...]


def _accept(expr: object, placeholders: Mapping[sp.Symbol, sp.Basic], formula: str) -> sp.Basic | Relations:
    """Check every node of the parser's result and swap placeholders for the declared atoms."""
    if isinstance(expr, sp.And):
        parts = [_accept(arg, placeholders, formula) for arg in expr.args]
        if not all(isinstance(p, Relations) for p in parts):
            raise LatexError("a conjunction must join relations", formula)
        return Relations(tuple(t for p in parts for t in p.parts))  # type: ignore[union-attr]
    if isinstance(expr, _RELATIONS):
        lhs, rhs = (_expression(side, placeholders, formula) for side in expr.args)
        return Relations(((lhs, _OPERATORS[type(expr)], rhs),))
    return _expression(expr, placeholders, formula)


def _expression(expr: object, placeholders: Mapping[sp.Symbol, sp.Basic], formula: str) -> sp.Expr:
    def walk(e: object) -> sp.Basic:
        if not isinstance(e, sp.Basic):
            raise LatexError(f"unsupported construct {type(e).__name__}", formula)
        if isinstance(e, sp.Symbol):
            if e in placeholders:
                return placeholders[e]
            raise LatexError(f"undeclared identifier '{e}'", formula, hint=f"declare `{e}` under symbols")
        if isinstance(e, sp.Float):
            raise LatexError(f"inexact number {e}", formula)
        if e.is_Rational or e is sp.E:
            return e
        if isinstance(e, sp.log):
            argument = walk(e.args[0])
            if len(e.args) == 1 or e.args[1] is sp.E:
                return sp.log(argument, evaluate=False)
            return sp.log(argument, walk(e.args[1]), evaluate=False)
        if isinstance(e, sp.Pow):
            base, exponent = walk(e.args[0]), walk(e.args[1])
            _check_size(base, exponent, formula)
            if base is sp.E:
                return sp.exp(exponent, evaluate=False)
            return sp.Pow(base, exponent, evaluate=False)
        if isinstance(e, (sp.Add, sp.Mul, sp.exp, sp.Abs, sp.Max, sp.Min)):
            return build(e.func, [walk(a) for a in e.args])
        if isinstance(e, _RELATIONS + (sp.And,)):
            raise LatexError("a relation can only stand at the top of a formula", formula)
        raise LatexError(f"unsupported construct {type(e).__name__} ({e})", formula)

    return walk(expr)  # type: ignore[return-value]


def _check_size(base: sp.Basic, exponent: sp.Basic, formula: str) -> None:
    """Refuse a power of numbers whose exact value would be astronomically large (or small).

    The tree is checked bottom-up, so evaluating the (already accepted) base and exponent is cheap."""
    base, exponent = evaluated(base), evaluated(exponent)
    if base.is_Rational and exponent.is_Rational and base not in (0, 1, -1):
        bits = math.log2(max(abs(int(base.p)), abs(int(base.q)))) * abs(exponent)
        if bits > MAX_BITS:
            raise LatexError(f"number too large: {base}^{exponent} has about {int(bits):,} bits "
                             f"(the limit is {MAX_BITS:,})", formula)


def logistic() -> Function:
    """σ(x) = 1/(1 + e^{-x}), kept as :class:`checker.functions.sigmoid`."""
    return Function(1, lambda args: sigmoid(args[0]))


def kl_divergence(distributions: Mapping[str, Sequence[sp.Expr]]) -> Function:
    """D_KL(P ‖ Q) = Σ P(x) ln(P(x)/Q(x)) over two declared distributions named in the arguments."""
    def build(args: Sequence[object]) -> sp.Expr:
        names = [str(a) for a in args]
        for name in names:
            if name not in distributions:
                raise ValueError(f"'{name}' is not a declared distribution")
        p, q = distributions[names[0]], distributions[names[1]]
        if len(p) != len(q):
            raise ValueError(f"{names[0]} and {names[1]} have different sizes")
        return sp.Add(*(pi * sp.log(pi / qi) for pi, qi in zip(p, q)))

    return Function(2, build, separator=r"\|", raw=True)
