"""The ``verify`` command: parse arguments, call the library, print, exit with the run's code."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence

import click

from . import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _select(questions: Sequence, ids: Sequence[str], pattern: str | None) -> list:  # type: ignore[type-arg]
    from .errors import SelectionError

    chosen = list(questions)
    if ids:
        picked: list = []  # type: ignore[type-arg]
        for wanted in ids:
            matches = [q for q in questions
                       if q.id == wanted or q.id.startswith(wanted + "-") or str(q.position) == wanted]
            if not matches:
                known = ", ".join(q.id for q in questions)
                raise SelectionError(f"no question matches {wanted!r}; known ids: {known}")
            picked.extend(m for m in matches if m not in picked)
        chosen = [q for q in questions if q in picked]  # document order, whatever the order asked
    if pattern:
        try:
            regex = re.compile(pattern, re.IGNORECASE)
        except re.error as error:
            raise SelectionError(f"-k {pattern!r} is not a valid pattern: {error}") from None
        chosen = [q for q in chosen if regex.search(f"{q.id} {q.section}")]
        if not chosen:
            raise SelectionError(f"no question matches -k {pattern!r}")
    return chosen


def _colour_enabled(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("ids", nargs=-1)
@click.option("-k", "pattern", metavar="PATTERN", help="Only questions whose id or section matches this regex.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Human table or one JSON document.")
@click.option("--explain", is_flag=True, help="Show full certificates: rewrite steps, counterexamples, enclosures.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Time limit per claim in seconds; a claim that exceeds it is undecided.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: one per CPU].")
@click.option("--strict", is_flag=True, help="Fail on recorded errata too.")
@click.version_option(__version__, prog_name="verify")
def main(ids: tuple[str, ...], pattern: str | None, fmt: str, explain: bool, timeout: float,
         jobs: int | None, strict: bool) -> None:
    """Check every claim of the RLHF quiz and compare each question's implied answer with its key.

    IDS select questions by id (q06-kl-figures), id prefix (q06) or position (6).
    Exit status: 0 when every question agrees or carries a recorded erratum and no claim is
    undecided; 1 otherwise; 2 for a usage or input error.
    """
    from .errors import CheckerError

    try:
        from derivations import bank

        from .questions import check_questions
        from .reports.common import outcome

        questions = _select(bank(), ids, pattern)
        results = check_questions(questions, timeout=timeout, jobs=jobs)
        summary = outcome(results, strict=strict)
    except CheckerError as error:
        click.echo(f"verify: error: {error}", err=True)
        sys.exit(EXIT_USAGE)
    if fmt == "json":
        import sympy

        from .reports import json as json_report

        click.echo(json_report.render(results, summary, versions={"checker": __version__,
                                                                   "sympy": sympy.__version__}))
    else:
        from .reports import text

        colour = _colour_enabled(sys.stdout)
        click.echo(text.render(results, summary, colour=colour, explain=explain), color=colour)
    sys.exit(summary.exit_code)
