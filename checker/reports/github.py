"""GitHub Actions workflow commands (``--format github``): one ``::error file=…,line=…::`` annotation per
failing question, failing derivation step and file error, so a pull request shows them on the lines they are
about — as ruff's and mypy's ``github`` formats do. The last line is the run's summary, unannotated."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from checker.questions.question import QuestionResult
from checker.values.printable import printable
from checker.values.verdicts import Status

from .common import Outcome, status_label
from .text import summary_line

_LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+)(?::(?P<column>\d+))?: (?P<message>.*)$")


def _data(text: str) -> str:
    """A command's message: %, CR and LF escaped as the runner requires."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, *, file: str | None = None, line: int | None = None,
            column: int | None = None, title: str | None = None) -> str:
    properties = [f"{name}={_property(str(value))}" for name, value in
                  (("file", file), ("line", line), ("col", column), ("title", title)) if value is not None]
    return f"::{level} {','.join(properties)}::{_data(message)}" if properties else f"::{level}::{_data(message)}"


def render(results: Sequence[QuestionResult], summary: Outcome, errors: Sequence[str] = (),
           chains: Sequence[Any] = ()) -> str:
    lines = []
    for message in errors:
        found = _LOCATED.match(message)
        if found:
            lines.append(command("error", found.group("message"), file=found.group("file"),
                                 line=int(found.group("line")),
                                 column=int(found.group("column")) if found.group("column") else None,
                                 title="verify: file error"))
        else:
            file, _, rest = message.partition(": ")
            lines.append(command("error", rest or message, file=file if rest else None, title="verify: file error"))
    for result in results:
        q = result.question
        file, line = q.origin if q.origin else (None, None)
        if result.failed(summary.strict):
            lines.append(command("error", f"{status_label(result)}: {result.explanation}", file=file, line=line,
                                 title=f"verify: question {q.id}"))
        for option in result.options:
            if option.verdict.status is Status.UNDECIDED:
                lines.append(command("warning", f"option {option.option.number} undecided: {option.verdict.reason}",
                                     file=file, line=line, title=f"verify: question {q.id}"))
    for chain in chains:
        d = chain.derivation
        if not chain.failed():
            continue
        file, start = d.origin if d.origin else (None, None)
        step = chain.first_failure
        line = d.step_lines[step - 1] if step and d.step_lines else start
        lines.append(command("error", f"{chain.status.value}: {chain.explanation}", file=file, line=line,
                             title=f"verify: derivation {d.id}"))
    lines.append(summary_line(results, summary, chains, len(errors)))
    return "\n".join(lines) + "\n"
