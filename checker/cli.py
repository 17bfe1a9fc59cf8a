"""The ``verify`` command: parse arguments, call the library, print, exit with the run's code.

``verify [TARGETS]`` checks (the default command); ``verify new``, ``verify import`` and
``verify export`` author, import and export question files.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def fail(message: str) -> NoReturn:
    """One error line and exit status 2: the way every usage or input problem ends."""
    click.echo(f"verify: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


class _DefaultGroup(click.Group):
    """A group whose unnamed invocation runs ``check``: ``verify q06`` is ``verify check q06``.

    Every way a run can end goes through :meth:`main`: a usage error, an unwritable file, a Ctrl-C or a bug
    is one ``verify: error: …`` line and exit status 2, never a traceback (``VERIFY_DEBUG=1`` shows it).
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:  # noqa: C901 - one place for every way a run ends
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.ctx.get_help() if error.ctx else str(error))
            sys.exit(EXIT_USAGE)
        except click.UsageError as error:
            where = f" (see `verify {error.ctx.command.name} --help`)" if error.ctx and error.ctx.command.name \
                not in (None, "main") else " (see `verify --help`)"
            fail(f"{error.format_message()}{where}".replace("\n", " "))
        except (click.Abort, KeyboardInterrupt):
            fail("interrupted (Ctrl-C)")
        except click.ClickException as error:
            fail(error.format_message())
        except BrokenPipeError:
            # the reader of our output went away (`verify | head`): say so once, and let nothing flush again
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            fail("standard output was closed before the report was written (broken pipe)")
        except OSError as error:
            fail(_os_message(error))
        except SystemExit:
            raise
        except Exception as error:  # noqa: BLE001 - the last resort: a bug is still one line, and says so
            if os.environ.get("VERIFY_DEBUG"):
                raise
            fail(f"internal error ({type(error).__name__}: {error}); run with VERIFY_DEBUG=1 for the traceback "
                 "and please report it")
        sys.exit(code if isinstance(code, int) else EXIT_OK)


def _os_message(error: OSError) -> str:
    what = error.strerror or str(error)
    return f"{error.filename}: {what}" if error.filename else what


class Number(click.ParamType):
    """A finite number within bounds: ``inf``, ``nan`` and absurd values are usage errors, not crashes."""

    def __init__(self, kind: type, low: float, high: float, unit: str = "") -> None:
        self.kind, self.low, self.high, self.unit = kind, low, high, unit
        self.name = "integer" if kind is int else "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number: float
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            try:
                number = int(text) if self.kind is int else float(text)
            except ValueError:
                self.fail(f"{value!r} is not {'an integer' if self.kind is int else 'a number'}", param, ctx)
        if self.kind is float and not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        if not self.low <= number <= self.high:
            unit = f" {self.unit}" if self.unit else ""
            low, high = (int(self.low), int(self.high)) if self.kind is int else (self.low, self.high)
            self.fail(f"{value} is out of range: give {low:g}{unit} to {high:g}{unit}", param, ctx)
        return number


TIMEOUT = Number(float, 0.1, 86_400, "s")
JOBS = Number(int, 1, 512)
MEMORY = Number(int, 64, 1 << 20, "MiB")


