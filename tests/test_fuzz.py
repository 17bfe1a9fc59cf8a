"""Property tests: random and mutated input ends in a result or a clear error, never an uncaught exception.

The default run tries a few thousand examples; `pytest -m slow` runs many more.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import CheckerError
from checker.notation.latex import LatexError, Notation, logistic, parse
from checker.questions.files import split
from checker.questions.loading import load_question
from derivations import QUESTIONS

NOTATION = Notation({"x": sp.Symbol("x", real=True), "y": sp.Symbol("y", positive=True),
                     r"\beta": sp.Symbol("β", positive=True)}, {r"\sigma": logistic()})
TOKENS = ["x", "y", r"\beta", r"\sigma(", "(", ")", "{", "}", "+", "-", "^", "_", r"\frac", r"\log", r"\ln",
          r"\exp", "e^", "0.5", "2", "10", "=", "<", r"\geq", r"\leq", "|", " ", r"\cdot", r"\sqrt", "'", r"\pi",
          "q", "f(", r"\left(", r"\right)", ",", r"\|", "$", "1.", "\\"]
SAMPLES = sorted(QUESTIONS.glob("*.md"))
FAST = settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse_or_error(formula: str) -> None:
    try:
        parse(formula, NOTATION)
    except LatexError as error:
        assert str(error)


formulas = st.lists(st.sampled_from(TOKENS), max_size=25).map("".join)
texts = st.text(alphabet=string.printable + "αβγπσ≥≤∑", max_size=60)


@FAST
@given(formulas)
def test_adapter_on_token_soup(formula: str) -> None:
    _parse_or_error(formula)


@FAST
@given(texts)
def test_adapter_on_arbitrary_text(formula: str) -> None:
    _parse_or_error(formula)


def _mutate(text: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(1, 4))):
        if not text:
            break
        position = data.draw(st.integers(0, len(text) - 1))
        action = data.draw(st.sampled_from(["delete", "insert", "duplicate", "truncate"]))
        if action == "delete":
            text = text[:position] + text[position + 1:]
        elif action == "insert":
            text = text[:position] + data.draw(st.sampled_from(list("-:${}\\|'\n1.#&*[]") + ["---", "\n2. "])) + \
                text[position:]
        elif action == "duplicate":
            end = min(len(text), position + data.draw(st.integers(1, 40)))
            text = text[:end] + text[position:end] + text[end:]
        else:
            text = text[:position]
    return text


def _load_or_error(path: Path) -> None:
    try:
        load_question(path)
    except CheckerError as error:
        assert str(error).startswith(str(path))


@FAST
@given(st.sampled_from(SAMPLES), st.data())
def test_loader_on_mutated_question_files(tmp_path_factory: pytest.TempPathFactory, sample: Path,
                                          data: st.DataObject) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "q.md"
    path.write_text(_mutate(sample.read_text(encoding="utf-8"), data), encoding="utf-8")
    _load_or_error(path)


@FAST
@given(st.text(max_size=300))
def test_splitter_on_arbitrary_text(text: str) -> None:
    try:
        split(Path("fuzz.md"), text)
    except CheckerError:
        pass  # a clear, typed error is the expected outcome for most random text


@pytest.mark.slow
@SLOW
@given(formulas)
def test_adapter_on_token_soup_at_length(formula: str) -> None:
    _parse_or_error(formula)


@pytest.mark.slow
@SLOW
@given(st.sampled_from(SAMPLES), st.data())
def test_loader_on_mutated_files_at_length(tmp_path_factory: pytest.TempPathFactory, sample: Path,
                                           data: st.DataObject) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "q.md"
    path.write_text(_mutate(sample.read_text(encoding="utf-8"), data), encoding="utf-8")
    _load_or_error(path)
