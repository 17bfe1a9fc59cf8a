"""Reading one formula: limits, the one spelling, the scanner, the parser (through its cache), and a walk
over the parser's tree that accepts only what the adapter expects."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy as sp

from checker.numeric.balls import Uncertain, Undefined, endpoints
from checker.numeric.interval import evaluate
from checker.values.written import build, evaluated, shown

from . import arithmetic
from .constructs import Relations
from .elementary import ACCEPTED
from .notation import LatexError, Notation
from .scanner import PLACEHOLDER_LETTERS, Scanner
from .tex import normalize

MAX_LENGTH = 4000
"""Longest formula accepted, in characters; the document's longest is under 300."""
MAX_DEPTH = 40
"""Deepest nesting of braces and parentheses accepted."""
MAX_BITS = 100_000
"""Largest exact number a formula may denote (in bits), so 10^{10^{10}} is refused, not computed."""
_CONVERTER: list[Any] = []
_CACHES: list[Any] = []
_OPERATORS = {sp.Eq: "=", sp.Ne: "!=", sp.StrictLessThan: "<", sp.LessThan: "<=", sp.StrictGreaterThan: ">",
              sp.GreaterThan: ">="}


def _converter() -> Any:
    if not _CONVERTER:
        from latex2sympy2_extended.latex2sympy2 import ConversionConfig, _Latex2Sympy

        config = ConversionConfig(interpret_as_mixed_fractions=False, interpret_simple_eq_as_assignment=False,
                                  interpret_contains_as_eq=False, lowercase_symbols=False)
        _CONVERTER.append(_Latex2Sympy(config=config))
    return _CONVERTER[0]


def use_caches(*caches: Any) -> None:
    """Parse through these :class:`checker.latex.cache.ParseCache` objects (first hit wins; misses go to the
    first writable one). With none, every formula is parsed."""
    _CACHES[:] = list(caches)


def caches() -> list[Any]:
    return list(_CACHES)


def _parse_source(source: str) -> Any:
    key = " ".join(source.split())  # spacing never changes a reading: one entry per shape
    for cache in _CACHES:
        hit = cache.get(key)
        if hit is not None:
            return hit
    raw = arithmetic.read(source, PLACEHOLDER_LETTERS)  # builds every node unevaluated itself
    if raw is not None:
        return raw  # plain arithmetic, read directly: as fast as a cache hit, nothing to store
    with sp.evaluate(False):
        # as written: SymPy must not turn x/x into 1 or e^{\ln x} into x before the conditions are read
        raw = _converter().parse(source)
    for cache in _CACHES:
        if cache.writable:
            cache.put(key, raw)
            break
    return raw


