"""The header of a question file: its id, its semantics, typed access to its keys, and errors that name them.
"""

from __future__ import annotations

import re
from typing import Any

from checker.values.scope import Scope
from checker.values.semantics import Semantics

from .source import QuestionFileError, Source

SEMANTICS = {s.value: s for s in Semantics}


class Header:
    """The header of a split file, read key by key; problems are collected so a file reports all of them."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.header = source.header
        self.id = self._text("id", required=True)
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", self.id):
            raise self.error(f"id '{self.id}' must be lower-case letters, digits, '.', '_' or '-'")
        self.scope = Scope(self._semantics(self.header.get("semantics"), "header"))
        self._problems: list[QuestionFileError] = []

    def _semantics(self, value: object, where: str) -> Semantics:
        if value is None:
            return Semantics.STRICT
        if value not in SEMANTICS:
            raise self.error(f"{where}: unknown semantics '{value}'; use 'strict' (the default) or 'where-defined'")
        return SEMANTICS[value]  # type: ignore[index]

    def error(self, problem: str, option: int | None = None, text: str | None = None,
              line: int | None = None, column: int | None = None) -> QuestionFileError:
        return QuestionFileError(self.source.path, problem, question=getattr(self, "id", None), option=option,
                                 text=text, line=line, column=column)

    def _file_column(self, line: int | None, latex: str, column: int | None) -> int | None:
        """The 1-based column in the file of a formula's ``column`` (0-based), when the formula is on that line."""
        if line is None or column is None or not 0 < line <= len(self.source.lines):
            return None
        start = self.source.lines[line - 1].find(latex)
        return None if start < 0 else start + column + 1

    def _text(self, key: str, required: bool = False, default: str = "") -> str:
        value = self.header.get(key)
        if value is None:
            if required:
                raise QuestionFileError(self.source.path, f"header needs '{key}'", question=self.header.get("id"))
            return default
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise QuestionFileError(self.source.path, f"header '{key}' must be text, got {type(value).__name__}",
                                    question=self.header.get("id"))
        return str(value)

    def _mapping(self, key: str) -> dict[Any, Any]:
        value = self.header.get(key) or {}
        if not isinstance(value, dict):
            raise self.error(f"header '{key}' must be a mapping")
        return value

    def _collect(self, build: Any, *args: Any) -> Any:
        """Build one part of the question; a problem is recorded (every error of a file is reported) and the
        part is left out."""
        try:
            return build(*args)
        except QuestionFileError as problem:
            # one error per cause: a formula that fails only because a definition it uses could not be read
            # repeats that definition's error, which is already reported
            if not any(f"symbol {name} has no declared domain" in problem.problem
                       for name in getattr(self, "_broken", ())):
                self._problems.append(problem)
            return None
