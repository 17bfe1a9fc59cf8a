"""A question file's text and its split into header, stem and numbered options.

The first step of reading a question file: the text (size, encoding), the YAML front matter (safe loader,
no aliases), the body's stem and its options ``1.``, ``2.``, … with their line numbers; and the error that
names the file, question, option and offending text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from checker.questions.reading import MAX_FILE_BYTES, Unreadable, read_limited
from checker.values.errors import CheckerError
from checker.values.printable import shown_path


class QuestionFileError(CheckerError, ValueError):
    """A question file that cannot be read as written; the message names the file, question, option and text."""

    def __init__(self, path: str | Path, problem: str, *, question: str | None = None,
                 option: int | None = None, text: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.path, self.problem, self.question, self.option, self.text = str(path), problem, question, option, text
        self.line, self.column = line, column
        where = shown_path(path) + (f":{line}" if line else "") + (f":{column}" if line and column else "")
        parts = [where]
        if question:
            parts.append(f"question {question}")
        if option is not None:
            parts.append(f"option {option}")
        message = ": ".join(parts) + f": {problem}"
        if text:
            message += f" — in: {clip(text)}"
        self.others: tuple[QuestionFileError, ...] = ()
        super().__init__(message)

    @classmethod
    def several(cls, errors: list[QuestionFileError]) -> QuestionFileError:
        """All the errors of one file as one exception (its message has a line per error)."""
        first = errors[0]
        first.others = tuple(errors[1:])
        first.args = ("\n".join(e.args[0] for e in errors),)
        return first

    def messages(self) -> list[str]:
        """One message per error of the file."""
        return [self.args[0].split("\n")[0], *(o.args[0].split("\n")[0] for o in self.others)]


def clip(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


HEADER_KEYS = {"id", "section", "position", "rule", "key", "key_text", "symbols", "functions", "distributions",
               "definitions", "target", "prose", "facts", "support", "erratum", "notes", "title", "kind",
               "derivations", "semantics", "families", "language", "formal", "parameters", "conditions",
               "statement", "answer", "tolerance"}


OPTION_LINE = re.compile(r"^\s{0,3}(\d+)\.\s+(.*)$")


FORMULA = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


@dataclass(frozen=True)
class Source:
    """A question file split into its parts, with line numbers for messages."""

    path: Path
    header: dict[str, Any]
    stem: str
    options: tuple[tuple[int, str, int], ...]  # number, text, line
    lines: tuple[str, ...] = ()
    """The file's lines, to point at a column."""




_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it (five times quicker than the pure-Python one)."""


def _load_yaml(text: str) -> Any:
    """A header read by the safe loader, refusing aliases first: they are never needed here and can expand
    exponentially (a few lines that become gigabytes)."""
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.constructor.ConstructorError(None, None, "YAML aliases (*name) are not allowed",
                                                    event.start_mark)
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


def split(path: Path, text: str) -> Source:
    """Split a file into header, stem and numbered options."""
    if "\x00" in text:
        raise QuestionFileError(path, "binary file (contains NUL bytes)")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise QuestionFileError(path, "missing front matter: the file must start with a line '---'", line=1)
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise QuestionFileError(path, "front matter is not closed by a line '---'", line=1) from None
    try:
        header = _load_yaml("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = str(getattr(error, "problem", error))
        if "'@'" in problem:
            problem += " (a template's placeholder in the header goes inside quotes: '@a x')"
        raise QuestionFileError(path, f"malformed front matter: {problem}",
                                line=None if mark is None else mark.line + 2) from None
    if not isinstance(header, dict):
        raise QuestionFileError(path, "front matter must be a mapping of keys to values", line=2)
    unknown = sorted(str(k) for k in header if k not in HEADER_KEYS)
    if unknown:
        raise QuestionFileError(path, f"unknown header key(s) {', '.join(unknown)}; "
                                      f"known: {', '.join(sorted(HEADER_KEYS))}",
                                question=str(header.get("id", "")) or None)
    body = lines[end + 1:]
    # the options start at the last line numbered "1."; a numbered list before it belongs to the stem
    starts = [i for i, line in enumerate(body) if (m := OPTION_LINE.match(line)) and m.group(1) == "1"]
    first = starts[-1] if starts else len(body)
    options: list[list[Any]] = []
    for index in range(first, len(body)):
        line = body[index]
        match = OPTION_LINE.match(line)
        if match:
            options.append([int(match.group(1)), match.group(2).strip(), end + 2 + index])
        elif line.strip():
            options[-1][1] += " " + line.strip()
    if not starts and any(OPTION_LINE.match(line) for line in body):
        numbers = [int(m.group(1)) for line in body if (m := OPTION_LINE.match(line))]
        raise QuestionFileError(path, f"options numbered {numbers}; number them 1, 2, 3, … in order",
                                question=str(header.get("id", "")) or None)
    texts = {" ".join(text.split()) for _, text, _ in options}
    for index in range(first):
        match = OPTION_LINE.match(body[index])
        if match and " ".join(match.group(2).split()) in texts:
            # a pasted-twice list: the first copy would silently become part of what students read
            raise QuestionFileError(path, f"option {match.group(1)} appears twice (line {end + 2 + index} and "
                                          "again among the options); delete one copy",
                                    line=end + 2 + index, question=str(header.get("id", "")) or None)
    stem = "\n".join(body[:first]).strip()
    return Source(path, header, stem, tuple((n, t, ln) for n, t, ln in options), tuple(lines))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def read_text(path: Path) -> str:
    """A question file's text; :class:`QuestionFileError` when it is too large, not a regular file, not UTF-8,
    unreadable, or holds control characters (an escape sequence in a stem would reach terminals and break XML)."""
    try:
        raw = read_limited(path, MAX_FILE_BYTES)
    except Unreadable as error:
        raise QuestionFileError(path, error.problem) from None
    if b"\x00" in raw:
        raise QuestionFileError(path, "binary file (contains NUL bytes)")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")  # a byte-order mark is not content
    except UnicodeDecodeError as error:
        raise QuestionFileError(path, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    found = _CONTROL.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        raise QuestionFileError(path, f"control character U+{ord(found.group()):04X} in the text; remove it",
                                line=line, column=column)
    return text
