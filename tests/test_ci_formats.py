"""What CI reads (issue 22): file and line in JSON and JUnit, and ``--format github`` annotations on the lines
they are about."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from checker.cli import main

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

BROKEN_CHAIN = """---
kind: derivation
id: broken
title: a slip at step 2
symbols:
  x: real
---
$$
\\begin{aligned}
(x + 1)^2 &= x^2 + 2x + 1 \\quad \\text{expand} \\\\
  &= x^2 + 1 \\quad \\text{a slip}
\\end{aligned}
$$
"""


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    question, chain, bad = tmp_path / "q.md", tmp_path / "d.md", tmp_path / "bad.md"
    question.write_text(WRONG_KEY, encoding="utf-8")
    chain.write_text(BROKEN_CHAIN, encoding="utf-8")
    bad.write_text("---\nid: bad\nrule: correct\nkey: 1\n---\nQ\n\n1. $x + $\n2. $1$\n", encoding="utf-8")
    return question, chain, bad


def test_json_and_junit_carry_file_and_line(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    question, chain, _ = _files(tmp_path)
    junit = tmp_path / "junit.xml"
    result = runner.invoke(main, [str(question), str(chain), "--format", "json", "--junit-xml", str(junit)])
    document = json.loads(result.output)
    (q,) = document["questions"]
    assert q["file"] == str(question) and q["line"] == 4  # the key's line
    (d,) = document["derivations"]
    assert d["file"] == str(chain) and [s["line"] for s in d["steps"]] == [10, 11]
    cases = ElementTree.parse(junit).getroot().iter("testcase")
    located = {(c.get("classname"), c.get("name")): (c.get("file"), c.get("line")) for c in cases}
    assert located[("wrongkey", "question")] == (str(question), "4")
    assert located[("broken", "step 2")] == (str(chain), "11")


def test_github_annotations_point_at_the_lines(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    question, chain, bad = _files(tmp_path)
    result = runner.invoke(main, [str(question), str(chain), str(bad), "--format", "github"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith("::")]
    assert f"::error file={question},line=4,title=verify%3A question wrongkey::disagrees: " in "\n".join(lines)
    assert any(line.startswith(f"::error file={chain},line=11,title=verify%3A derivation broken::broken")
               for line in lines), lines
    assert any(line.startswith(f"::error file={bad},line=9,") for line in lines), lines
    assert not any("\n" in line[2:] for line in lines)
    assert result.output.rstrip().splitlines()[-1].startswith("1 questions")


def test_messages_name_the_right_section_and_show_latex_as_written(tmp_path: Path) -> None:
    """A family member is not a symbol; a LaTeX fragment in a message keeps single backslashes."""
    import pytest

    from checker.questions.files import QuestionFileError
    from checker.questions.loading import load_file

    path = tmp_path / "d.md"
    path.write_text("---\nkind: derivation\nid: d\nsymbols:\n  k: integer\n---\n"
                    "$$\\begin{aligned} r_{k+1} &= r_{k+1} \\end{aligned}$$\n", encoding="utf-8")
    with pytest.raises(QuestionFileError) as caught:
        load_file(path)
    assert "declare `r` under families" in str(caught.value)
    path.write_text("---\nkind: derivation\nid: d\nsymbols:\n  a: real\n  r: 'interval [a, 2\\epsilon]'\n---\n"
                    "$$\\begin{aligned} r &= r \\end{aligned}$$\n", encoding="utf-8")
    with pytest.raises(QuestionFileError) as caught:
        load_file(path)
    assert "'2\\epsilon'" in str(caught.value) and "\\\\epsilon" not in str(caught.value)


def test_the_default_key_text_is_in_the_files_language(tmp_path: Path) -> None:
    from checker.questions.loading import load_question

    english, spanish = tmp_path / "en.md", tmp_path / "es.md"
    english.write_text(WRONG_KEY, encoding="utf-8")
    spanish.write_text(WRONG_KEY.replace("rule: correct", "rule: correct\nlanguage: es"), encoding="utf-8")
    assert load_question(english).key_text == "option 2"
    assert load_question(spanish).key_text == "La 2"


def test_a_step_shows_the_decimals_its_author_wrote(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "d.md"
    path.write_text("---\nkind: derivation\nid: d\nsymbols:\n  x: real\n---\n"
                    "$$\\begin{aligned} x + 2.62 &= x + 2.62 \\end{aligned}$$\n", encoding="utf-8")
    result = runner.invoke(main, [str(path)])
    assert "= x + 2.62" in result.output and "131/50" not in result.output


def test_stats_shares_are_of_all_the_questions(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["stats"])
    line = next(line for line in result.output.splitlines() if "implied answer" in line)
    counts = [int(n) for n in __import__("re").findall(r": (\d+) \(", line)]
    assert sum(counts) == 14 and "none: 1" in line


def test_one_error_per_cause(tmp_path: Path) -> None:
    """A definition that cannot be read is reported once, not again for every option that uses it."""
    import pytest

    from checker.questions.files import QuestionFileError
    from checker.questions.loading import load_question

    path = tmp_path / "q.md"
    path.write_text("---\nid: cascade\nrule: correct\nkey: 1\nsymbols:\n  x: real\ndefinitions:\n  y: 'x + q'\n---\n"
                    "Q\n\n1. $y > 0$\n2. $y^2 \\ge 0$\n3. $y + 1 > y$\n", encoding="utf-8")
    with pytest.raises(QuestionFileError) as caught:
        load_question(path)
    assert caught.value.messages() == [f"{path}:8:11: question cascade: definition of y: undeclared identifier 'q' "
                                       "at column 5 of $x + q$ (hint: declare `q` under symbols)"]
