"""A pytest plugin: question and derivation files collected as test items, so proof checks run in a Python
project's own test suite (``pytest --verify``), with ``-k``, ``-x``, ``-m`` and pytest-xdist.

Enabled by ``--verify`` on the command line or ``verify = true`` in the pytest configuration (it is inert
otherwise: a project's README.md is never collected). Every ``*.md`` file whose front matter names an ``id`` is
collected; a file that cannot be read is one failing item with the file's error. Items:

- ``FILE::QUESTION`` — fails when the question's status fails (the key disagrees, is ambiguous, none qualifies,
  or an option is undecided), shown as the verdict table with the counterexamples;
- ``FILE::QUESTION::option N`` — fails when the option is undecided;
- ``FILE::DERIVATION`` — fails when the chain is broken or undecided, the failing step first.

Items carry the markers ``verify`` and ``question`` or ``derivation`` (``-m derivation``). A file's claims are
checked once, by the first of its items that runs (through the same result cache as ``verify``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

_MARKERS = ("verify: a question or derivation checked by the RLHF derivation checker",
            "question: a question file's question or option (RLHF derivation checker)",
            "derivation: a derivation checked step by step (RLHF derivation checker)")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("verify", "RLHF derivation checker")
    group.addoption("--verify", action="store_true", default=None,
                    help="collect question and derivation files (*.md with an id in their front matter)")
    parser.addini("verify", "collect question and derivation files (true/false)", type="bool", default=False)


def pytest_configure(config: pytest.Config) -> None:
    for marker in _MARKERS:
        config.addinivalue_line("markers", marker)


def _enabled(config: pytest.Config) -> bool:
    option = config.getoption("verify", default=None)
    return bool(option) if option is not None else bool(config.getini("verify"))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix != ".md" or not _enabled(parent.config) or not _has_front_matter(file_path):
        return None
    return VerifyFile.from_parent(parent, path=file_path)


def _has_front_matter(path: Path) -> bool:
    """Whether a Markdown file is a question or derivation file: front matter with an ``id``."""
    from checker.questions.reading import MAX_FILE_BYTES, Unreadable, read_limited

    try:
        head = read_limited(path, MAX_FILE_BYTES)[:4096].decode("utf-8", "replace")
    except Unreadable:
        return path.name.endswith(".md")  # unreadable: collected, so its error is reported as a failure
    lines = head.lstrip("\ufeff").splitlines()
    return bool(lines) and lines[0].strip() == "---" and any(line.startswith("id:") for line in lines[1:40])


class VerifyFile(pytest.File):
    """One question or derivation file; its items share one check of its claims."""

    _checked: tuple[list[Any], list[Any]] | None = None

    def collect(self) -> Any:
        from checker.questions.files import QuestionFileError
        from checker.questions.loading import load_items
        from checker.values.derivations import Derivation

        try:
            self.loaded = load_items(self.path)
        except QuestionFileError as error:
            yield FileErrorItem.from_parent(self, name=self.path.name, message="\n".join(error.messages()))
            return
        for item in self.loaded:
            if isinstance(item, Derivation):
                node = DerivationItem.from_parent(self, name=item.id, ident=item.id)
                node.add_marker("derivation")
            else:
                node = QuestionItem.from_parent(self, name=item.id, ident=item.id)
                node.add_marker("question")
            node.add_marker("verify")
            yield node
            if not isinstance(item, Derivation):
                for option in item.options:
                    if option.claim is None:
                        continue
                    child = OptionItem.from_parent(self, name=f"{item.id}::option {option.number}", ident=item.id,
                                                   number=option.number)
                    child.add_marker("question")
                    child.add_marker("verify")
                    yield child

    def checked(self) -> tuple[list[Any], list[Any]]:
        if self._checked is None:
            from checker.cli.running import _cache
            from checker.questions.runs import check_items

            self._checked = check_items(self.loaded, cache=_cache(True))
        return self._checked


class VerifyFailure(Exception):
    """A failing item: its report is the verdict table."""


class _Item(pytest.Item):
    def __init__(self, *, ident: str, number: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ident, self.number = ident, number

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.name

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, VerifyFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style))  # type: ignore[arg-type]

    def _question(self) -> Any:
        results, _ = self.parent.checked()  # type: ignore[union-attr]
        return next(r for r in results if r.question.id == self.ident)


class QuestionItem(_Item):
    def runtest(self) -> None:
        from checker.reports.text import render_question

        result = self._question()
        if result.failed():
            raise VerifyFailure(render_question(result, explain=self.config.getoption("verbose") > 0))


class OptionItem(_Item):
    def runtest(self) -> None:
        from checker.reports.text import render_question
        from checker.values.verdicts import Status

        result = self._question()
        option = next(o for o in result.options if o.option.number == self.number)
        if option.verdict.status is Status.UNDECIDED:
            raise VerifyFailure(f"option {self.number} undecided: {option.verdict.reason}\n\n"
                                + render_question(result, explain=self.config.getoption("verbose") > 0))


class DerivationItem(_Item):
    def runtest(self) -> None:
        from checker.reports.text import render_chain

        _, chains = self.parent.checked()  # type: ignore[union-attr]
        chain = next(c for c in chains if c.derivation.id == self.ident)
        if chain.failed():
            raise VerifyFailure(render_chain(chain, explain=self.config.getoption("verbose") > 0))


class FileErrorItem(pytest.Item):
    """A file that cannot be read: one failing item naming the file's errors."""

    def __init__(self, *, message: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.message = message

    def runtest(self) -> None:
        raise VerifyFailure(self.message)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return self.message

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.name
