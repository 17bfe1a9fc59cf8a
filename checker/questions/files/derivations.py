"""Derivations written in a question file: aligned blocks of steps, each with its justification.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from checker.notation.latex import Relations
from checker.values.errors import ClaimError
from checker.values.printable import shown_path

from .declarations import Declarations
from .source import QuestionFileError

ALIGNED = re.compile(r"\\begin\{(aligned|align\*?)\}(.*?)\\end\{\1\}", re.S)


STEP_RELATION = re.compile(r"^\s*(=|<|>|\\leq?|\\geq?|\\lt|\\gt)(?![A-Za-z])\s*(.*)$", re.S)


JUSTIFICATION = re.compile(r"(?:\\q?quad\s*)?\\(?:text|tag)\{((?:[^{}]|\{[^{}]*\})*)\}\s*$")


RELATION_WORDS = {"=": "=", "<": "<", ">": ">", r"\le": "<=", r"\leq": "<=", r"\ge": ">=", r"\geq": ">=",
                  r"\lt": "<", r"\gt": ">"}


QUESTION_ONLY = ("derivations", "key", "rule", "statement", "answer", "tolerance", "target")
"""Header keys of a question file that a derivation file would otherwise ignore."""


class Derivations(Declarations):
    """Chains in a file's body (``kind: derivation``) or under its header's ``derivations``."""

    def derivation(self) -> Any:
        """A chain written as an aligned block: ``A &= B \\ &\\le C \\quad \text{fact: …}``."""
        if self._problems:
            raise QuestionFileError.several(self._problems)
        misplaced = [key for key in QUESTION_ONLY if key in self.header]
        if misplaced:
            raise self.error(f"a derivation file has no '{misplaced[0]}' (a question file's key): write one chain per "
                             "derivation file, or put the chains under 'derivations' in a question file")
        body = "\n".join(text for _, text, _ in self.source.options)
        block = ALIGNED.search(self.source.stem + "\n" + body)
        if block is None:
            raise self.error("a derivation file needs a \\begin{aligned} … \\end{aligned} block with the chain")
        return self._chain(block.group(2), self.id, self._text("title", default=self.id),
                           tuple(str(n) for n in (self.header.get("notes") or [])))

    def derivations(self) -> list[Any]:
        """Derivations declared in a question file's header under ``derivations`` (title + aligned lines)."""
        entries = self.header.get("derivations") or []
        if not isinstance(entries, list):
            raise self.error("header 'derivations' must be a list of {title, chain} entries")
        chains = [self._collect(self._derivation_entry, index, entry) for index, entry in enumerate(entries, start=1)]
        return [chain for chain in chains if chain is not None]

    def _derivation_entry(self, index: int, entry: object) -> Any:
        if not isinstance(entry, dict) or not entry.get("chain"):
            raise self.error(f"derivation {index} needs 'chain' (the lines of an aligned block) and a 'title'")
        lines = str(entry["chain"])
        inner = ALIGNED.search(lines)
        return self._chain(inner.group(2) if inner else lines, f"{self.id}-d{index}",
                           str(entry.get("title") or f"derivation {index} of {self.id}"), ())

    def _chain(self, block: str, chain_id: str, title: str, notes: tuple[str, ...]) -> Any:
        lines = [line.replace("&", " ").strip() for line in block.split(r"\\") if line.strip()]
        steps: list[tuple[str, Any, str]] = []
        start = None
        written: list[str] = []
        for number, line in enumerate(lines, start=1):
            note = JUSTIFICATION.search(line)
            justification = note.group(1).strip() if note else ""
            formula = line[: note.start()] if note else line
            written.append(" ".join(formula.split()))
            if number == 1:
                value = self._formula(formula, self.notation, where="step 1")
                if not isinstance(value, Relations) or len(value.parts) != 1:
                    raise self.error("the first line must relate two expressions, e.g. 'A &= B'", text=line)
                start, op, expr = value.parts[0]
                steps.append((op, expr, justification))
                continue
            found = STEP_RELATION.match(formula)
            if found is None:
                raise self.error(f"line {number} of the chain must start with =, <, >, \\le or \\ge", text=line)
            value = self._formula(found.group(2), self.notation, where=f"step {number}")
            if isinstance(value, Relations):
                raise self.error(f"line {number} holds more than one relation", text=line)
            steps.append((RELATION_WORDS[found.group(1)], value, justification))
        try:
            chain = self.scope.derivation(chain_id, title, start, *steps, notes=notes, latex=tuple(written))
        except ClaimError as error:
            raise self.error(str(error)) from None
        first, lines = self._chain_lines(chain_id, len(steps))
        return replace(chain, origin=(shown_path(self.source.path), first), step_lines=lines)

    def _chain_lines(self, chain_id: str, steps: int) -> tuple[int, tuple[int, ...]]:
        """Where a chain starts in its file, and each step's line when the chain is written a step per line."""
        lines = self.source.lines
        if chain_id != self.id:  # a chain under the header's 'derivations'
            found = [n for n, text in enumerate(lines, start=1) if text.startswith("derivations:")]
            return (found[0] if found else 1), ()
        begin = next((n for n, text in enumerate(lines, start=1) if "\\begin{aligned}" in text), 1)
        end = next((n for n, text in enumerate(lines, start=1) if n > begin and "\\end{aligned}" in text), begin)
        inside = [n for n in range(begin + 1, end) if lines[n - 1].strip()]
        if "\\begin{aligned}" in lines[begin - 1] and lines[begin - 1].split("\\begin{aligned}", 1)[1].strip():
            inside = [begin, *inside]
        if len(inside) == steps + 1:  # the start on a line of its own, then a step per line
            return inside[0], tuple(inside[1:])
        return (inside[0] if inside else begin), (tuple(inside) if len(inside) == steps else ())
