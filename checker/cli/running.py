"""What the commands share: targets loaded and selected, caches configured, items run through the library.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any

import click

from checker.values.printable import printable, shown_path

from .app import EXIT_USAGE


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
    for folder in paths:
        if os.path.isdir(folder) and not any(True for _ in question_files([folder])):
            errors.append(f"{shown_path(folder)}: a folder with no question or derivation files (*.md) in it")
    for path in question_files(paths):
        try:
            loaded = load_items(path)
        except QuestionFileError as error:
            errors.extend(error.messages())
            continue
        for item in loaded:
            if item.id in origin:
                # one id, two questions: an export would give both the same idnumber, a report one anchor
                errors.append(f"{shown_path(path)}: question {item.id}: duplicate id — also in {origin[item.id]}; "
                              "give one of them another id")
                continue
            origin[item.id] = shown_path(path)
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
        click.echo(f"verify: error: {printable(str(error))}", err=True)
        sys.exit(EXIT_USAGE)
    _save_caches(caches)
    for message in errors:
        click.echo(f"verify: error: {printable(message)}", err=True)
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
    pending = [False]  # a progress line without its end of line, which the next message must not continue
    if sys.stderr.isatty() and len(items) > 20:
        def progress(done: int, total: int) -> None:
            pending[0] = done != total  # first: a Ctrl-C may land while the line is being written
            click.echo(f"\rchecked {done}/{total} claims", nl=done == total, err=True)

    try:
        results, chains = check_items(items, timeout=timeout, jobs=jobs, memory_mb=memory_mb, cache=cache,
                                      progress=progress)
    finally:
        if pending[0]:
            click.echo("", err=True)
    if cache is not None and cache.warning:
        click.echo(f"verify: warning: {cache.warning}", err=True)
    return results, chains
