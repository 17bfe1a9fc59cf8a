"""The fast reader of plain arithmetic builds exactly the parser's tree: checked on random formulas of its
subset, node for node and in argument order, and on what it must leave to the parser."""

from __future__ import annotations

import random

import pytest
import sympy as sp

from checker.notation.latex.arithmetic import read
from checker.notation.latex.reader import _converter
from checker.notation.latex.scanner import PLACEHOLDER_LETTERS

NAMES = [*PLACEHOLDER_LETTERS[:10], "V_{41}", "V_{7}"]


def _tree(value: object) -> object:
    """The shape of a tree with its arguments in stored order (srepr would sort them)."""
    if isinstance(value, sp.Basic) and value.args:
        return type(value).__name__, tuple(_tree(a) for a in value.args)
    return sp.srepr(value)


def _random_formula(rng: random.Random, depth: int = 0) -> str:
    if depth > 2 or rng.random() < 0.3:
        return rng.choice(NAMES) + " " * rng.randint(0, 2)

    def sub() -> str:
        return _random_formula(rng, depth + 1)

    shapes = [
        lambda: f"{sub()}+ {sub()}", lambda: f"{sub()}- {sub()}", lambda: f"{sub()}* {sub()}",
        lambda: f"{sub()}\\cdot {sub()}", lambda: f"{sub()}\\times {sub()}", lambda: f"{sub()}/ {sub()}",
        lambda: f"{sub()}\\div {sub()}", lambda: f"-{sub()}", lambda: f"+{sub()}", lambda: f"({sub()})",
        lambda: f"\\frac{{{sub()}}}{{{sub()}}}", lambda: f"{rng.choice(NAMES)} ^{{{sub()}}}",
        lambda: f"\\ln {sub()}", lambda: f"\\exp {sub()}", lambda: f"{sub()} {sub()}",
        lambda: f"\\ln ({sub()})", lambda: f"\\exp({sub()}) {sub()}", lambda: f"|{sub()}|",
    ]
    return rng.choice(shapes)()


def _random_relation(rng: random.Random) -> str:
    formula = _random_formula(rng)
    for _ in range(rng.choice([0, 0, 1, 2])):
        formula += rng.choice([" = ", " < ", " \\leq ", " > ", " \\geq "]) + _random_formula(rng)
    return formula


def _parser(source: str) -> object:
    with sp.evaluate(False):
        try:
            return _converter().parse(source)
        except Exception as error:  # noqa: BLE001 - the parser raises bare Exception
            return error


def test_the_fast_reader_builds_the_parsers_tree() -> None:
    rng = random.Random(20261126)
    read_here = 0
    for _ in range(160):
        source = _random_relation(rng)
        mine = read(source, PLACEHOLDER_LETTERS)  # as the reader calls it: outside evaluate(False)
        if mine is None:
            continue
        read_here += 1
        theirs = _parser(source)
        assert not isinstance(theirs, Exception), (source, theirs)
        assert _tree(mine) == _tree(theirs), source
    assert read_here >= 100  # the subset is most of what the scanner leaves


@pytest.mark.parametrize("source", [
    "a (b)",  # a call or a product: the parser's to decide
    "|a| |b| c",  # several bars
    "a ^{b} ^{c}",
    "a !",
    r"\sin a",
    r"\frac{d}{d a}",
    "a_{b}",
    "2 a",  # numbers are placeholders in the scanner's output; a digit here is not the subset
    r"a \neq b",
])
def test_what_leaves_the_subset_goes_to_the_parser(source: str) -> None:
    assert read(source, PLACEHOLDER_LETTERS) is None


def test_letters_outside_the_placeholder_alphabet_are_not_read() -> None:
    """d, e, i and I mean something to the parser; the fast reader never reads them as placeholders."""
    for letter in "deiIDE":
        assert read(f"{letter} + a", PLACEHOLDER_LETTERS) is None
