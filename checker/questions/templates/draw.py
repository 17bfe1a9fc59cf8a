"""Drawing a template's parameters: values from a seed, computed parameters, and the conditions they must meet.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from checker.engine.judgement import decide
from checker.notation.latex import LatexError, Notation, Relations, parse

from .parameters import Parameters
from .placeholders import Number, Value, is_entry, plain_text, substitute_math, terminates

MAX_DRAWS = 1000
"""Draws tried for one variant before its conditions are declared impossible."""


@dataclass(frozen=True)
class Draw:
    """One variant's parameters: the seed that reproduces it and the values drawn."""

    seed: int
    values: Mapping[str, Value]
    rejected: Counter[int] = field(default_factory=Counter)
    """Draws this seed rejected before this one, by the (1-based) condition that failed first."""

    def shown(self) -> dict[str, str]:
        """The parameters as text (a probability list as its entries), for reports."""
        return {name: plain_text(value) for name, value in self.values.items() if not is_entry(name, self.values)}


class Drawing(Parameters):
    """Draws parameter values from a seed until the template's conditions hold (the step after parameters)."""

    def draw(self, seed: int) -> Draw:
        """The variant of ``seed``: parameters drawn until every condition holds (at most MAX_DRAWS tries)."""
        rng = random.Random(f"{self.id}:{seed}")
        rejected: Counter[int] = Counter()
        for _ in range(MAX_DRAWS):
            values = self._values(rng)
            failed = self._failed_condition(values)
            if failed is None:
                return Draw(seed, values, rejected)
            rejected[failed] += 1
        worst, count = rejected.most_common(1)[0]
        raise self.error(f"no draw met the conditions in {MAX_DRAWS} tries (seed {seed}); condition {worst} "
                         f"'{self.conditions[worst - 1]}' failed {count} times — can it hold for these ranges?")

    def _values(self, rng: random.Random) -> dict[str, Value]:
        values: dict[str, Value] = {}
        for name, spec in self.parameters.items():
            kind = spec["kind"]
            if kind in ("integer", "rational", "decimal"):
                while True:
                    value = spec["lo"] + rng.randrange(spec["count"]) * spec["step"]
                    if value not in spec["exclude"]:
                        break
                values[name] = Number(value, spec["decimal"])
            elif kind == "choice":
                values[name] = rng.choice(spec["values"])
            elif kind == "probabilities":
                n, d = spec["n"], spec["denominator"]
                cuts = sorted(rng.sample(range(1, d), n - 1))
                parts = [b - a for a, b in zip([0, *cuts], [*cuts, d])]
                entries = tuple(Number(Fraction(p, d)) for p in parts)
                values[name] = entries
                for index, entry in enumerate(entries, start=1):
                    values[f"{name}{index}"] = entry
            else:
                values[name] = self._computed(name, spec["latex"], values)
        return values

    def _computed(self, name: str, latex: str, values: Mapping[str, Value]) -> Number:
        text = substitute_math(latex, values)
        try:
            expr = parse(text, Notation())
        except LatexError as error:
            raise self.error(f"parameter {name}: {error}") from None
        if isinstance(expr, Relations) or expr.free_symbols:
            raise self.error(f"parameter {name}: a value is an expression of numbers and parameters, got {latex!r}")
        from checker.numeric.balls import Uncertain, Undefined
        from checker.numeric.interval import evaluate

        try:
            value = evaluate(expr, {})
        except (Undefined, Uncertain) as problem:
            raise self.error(f"parameter {name}: {latex!r} has no exact value here ({problem}; "
                             f"parameters {', '.join(f'{k} = {plain_text(v)}' for k, v in values.items())})") from None
        if not isinstance(value, Fraction):
            raise self.error(f"parameter {name}: {latex!r} is not a rational number for these parameters "
                             f"({', '.join(f'{k} = {plain_text(v)}' for k, v in values.items())})")
        decimal = any(isinstance(v, Number) and v.decimal for k, v in values.items() if f"@{k}" in latex)
        return Number(value, decimal and terminates(value))

    def _failed_condition(self, values: Mapping[str, Value]) -> int | None:
        if not self.conditions:
            return None
        notation: list[Notation] = []
        for index, condition in enumerate(self.conditions, start=1):
            plain = self.plain_text.get(index)
            if plain is None or not plain:
                if not notation:
                    notation.append(self._builder(values).notation)
                if plain is None:
                    self.plain_text[index] = self._reads_alike(condition, values, notation[0])
            context = Notation() if plain else notation[0]
            if self._holds(condition, values, context, f"condition {index}") is not True:
                return index
        return None

    def _reads_alike(self, condition: str, values: Mapping[str, Value], notation: Notation) -> bool:
        """Whether a condition reads the same without the header's notation (numbers and parameters only):
        then later draws, which change only numbers, need not build the notation to decide it."""
        if any(not isinstance(v, (Number, tuple)) for v in values.values()):
            return False  # a text choice may bring in any LaTeX
        text = substitute_math(condition, values)
        try:
            return parse(text, Notation()) == parse(text, notation)
        except LatexError:
            return False

    def _holds(self, latex: str, values: Mapping[str, Value], notation: Notation, where: str) -> bool | None:
        """Whether a relation between numbers (after substitution) certainly holds; None when undecidable."""
        text = substitute_math(latex, values)
        try:
            relation = parse(text, notation)
        except LatexError as error:
            raise self.error(f"{where} '{latex}': {error}") from None
        if not isinstance(relation, Relations):
            raise self.error(f"{where} '{latex}' must be a relation, e.g. '@a \\neq @b'")
        free = sorted(str(s) for lhs, _, rhs in relation.parts for s in lhs.free_symbols | rhs.free_symbols)
        if free:
            raise self.error(f"{where} '{latex}' mentions {', '.join(free)}: a condition relates numbers, "
                             "parameters and the header's distributions")
        truths = [decide(lhs, op, rhs) for lhs, op, rhs in relation.parts]
        if any(t is False for t in truths):
            return False
        return None if any(t is None for t in truths) else True
