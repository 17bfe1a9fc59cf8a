"""The layers of checker/ as import-linter contracts, and no import cycles among the package's modules.

The contracts live in pyproject.toml ([tool.importlinter]); these tests run import-linter on the package as it
is, and on copies with a wrong arrow planted, so a contract that could not fail would be noticed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("values", "numeric", "engine", "notation", "questions", "reports")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(root)}
    script = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run([sys.executable, "-c", script, "--config", str(root / "pyproject.toml"), "--no-cache"],
                          cwd=root, env=environment, capture_output=True, text=True, timeout=300)


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "checker", tmp_path / "checker", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _plant(root: Path, module: str, line: str) -> None:
    path = root / Path(*module.split(".")).with_suffix(".py")
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # planted\n", encoding="utf-8")


def _cycles(package: str) -> list[list[str]]:
    """The import cycles among a package's modules: strongly connected components of grimp's graph."""
    graph = grimp.build_graph(package, cache_dir=None)
    imported = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in sorted(graph.modules)}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    for start in imported:
        if start in order:
            continue
        work = [(start, iter(imported[start]))]
        order[start] = low[start] = len(order)
        stack.append(start)
        while work:
            module, successors = work[-1]
            for successor in successors:
                if successor not in order:
                    order[successor] = low[successor] = len(order)
                    stack.append(successor)
                    work.append((successor, iter(imported[successor])))
                    break
                if successor in stack:
                    low[module] = min(low[module], order[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[module])
                if low[module] == order[module]:
                    component = []
                    while True:
                        member = stack.pop()
                        component.append(member)
                        if member == module:
                            break
                    if len(component) > 1 or module in imported[module]:
                        found.append(sorted(component))
    return found


def test_the_layer_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "broken"), [
    ("checker.values.domains", "from checker.cli import main", "Layers"),
    ("checker.numeric.sign", "import checker.engine.prove", "Layers"),
    ("checker.engine.points", "from checker.notation.latex import parse", "notation and engine"),
    ("checker.notation.latex.reader", "from checker.engine.checking import check", "notation and engine"),
])
def test_a_planted_wrong_arrow_breaks_a_contract_with_import_linters_message(tmp_path, module, line, broken):
    root = _copy(tmp_path)
    _plant(root, module, line)
    result = _lint(root)
    assert result.returncode == 1, result.stdout + result.stderr
    report = result.stdout
    verdicts = [line for line in report.splitlines() if line.startswith(("Layers:", "Reading a formula"))]
    assert any(broken in line and line.endswith("BROKEN") for line in verdicts), report
    target = line.split()[1]
    assert f"{module} -> {target}" in report, report


def test_no_import_cycles_among_the_packages_modules():
    assert _cycles("checker") == []


def test_the_cycle_finder_finds_a_planted_cycle(tmp_path):
    root = _copy(tmp_path)
    _plant(root, "checker.values.errors", "from checker.values import claims")
    # in another process: the copy must not replace the checker this process has imported
    script = ("import json, sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; "
              "from tests.test_architecture import _cycles; print(json.dumps(_cycles('checker')))")
    result = subprocess.run([sys.executable, "-c", script, str(root), str(ROOT)], capture_output=True, text=True,
                            cwd=root, timeout=300)
    assert result.returncode == 0, result.stderr
    cycles = json.loads(result.stdout)
    assert any({"checker.values.errors", "checker.values.claims"} <= set(c) for c in cycles), cycles


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_says_what_it_owns_and_what_it_may_import(layer):
    import importlib

    doc = importlib.import_module(f"checker.{layer}").__doc__ or ""
    assert "May import" in doc and len(doc.split()) > 25, doc


def test_the_layer_packages_import_nothing_when_imported():
    """A layer's __init__ holds its docstring (and, for files and templates, their interface): importing
    checker.engine to reach the digest must not load SymPy."""
    script = ("import sys, checker.engine.digest, checker.questions.replay, checker.values, checker.numeric; "
              "print('sympy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.stdout.strip() == "False", result.stdout + result.stderr


def test_no_module_is_over_about_400_lines():
    """A module past ~400 lines has been doing several jobs; split it by the steps it performs."""
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
             for p in (ROOT / "checker").rglob("*.py")}
    assert {path: size for path, size in sizes.items() if size > 420} == {}
