"""The CI snippets of docs/ci.md work as written (issue 22): the workflow's shell steps in a fresh virtual
environment installing this repository from a git URL at a commit that exists, and the pre-commit hook run by
pre-commit itself against a local clone. Slow (each installs the package and its dependencies): run with
``python -m pytest -m slow tests/test_ci_snippets.py``."""

from __future__ import annotations

import os
import re
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
QUESTION = (ROOT / "README.md").read_text(encoding="utf-8").split("```markdown\n", 1)[1].split("```", 1)[0]

pytestmark = pytest.mark.slow


def _run(command: list[str], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cwd / ".cache"), PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A clone of this repository at its current commit (what a user's git URL would give)."""
    target = tmp_path_factory.mktemp("clone") / "checker"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True, timeout=120)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=target, capture_output=True, text=True,
                            check=True).stdout.strip()
    return target, commit


def test_the_workflow_steps_install_from_a_git_url_and_annotate(clone: tuple[Path, str], tmp_path: Path) -> None:
    repository, commit = clone
    step = re.search(r'- run: pip install "(git\+[^"]+)"', DOCS)
    assert step is not None and "@<commit>" in step.group(1)
    url = f"git+file://{repository}@{commit}"
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    install = _run([str(python), "-m", "pip", "install", "-q", url], tmp_path)
    assert install.returncode == 0, install.stderr[-2000:]
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "sigma.md").write_text(QUESTION, encoding="utf-8")
    command = re.search(r"- run: (verify questions/ .*)", DOCS).group(1)  # type: ignore[union-attr]
    command = command.replace("${{ matrix.shard }}", "1")
    result = _run([str(environment / "bin" / "verify"), *command.split()[1:]], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "verify-1.xml").exists() and "1 questions: 1 agrees" in result.stdout


def test_the_pre_commit_hook_runs_against_a_local_clone(clone: tuple[Path, str], tmp_path: Path) -> None:
    repository, commit = clone
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    assert _run([str(python), "-m", "pip", "install", "-q", "pre-commit"], tmp_path).returncode == 0
    project = tmp_path / "project"
    (project / "questions").mkdir(parents=True)
    (project / "questions" / "sigma.md").write_text(QUESTION, encoding="utf-8")
    (project / "questions" / "wrong.md").write_text(QUESTION.replace("key: 2", "key: 1").replace("sigma-symmetry",
                                                                                                   "wrong"), "utf-8")
    _run(["git", "init", "-q"], project)
    _run(["git", "add", "."], project)
    config = re.search(r"```yaml\n(repos:.*?)```", DOCS, re.S).group(1)  # type: ignore[union-attr]
    config = re.sub(r"repo: \S+", f"repo: {repository}", config)
    config = re.sub(r"rev: \S+", f"rev: {commit}", config)
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    result = _run([str(environment / "bin" / "pre-commit"), "run", "--all-files"], project)
    assert result.returncode == 1, result.stdout + result.stderr  # the wrong key fails the hook
    assert "verify question files" in result.stdout and "wrong" in result.stdout
