"""What makes repeat runs fast, and why it cannot answer wrongly: the verdicts shipped with the document,
the run cache that replays an unchanged run, and the audit's reuse of earlier results."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli.verify import _reproducible
from checker.engine.cache import ResultCache, ShippedResults
from checker.questions.runs import audit_items, check_items
from checker.values.verdicts import undecided

ROOT = Path(__file__).resolve().parent.parent
Q08 = ROOT / "derivations" / "questions" / "q08-bradley-terry.md"


def test_the_shipped_verdicts_answer_every_claim_of_the_document_and_agree_with_fresh_ones(
        tmp_path: Path, bank_results) -> None:  # type: ignore[no-untyped-def]
    """Run `python -m derivations` after editing the checker or a question file if this fails: the shipped
    verdicts are keyed by the engine's source, so a stale file is ignored (slow), never wrong."""
    from derivations import VERDICTS, bank, chains

    shipped = ShippedResults(VERDICTS)
    import sympy

    if shipped.sympy != sympy.__version__:
        pytest.skip(f"the shipped verdicts were made with SymPy {shipped.sympy}, this is {sympy.__version__}: they "
                    "are rightly ignored; run python -m derivations to ship verdicts for this version")
    assert shipped.verdicts, "derivations/questions/verdicts.json was made by another engine: rebuild it"
    cache = ResultCache(tmp_path / "empty", shipped)
    results, derived = check_items([*bank(), *chains()], cache=cache)
    audit_items(results, derived, cache=cache)
    missing = sorted(p.name for p in (tmp_path / "empty").glob("*/*.json") if '"verdict"' in p.read_text("utf-8"))
    assert cache.misses == 0, f"{cache.misses} claims not shipped (e.g. {missing[:3]}): run python -m derivations"
    for result in results:
        fresh = bank_results[result.question.id]
        assert [(o.verdict.status, o.verdict.holds) for o in result.options] == \
            [(o.verdict.status, o.verdict.holds) for o in fresh.options]
        assert result.status is fresh.status


def test_a_shipped_file_from_another_engine_is_ignored(tmp_path: Path) -> None:
    from derivations import VERDICTS

    text = VERDICTS.read_text(encoding="utf-8").replace('"engine": "', '"engine": "0', 1)
    (tmp_path / "v.json").write_text(text, encoding="utf-8")
    assert ShippedResults(tmp_path / "v.json").verdicts == {}


def _verify(args: list[str], cache_home: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    verify = Path(sys.executable).parent / "verify"
    command = [str(verify)] if verify.exists() else [sys.executable, "-m", "checker"]
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, XDG_CACHE_HOME=str(cache_home), VERIFY_REPLAY="1",
                                   PYTHONPROFILEIMPORTTIME="1" if "importtime" in extra else ""))


def test_an_unchanged_run_is_replayed_without_sympy_and_a_change_is_checked(tmp_path: Path) -> None:
    question = tmp_path / "q.md"
    question.write_text(Q08.read_text(encoding="utf-8"), encoding="utf-8")
    home = tmp_path / "cache"
    first = _verify([str(question)], home)
    second = _verify([str(question)], home, "importtime")
    assert first.returncode == second.returncode == 0
    assert second.stdout.replace("cached", "").split() != [] and "cached" in second.stdout
    # the same report, every verdict marked as cached
    assert [line.split()[:2] for line in first.stdout.splitlines() if line.strip()[:1].isdigit()] == \
        [line.split()[:2] for line in second.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert "| sympy" not in second.stderr and "checker.questions.replay" in second.stderr
    # one byte changed in the input: checked again (option 2 becomes false)
    question.write_text(question.read_text(encoding="utf-8").replace("1 + e^{r_2 - r_1}", "1 + e^{r_1 - r_2}"),
                        encoding="utf-8")
    third = _verify([str(question)], home)
    assert "refuted" in third.stdout and third.stdout != second.stdout


def test_no_cache_neither_replays_nor_stores(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "cache"
    _verify(["--no-cache", str(Q08)], home)
    assert not (home / "rlhf-derivation-checker" / "runs").exists()


def test_a_run_that_depends_on_the_moment_is_not_stored(bank_results) -> None:  # type: ignore[no-untyped-def]
    results = list(bank_results.values())
    assert _reproducible(results, [], {})
    from dataclasses import replace

    cut = replace(results[0], options=(replace(results[0].options[0],
                                               verdict=undecided("time limit of 1 s exceeded", "time limit")),
                                       *results[0].options[1:]))
    assert not _reproducible([cut, *results[1:]], [], {})


def test_the_audit_reuses_earlier_results(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    question = tmp_path / "audit.md"
    question.write_text("---\nid: audit\nrule: correct\nkey: 1\nsymbols:\n  x: positive\n---\nWhich holds?\n\n"
                        "1. $\\sqrt{x^2} = x$\n2. $\\frac{1}{x - 1} = x$\n", encoding="utf-8")
    from checker.questions.loading import load_question
    from checker.questions.question import check_questions

    results = check_questions([load_question(question)])
    cache = ResultCache(tmp_path / "results")
    first = audit_items(results, [], cache=cache)
    stored = len(list((tmp_path / "results").glob("*/*.json")))
    assert stored >= 2  # the weakened claim, and the definedness probe of 1/(x − 1) (√x² needs none)
    again = ResultCache(tmp_path / "results")
    second = audit_items(results, [], cache=again)
    assert again.hits >= 1 and again.misses == 0
    assert [a.undefined for a in first.values()] == [a.undefined for a in second.values()]
    assert [[c.necessary for c in a.assumptions] for a in first.values()] == \
        [[c.necessary for c in a.assumptions] for a in second.values()]
