"""``verify check BANK`` and the bank half of ``verify import``: a platform's bank (Moodle XML, GIFT) read back,
checked in place or written as question files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .app import EXIT_OK, fail
from .running import _cache, _run

NOTATION = click.option(
    "--notation", "notation", multiple=True, type=click.Path(exists=True, path_type=Path),
    help="Question files (or folders) whose ids match the bank's idnumbers: their declarations are used "
         "(repeatable; the built-in quiz's files are always consulted).")


def looks_like_bank(path: Path) -> bool:
    """A Moodle XML or GIFT file rather than a quiz document: by extension, else by its first characters."""
    if path.suffix.lower() in (".xml", ".gift"):
        return True
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return False
    lines = [line.strip() for line in head.lstrip("\ufeff").splitlines()]
    first = next((line for line in lines if line and not line.startswith("//")), "")
    return first.startswith(("<?xml", "<quiz", "::", "$CATEGORY:"))


def _known(paths: tuple[Path, ...]) -> Any:
    """The notation a bank question can take by id: the files given, the built-in quiz's files, and — for a
    built-in question encoded in Python (q11's finite checks) — its options as prose whose stance and
    justification are that encoding's verdicts, computed when a bank names it."""
    from checker.questions.banks import Known, Notations, read_known
    from derivations import QUESTIONS, bank

    known = read_known(list(paths))
    for qid, entry in read_known([QUESTIONS]).items():
        known.setdefault(qid, entry)

    def coded(question: Any) -> Any:
        def build() -> Any:
            result = _run([question], timeout=10.0, jobs=1, memory_mb=4096, cache=_cache(True))[0][0]
            prose = {r.option.number: {"holds": bool(r.verdict.truth), "justification":
                                       f"{r.verdict.summary} (the built-in encoding in Python, derivations/)"}
                     for r in result.options if r.option.claim is not None and r.verdict.truth is not None}
            header = {"section": question.section, "position": question.position, "prose": prose}
            return Known(Path(f"built-in {question.id}"), header, tuple(o.text for o in question.options))
        return build

    lazy = {q.id: coded(q) for q in bank() if q.id not in known}
    return Notations(known, lazy)


def import_bank_command(path: Path, output: Path, overwrite: bool, notation: tuple[Path, ...],
                        accept: bool = False) -> None:
    from checker.questions.banks import import_bank
    from checker.values.errors import CheckerError

    try:
        written, unreadable = import_bank(path, output, _known(notation), overwrite=overwrite, accept=accept)
    except CheckerError as error:
        fail(str(error))
    except OSError as error:
        fail(f"-o {output}: {error.strerror or error}")
    for target in written:
        click.echo(f"wrote {target}")
    for problem in unreadable:
        click.echo(f"verify: not imported: {path}: {problem}", err=True)
    click.echo(f"{len(written)} question files from {path}; {len(unreadable)} could not be read; "
               f"run `verify {output}`")
    sys.exit(EXIT_OK if not unreadable else 1)


def check_banks(banks: list[Path], notation: tuple[Path, ...], fmt: str, timeout: float, jobs: int | None) -> None:
    """``verify check BANK…``: each bank's questions checked in place, reported, and the run's exit status.

    A question whose id (idnumber, or the first word of its name) matches a question file takes that file's
    notation; the others get proposed declarations, used as they stand and listed. Questions that cannot be
    read are listed with the reason. Exit status: 0 when every question was read and its key validated, 1
    otherwise, 2 when a file is not a bank.
    """
    from checker.questions.banks import check_in_place
    from checker.reports import bank as report
    from checker.reports import json as json_report
    from checker.values.errors import CheckerError

    known = _known(notation)
    documents, codes = [], []
    for bank in banks:
        try:
            checked, unreadable = check_in_place(bank, known)
        except CheckerError as error:
            fail(str(error))
        results, _ = _run([c.question for c in checked], timeout=timeout, jobs=jobs, memory_mb=4096,
                          cache=_cache(True))
        codes.append(report.exit_code(results, unreadable))
        if fmt == "json":
            documents.append(report.document(str(bank), checked, results, unreadable))
        else:
            click.echo(report.text(str(bank), checked, results, unreadable), nl=False)
    if fmt == "json":
        click.echo(json_report.dumps({"banks": documents}))
    sys.exit(max(codes, default=EXIT_OK))