def output_file(path: Path | None, option: str) -> Path | None:
    """Check before any work that ``path`` can be written: its folder exists and is writable."""
    if path is None:
        return None
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        fail(f"{option} {path}: is a folder; give a file name")
    if not folder.is_dir():
        fail(f"{option} {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        fail(f"{option} {path}: cannot write there (permission denied)")
    return path


def write_output(path: Path, text: str, option: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"{option} {path}: could not write: {error.strerror or error}")


def _colour_enabled(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _configure_caches(use_cache: bool) -> list[Any]:
    from checker.notation.latex import use_caches
    from checker.notation.latex.cache import ParseCache, default_path
    from derivations import PARSE_CACHE

    caches = ([ParseCache(default_path())] if use_cache else []) + [ParseCache(PARSE_CACHE, writable=False)]
    use_caches(*caches)
    return caches


def _save_caches(caches: list[Any]) -> None:
    for cache in caches:
        cache.save()
        if cache.warning:
            click.echo(f"verify: warning: {cache.warning}", err=True)


def _select(questions: Sequence[Any], ids: Sequence[str], pattern: str | None) -> list[Any]:
    from checker.values.errors import SelectionError

    chosen = list(questions)
    if ids:
        picked: list[Any] = []
        for wanted in ids:
            matches = [q for q in questions if q.id == wanted or q.id.startswith(wanted + "-")
                       or str(getattr(q, "position", "")) == wanted]
            if not matches:
                # a prefix inside a part of the id: one question is that question, several are a question back
                matches = [q for q in questions if q.id.startswith(wanted)]
                if len(matches) > 1:
                    raise SelectionError(f"{wanted!r} matches {len(matches)} ids: "
                                         f"{', '.join(q.id for q in matches)}; give more of the id")
            if not matches:
                known = ", ".join(q.id for q in questions)
                raise SelectionError(f"no question matches {wanted!r} (and no such file); known ids: {known}")
            picked.extend(m for m in matches if m not in picked)
        chosen = [q for q in questions if q in picked]  # document order, whatever the order asked
    if pattern:
        try:
            regex = re.compile(pattern, re.IGNORECASE)
        except re.error as error:
            raise SelectionError(f"-k {pattern!r} is not a valid pattern: {error}") from None
        chosen = [q for q in chosen if regex.search(f"{q.id} {getattr(q, 'section', '')} {getattr(q, 'title', '')}")]
        if not chosen:
            raise SelectionError(f"no question matches -k {pattern!r}")
    return chosen


def _looks_like_path(target: str) -> bool:
    return os.path.exists(target) or target.endswith(".md") or os.sep in target


def load_targets(targets: Sequence[str], pattern: str | None) -> tuple[list[Any], list[str]]:
    """Questions and derivations named on the command line (bank ids, files, folders); plus file errors."""
    from checker.questions.files import QuestionFileError, question_files
    from checker.questions.loading import load_items

    paths = [t for t in targets if _looks_like_path(t)]
    ids = [t for t in targets if not _looks_like_path(t)]
    items: list[Any] = []
    errors: list[str] = []
    if ids or not paths:
        from derivations import bank, chains

        items += _select(list(bank()) + list(chains()), ids, None)
    origin: dict[str, str] = {item.id: "the built-in quiz" for item in items}
    for path in question_files(paths):
        try:
            loaded = load_items(path)
        except QuestionFileError as error:
            errors.extend(error.messages())
            continue
        for item in loaded:
            if item.id in origin:
                # one id, two questions: an export would give both the same idnumber, a report one anchor
                errors.append(f"{path}: question {item.id}: duplicate id — also in {origin[item.id]}; "
                              "give one of them another id")
                continue
            origin[item.id] = str(path)
            items.append(item)
    if pattern:
        items = _select(items, (), pattern)
    return items, errors


def _shard(questions: list[Any], shard: str | None) -> list[Any]:
    """The questions of shard I of N, chosen by a hash of the id so adding a question moves no other."""
    if shard is None:
        return questions
    from checker.values.errors import SelectionError

    found = re.fullmatch(r"(\d+)/(\d+)", shard.strip())
    if not found or not 1 <= int(found.group(1)) <= int(found.group(2)):
        raise SelectionError(f"--shard {shard!r} must be I/N with 1 <= I <= N, e.g. 2/4")
    index, count = int(found.group(1)), int(found.group(2))
    import hashlib

    return [q for q in questions
            if int(hashlib.sha256(q.id.encode()).hexdigest(), 16) % count == index - 1]


def _load(targets: Sequence[str], pattern: str | None, shard: str | None, *,
          use_cache: bool) -> tuple[list[Any], list[str]]:
    """Load the questions the command line names; print file errors; exit 2 on a usage error."""
    from checker.values.errors import CheckerError

    caches = _configure_caches(use_cache)
    try:
        questions, errors = load_targets(targets, pattern)
        questions = _shard(questions, shard)
    except CheckerError as error:
        click.echo(f"verify: error: {error}", err=True)
        sys.exit(EXIT_USAGE)
    _save_caches(caches)
    for message in errors:
        click.echo(f"verify: error: {message}", err=True)
    return questions, errors


def _cache(use_cache: bool) -> Any:
    """The user's result cache over the verdicts shipped with the built-in document, or None (--no-cache)."""
    if not use_cache:
        return None
    from checker.engine.cache import ResultCache, ShippedResults, default_directory
    from derivations import VERDICTS

    return ResultCache(default_directory(), ShippedResults(VERDICTS))


def _run(items: list[Any], *, timeout: float, jobs: int | None, memory_mb: int,
         cache: Any) -> tuple[list[Any], list[Any]]:
    """Check questions and derivations through the result cache, with a progress line on a terminal."""
    from checker.questions.runs import check_items

    progress = None
    if sys.stderr.isatty() and len(items) > 20:
        def progress(done: int, total: int) -> None:
            click.echo(f"\rchecked {done}/{total} claims", nl=done == total, err=True)

    results, chains = check_items(items, timeout=timeout, jobs=jobs, memory_mb=memory_mb, cache=cache,
                                  progress=progress)
    if cache is not None and cache.warning:
        click.echo(f"verify: warning: {cache.warning}", err=True)
    return results, chains


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="verify")
def main() -> None:
    """Check the mathematics of multiple-choice questions and their answer keys.

    Run without a command to check (see `verify check --help`): `verify` checks the built-in RLHF quiz,
    `verify q06` one of its questions, `verify my-questions/` a folder of question files.
    """


@main.command("check")
@click.argument("targets", nargs=-1)
@click.option("-k", "pattern", metavar="PATTERN", help="Only questions whose id or section matches this regex.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
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
def check_command(targets: tuple[str, ...], pattern: str | None, fmt: str, explain: bool, suggest_key: bool,
                  timeout: float, jobs: int | None, memory_mb: int, strict: bool, no_cache: bool,
                  junit_xml: Path | None, shard: str | None, audit: bool, html_file: Path | None) -> None:
    """Check questions: the built-in quiz, ids from it, or question files and folders.

    TARGETS are question ids of the built-in quiz (q06-kl-figures, q06 or 6) or paths to question
    files and folders of them. Exit status: 0 when every question agrees (or carries a recorded
    erratum) and no claim is undecided; 1 otherwise; 2 for a usage or input error.
    """

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

    from checker.reports.common import outcome

    cache = _cache(not no_cache)
    results, chains = _run(items, timeout=timeout, jobs=jobs, memory_mb=memory_mb, cache=cache)
    summary = outcome(results, strict=strict, chains=chains, errors=len(errors))
    audits = {}
    if audit:
        from checker.questions.runs import audit_items

        audits = audit_items(results, chains, timeout=timeout, jobs=jobs, memory_mb=memory_mb, cache=cache)
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
            from .reports import junit

            files[str(self.junit_xml)] = junit.render(results, summary, self.errors, chains)
        if self.html_file is not None:
            if html is None:
                from .reports import html as html_report

                html = html_report.render(results, summary, chains=chains, audits=self.audits, errors=self.errors,
                                          versions=versions)
            files[str(self.html_file)] = html
        if self.suggest_key:
            stdout = "".join(f"{r.question.id}: implied {', '.join(map(str, r.implied)) or 'none'}; key "
                             f"{r.question.key}; {r.status.value}\n" for r in results)
        elif self.fmt == "json":
            from .reports import json as json_report

            if json_document is None:
                self.json_document = json_report.document(results, summary, versions=versions, errors=self.errors,
                                                          chains=chains, audits=self.audits)
                stdout = json_report.dumps(self.json_document) + "\n"
            else:
                stdout = json_report.dumps(json_report.as_cached(json_document)) + "\n"
        else:
            from .reports import text

            stdout = text.render(results, summary, colour=self.colour, explain=self.explain, errors=len(self.errors),
                                 chains=chains, audits=self.audits) + "\n"
        return stdout, files


TEMPLATE = """---
# A question file: this header declares the notation, the body below is what students read.
id: {id}
section: ''
position: 1
rule: incorrect-or-last   # incorrect-or-last | correct-or-last | correct | equals
key: 4                    # the option you believe is the answer; verify tells you if the maths agrees
key_text: 'La 4'
symbols:                  # every LaTeX fragment the formulas use, with its domain:
  r_1: real               #   real | positive | probability | beta | discount factor |
  r_2: real               #   non-negative integer | interval [a, b] | interval (0, 1]
functions:
  '\\sigma': logistic      # '\\mathbb{{D}}_{{\\text{{KL}}}}': kl works over declared distributions
# distributions:          # name: exact entries summing to 1, e.g. P: [9/25, 12/25, 4/25]
definitions:              # a fragment that stands for an expression
  P: '\\frac{{e^{{r_1}}}}{{e^{{r_1}} + e^{{r_2}}}}'
# target: '...'           # for 'equals': the X options must equal, or an equation with \\option
# prose:                  # options without formulas: your stance and a one-line justification
#   3: {{holds: true, justification: 'source or reason'}}
---
Sea $P$ la probabilidad de preferir $y_1$ a $y_2$ según el modelo Bradley-Terry. Indica la opción
incorrecta o la última opción si las tres primeras son correctas:

1. $P = \\frac{{1}}{{1 + e^{{r_2 - r_1}}}}$
2. $P = \\sigma(r_1 - r_2)$
3. $P = \\sigma(r_2 - r_1)$
4. Las tres opciones anteriores son correctas.
"""


@main.command("new")
@click.argument("question_id")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write [default: ID.md in the current folder].")
def new_command(question_id: str, output: Path | None) -> None:
    """Write a commented starter file for a new question (randomised questions: see `verify variants`)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", question_id):
        click.echo(f"verify: error: id {question_id!r} must be lower-case letters, digits, '.', '_' or '-'", err=True)
        sys.exit(EXIT_USAGE)
    target = output or Path(f"{question_id}.md")
    if target.exists():
        fail(f"{target} exists; choose another name with -o")
    output_file(target, "-o")
    write_output(target, TEMPLATE.format(id=question_id), "-o")
    click.echo(f"wrote {target}: edit it, then run `verify {target}`")


@main.command("import")
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("questions"),
              show_default=True, help="Folder for the question files.")
@click.option("--overwrite", is_flag=True, help="Replace files that already exist.")
def import_command(document: Path | None, output: Path, overwrite: bool) -> None:
    """Turn a quiz document (headings, numbered options, '**Solución:** La N') into question files.

    Without DOCUMENT, imports the quiz this project encodes (derivations/source/), as an example.
    """
    from checker.notation.importer import import_document
    from checker.values.errors import CheckerError

    if document is None:
        from derivations import DOCUMENT

        document = DOCUMENT
    try:
        written = import_document(document, output, overwrite=overwrite)
    except CheckerError as error:
        fail(str(error))
    except OSError as error:
        fail(f"-o {output}: {error.strerror or error}" if error.filename and str(output) in str(error.filename)
             else _os_message(error))
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"{len(written)} question files; declare their notation, then run `verify {output}`")


COUNT = Number(int, 1, 100_000)
SEED = Number(int, 0, 2**62)


def _or_fail(call: Any, *args: Any) -> Any:
    """``call(*args)``; a checker error (a template or file problem) is one error line and exit 2."""
    from checker.values.errors import CheckerError

    try:
        return call(*args)
    except CheckerError as error:
        fail(str(error).split("\n")[0])


def _template(path: Path) -> Any:
    from checker.questions.templates import load_template

    return _or_fail(load_template, path)


def _draw_variants(template: Any, count: int, seed: int) -> list[tuple[Any, Any]]:
    """``count`` variants from ``seed`` on; a template problem is one error line and exit 2."""
    return _or_fail(lambda: list(template.variants(count, seed)))


def _run_options(command: Any) -> Any:
    """The options every command that checks a set of questions shares."""
    for option in reversed((
            click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                         help="Human summary or one JSON document."),
            click.option("--timeout", type=TIMEOUT, default=10.0, show_default=True,
                         help="Time limit per claim in seconds (0.1 to 86400)."),
            click.option("-j", "--jobs", type=JOBS, default=None,
                         help="Worker processes (1 to 512) [default: one per CPU]."),
            click.option("--no-cache", is_flag=True,
                         help="Neither read nor write the result and LaTeX parse caches."))):
        command = option(command)
    return command


@main.command("variants")
@click.argument("template", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-n", "count", type=COUNT, default=20, show_default=True, help="How many variants (1 to 100000).")
@click.option("--seed", type=SEED, default=1, show_default=True,
              help="Seed of the first variant; the i-th has seed SEED + i - 1, and its seed alone reproduces it.")
@_run_options
def variants_command(template: Path, count: int, seed: int, fmt: str, timeout: float, jobs: int | None,
                     no_cache: bool) -> None:
    """Draw N variants (-n) of a template (a question file with `parameters`) and check each one.

    Reports the variants whose key is not validated (with their parameters), options that state the same
    thing for some draws, each option's truth across variants, where the answer sits, and the draws the
    conditions rejected. Exit status: 0 when every variant's key is validated, 1 otherwise, 2 for a usage
    or input error (a template no draw can satisfy included).
    """
    from checker.questions.templates import Summary, VariantResult

    from .reports import json as json_report
    from .reports import variants as report

    caches = _configure_caches(not no_cache)
    loaded = _template(template)
    drawn = _draw_variants(loaded, count, seed)
    _save_caches(caches)
    results, _ = _run([q for _, q in drawn], timeout=timeout, jobs=jobs, memory_mb=4096,
                      cache=_cache(not no_cache))
    summary = Summary(loaded, seed, tuple(VariantResult(d, r) for (d, _), r in zip(drawn, results)))
    from checker.engine.checking import interrupted

    if fmt == "json":
        click.echo(json_report.dumps(report.document(summary)))
    else:
        click.echo(report.text(summary), nl=False)
    if interrupted():
        fail("interrupted (Ctrl-C): variants not checked by then are undecided")
    sys.exit(report.exit_code(summary))


@main.command("stats")
@click.argument("banks", nargs=-1)
@_run_options
def stats_command(banks: tuple[str, ...], fmt: str, timeout: float, jobs: int | None, no_cache: bool) -> None:
    """Statistics of question banks (each BANK a folder or file; none: the built-in quiz): statuses and rules,
    where the key and the implied answer sit, questions that are the same up to renaming, options that state
    the same thing. Exit status: 0, or 2 when a file could not be read."""
    from .reports import json as json_report
    from .reports import stats

    found = []
    problems = 0
    for bank in banks or ("",):
        items, errors = _load((bank,) if bank else (), None, None, use_cache=not no_cache)
        problems += len(errors)
        results, _ = _run([i for i in items if hasattr(i, "options")], timeout=timeout, jobs=jobs, memory_mb=4096,
                          cache=_cache(not no_cache))
        found.append(stats.BankStats(bank or "the built-in quiz", tuple(results)))
    click.echo(json_report.dumps(stats.document(found)) if fmt == "json" else stats.text(found), nl=fmt == "json")
    sys.exit(EXIT_USAGE if problems else EXIT_OK)


@main.command("export")
@click.argument("targets", nargs=-1)
@click.option("--to", "fmt", type=click.Choice(["moodle-xml", "gift", "html"]), default="moodle-xml",
              show_default=True, help="Output format; html is an offline preview of what students see.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write [default: standard output].")
@click.option("--key", "key_policy", type=click.Choice(["document", "implied"]), default="document",
              show_default=True,
              help="document: the key, where the checker validates it; implied: where the key disagrees, the "
                   "one option the mathematics implies.")
@click.option("--force", is_flag=True,
              help="Also export questions whose key is not validated, keeping the key (marked in the name, "
                   "without option feedback).")
@click.option("--evidence", is_flag=True, help="Put the checker's evidence in each question's general feedback.")
@click.option("--variants", "variant_count", type=Number(int, 1, 10_000), default=None,
              help="For each template among the files: N variants whose key the checker validates, in a "
                   "category of their own (without it: the variant of seed 1).")
@click.option("--timeout", type=TIMEOUT, default=10.0, show_default=True,
              help="Time limit per claim in seconds (0.1 to 86400).")
@click.option("-j", "--jobs", type=JOBS, default=None, help="Worker processes (1 to 512).")
def export_command(targets: tuple[str, ...], fmt: str, output: Path | None, key_policy: str, force: bool,
                   evidence: bool, variant_count: int | None, timeout: float, jobs: int | None) -> None:
    """Export validated questions (files, folders or built-in ids; none: the built-in quiz) for a learning
    platform.

    A question is exported when the checker agrees with its key (for prose options: when it agrees if
    the asserted options hold); --key implied exports the answer the mathematics implies where the key
    disagrees; --force keeps the key of the others and says so. Exit status: 0 when every question was
    exported, 1 when some were left out, 2 for a usage or input error.
    """
    from .reports import platforms

    output_file(output, "-o")
    items, errors = _load(targets, None, None, use_cache=True)
    templates = _templates_among(targets) if variant_count else []
    replaced = {f"{t.id}-s1" for t in templates}
    results, _ = _run([i for i in items if hasattr(i, "options") and i.id not in replaced], timeout=timeout,
                      jobs=jobs, memory_mb=4096, cache=_cache(True))
    chosen, skipped = platforms.choose(results, key=key_policy, force=force)
    for template in templates:
        chosen += _validated_variants(template, variant_count or 0, timeout=timeout, jobs=jobs)
    for message in skipped:
        click.echo(f"verify: {message}", err=True)
    for item in chosen:
        if item.note:
            click.echo(f"verify: {item.result.question.id}: {item.note}", err=True)
    if fmt == "moodle-xml":
        document = platforms.moodle_xml(chosen, with_evidence=evidence)
    elif fmt == "gift":
        document = platforms.gift(chosen, with_evidence=evidence)
    else:
        document = platforms.preview(chosen)
    if output is None:
        click.echo(document, nl=False)
    else:
        write_output(output, document, "-o")
        click.echo(f"wrote {len(chosen)} question(s) to {output}", err=True)
    wanted = len(results) + len(templates) * (variant_count or 0)
    sys.exit(EXIT_USAGE if errors else EXIT_OK if len(chosen) == wanted else EXIT_FAILED)


def _templates_among(targets: Sequence[str]) -> list[Any]:
    from checker.questions.templates import templates_among

    return templates_among([t for t in targets if _looks_like_path(t)])


def _validated_variants(template: Any, count: int, *, timeout: float, jobs: int | None) -> list[Any]:
    """The export's share of a template: its validated variants, each in the template's category."""
    from checker.questions.templates import validated_variants

    from .reports import platforms

    def check(questions: list[Any]) -> list[Any]:
        return _run(questions, timeout=timeout, jobs=jobs, memory_mb=4096, cache=_cache(True))[0]

    selection = _or_fail(validated_variants, template, count, check)
    message = f"verify: {template.id}: {selection.summary()}"
    if len(selection.chosen) < count:
        message += f" — see `verify variants {template.path}`"
    click.echo(message, err=True)
    return [platforms.Exported(result, result.question.key, True, category=template.id)
            for _, result in selection.chosen]
