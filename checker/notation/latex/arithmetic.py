"""A fast reader for the arithmetic the scanner leaves, giving exactly the tree the parser would.

After the scanner, most formulas are arithmetic over placeholders: ``a = \\frac{b}{c + f^{g - h}}``. The
ANTLR parser reads them correctly but spends tenths of a second on each new shape; this module reads that
arithmetic subset — placeholders, + − · / and juxtaposition, powers with a braced exponent, parentheses,
absolute values, ``\\frac``, ``\\ln`` and ``\\exp``, and the relations = < > ≤ ≥ — in microseconds and builds the same
unevaluated SymPy tree, node for node (the grammar and the tree-building rules mirror the parser's;
``tests/test_latex_arithmetic.py`` checks agreement on thousands of random formulas). Anything outside the
subset returns None and goes to the parser.
"""

from __future__ import annotations

import re

import sympy as sp

TOKEN = re.compile(r"\s*(?:(?P<ph>V_\{\d+\}|[a-zA-Z])|(?P<cmd>\\[A-Za-z]+)|(?P<op>[-+*/=<>()^{}|]))")
RELATIONS = {"=": "Eq", "<": "Lt", ">": "Gt", r"\leq": "Le", r"\geq": "Ge"}
OPERATORS = {"+", "-", "*", "/", r"\cdot", r"\times", r"\div"}
FUNCTIONS = {r"\ln", r"\exp"}
KNOWN = set(RELATIONS) | OPERATORS | FUNCTIONS | {r"\frac", "(", ")", "{", "}", "^", "|"}


class Outside(Exception):
    """The formula leaves the subset: the parser reads it."""


def read(source: str, letters: str) -> sp.Basic | None:
    """The parser's tree for ``source``, or None when the formula is not plain arithmetic."""
    tokens = _tokens(source, letters)
    if tokens is None or sum(1 for t in tokens if t[1] == "|") not in (0, 2):
        return None  # several |…| pairs nest or follow each other in ways only the parser decides
    reader = _Reader(tokens)
    try:
        value = reader.relation()
    except (Outside, IndexError):
        return None
    if reader.position != len(tokens):
        return None
    return value


def _tokens(source: str, letters: str) -> list[tuple[str, str]] | None:
    out: list[tuple[str, str]] = []
    position = 0
    stripped = source.rstrip()
    while position < len(stripped):
        match = TOKEN.match(stripped, position)
        if match is None:
            return None
        position = match.end()
        if match.group("ph"):
            name = match.group("ph")
            if len(name) == 1 and name not in letters:
                return None
            out.append(("ph", name))
        else:
            text = match.group("cmd") or match.group("op")
            if text not in KNOWN:
                return None
            out.append(("op", text))
    return out


def _add(lh: sp.Basic, rh: sp.Basic) -> sp.Basic:
    args = [*(lh.args if lh.is_Add else [lh]), *(rh.args if rh.is_Add else [rh])]
    return sp.Add(*args, evaluate=False)


def _mul(lh: sp.Basic, rh: sp.Basic) -> sp.Basic:
    args = [*(lh.args if lh.is_Mul else [lh]), *(rh.args if rh.is_Mul else [rh])]
    return sp.Mul(*args, evaluate=False)


def _negated(value: sp.Basic) -> sp.Basic:
    if value.is_Number:
        raise Outside  # the parser negates numbers itself; placeholders never are numbers
    return _mul(sp.Integer(-1), value)


