"""The README's examples do what the README says."""

from __future__ import annotations

import pathlib
import re

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"
DOCS = README.parent / "docs"


def test_encoding_example_runs_and_gives_the_stated_verdicts() -> None:
    blocks = re.findall(r"```python\n(.*?)```", (DOCS / "python.md").read_text(encoding="utf-8"), re.S)
    assert blocks, "docs/python.md lost its encoding example"
    namespace: dict[str, object] = {}
    exec(compile(blocks[0], "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    from checker import Status, check

    scope, x = namespace["s"], namespace["x"]
    import sympy as sp

    assert namespace["verdict"].status is Status.PROVED  # type: ignore[attr-defined]
    refuted = check(scope.identity(sp.log(x**2), 2 * sp.log(x), "log x² = 2 log x"))  # type: ignore[attr-defined]
    assert refuted.counterexample is not None and refuted.counterexample.assignment() == {"x": "-1"}
    bound = check(scope.compare((sp.log(2), "<", sp.Rational("0.7")), text="ln 2 < 0.7"))  # type: ignore[attr-defined]
    assert bound.status is Status.PROVED


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    command = re.search(r"Install and run the tests:\n\n```sh\n(.*?)\n```", README.read_text(encoding="utf-8"))
    assert command is not None
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert command.group(1) in ci


def test_the_readme_is_one_screen_and_links_every_docs_page() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 150
    linked = set(re.findall(r"\(docs/([a-z-]+\.md)\)", text))
    assert linked == {p.name for p in DOCS.glob("*.md")}
    for page in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(([a-z-]+\.md)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            assert (DOCS / target).exists(), (page.name, target)


def test_the_first_question_of_the_readme_checks_as_it_says(tmp_path: pathlib.Path) -> None:
    from checker.questions.loading import load_question
    from checker.questions.runs import check_items

    block = re.search(r"```markdown\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert block is not None
    path = tmp_path / "sigma.md"
    path.write_text(block.group(1), encoding="utf-8")
    (result,), _ = check_items([load_question(path)])
    assert [v.status.value for v in result.verdicts[:3]] == ["refuted", "proved", "refuted"]
    assert result.status.value == "agrees"
