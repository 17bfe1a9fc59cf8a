"""Question banks from learning platforms — Moodle XML and GIFT — read back into question files, and checked in
place: every question's key against its mathematics, with each question that cannot be read listed by name
and reason.

May import: :mod:`checker.questions` (files, question), :mod:`checker.notation`, :mod:`checker.values`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .bank import BankError, BankQuestion, Unreadable
from .files import Known, Notations, Rendered, read_known, render_all
from .gift import read_gift
from .moodle import read_moodle

MAX_BANK_BYTES = 32 << 20
"""Largest bank read (32 MiB; Moodle's own exports of a course bank are a few MiB)."""

__all__ = ["BankError", "BankQuestion", "Checked", "Known", "Notations", "Rendered", "Unreadable", "bank_format",
           "check_in_place", "import_bank", "read_bank", "read_known"]


def bank_format(path: Path, content: str) -> str:
    """``moodle-xml`` or ``gift``, from the content (a Moodle export starts with ``<?xml`` or ``<quiz``)."""
    head = content.lstrip("\ufeff \t\r\n")[:200].lower()
    if head.startswith("<?xml") or head.startswith("<quiz"):
        return "moodle-xml"
    if path.suffix.lower() == ".xml":
        raise BankError(f"{path}: a .xml file that does not start like Moodle XML (<?xml … <quiz>)")
    return "gift"


def read_bank(path: Path) -> tuple[list[BankQuestion], list[Unreadable]]:
    """The questions of a Moodle XML or GIFT file, and those that cannot be read with the reason."""
    try:
        size = path.stat().st_size
        if size > MAX_BANK_BYTES:
            raise BankError(f"{path}: {size} bytes; a bank is read up to {MAX_BANK_BYTES >> 20} MiB")
        raw = path.read_bytes()
    except OSError as error:
        raise BankError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BankError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    if "\x00" in content:
        raise BankError(f"{path}: binary file (contains NUL bytes)")
    if bank_format(path, content) == "moodle-xml":
        return read_moodle(path, content)
    return read_gift(path, content)


def import_bank(path: Path, out: Path, known: Mapping[str, Known], *, overwrite: bool = False,
                accept: bool = False) -> tuple[list[Path], list[Unreadable]]:
    """Write one question file per readable question of the bank into ``out``; the unreadable, with reasons.
    ``accept``: the proposed notation is written as declarations (marked as proposed), not as comments."""
    questions, unreadable = read_bank(path)
    rendered, more = render_all(questions, known, mode="accept" if accept else "import")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for item in rendered:
        target = out / f"{item.id}.md"
        if target.exists() and not overwrite:
            raise BankError(f"{target} exists; pass --overwrite to replace it")
        written.append(target)
    for item, target in zip(rendered, written):
        target.write_text(item.text, encoding="utf-8")
    return written, sorted(unreadable + more, key=lambda u: u.position)


@dataclass(frozen=True)
class Checked:
    """A bank question read into a checkable :class:`~checker.questions.question.Question`."""

    rendered: Rendered
    question: object


def check_in_place(path: Path, known: Mapping[str, Known]) -> tuple[list[Checked], list[Unreadable]]:
    """The bank's questions as questions to check (proposed notation used as it stands), and the unreadable."""
    from checker.questions.files import Builder, QuestionFileError, split

    questions, unreadable = read_bank(path)
    rendered, more = render_all(questions, known, mode="check")
    unreadable += more
    checked = []
    for item in rendered:
        try:
            source = split(Path(f"{path}#{item.id}"), item.text)
            checked.append(Checked(item, Builder(source).question()))
        except QuestionFileError as error:
            reason = str(error).split("\n")[0]
            reason = reason.split(f"question {item.id}: ", 1)[-1]
            unreadable.append(Unreadable(item.question.name, item.question.position, reason))
    return checked, sorted(unreadable, key=lambda u: u.position)
