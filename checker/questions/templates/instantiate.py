"""Instantiating a template: the drawn values written into its text and header, read as a question file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

from checker.notation.latex import Notation
from checker.questions.files import Builder, QuestionFileError, Source, read_text, split
from checker.questions.question import Question

from .draw import Draw, Drawing
from .parameters import FORMULA_KEYS, TEMPLATE_KEYS, TemplateError
from .placeholders import Value, plain_text, substitute_text, substituted


def _parameters_text(draw: Draw) -> str:
    return ", ".join(f"{k} = {v}" for k, v in draw.shown().items())


def is_template(source: Source) -> bool:
    return "parameters" in source.header


def load_template(path: str | Path) -> Template:
    """Read a template file; :class:`QuestionFileError` for a file problem, :class:`TemplateError` for one of
    its parameters."""
    path = Path(path)
    source = split(path, read_text(path))
    if not is_template(source):
        raise TemplateError(f"{path}: not a template: its header declares no 'parameters'")
    return Template(source)


class Template(Drawing):
    """A question file with parameters: each draw is instantiated into a question with its own answer key."""

    def _header(self, values: Mapping[str, Value], seed: int | None) -> dict[str, Any]:
        header: dict[str, Any] = {}
        for key, value in self.source.header.items():
            if key in TEMPLATE_KEYS:
                continue
            header[key] = substituted(value, values, key in FORMULA_KEYS)
        if seed is not None:
            header["id"] = f"{self.id}-s{seed}"
        return header

    def _builder(self, values: Mapping[str, Value], seed: int | None = None) -> Builder:
        header = self._header(values, seed)
        header["key"] = 1  # decided below, once the notation can read the key's cases
        source = Source(self.path, header, substitute_text(self.source.stem, values),
                        tuple((n, substitute_text(t, values), line) for n, t, line in self.source.options),
                        self.source.lines)
        return Builder(source)

    def variant(self, draw: Draw) -> Question:
        """The question of one draw; a problem of the file is a :class:`QuestionFileError` naming the seed."""
        try:
            builder = self._builder(draw.values, draw.seed)
            builder.header["key"] = self._key(draw.values, builder.notation)
            return builder.question()
        except QuestionFileError as error:
            where = f" (variant seed {draw.seed}: {_parameters_text(draw)})"
            error.args = ("\n".join(line + where for line in error.args[0].split("\n")),)
            for other in error.others:
                other.args = (other.args[0] + where,)
            raise

    def _key(self, values: Mapping[str, Value], notation: Notation) -> object:
        """The author's key for one draw: a number, a parameter, or the first case whose relations hold."""
        key = self.key
        if isinstance(key, dict):
            cases = key.get("cases")
            if set(key) != {"cases"} or not isinstance(cases, list) or not cases:
                raise self.error("key: write {cases: [{if: 'LaTeX relation', then: N}, …, {else: N}]}")
            drawn = ", ".join(f"{k} = {plain_text(v)}" for k, v in values.items())
            for index, case in enumerate(cases, start=1):
                if not isinstance(case, dict) or set(case) not in ({"else"}, {"if", "then"}):
                    raise self.error(f"key case {index}: write {{if: 'relation', then: N}} or {{else: N}}")
                if "else" in case:
                    return self._plain_key(case["else"], values)
                truths = [self._holds(str(c), values, notation, f"key case {index}")
                          for c in (case["if"] if isinstance(case["if"], list) else [case["if"]])]
                if None in truths and False not in truths:
                    raise self.error(f"key case {index} cannot be decided for {drawn} (two sides too close to "
                                     "tell apart, or undefined); write the case so it can")
                if all(truths):
                    return self._plain_key(case["then"], values)
            raise self.error(f"no case of the key holds for {drawn} (add {{else: N}})")
        return self._plain_key(key, values)

    def _plain_key(self, key: object, values: Mapping[str, Value]) -> object:
        if not isinstance(key, str):
            return key  # a number (checked by the question loader)
        text = substitute_text(key, values).strip()
        try:
            number = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise self.error(f"key {key!r}: write an option number, '@name' or {{cases: …}}") from None
        return int(number) if number.denominator == 1 else text

    def variants(self, count: int, seed: int = 1) -> Iterator[tuple[Draw, Question]]:
        """``count`` variants, of seeds ``seed``, ``seed + 1``, …"""
        for offset in range(count):
            draw = self.draw(seed + offset)
            yield draw, self.variant(draw)
