"""``verify [TARGETS]`` (the ``check`` command): check questions and derivations, print reports, replay runs.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from checker import __version__

from .app import JOBS, MEMORY, TIMEOUT, fail, main, output_file, write_output
from .platforms import NOTATION, check_banks, looks_like_bank
from .running import _cache, _colour_enabled, _load, _looks_like_path, _run


@main.command("check")
@click.argument("targets", nargs=-1)
@click.option("-k", "pattern", metavar="PATTERN", help="Only questions whose id or section matches this regex.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="Human table or one JSON document.")
@click.option("--explain", is_flag=True, help="Show full certificates: rewrite steps, counterexamples, enclosures.")
@click.option("--suggest-key", is_flag=True, help="Print only the key each question's mathematics implies.")
@click.option("--timeout", type=TIMEOUT, default=10.0, show_default=True,
              help="Time limit per claim in seconds (0.1 to 86400); a claim that exceeds it is undecided.")
@click.option("-j", "--jobs", type=JOBS, default=None,
              help="Worker processes (1 to 512) [default: one per CPU].")
@click.option("--memory", "memory_mb", type=MEMORY, default=4096, show_default=True,
              help="Memory limit of each worker process in MiB; a claim that needs more is undecided.")
@click.option("--strict", is_flag=True, help="Fail on recorded errata too.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result and LaTeX parse caches.")
@click.option("--junit-xml", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a JUnit XML report (one test case per question and per option) to this file.")
@click.option("--shard", metavar="I/N", default=None,
              help="Check only the I-th of N shards of the questions (stable by question id).")
@click.option("--audit", is_flag=True,
              help="For each proved claim, show which declared assumptions it needs; flag undefined formulas.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a self-contained HTML report (offline: math as MathML, plots as SVG) to this file.")
@NOTATION
def check_command(targets: tuple[str, ...], pattern: str | None, fmt: str, explain: bool, suggest_key: bool,
                  timeout: float, jobs: int | None, memory_mb: int, strict: bool, no_cache: bool,
                  junit_xml: Path | None, shard: str | None, audit: bool, html_file: Path | None,
                  notation: tuple[Path, ...]) -> None:
    """Check questions: the built-in quiz, ids from it, question files and folders — or a platform's bank.

    TARGETS are question ids of the built-in quiz (q06-kl-figures, q06 or 6) or paths to question
    files and folders of them. Exit status: 0 when every question agrees (or carries a recorded
    erratum) and no claim is undecided; 1 otherwise; 2 for a usage or input error.

    A Moodle XML or GIFT bank (`verify check bank.xml`) is checked in place: each question's key (the
    options its grades mark correct) against its mathematics, with the notation of the question file of
    the same id (--notation; the built-in quiz's files too) or else proposed declarations, listed; a
    question that cannot be read is listed with the reason. Exit status 0 when every question was read and
    its key validated, 1 otherwise.
    """
    banks = [Path(t) for t in targets if _looks_like_path(t) and Path(t).is_file() and looks_like_bank(Path(t))]
    if banks:
        if len(banks) != len(targets):
            fail("check platform banks (.xml, .gift) in a run of their own, apart from question files and ids")
        check_banks(banks, notation, fmt, timeout, jobs)

    output_file(junit_xml, "--junit-xml")
    output_file(html_file, "--html")
    colour = _colour_enabled(sys.stdout)
    replay = None
    if not no_cache and os.environ.get("VERIFY_REPLAY", "1") != "0":
        from checker.questions.replay import RunCache, run_key
        from checker.questions.replay import default_directory as runs_directory

        paths = [t for t in targets if _looks_like_path(t)]
        options = [list(targets), pattern, fmt, explain, suggest_key, timeout, jobs, memory_mb, strict, shard, audit,
                   str(junit_xml.resolve()) if junit_xml else None, str(html_file.resolve()) if html_file else None]
        replay = (RunCache(runs_directory()), run_key([json.dumps(options)], paths, len(paths) < len(targets)
                                                      or not paths, {"colour": colour}))
        record = replay[0].get(replay[1])
        if record is not None:
            for name, content in record.files.items():
                write_output(Path(name), content, "--html" if name == str(html_file) else "--junit-xml")
            click.echo(record.stdout, nl=False, color=colour)
            if record.stderr:
                click.echo(record.stderr, nl=False, err=True)
            sys.exit(record.exit_code)
    items, errors = _load(targets, pattern, shard, use_cache=not no_cache)

    from checker.questions.runs import audit_items, workers_for
    from checker.reports.common import outcome

    cache = _cache(not no_cache)
    with workers_for(items, jobs, memory_mb=memory_mb):  # the audit's claims go to the run's (warm) workers
        results, chains = _run(items, timeout=timeout, jobs=jobs, memory_mb=memory_mb, cache=cache)
        audits = audit_items(results, chains, timeout=timeout, jobs=jobs, memory_mb=memory_mb,
                             cache=cache) if audit else {}
    summary = outcome(results, strict=strict, chains=chains, errors=len(errors))
    report = _Report(fmt, explain, suggest_key, colour, junit_xml, html_file, errors, audits)
    stdout, files = report.render(results, chains, summary)
    json_document = report.json_document
    for name, content in files.items():
        write_output(Path(name), content, "--html" if name == str(html_file) else "--junit-xml")
    click.echo(stdout, nl=False, color=colour)
    if summary.interrupted:
        checked = sum(v.method != "interrupted" for r in results for v in r.verdicts)
        click.echo(f"verify: error: interrupted (Ctrl-C): the results above are those checked by then "
                   f"({checked} claims); the rest are undecided", err=True)
    elif replay is not None and not errors and _reproducible(results, chains, audits):
        from checker.questions.replay import Record

        # what a rerun with nothing changed prints: the same report, every verdict marked cached
        again_results, again_chains = _as_cached(results, chains)
        again, again_files = report.render(again_results, again_chains, summary, html=files.get(str(html_file)),
                                           json_document=json_document)
        replay[0].put(replay[1], Record(again, "", summary.exit_code, again_files))
    sys.exit(summary.exit_code)


_CHANCE = ("time limit", "worker", "interrupted")
"""Verdict methods that depend on the machine or the moment: a run holding one is not replayed."""


def _reproducible(results: Sequence[Any], chains: Sequence[Any], audits: dict[Any, Any]) -> bool:
    verdicts = [v for r in results for v in r.verdicts] + [v for c in chains for v in c.verdicts]
    verdicts += [check.verdict for a in audits.values() for check in a.assumptions]
    return not any(v.method in _CHANCE for v in verdicts)


def _as_cached(results: Sequence[Any], chains: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    from dataclasses import replace

    def cached(verdict: Any) -> Any:
        return replace(verdict, cached=True)

    questions = [replace(r, options=tuple(replace(o, verdict=cached(o.verdict)) for o in r.options),
                         support=tuple((c, cached(v)) for c, v in r.support)) for r in results]
    derived = [replace(c, verdicts=tuple(cached(v) for v in c.verdicts)) for c in chains]
    return questions, derived


class _Report:
    """The reports a check writes, as text: standard output, and the files asked for."""

    def __init__(self, fmt: str, explain: bool, suggest_key: bool, colour: bool, junit_xml: Path | None,
                 html_file: Path | None, errors: list[str], audits: dict[Any, Any]) -> None:
        self.fmt, self.explain, self.suggest_key, self.colour = fmt, explain, suggest_key, colour
        self.junit_xml, self.html_file, self.errors, self.audits = junit_xml, html_file, errors, audits

    json_document: Any = None
    """The JSON report's dictionary, once rendered (the replay marks it cached instead of rendering again)."""

    def render(self, results: Sequence[Any], chains: Sequence[Any], summary: Any, html: str | None = None,
               json_document: Any = None) -> tuple[str, dict[str, str]]:
        import sympy

        versions = {"checker": __version__, "sympy": sympy.__version__}
        files: dict[str, str] = {}
        if self.junit_xml is not None:
            from checker.reports import junit

            files[str(self.junit_xml)] = junit.render(results, summary, self.errors, chains)
        if self.html_file is not None:
            if html is None:
                from checker.reports import html as html_report

                html = html_report.render(results, summary, chains=chains, audits=self.audits, errors=self.errors,
                                          versions=versions)
            files[str(self.html_file)] = html
        if self.suggest_key:
            stdout = "".join(f"{r.question.id}: implied {', '.join(map(str, r.implied)) or 'none'}; key "
                             f"{r.question.key_label}; {r.status.value}\n" for r in results)
        elif self.fmt == "json":
            from checker.reports import json as json_report

            if json_document is None:
                self.json_document = json_report.document(results, summary, versions=versions, errors=self.errors,
                                                          chains=chains, audits=self.audits)
                stdout = json_report.dumps(self.json_document) + "\n"
            else:
                stdout = json_report.dumps(json_report.as_cached(json_document)) + "\n"
        elif self.fmt == "github":
            from checker.reports import github

            stdout = github.render(results, summary, self.errors, chains)
        else:
            from checker.reports import text

            stdout = text.render(results, summary, colour=self.colour, explain=self.explain, errors=len(self.errors),
                                 chains=chains, audits=self.audits) + "\n"
        return stdout, files
