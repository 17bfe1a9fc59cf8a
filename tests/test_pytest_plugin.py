"""The pytest plugin (issue 22): question and derivation files as test items in a project's own test run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

WRONG_KEY = """---
id: wrongkey
rule: correct
key: 2
symbols:
  x: real
---
Which holds for every real x?

1. $x^2 \\ge 0$
2. $x \\ge 0$
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "q03.md").write_bytes((ROOT / "derivations" / "questions" / "q03-return.md").read_bytes())
    (tmp_path / "d4.md").write_bytes((ROOT / "derivations" / "chains" / "d4-dpo-gradient.md").read_bytes())
    (tmp_path / "wrong.md").write_text(WRONG_KEY, encoding="utf-8")
    (tmp_path / "README.md").write_text("# a project\n\nNot a question file.\n", encoding="utf-8")
    (tmp_path / "bad.md").write_text("---\nid: bad\nrule: correct\nkey: 1\n---\nQ\n\n1. $x + $\n2. $1$\n",
                                     encoding="utf-8")
    return tmp_path


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(folder / ".cache"))
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rf", *args],
                          cwd=folder, capture_output=True, text=True, timeout=300, env=env)


def test_files_are_items_and_failures_show_the_verdict_table(project: Path) -> None:
    result = _pytest(project, "--verify")
    assert result.returncode == 1, result.stdout[-3000:]
    out = result.stdout
    assert "2 failed, 8 passed" in out  # q03 + 4 options, d4, wrongkey + 2 options; bad.md fails
    assert "FAILED wrong.md::wrongkey" in out and "FAILED bad.md::bad.md" in out
    assert "the rule picks 1 but the key says 2" in out and "x = -1" in out  # the table, with the counterexample
    assert "bad.md:8:5: question bad: option 1" in out
    assert "README.md" not in out


def test_the_plugin_is_inert_without_verify(project: Path) -> None:
    result = _pytest(project)
    assert result.returncode == 5 and "no tests ran" in result.stdout  # nothing collected


def test_k_and_markers_select_items(project: Path) -> None:
    by_name = _pytest(project, "--verify", "-k", "d4 or wrongkey", "--co")
    assert "d4-dpo-gradient" in by_name.stdout and "wrongkey" in by_name.stdout and "q03-return" not in by_name.stdout
    derivations = _pytest(project, "--verify", "-m", "derivation")
    assert derivations.returncode == 0 and "1 passed" in derivations.stdout
    first = _pytest(project, "--verify", "-x", "wrong.md", "q03.md")
    assert first.returncode == 1 and "1 failed" in first.stdout


def test_the_ini_option_enables_it(project: Path) -> None:
    (project / "pytest.ini").write_text("[pytest]\nverify = true\n", encoding="utf-8")
    result = _pytest(project, "-m", "derivation")
    assert result.returncode == 0 and "1 passed" in result.stdout


def test_it_runs_under_xdist(project: Path) -> None:
    pytest.importorskip("xdist")
    result = _pytest(project, "--verify", "-n", "2")
    assert result.returncode == 1 and "2 failed, 8 passed" in result.stdout, result.stdout[-2000:]