class _Reader:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.position = 0
        self.bars = 0  # inside |…|, a bar closes: it never opens a juxtaposed factor

    def peek(self) -> str:
        if self.position >= len(self.tokens):
            return ""
        kind, text = self.tokens[self.position]
        return "ph" if kind == "ph" else text

    def take(self, expected: str | None = None) -> str:
        kind, text = self.tokens[self.position]
        if expected is not None and text != expected:
            raise Outside
        self.position += 1
        return text

    # relation: expr (REL expr)*, chained comparisons as a conjunction
    def relation(self) -> sp.Basic:
        value = self.expr()
        while self.peek() in RELATIONS:
            operator = getattr(sp, RELATIONS[self.take()])
            right = self.expr()
            if isinstance(value, sp.And):
                value = sp.And(*value._unsorted_args, operator(value._unsorted_args[-1].rhs, right, evaluate=False),
                               evaluate=False)
            elif isinstance(value, sp.core.relational.Relational):
                value = sp.And(value, operator(value.rhs, right, evaluate=False), evaluate=False)
            else:
                value = operator(value, right, evaluate=False)
        return value

    # additive: mp ((+|-) mp)*, left to right
    def expr(self) -> sp.Basic:
        value = self.mp(functions=True)
        while self.peek() in ("+", "-"):
            operator = self.take()
            right = self.mp(functions=True)
            value = _add(value, right if operator == "+" else _negated(right))
        return value

    # mp: unary ((·|×|*|/|÷) unary)*, left to right
    def mp(self, functions: bool) -> sp.Basic:
        value = self.unary(functions)
        while self.peek() in (r"\cdot", r"\times", "*", "/", r"\div"):
            operator = self.take()
            right = self.unary(functions)
            if operator in ("/", r"\div"):
                value = sp.Mul(value, sp.Pow(right, -1, evaluate=False), evaluate=False)
            else:
                value = _mul(value, right)
        return value

    # unary: (+|-) unary | postfix+ (juxtaposition: a right fold of products)
    def unary(self, functions: bool) -> sp.Basic:
        if self.peek() == "+":
            self.take()
            return self.unary(functions)
        if self.peek() == "-":
            self.take()
            return _negated(self.unary(functions))
        factors = [self.power(functions)]
        while (self.peek() == "ph" or self.peek() in ("(", r"\frac") or (functions and self.peek() in FUNCTIONS)
               or (self.peek() == "|" and not self.bars)):
            if self.peek() == "(" and self.tokens[self.position - 1][0] == "ph":
                raise Outside  # a(…): the parser may read a call
            factors.append(self.power(functions))
        value = factors[-1]
        for factor in reversed(factors[:-1]):
            value = _mul(factor, value)
        return value

    # exp: comp (^ {expr})?
    def power(self, functions: bool) -> sp.Basic:
        base = self.comp(functions)
        if self.peek() == "^":
            self.take()
            self.take("{")
            exponent = self.expr()
            self.take("}")
            if self.peek() == "^":
                raise Outside  # a^{b}^{c}
            return sp.Pow(base, exponent, evaluate=False)
        return base

    def comp(self, functions: bool) -> sp.Basic:
        token = self.peek()
        if token == "ph":
            name = self.take()
            # the parser names V_{7} "V_7" (one character needs no braces) but V_{12} "V_{12}"
            return sp.Symbol(re.sub(r"^V_\{(\d)\}$", r"V_\1", name))
        if token == "(":
            self.take()
            value = self.expr()
            self.take(")")
            return value
        if token == "|":
            self.take()
            self.bars += 1
            value = self.expr()
            self.bars -= 1
            self.take("|")
            return sp.Abs(value, evaluate=False)
        if token == r"\frac":
            self.take()
            self.take("{")
            top = self.expr()
            self.take("}")
            self.take("{")
            bottom = self.expr()
            self.take("}")
            return sp.Mul(top, sp.Pow(bottom, -1, evaluate=False), evaluate=False)
        if functions and token in FUNCTIONS:
            self.take()
            if self.peek() == "(":
                # \ln(a) b is ln(a)·b: a parenthesised argument ends at its parenthesis
                self.take()
                argument = self.expr()
                self.take(")")
            else:
                argument = self.mp(functions=False)
            if token == r"\ln":
                return sp.log(argument, sp.E, evaluate=False)
            return sp.exp(argument, evaluate=False)
        raise Outside
