"""Randomised questions: a question file with ``parameters`` is a template, and each seed draws one variant.

A template is a question file whose header declares ``parameters`` (drawn in the order written) and, if
needed, ``conditions`` a draw must meet. The body and the header use a parameter as ``@name`` (a letter,
then letters or digits; ``@`` never occurs in LaTeX math, so a placeholder cannot be mistaken for a group).
A variant is the file with every placeholder replaced by its value — in formulas as LaTeX (``\\frac{3}{4}``,
``(-2)``), elsewhere as text (``3/4``) — read by the question-file loader like any other file, so a variant
is checked, reported and exported exactly as a question. Its id is the template's followed by ``-s`` and
its seed, and that seed alone reproduces it (``verify variants FILE --seed 17 -n 1``).

Parameters (the header's ``parameters`` mapping, name → spec):

- ``{integer: [lo, hi]}`` (optional ``step``, ``exclude: [...]``), ``{rational: ['1/4', '3'], step: '1/4'}``,
  ``{decimal: [0.05, 0.95], step: 0.05}`` (written as a decimal), uniform over the values of the range;
- ``{choice: [...]}``: one of the numbers or texts listed;
- ``{probabilities: n, denominator: d}``: n positive rationals with denominator d summing to 1 (uniform over
  the ways to split d into n positive parts); ``@P`` is the list, ``@P1`` … ``@Pn`` its entries;
- ``{value: 'LaTeX'}``: a value computed exactly from the parameters above it (``'@a + 2 @b'``).

Nothing in a template is executed: values are exact fractions, computed values and conditions go through
the LaTeX adapter and are decided by exact or interval arithmetic (:func:`checker.semantics.decide`).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from checker.engine.judgement import decide
from checker.notation.latex import LatexError, Notation, Relations, parse
from checker.values.errors import CheckerError

from .files import FORMULA, QuestionFileError, Source, _Builder, read_text, split
from .question import Question

PLACEHOLDER = re.compile(r"@@|@([A-Za-z][A-Za-z0-9]*)")
"""``@name``; ``@@`` is a literal ``@`` (an e-mail address in a template's stem)."""
MAX_DRAWS = 1000
"""Draws tried for one variant before its conditions are declared impossible."""
MAX_RANGE = 10**12
"""Most values one range parameter may take (a step too small for its range is an authoring error)."""
FORMULA_KEYS = ("definitions", "target", "support", "derivations", "formal")
"""Header entries whose text is LaTeX: a value placed there is written as LaTeX; elsewhere as text."""
TEMPLATE_KEYS = ("parameters", "conditions")


class TemplateError(CheckerError, ValueError):
    """A template that cannot be drawn from; the message names the file, the parameter or condition."""


@dataclass(frozen=True, slots=True)
class Number:
    """A parameter's value: exact, and whether it is written as a decimal."""

    value: Fraction
    decimal: bool = False

    def text(self) -> str:
        if self.decimal and self.value.denominator != 1:
            return _decimal(self.value)
        return str(self.value)

    def latex(self, before: str = "", after: str = "") -> str:
        """The value as LaTeX between the characters ``before`` and ``after`` it: braced after ``^``/``_``,
        in parentheses when negative or when a number next to it would run into it (``2@k`` is 2·k)."""
        v = self.value
        if self.decimal or v.denominator == 1:
            body = self.text().lstrip("-")
        else:
            body = rf"\frac{{{abs(v.numerator)}}}{{{v.denominator}}}"
        sign = "-" if v < 0 else ""
        if before and before in "^_":
            return body if not sign and len(body) == 1 else "{" + sign + body + "}"
        # a number right before a fraction reads as a mixed number (2\frac{1}{2}): the adapter refuses it
        glued = (before and (before.isdigit() or before in ".})]")) or (after[:1].isdigit() or after[:1] == ".") \
            or after.startswith((r"\frac", r"\dfrac", r"\tfrac", r"\cfrac"))
        if sign or glued:
            return "(" + sign + body + ")"
        return body


Value = Number | str | tuple[Number, ...]


def _decimal(value: Fraction) -> str:
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole, rest = divmod(value.numerator, value.denominator)
    digits: list[str] = []
    while rest and len(digits) < 40:
        rest *= 10
        digit, rest = divmod(rest, value.denominator)
        digits.append(str(digit))
    return sign + str(whole) + ("." + "".join(digits) if digits else "")


def terminates(value: Fraction) -> bool:
    """Whether the fraction has a finite decimal expansion (its denominator divides a power of 10)."""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


@dataclass(frozen=True)
class Draw:
    """One variant's parameters: the seed that reproduces it and the values drawn."""

    seed: int
    values: Mapping[str, Value]
    rejected: Counter[int] = field(default_factory=Counter)
    """Draws this seed rejected before this one, by the (1-based) condition that failed first."""

    def shown(self) -> dict[str, str]:
        """The parameters as text (a probability list as its entries), for reports."""
        return {name: _plain(value) for name, value in self.values.items() if not _is_entry(name, self.values)}


def _is_entry(name: str, values: Mapping[str, Value]) -> bool:
    base = re.fullmatch(r"([A-Za-z][A-Za-z0-9]*?)(\d+)", name)
    return bool(base) and isinstance(values.get(base.group(1)), tuple)  # type: ignore[union-attr]


def _plain(value: Value) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(n.text() for n in value) + "]"
    return value.text() if isinstance(value, Number) else value


class Template:
    """A question file with parameters: draws variants and builds each one as a :class:`Question`."""

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
        self._plain: dict[int, bool] = {}
        """Per condition: whether it reads alike without the header's notation (see :meth:`_reads_alike`)."""
        self._check_placeholders()

    def error(self, problem: str) -> TemplateError:
        return TemplateError(f"{self.path}: template {self.id or '?'}: {problem}")

    # reading -------------------------------------------------------------------------------------

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
                for used in _used(spec["latex"]):
                    if names.get(used) not in earlier:
                        raise self.error(f"parameter {name}: @{used} is not a parameter declared above it")
        return names

    def _check_placeholders(self) -> None:
        texts = [("the stem", self.source.stem)] + [(f"option {n}", t) for n, t, _ in self.source.options]
        texts += [(f"header '{key}'", text) for key, value in self.source.header.items()
                  if key not in TEMPLATE_KEYS for text in _strings(value)]
        texts += [(f"condition {i}", c) for i, c in enumerate(self.conditions, start=1)]
        for where, text in texts:
            for used in _used(text):
                if used not in self.names:
                    known = ", ".join("@" + n for n in self.names)
                    raise self.error(f"{where}: @{used} is not a parameter (declared: {known})")
        # a probability list is a value of the header (P: '@P') or text; inside a formula, its entries
        lists = {name for name, spec in self.parameters.items() if spec["kind"] == "probabilities"}
        formulas = [(where, m.group(0)) for where, text in texts[:1 + len(self.source.options)]
                    for m in FORMULA.finditer(text)]
        formulas += [(f"header '{key}'", text) for key in FORMULA_KEYS
                     for text in _strings(self.source.header.get(key))]
        formulas += [(f"condition {i}", c) for i, c in enumerate(self.conditions, start=1)]
        for where, text in formulas:
            for used in _used(text):
                if used in lists:
                    count = self.parameters[used]["n"]
                    raise self.error(f"{where}: @{used} is a list of {count} probabilities; inside a formula use "
                                     f"its entries @{used}1 … @{used}{count}")

    # drawing -------------------------------------------------------------------------------------

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
        from checker.numeric.interval import Uncertain, Undefined, evaluate

        try:
            value = evaluate(expr, {})
        except (Undefined, Uncertain) as problem:
            raise self.error(f"parameter {name}: {latex!r} has no exact value here ({problem}; "
                             f"parameters {', '.join(f'{k} = {_plain(v)}' for k, v in values.items())})") from None
        if not isinstance(value, Fraction):
            raise self.error(f"parameter {name}: {latex!r} is not a rational number for these parameters "
                             f"({', '.join(f'{k} = {_plain(v)}' for k, v in values.items())})")
        decimal = any(isinstance(v, Number) and v.decimal for k, v in values.items() if f"@{k}" in latex)
        return Number(value, decimal and terminates(value))

    def _failed_condition(self, values: Mapping[str, Value]) -> int | None:
        if not self.conditions:
            return None
        notation: list[Notation] = []
        for index, condition in enumerate(self.conditions, start=1):
            plain = self._plain.get(index)
            if plain is None or not plain:
                if not notation:
                    notation.append(self._builder(values).notation)
                if plain is None:
                    self._plain[index] = self._reads_alike(condition, values, notation[0])
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

    # building ------------------------------------------------------------------------------------

    def _header(self, values: Mapping[str, Value], seed: int | None) -> dict[str, Any]:
        header: dict[str, Any] = {}
        for key, value in self.source.header.items():
            if key in TEMPLATE_KEYS:
                continue
            header[key] = _substituted(value, values, key in FORMULA_KEYS)
        if seed is not None:
            header["id"] = f"{self.id}-s{seed}"
        return header

    def _builder(self, values: Mapping[str, Value], seed: int | None = None) -> _Builder:
        header = self._header(values, seed)
        header["key"] = 1  # decided below, once the notation can read the key's cases
        source = Source(self.path, header, substitute_text(self.source.stem, values),
                        tuple((n, substitute_text(t, values), line) for n, t, line in self.source.options),
                        self.source.lines)
        return _Builder(source)

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
            drawn = ", ".join(f"{k} = {_plain(v)}" for k, v in values.items())
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


def _used(text: str) -> list[str]:
    """The parameter names a text uses (not the escaped ``@@``)."""
    return [m.group(1) for m in PLACEHOLDER.finditer(text) if m.group(1)]


def _parameters_text(draw: Draw) -> str:
    return ", ".join(f"{k} = {v}" for k, v in draw.shown().items())


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _substituted(value: object, values: Mapping[str, Value], formula: bool) -> object:
    """A header value with its placeholders replaced; a string that is one placeholder becomes the value."""
    if isinstance(value, str):
        whole = PLACEHOLDER.fullmatch(value.strip())
        if whole and whole.group(1):
            found = values[whole.group(1)]
            if isinstance(found, tuple):
                return [n.text() for n in found]
            if isinstance(found, Number):
                if found.value.denominator == 1:
                    return int(found.value)
                return found.latex() if formula else found.text()
            return found
        return substitute_math(value, values) if formula else substitute_text(value, values)
    if isinstance(value, dict):
        # keys are LaTeX fragments (symbols, definitions) or option numbers
        return {substitute_math(k, values) if isinstance(k, str) else k: _substituted(v, values, formula)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_substituted(v, values, formula) for v in value]
    return value


def substitute_math(latex: str, values: Mapping[str, Value]) -> str:
    """LaTeX with each placeholder replaced by its value as LaTeX."""

    pieces: list[str] = []
    last = 0
    for match in PLACEHOLDER.finditer(latex):
        pieces.append(latex[last:match.start()])
        last = match.end()
        if not match.group(1):
            pieces.append("@")
            continue
        value = values[match.group(1)]
        before = "".join(pieces).rstrip()[-1:]  # what is written so far, values included
        after = latex[match.end():].lstrip()[:6]
        if isinstance(value, tuple):
            pieces.append(r"\left(" + ", ".join(n.latex() for n in value) + r"\right)")
        else:
            pieces.append(value.latex(before, after) if isinstance(value, Number) else value)
    pieces.append(latex[last:])
    return "".join(pieces)


def substitute_text(text: str, values: Mapping[str, Value]) -> str:
    """Text with placeholders replaced: as LaTeX inside ``$…$``, as plain text elsewhere."""

    def plain(match: re.Match[str]) -> str:
        return _plain(values[match.group(1)]) if match.group(1) else "@"

    pieces = []
    last = 0
    for match in FORMULA.finditer(text):
        pieces.append(PLACEHOLDER.sub(plain, text[last:match.start()]))
        pieces.append(substitute_math(match.group(0), values))
        last = match.end()
    pieces.append(PLACEHOLDER.sub(plain, text[last:]))
    return "".join(pieces)


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


@dataclass(frozen=True)
class VariantResult:
    """One variant as checked."""

    draw: Draw
    result: Any  # QuestionResult


@dataclass(frozen=True)
class Summary:
    """What ``verify variants`` reports about a template's variants."""

    template: Template
    seed: int
    variants: tuple[VariantResult, ...]

    @property
    def statuses(self) -> Counter[str]:
        return Counter(v.result.status.value for v in self.variants)

    def problems(self) -> list[VariantResult]:
        """Variants whose key is not validated: it disagrees, several options or none qualify, or the claims do
        not decide it."""
        return [v for v in self.variants if v.result.failed()]

    def positions(self, which: str) -> Counter[int]:
        """Where the answer sits across variants: ``key`` (the author's) or ``implied`` (the mathematics',
        where exactly one option)."""
        if which == "key":
            return Counter(v.result.question.key for v in self.variants)
        return Counter(v.result.implied[0] for v in self.variants if len(v.result.implied) == 1)

    def equal_options(self) -> dict[tuple[int, ...], list[int]]:
        """Groups of options stating the same thing, with the seeds of the variants where they do."""
        found: dict[tuple[int, ...], list[int]] = {}
        for v in self.variants:
            for group in v.result.equal_groups:
                found.setdefault(tuple(group), []).append(v.draw.seed)
        return found

    def option_truth(self) -> dict[int, Counter[str]]:
        """Per option: in how many variants it is true, false, undecided (or a statement about the others)."""
        truth: dict[int, Counter[str]] = {}
        for v in self.variants:
            for option in v.result.options:
                truth.setdefault(option.option.number, Counter())[_truth(option.verdict.truth)] += 1
        return truth

    def seeds_where(self, number: int, label: str) -> list[int]:
        """The seeds of the variants where option ``number`` is ``label`` (true, false, undecided)."""
        return [v.draw.seed for v in self.variants if _truth(v.result.options[number - 1].verdict.truth) == label]

    @property
    def rejected(self) -> Counter[int]:
        total: Counter[int] = Counter()
        for v in self.variants:
            total.update(v.draw.rejected)
        return total

    @property
    def distinct(self) -> int:
        return len({tuple(sorted(v.draw.shown().items())) for v in self.variants})


def templates_among(paths: Iterable[str | Path]) -> list[Template]:
    """The templates among the question files under ``paths`` (a file that cannot be read is skipped: the
    caller reports it when it loads the files)."""
    from .files import question_files

    found = []
    for path in question_files(paths):
        try:
            source = split(path, read_text(path))
            if is_template(source):
                found.append(Template(source))
        except CheckerError:
            continue
    return found


VARIANT_TRIES = 4
"""Seeds tried per variant asked for, before a selection settles for fewer validated variants."""


@dataclass(frozen=True)
class Selection:
    """Variants chosen for deployment: each with its result, and what was passed over on the way."""

    wanted: int
    chosen: tuple[tuple[Draw, Any], ...]
    last_seed: int
    not_validated: int
    repeated: int

    def summary(self) -> str:
        said = (f"seeds 1–{self.last_seed}; {self.not_validated} with the key not validated, {self.repeated} "
                "repeating a draw")
        if len(self.chosen) < self.wanted:
            return f"only {len(self.chosen)} of {self.wanted} variants validated ({said})"
        return f"{self.wanted} validated variants ({said})"


def validated_variants(template: Template, count: int,
                       check: Callable[[list[Question]], Sequence[Any]]) -> Selection:
    """``count`` distinct variants whose key the checker validates, from seed 1 on, in seed order; fewer when
    ``VARIANT_TRIES * count`` seeds do not yield them. ``check`` turns questions into their results (a run)."""
    chosen: list[tuple[Draw, Any]] = []
    seen: set[tuple[tuple[str, str], ...]] = set()
    seed, limit, last = 1, 1 + VARIANT_TRIES * count, 0
    not_validated = repeated = 0
    while len(chosen) < count and seed < limit:
        drawn = list(template.variants(min(limit - seed, 2 * (count - len(chosen))), seed))
        seed += len(drawn)
        for (draw, _), result in zip(drawn, check([q for _, q in drawn])):
            if len(chosen) == count:
                break
            last = draw.seed
            signature = tuple(sorted(draw.shown().items()))
            if result.failed():
                not_validated += 1
            elif signature in seen:
                repeated += 1
            else:
                seen.add(signature)
                chosen.append((draw, result))
    return Selection(count, tuple(chosen), last, not_validated, repeated)


def _truth(value: bool | None) -> str:
    return "true" if value is True else "false" if value is False else "undecided"
