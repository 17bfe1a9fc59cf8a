"""What CI pipelines rely on: JUnit XML, shards, the result cache, worker limits and progress."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import sympy as sp
from click.testing import CliRunner

from checker import FiniteCheck, Reference, Scope, Status
from checker.cli import main
from checker.engine.cache import ResultCache, claim_key
from checker.engine.checking import check_many


def test_junit_xml_has_a_case_per_question_and_per_option(runner: CliRunner, tmp_path: Path) -> None:
    report = tmp_path / "verify.xml"
    result = runner.invoke(main, ["q06", "q09", "--junit-xml", str(report)])
    assert result.exit_code == 0
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None
    cases = [(c.get("classname"), c.get("name")) for c in suite.findall("testcase")]
    assert ("q06-kl-figures", "question") in cases and ("q09-length-reward", "option 4") in cases
    assert len([c for c in cases if c[1] == "question"]) == 2
    assert suite.get("failures") == "0"
    strict = runner.invoke(main, ["q06", "--strict", "--junit-xml", str(report)])
    assert strict.exit_code == 1
    failing = ET.parse(report).getroot().find("testsuite/testcase[@name='question']/failure")
    assert failing is not None and "disagrees" in failing.get("message", "")


def test_shards_partition_the_questions(runner: CliRunner) -> None:
    seen: list[str] = []
    for index in (1, 2, 3):
        result = runner.invoke(main, ["--suggest-key", "--shard", f"{index}/3"])
        assert result.exit_code in (0, 1)
        seen += [line.split(":")[0] for line in result.output.splitlines()]
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 14
    bad = runner.invoke(main, ["--shard", "4/3"])
    assert bad.exit_code == 2 and "must be I/N" in bad.output


def _claims() -> list:  # type: ignore[type-arg]
    s = Scope()
    a, b = s.real("a"), s.real("b")
    return [s.identity(sp.exp(a + b), sp.exp(a) * sp.exp(b), "exp(a+b)"),
            s.identity(sp.exp(a) * sp.exp(b), sp.exp(a - b), "wrong"),
            s.identity(sp.Derivative(sp.Function("f", real=True)(a) ** 2, a),
                       sp.Function("f", real=True)(a), "derivative")]


def test_result_cache_answers_a_second_run_identically(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    first = cache.check_many(_claims(), jobs=1)
    second_cache = ResultCache(tmp_path)
    second = second_cache.check_many(_claims(), jobs=1)
    assert second_cache.hits == 3 and all(v.cached for v in second)
    assert [v.status for v in first] == [v.status for v in second] == [Status.PROVED, Status.REFUTED, Status.REFUTED]
    assert second[1].counterexample == first[1].counterexample
    assert second[2].counterexample == first[2].counterexample  # derivative atoms matched back


def test_corrupt_cache_entries_are_ignored_and_rewritten(tmp_path: Path) -> None:
    claims = _claims()
    ResultCache(tmp_path).check_many(claims, jobs=1)
    entries = sorted(tmp_path.rglob("*.json"))
    assert len(entries) == 3
    entries[0].write_text("{not json", encoding="utf-8")
    entries[1].write_text(json.dumps({"key": "other", "verdict": {}}), encoding="utf-8")
    cache = ResultCache(tmp_path)
    verdicts = cache.check_many(claims, jobs=1)
    assert cache.hits == 1 and cache.misses == 2
    assert [v.status for v in verdicts] == [Status.PROVED, Status.REFUTED, Status.REFUTED]
    assert all(json.loads(p.read_text(encoding="utf-8"))["key"] == p.stem for p in entries)


def test_cache_key_follows_content_not_wording() -> None:
    s = Scope()
    x = s.positive("x")
    same = [s.identity(sp.log(x**2), 2 * sp.log(x), text) for text in ("one wording", "another")]
    other = s.identity(sp.log(x**3), 3 * sp.log(x), "one wording")
    assert claim_key(same[0]) == claim_key(same[1]) != claim_key(other)
    assert claim_key(Scope.prose("p", holds=True, justification="j")) is None


def test_concurrent_runs_share_the_cache_safely(tmp_path: Path) -> None:
    """Two processes filling the same cache at once leave only complete, readable entries."""
    script = ("import sys; from checker.engine.cache import ResultCache; from tests.test_ci_use import _claims; "
              "ResultCache(__import__('pathlib').Path(sys.argv[1])).check_many(_claims() * 3, jobs=1)")
    root = Path(__file__).resolve().parents[1]
    runs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], cwd=root) for _ in range(3)]
    assert all(run.wait(timeout=120) == 0 for run in runs)
    entries = list(tmp_path.rglob("*.json"))
    assert len(entries) == 3 and not list(tmp_path.rglob(".tmp-*"))
    for entry in entries:
        assert json.loads(entry.read_text(encoding="utf-8"))["key"] == entry.stem


def test_no_cache_bypasses_the_result_cache(runner: CliRunner, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    # claims of one's own: the built-in document's verdicts ship with it and would answer from there
    question = tmp_path / "own.md"
    question.write_text("---\nid: own\nrule: correct\nkey: 1\nsymbols:\n  x: real\n---\nWhich?\n\n"
                        "1. $(x + 1)^2 = x^2 + 2x + 1$\n2. $(x + 1)^2 = x^2 + 1$\n", encoding="utf-8")
    runner.invoke(main, [str(question), "--no-cache"])
    assert not (tmp_path / "rlhf-derivation-checker" / "results").exists()
    assert not (tmp_path / "rlhf-derivation-checker" / "runs").exists()
    runner.invoke(main, [str(question)])
    assert list((tmp_path / "rlhf-derivation-checker" / "results").rglob("*.json"))
    cached = runner.invoke(main, [str(question)])
    assert "cached" in cached.output


def test_memory_limit_makes_a_greedy_claim_undecided() -> None:
    greedy = Scope.finite("allocates", FiniteCheck(lambda _: len(bytearray(3 << 30)) > 0, lambda: [0], "one"),
                          Reference("greedy", "test"))
    verdict = check_many([greedy], timeout=60, jobs=1, memory_mb=1024)[0]
    assert verdict.status is Status.UNDECIDED
    assert "memory" in verdict.reason


def test_progress_is_reported_claim_by_claim() -> None:
    seen: list[tuple[int, int]] = []
    check_many(_claims(), jobs=2, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_claim_repeated_in_a_run_is_checked_once_with_the_same_verdict() -> None:
    """Two questions with the same option: one check; the repeat says it was answered, not recomputed."""
    claims = _claims()
    again = _claims()  # equal content, new objects and labels
    scope = Scope()
    a, b = scope.real("a"), scope.real("b")
    relabelled = [scope.identity(sp.exp(a) * sp.exp(b), sp.exp(a - b), "other label")]
    seen: list[tuple[int, int]] = []
    verdicts = check_many(claims + again + relabelled, jobs=1, progress=lambda d, t: seen.append((d, t)))
    assert [v.cached for v in verdicts] == [False] * 3 + [True] * 4
    for first, repeat in zip(verdicts, verdicts[3:6]):
        assert (first.status, first.summary, first.steps) == (repeat.status, repeat.summary, repeat.steps)
    assert verdicts[6].status is Status.REFUTED and verdicts[6].summary == verdicts[1].summary
    assert seen[-1] == (7, 7)
    # a different domain is a different claim
    positive = Scope()
    a, b = positive.positive("a"), positive.positive("b")
    other = check_many([claims[1], positive.identity(sp.exp(a) * sp.exp(b), sp.exp(a - b), "wrong")], jobs=1)
    assert not other[1].cached


def test_pre_commit_hook_definition_runs_verify() -> None:
    import yaml

    hooks = yaml.safe_load((Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["entry"] == "verify" and hooks[0]["files"].endswith(r"\.md$")


def test_only_deterministic_undecided_verdicts_are_cached(tmp_path: Path) -> None:
    """An exhausted search is cached; a verdict cut by the time limit never is."""
    s = Scope()
    x = s.real("x")
    exhausted = s.identity(sp.erf(x), sp.erf(2 * x), "erf")
    ResultCache(tmp_path).check_many([exhausted], jobs=1)
    again = ResultCache(tmp_path)
    assert again.check_many([exhausted], jobs=1)[0].cached and again.hits == 1
    slow = s.identity(sp.expand((x + 1) ** 900), (x + 1) ** 900, "a long expansion")
    verdict = ResultCache(tmp_path / "t").check_many([slow], timeout=0.2, jobs=1)[0]
    assert verdict.status is Status.UNDECIDED and "time limit" in verdict.reason
    assert not list((tmp_path / "t").rglob("*.json"))


def test_finite_checks_are_cached_by_their_code(tmp_path: Path) -> None:
    """A finite check defined in a package is cached; its key follows the package's source files."""
    from derivations import bank

    claim = next(o.claim for q in bank() if q.id == "q11-rejection-sampling" for o in q.options if o.claim)
    key = claim_key(claim)
    assert key is not None
    ResultCache(tmp_path).check_many([claim], jobs=1)
    again = ResultCache(tmp_path)
    verdict = again.check_many([claim], jobs=1)[0]
    assert again.hits == 1 and verdict.cached and verdict.status is Status.ASSERTED
    local = Scope.finite("local", FiniteCheck(lambda n: n >= 0, lambda: range(3), "n < 3"), Reference("r", "s"))
    assert claim_key(local) is not None  # defined in this test module: keyed by the tests folder's sources
