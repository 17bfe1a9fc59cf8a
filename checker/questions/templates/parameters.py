"""A template's parameters: integers, decimals and choices with their ranges, and the placeholders that use them.

The first step of a template (see :mod:`checker.questions.templates`): the header's ``parameters`` are
checked (kinds, bounds, sizes) and every ``@name`` in the file must name one.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from checker.questions.files import FORMULA, Source
from checker.values.errors import CheckerError

from .placeholders import Number, Value, placeholders_in, strings, terminates

MAX_RANGE = 10**12
"""Most values one range parameter may take (a step too small for its range is an authoring error)."""


FORMULA_KEYS = ("definitions", "target", "support", "derivations", "formal")
"""Header entries whose text is LaTeX: a value placed there is written as LaTeX; elsewhere as text."""


TEMPLATE_KEYS = ("parameters", "conditions")


class TemplateError(CheckerError, ValueError):
    """A template that cannot be drawn from; the message names the file, the parameter or condition."""


class Parameters:
    """A template's declared parameters, checked, and the placeholders of its text."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.path = source.path
        header = source.header
        self.id = str(header.get("id") or "")
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", self.id):
            raise self.error("header needs an 'id' of lower-case letters, digits, '.', '_' or '-'")
        self.parameters = self._parameters(header.get("parameters"))
        self.names = self._names()
        conditions = header.get("conditions") or []
        if not isinstance(conditions, list) or not all(isinstance(c, str) for c in conditions):
            raise self.error("'conditions' must be a list of LaTeX relations in quotes, e.g. '@a \\neq @b'")
        self.conditions: tuple[str, ...] = tuple(conditions)
        self.key = header.get("key")
        self.plain_text: dict[int, bool] = {}
        """Per condition: whether it reads alike without the header's notation (see :meth:`_reads_alike`)."""
        self._check_placeholders()

    def error(self, problem: str) -> TemplateError:
        return TemplateError(f"{self.path}: template {self.id or '?'}: {problem}")

    def _parameters(self, spec: object) -> dict[str, dict[str, Any]]:
        if not isinstance(spec, dict) or not spec:
            raise self.error("'parameters' must map each name to its spec, e.g. k: {integer: [1, 9]}")
        parameters: dict[str, dict[str, Any]] = {}
        for name, entry in spec.items():
            name = str(name)
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", name):
                raise self.error(f"parameter {name!r}: a name is a letter followed by letters or digits "
                                 "(no '_': @k_1 would read as @k with a subscript)")
            if isinstance(entry, str):
                entry = {"value": entry}
            if not isinstance(entry, dict):
                raise self.error(f"parameter {name}: write a mapping such as {{integer: [1, 9]}}, got {entry!r}")
            kinds = [k for k in ("integer", "rational", "decimal", "choice", "probabilities", "value") if k in entry]
            if len(kinds) != 1:
                raise self.error(f"parameter {name}: give exactly one of integer, rational, decimal, choice, "
                                 f"probabilities, value (got {sorted(map(str, entry)) or 'none'})")
            parameters[name] = self._checked(name, kinds[0], entry)
        return parameters

    def _number(self, name: str, text: object) -> Fraction:
        if isinstance(text, bool):
            raise self.error(f"parameter {name}: {text!r} is not a number")
        try:
            return Fraction(str(text).strip())
        except (ValueError, ZeroDivisionError):
            raise self.error(f"parameter {name}: {text!r} is not an exact number (write 3, -2, 3/4 or 0.25)") \
                from None

    def _checked(self, name: str, kind: str, entry: dict[str, Any]) -> dict[str, Any]:
        allowed = {"integer": {"step", "exclude"}, "rational": {"step", "exclude"}, "decimal": {"step", "exclude"},
                   "choice": set(), "probabilities": {"denominator"}, "value": set()}[kind]
        extra = sorted(str(k) for k in entry if k != kind and k not in allowed)
        if extra:
            raise self.error(f"parameter {name}: unknown field(s) {', '.join(extra)} for a {kind} parameter")
        if kind in ("integer", "rational", "decimal"):
            return self._range(name, kind, entry)
        if kind == "choice":
            return self._choice(name, entry["choice"])
        if kind == "probabilities":
            n, d = entry["probabilities"], entry.get("denominator")
            if not isinstance(n, int) or isinstance(n, bool) or not 2 <= n <= 50:
                raise self.error(f"parameter {name}: probabilities takes how many entries (2 to 50), got {n!r}")
            if not isinstance(d, int) or isinstance(d, bool) or not n <= d <= 10**6:
                raise self.error(f"parameter {name}: probabilities needs a whole 'denominator' of at least {n} "
                                 f"(each entry is a multiple of 1/denominator), got {d!r}")
            return {"kind": kind, "n": n, "denominator": d}
        text = entry["value"]
        if not isinstance(text, str) or not text.strip():
            raise self.error(f"parameter {name}: value takes a LaTeX expression in quotes, e.g. '@a + 1'")
        return {"kind": kind, "latex": text}

    def _range(self, name: str, kind: str, entry: dict[str, Any]) -> dict[str, Any]:
        bounds = entry[kind]
        if not isinstance(bounds, list) or len(bounds) != 2:
            raise self.error(f"parameter {name}: {kind} takes [lowest, highest], got {bounds!r}")
        lo, hi = (self._number(name, b) for b in bounds)
        step = self._number(name, entry.get("step", 1))
        if step <= 0:
            raise self.error(f"parameter {name}: step must be positive, got {entry.get('step')!r}")
        if kind == "integer" and (lo.denominator != 1 or hi.denominator != 1 or step.denominator != 1):
            raise self.error(f"parameter {name}: an integer range needs whole bounds and step")
        if lo > hi:
            raise self.error(f"parameter {name}: empty range [{lo}, {hi}]")
        count = int((hi - lo) / step) + 1
        if count > MAX_RANGE:
            raise self.error(f"parameter {name}: {count:,} values; at most {MAX_RANGE:,} (a larger step?)")
        excluded = entry.get("exclude") or []
        if not isinstance(excluded, list):
            raise self.error(f"parameter {name}: exclude takes a list of values, e.g. exclude: [0]")
        exclude = {self._number(name, e) for e in excluded}
        if kind == "decimal" and not all(terminates(v) for v in (lo, step)):
            raise self.error(f"parameter {name}: a decimal range needs a decimal step (0.05, not 1/3)")
        if count <= len(exclude) and all(lo + i * step in exclude for i in range(count)):
            raise self.error(f"parameter {name}: every value of the range is excluded")
        return {"kind": kind, "lo": lo, "step": step, "count": count, "exclude": exclude,
                "decimal": kind == "decimal"}

    def _choice(self, name: str, options: object) -> dict[str, Any]:
        if not isinstance(options, list) or not options:
            raise self.error(f"parameter {name}: choice takes a non-empty list")
        values: list[Value] = []
        for option in options:
            if isinstance(option, (int, float)) and not isinstance(option, bool):
                values.append(Number(self._number(name, option), isinstance(option, float)))
            elif isinstance(option, str):
                try:
                    values.append(Number(Fraction(option.strip()), "." in option))
                except (ValueError, ZeroDivisionError):
                    values.append(option)
            else:
                raise self.error(f"parameter {name}: a choice is a number or a text, got {option!r}")
        return {"kind": "choice", "values": values}

    def _names(self) -> dict[str, str]:
        """Every placeholder name: the parameters and the entries of probability lists."""
        names = {name: name for name in self.parameters}
        for name, spec in self.parameters.items():
            if spec["kind"] == "probabilities":
                for index in range(1, spec["n"] + 1):
                    entry = f"{name}{index}"
                    if entry in names:
                        raise self.error(f"parameter {entry} clashes with entry {index} of the probabilities {name}")
                    names[entry] = name
        for position, (name, spec) in enumerate(self.parameters.items()):
            if spec["kind"] == "value":
                earlier = set(list(self.parameters)[:position])
                for used in placeholders_in(spec["latex"]):
                    if names.get(used) not in earlier:
                        raise self.error(f"parameter {name}: @{used} is not a parameter declared above it")
        return names

    def _check_placeholders(self) -> None:
        texts = [("the stem", self.source.stem)] + [(f"option {n}", t) for n, t, _ in self.source.options]
        texts += [(f"header '{key}'", text) for key, value in self.source.header.items()
                  if key not in TEMPLATE_KEYS for text in strings(value)]
        texts += [(f"condition {i}", c) for i, c in enumerate(self.conditions, start=1)]
        for where, text in texts:
            for used in placeholders_in(text):
                if used not in self.names:
                    known = ", ".join("@" + n for n in self.names)
                    raise self.error(f"{where}: @{used} is not a parameter (declared: {known})")
        # a probability list is a value of the header (P: '@P') or text; inside a formula, its entries
        lists = {name for name, spec in self.parameters.items() if spec["kind"] == "probabilities"}
        formulas = [(where, m.group(0)) for where, text in texts[:1 + len(self.source.options)]
                    for m in FORMULA.finditer(text)]
        formulas += [(f"header '{key}'", text) for key in FORMULA_KEYS
                     for text in strings(self.source.header.get(key))]
        formulas += [(f"condition {i}", c) for i, c in enumerate(self.conditions, start=1)]
        for where, text in formulas:
            for used in placeholders_in(text):
                if used in lists:
                    count = self.parameters[used]["n"]
                    raise self.error(f"{where}: @{used} is a list of {count} probabilities; inside a formula use "
                                     f"its entries @{used}1 … @{used}{count}")
