"""The question types beside single-answer multiple choice: a key of several options, true/false, numerical.

``key: [1, 3]`` (rule ``correct`` or ``equals``): every option listed is correct — the platform's partial
grades split the mark between them. ``rule: true-false`` with ``key: true``/``false``: the statement is the
header's ``statement`` (a LaTeX relation, or ``{holds, justification}`` for prose) or else the stem's one
formula. ``rule: numerical`` with ``answer`` and ``tolerance``: the question asks for the value of ``target``
(a LaTeX expression), and the claim is ``answer − tolerance ≤ target ≤ answer + tolerance`` — the checker
proves the tolerance interval contains the value, or refutes it with the value's enclosure.
"""

from __future__ import annotations

import re
from fractions import Fraction

import sympy as sp

from checker.notation.latex import Relations
from checker.questions.question import Meta, Option
from checker.values.claims import Claim
from checker.values.errors import ClaimError
from checker.values.scope import Scope

from .derivations import Derivations
from .source import FORMULA, clip

RELATION = re.compile(r"(?<!\\)[=<>]|\\(?:le|ge|leq|geq|neq|ne|lt|gt)(?![A-Za-z])")
DECIMAL = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


class Kinds(Derivations):
    """Reads the header keys of the question types that are not plain multiple choice."""

    def _keys(self, rule: str, count: int | None) -> tuple[int, tuple[int, ...]]:
        """``key`` as (the first option, every option when it names several)."""
        key = self.header.get("key")
        if isinstance(key, list) and key and all(isinstance(k, int) and not isinstance(k, bool) for k in key):
            numbers = sorted(set(key))
            if len(numbers) != len(key):
                self._problems.append(self.error(f"header 'key' lists an option twice: {key}"))
            if rule not in ("correct", "equals"):
                self._problems.append(self.error(f"a key of several options needs rule 'correct' or 'equals', "
                                                 f"not '{rule}'"))
            if count is not None:
                for number in numbers:
                    if not 1 <= number <= count:
                        self._problems.append(self.error(f"key {number} is out of range: there are {count} options"))
            return numbers[0], (tuple(numbers) if len(numbers) > 1 else ())
        if not isinstance(key, int) or isinstance(key, bool):
            self._problems.append(self.error(f"header 'key' must be an option number or a list of them, got '{key}'"))
            return 1, ()
        if count is not None and not 1 <= key <= count:
            self._problems.append(self.error(f"key {key} is out of range: there are {count} options"))
        return key, ()

    def _no_body_options(self, rule: str) -> None:
        if self.source.options:
            raise self.error(f"a {rule} question has no numbered options: the platform shows "
                             + ("true and false" if rule == "true-false" else "an answer box")
                             + "; remove the numbered lines (or use rule 'correct')")

    def _true_false(self) -> tuple[int, tuple[Option, ...]]:
        """The key (1 for true, 2 for false) and the two options: the statement and its negation."""
        self._no_body_options("true-false")
        key = self.header.get("key")
        if not isinstance(key, bool):
            self._problems.append(self.error(f"a true/false question's 'key' is true or false, got '{key}'"))
            key = True
        statement = self.header.get("statement")
        if isinstance(statement, dict):
            if not (isinstance(statement.get("holds"), bool) and statement.get("justification")):
                raise self.error("a prose 'statement' needs 'holds: true/false' and a 'justification'")
            text = clip(" ".join(self.source.stem.split()), 80)
            claim: Claim = Scope.prose(text, holds=statement["holds"], justification=str(statement["justification"]))
        elif statement is not None:
            claim = self._relation_claim(str(statement), f"${statement}$", where="statement")
            text = f"${statement}$"
        else:
            claim, text = self._stem_statement()
        return (1 if key else 2), (Option(1, text, claim), Option(2, "false", meta=Meta.NEGATION))

    def _stem_statement(self) -> tuple[Claim, str]:
        formulas = [m.group(1) or m.group(2) for m in FORMULA.finditer(self.source.stem)]
        relations = []
        for latex in (f for f in formulas if RELATION.search(f)):
            value = self._formula(latex, self.notation, where=f"${clip(latex, 60)}$")
            if isinstance(value, Relations):
                relations.append(latex)
        if len(relations) != 1:
            found = "no relation" if not relations else f"{len(relations)} relations"
            raise self.error(f"the stem has {found} among its formulas; say which statement is true or false with "
                             "'statement: <LaTeX relation>' in the header")
        return self._relation_claim(relations[0], f"${relations[0]}$", where="statement"), f"${relations[0]}$"

    def _number(self, key: str, default: object = None) -> tuple[sp.Rational, str]:
        """A header number read exactly — ``0.1438`` is 1438/10000, never a float — and as written."""
        value = self.header.get(key, default)
        if value is None:
            raise self.error(f"a numerical question needs '{key}' in the header")
        text = repr(value) if isinstance(value, float) else str(value).strip()
        if isinstance(value, bool) or not DECIMAL.match(text):
            raise self.error(f"header '{key}' must be a decimal number (what the platform compares answers "
                             f"with), got '{value}'")
        return sp.Rational(Fraction(text)), text

    def _numerical(self) -> Option:
        """The one option of a numerical question: the value lies within the answer's tolerance."""
        self._no_body_options("numerical")
        if not isinstance(self.header.get("key", 1), int) or self.header.get("key", 1) != 1:
            raise self.error("a numerical question's answer is 'answer' (with 'tolerance'); leave 'key' out")
        (answer, self._answer), (tolerance, self._tolerance) = self._number("answer"), self._number("tolerance", 0)
        if tolerance.is_negative:
            raise self.error(f"header 'tolerance' must not be negative, got {tolerance}")
        target = self.header.get("target")
        if target is None:
            raise self.error("a numerical question needs 'target': the LaTeX expression whose value is asked")
        value = self._formula(str(target), self.notation, where="target")
        if isinstance(value, Relations):
            raise self.error("a numerical question's 'target' is an expression (the value asked for), not a relation")
        shown = f"{self._answer} \\pm {self._tolerance}" if tolerance else self._answer
        text = f"${shown}$"
        try:
            claim = self.scope.compare((answer - tolerance, "<=", value), (value, "<=", answer + tolerance),
                                       text=f"${target}$ ∈ [{answer - tolerance}, {answer + tolerance}]")
        except ClaimError as error:
            raise self.error(f"numerical answer: {error}") from None
        return Option(1, text, claim)
