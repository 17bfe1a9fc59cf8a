"""``verify variants``, ``verify stats`` and ``verify export``: templates' variants, banks' statistics, exports.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from .app import (
    COUNT,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    JOBS,
    SEED,
    TIMEOUT,
    Number,
    fail,
    main,
    output_file,
    write_output,
)
from .running import _cache, _configure_caches, _load, _looks_like_path, _run, _save_caches


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
    from checker.reports import json as json_report
    from checker.reports import variants as report

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
    from checker.reports import json as json_report
    from checker.reports import stats

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
@click.option("--to", "fmt", type=click.Choice(["moodle-xml", "gift", "qti", "html"]), default="moodle-xml",
              show_default=True, help="Output format: Moodle XML, GIFT, a QTI 2.1 package (zip; -o required), or "
                                      "html, an offline preview of what students see.")
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
    from checker.reports import platforms

    output_file(output, "-o")
    if fmt == "qti" and output is None:
        fail("--to qti writes a zip package: give the file with -o (e.g. -o quiz.zip)")
    items, errors = _load(targets, None, None, use_cache=True)
    templates = _templates_among(targets) if variant_count else []
    replaced = {f"{t.id}-s1" for t in templates}
    results, _ = _run([i for i in items if hasattr(i, "options") and i.id not in replaced], timeout=timeout,
                      jobs=jobs, memory_mb=4096, cache=_cache(True))
    chosen, skipped = platforms.choose(results, key=key_policy, force=force)
    for template in templates:
        chosen += _validated_variants(template, variant_count or 0, timeout=timeout, jobs=jobs)
    if fmt == "gift":
        chosen, left_out = platforms.fixed_order(chosen)
        skipped += left_out
    for message in skipped:
        click.echo(f"verify: {message}", err=True)
    from checker.reports.feedback import language
    from checker.reports.language import has_catalogue

    for item in chosen:
        if item.note:
            click.echo(f"verify: {item.result.question.id}: {item.note}", err=True)
        if not has_catalogue(language(item.result.question)):
            click.echo(f"verify: {item.result.question.id}: no catalogue for language "
                       f"'{language(item.result.question)}'; its feedback is in English", err=True)
    if fmt == "moodle-xml":
        document = platforms.moodle_xml(chosen, with_evidence=evidence)
    elif fmt == "gift":
        document = platforms.gift(chosen, with_evidence=evidence)
    elif fmt == "qti":
        from checker.reports import qti

        write_output(output, qti.package(chosen), "-o")  # type: ignore[arg-type]
        document = ""
    else:
        document = platforms.preview(chosen)
    if fmt == "qti":
        click.echo(f"wrote {len(chosen)} question(s) to {output}", err=True)
    elif output is None:
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
    from checker.reports import platforms

    def check(questions: list[Any]) -> list[Any]:
        return _run(questions, timeout=timeout, jobs=jobs, memory_mb=4096, cache=_cache(True))[0]

    selection = _or_fail(validated_variants, template, count, check)
    message = f"verify: {template.id}: {selection.summary()}"
    if len(selection.chosen) < count:
        message += f" — see `verify variants {template.path}`"
    click.echo(message, err=True)
    return [platforms.Exported(result, result.question.key, True, category=template.id)
            for _, result in selection.chosen]