def parse(formula: str, notation: Notation, *, offset: int = 0, whole: str | None = None) -> sp.Basic | Relations:
    """Parse one formula (no surrounding $) into an expression, a relation, or a conjunction of relations.

    ``whole`` and ``offset`` locate a nested formula inside the text the author wrote, for errors.
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
    # a sentence's full stop or comma after a formula ($x = 3.$) is punctuation, not mathematics
    formula = re.sub(r"(?<!\\)[.,;]\s*$", "", formula)
    spelled = normalize(formula, decimal_comma=notation.decimal_comma)
    return parse_spelled(spelled.text, tuple(offset + c for c in spelled.origin), notation.spelled(), whole, 0)


def parse_spelled(text: str, origin: tuple[int, ...], notation: Notation, whole: str,
                  depth: int) -> sp.Basic | Relations:
    """Parse text already in the one spelling, with a notation whose fragments are too."""
    if depth > MAX_DEPTH:
        raise LatexError("formula nested too deeply", whole)
    scanner = Scanner(notation, text, origin, whole, depth, parse_spelled)
    source = scanner.scan()
    if not source.strip():
        raise LatexError("empty formula", whole, origin[0] if origin else None)
    try:
        raw = _parse_source(source)
    except RecursionError:
        raise LatexError("formula nested too deeply", whole) from None
    except Exception as error:  # noqa: BLE001 - the parser raises bare Exception; it becomes a LatexError here
        column = _column(str(error), scanner.origin)
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise LatexError(f"cannot parse ({first})", whole, column) from None
    return _accept(raw, scanner.placeholders, whole)


def _column(message: str, origin: list[int]) -> int | None:
    for line in message.splitlines():
        if set(line.strip()) <= {"~", "^"} and "^" in line:
            index = line.index("^")
            if origin:
                return origin[min(index, len(origin) - 1)]
    return None


def _accept(expr: object, placeholders: Mapping[sp.Symbol, sp.Basic], formula: str) -> sp.Basic | Relations:
    """Check every node of the parser's result and swap placeholders for the adapter's values."""
    if isinstance(expr, sp.And):
        parts = [_accept(arg, placeholders, formula) for arg in expr.args]
        if not all(isinstance(p, Relations) for p in parts):
            raise LatexError("a conjunction must join relations", formula)
        return Relations(tuple(t for p in parts for t in p.parts))  # type: ignore[union-attr]
    if isinstance(expr, tuple(_OPERATORS)):
        lhs, rhs = (_expression(side, placeholders, formula) for side in expr.args)  # type: ignore[attr-defined]
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
        if e.is_Rational:
            return e
        if isinstance(e, sp.log):
            argument = walk(e.args[0])
            if len(e.args) == 1 or e.args[1] is sp.E:
                return sp.log(argument, evaluate=False)
            return sp.log(argument, walk(e.args[1]), evaluate=False)
        if isinstance(e, sp.Pow):
            base, exponent = walk(e.args[0]), walk(e.args[1])
            _check_size(base, exponent, formula)
            _check_growth(base, exponent, formula)
            if base is sp.E:
                return sp.exp(exponent, evaluate=False)
            return sp.Pow(base, exponent, evaluate=False)
        if isinstance(e, (sp.factorial, sp.binomial)):
            args = [walk(a) for a in e.args]
            _check_combinatorial(e.func, args, formula)
            return build(e.func, args)
        if isinstance(e, ACCEPTED):
            args = [walk(a) for a in e.args]
            if e.func is sp.exp:
                _check_growth(sp.E, args[0], formula)
            return build(e.func, args)
        if isinstance(e, sp.FiniteSet) and len(e.args) == 1:
            # a TeX group {…} standing alone (sets are never written this way: a comma in braces is refused)
            return walk(e.args[0])
        if isinstance(e, tuple(_OPERATORS) + (sp.And,)):
            raise LatexError("a relation can only stand at the top of a formula", formula)
        name = type(e).__name__
        raise LatexError(f"unsupported construct {name}" + (f" ({e})" if name not in ("FiniteSet",) else
                                                               " (a set, or braces the parser read as one)"), formula)

    return walk(expr)  # type: ignore[return-value]


def _numbers(parts: list[sp.Basic]) -> list[sp.Basic]:
    """SymPy's evaluated forms, to read numbers off; a part SymPy cannot evaluate (max(ln 0, 1) raises) is no
    number, and is left to the checker, which reads it as written."""
    try:
        return [evaluated(p) for p in parts]
    except (ValueError, TypeError, ArithmeticError):
        return [sp.Symbol("unevaluable")] * len(parts)


def _check_combinatorial(func: type, args: list[sp.Basic], formula: str) -> None:
    """Refuse a factorial or binomial coefficient of numbers whose exact value would pass :data:`MAX_BITS` bits:
    SymPy computes it in full wherever the formula is evaluated ((10⁹)! would run until the time limit)."""
    numbers = _numbers(args)
    if not all(n.is_Integer for n in numbers):
        return
    n = int(numbers[0])
    k = int(numbers[1]) if len(numbers) > 1 else n
    if n < 0 or not 0 <= k <= n:
        return
    # n! > 2^n for n ≥ 4, and C(n, k) ≥ 2^min(k, n − k): past MAX_BITS terms the value is past MAX_BITS bits
    # (and n itself may be too large for a float)
    terms = n if func is sp.factorial else min(k, n - k)
    if terms > MAX_BITS:
        bits = float(MAX_BITS)
    elif func is sp.factorial:
        bits = math.lgamma(n + 1) / math.log(2)
    else:
        bits = sum(math.log2(n - i) - math.log2(i + 1) for i in range(terms))
    if bits > MAX_BITS or terms > MAX_BITS:
        def short(m: int) -> str:
            return str(m) if m < 10**30 else f"[a number of {len(str(m))} digits]"

        shown = f"{short(n)}!" if func is sp.factorial else f"binomial({short(n)}, {short(k)})"
        raise LatexError(f"number too large: {shown} has {'more than' if terms > MAX_BITS else 'about'} "
                         f"{int(bits):,} bits (the limit is {MAX_BITS:,})", formula)


def _check_growth(base: sp.Basic, exponent: sp.Basic, formula: str) -> None:
    """Refuse e^c of a constant c, or b^c of an irrational one (b > 0 rational), whose value would pass
    :data:`MAX_BITS` bits (e^{e^{100}}, e^{10^6}): SymPy's own sign queries evaluate such a number in full, which
    runs past any time limit or overflows mpmath. The tree is checked bottom-up, so c itself is a number Arb
    evaluates at once."""
    if exponent.free_symbols or exponent.has(sp.core.function.AppliedUndef) or \
            (exponent.is_Rational and base is not sp.E):  # a rational power of a rational: _check_size
        return
    if base is sp.E:
        per_unit = 1 / math.log(2)
    elif base.is_Rational and base > 0 and base != 1:
        per_unit = abs(math.log2(int(base.p)) - math.log2(int(base.q)))
    else:
        return
    try:
        low, high = endpoints(evaluate(exponent, {}, 53))
    except (Undefined, Uncertain):
        return  # no value, or none Arb can tell: left to the checker, which reads it as written
    if max(abs(low), abs(high)) * Fraction(per_unit) > MAX_BITS:
        raise LatexError(f"number too large: {'e' if base is sp.E else base}^({shown(exponent)}) has more than "
                         f"{MAX_BITS:,} bits (the limit)", formula)


def _check_size(base: sp.Basic, exponent: sp.Basic, formula: str) -> None:
    """Refuse a power of numbers whose exact value would be astronomically large (or small).

    The tree is checked bottom-up, so evaluating the (already accepted) base and exponent is cheap."""
    base, exponent = _numbers([base, exponent])
    if base.is_Rational and exponent.is_Rational and base not in (0, 1, -1):
        bits = math.log2(max(abs(int(base.p)), abs(int(base.q)))) * abs(exponent)
        if bits > MAX_BITS:
            raise LatexError(f"number too large: {base}^{exponent} has about {int(bits):,} bits "
                             f"(the limit is {MAX_BITS:,})", formula)
