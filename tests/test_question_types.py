"""Question types beside single-answer multiple choice, in files and exports: a key of several options (partial
grades), true/false (a statement and its negation), numerical with a tolerance the checker proves contains the
value — each read back by lxml and gift-pegjs."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from checker import check_questions
from checker.cli import main
from checker.questions.files import QuestionFileError
from checker.questions.loading import load_question
from checker.reports.platforms import choose, gift, moodle_xml

from .gift import parse_gift


def _file(folder: Path, name: str, header: str, body: str) -> Path:
    path = folder / f"{name}.md"
    path.write_text(f"---\nid: {name}\nlanguage: es\n{header}\n---\n{body}\n", encoding="utf-8")
    return path


def _result(path: Path):  # type: ignore[no-untyped-def]
    return check_questions([load_question(path)])[0]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "several": _file(tmp_path, "several", "rule: correct\nkey: [1, 3]\nsymbols:\n  x: real",
                         "Marca las verdaderas:\n\n1. $x + x = 2 x$\n2. $x x = 2 x$\n3. $(x + 1)^2 = x^2 + 2 x + 1$\n"
                         "4. $x^2 = x$"),
        "true": _file(tmp_path, "tf-true", "rule: true-false\nkey: true\nfunctions:\n  '\\sigma': logistic",
                      "¿Es cierto que $\\sigma(0) = \\frac{1}{2}$?"),
        "false": _file(tmp_path, "tf-false", "rule: true-false\nkey: false\nsymbols:\n  x: real",
                       "Para todo real $x$, $x^2 \\geq x$."),
        "number": _file(tmp_path, "number", "rule: numerical\nanswer: 0.1438\ntolerance: 0.001\n"
                        "target: '\\mathbb{D}_{\\text{KL}}(P \\| Q)'\n"
                        "distributions:\n  P: [1/2, 1/2]\n  Q: [1/4, 3/4]\n"
                        "functions:\n  '\\mathbb{D}_{\\text{KL}}': kl",
                        "¿Cuánto vale $\\mathbb{D}_{\\text{KL}}(P \\| Q)$?"),
    }


def test_each_type_is_judged_by_its_rule(files: dict[str, Path], tmp_path: Path) -> None:
    results = {name: _result(path) for name, path in files.items()}
    assert {n: r.status.value for n, r in results.items()} == {"several": "agrees", "true": "agrees",
                                                                "false": "agrees", "number": "agrees"}
    assert results["several"].implied == (1, 3) and results["several"].question.key_label == "1 and 3"
    assert results["false"].question.key_label == "false" and results["false"].implied == (2,)
    # the tolerance interval [0.1428, 0.1448] contains D_KL = 0.14384…: proved, not estimated
    assert results["number"].options[0].verdict.status.value == "proved"
    wrong = {
        "several": _file(tmp_path, "w1", "rule: correct\nkey: [1, 2]\nsymbols:\n  x: real",
                         "Marca:\n\n1. $x + x = 2 x$\n2. $x x = 2 x$\n3. $x - x = 0$"),
        "true": _file(tmp_path, "w2", "rule: true-false\nkey: true\nsymbols:\n  x: real", "$x^2 \\geq x$"),
        "number": _file(tmp_path, "w3", "rule: numerical\nanswer: 0.14\ntolerance: 0.003\ntarget: '\\ln 2 / 5'",
                        "¿Cuánto vale $\\ln 2 / 5$?"),
    }
    statuses = {n: _result(p) for n, p in wrong.items()}
    assert statuses["several"].status.value == "disagrees" and statuses["several"].implied == (1, 3)
    assert statuses["true"].status.value == "disagrees"
    refuted = statuses["true"].options[0].verdict
    assert refuted.status.value == "refuted" and refuted.counterexample is not None
    # ln 2 / 5 = 0.13863 lies in [0.137, 0.143]: agrees; with tolerance 0.001 it does not
    assert statuses["number"].status.value == "agrees"
    outside = _file(tmp_path, "w4", "rule: numerical\nanswer: 0.14\ntolerance: 0.001\ntarget: '\\ln 2 / 5'",
                    "¿Cuánto vale $\\ln 2 / 5$?")
    result = _result(outside)
    assert result.status.value == "none qualifies" and "outside" in result.explanation


@pytest.mark.parametrize(("header", "body", "says"), [
    ("rule: true-false\nkey: 1\nsymbols:\n  x: real", "$x = x$", "'key' is true or false"),
    ("rule: true-false\nkey: true\nsymbols:\n  x: real", "$x = x$ y $x \\geq x$", "2 relations"),
    ("rule: true-false\nkey: true\nsymbols:\n  x: real", "Stem.\n\n1. $x = x$\n2. $x = 1$", "no numbered options"),
    ("rule: numerical\nanswer: 0.5\ntolerance: -1\ntarget: '1/2'", "Stem.", "must not be negative"),
    ("rule: numerical\nanswer: '\\ln 2'\ntarget: '\\ln 2'", "Stem.", "must be a decimal number"),
    ("rule: numerical\nanswer: 0.5", "Stem.", "needs 'target'"),
    ("rule: numerical\nanswer: 0.5\ntarget: 'x = 1'\nsymbols:\n  x: real", "Stem.", "not a relation"),
    ("rule: incorrect-or-last\nkey: [1, 2]\nsymbols:\n  x: real",
     "S:\n\n1. $x = x$\n2. $x = 1$\n3. Las tres opciones anteriores son correctas.", "needs rule 'correct'"),
    ("rule: correct\nkey: [1, 1]\nsymbols:\n  x: real", "S:\n\n1. $x = x$\n2. $x = 1$", "lists an option twice"),
    ("rule: correct\nkey: [1, 5]\nsymbols:\n  x: real", "S:\n\n1. $x = x$\n2. $x = 1$", "out of range"),
])
def test_bad_type_headers_are_clear_errors(tmp_path: Path, header: str, body: str, says: str) -> None:
    path = _file(tmp_path, "bad", header, body)
    with pytest.raises(QuestionFileError, match=says.replace("(", r"\(").replace("[", r"\[")):
        load_question(path)


def _moodle(document: str) -> list[etree._Element]:
    root = etree.fromstring(document.encode(), etree.XMLParser(resolve_entities=False))
    return [q for q in root.findall("question") if q.get("type") != "category"]


def test_moodle_xml_writes_each_type_as_moodle_does(files: dict[str, Path]) -> None:
    items, skipped = choose([_result(p) for p in files.values()])
    assert not skipped
    several, true, false, number = _moodle(moodle_xml(items))
    assert several.get("type") == "multichoice" and several.findtext("single") == "false"
    assert [a.get("fraction") for a in several.findall("answer")] == ["50", "-50", "50", "-50"]
    assert true.get("type") == "truefalse"
    assert [(a.findtext("text"), a.get("fraction")) for a in true.findall("answer")] == [("true", "100"),
                                                                                         ("false", "0")]
    assert [(a.findtext("text"), a.get("fraction")) for a in false.findall("answer")] == [("true", "0"),
                                                                                          ("false", "100")]
    # both answers' feedback says what the statement is, in the quiz's language, with its counterexample
    said = false.findall("answer")[0].findtext("feedback/text") or ""
    assert said.startswith("La afirmación es falsa: no se cumple, por ejemplo, con \\(x = ")
    assert number.get("type") == "numerical"
    answer = number.find("answer")
    assert answer is not None and answer.findtext("text") == "0.1438" and answer.findtext("tolerance") == "0.001"


def test_gift_writes_each_type_as_gift_pegjs_reads_it(files: dict[str, Path], tmp_path: Path) -> None:
    items, _ = choose([_result(p) for p in files.values()])
    path = tmp_path / "types.gift"
    path.write_text(gift(items), encoding="utf-8")
    parsed = {q["title"]: q for q in parse_gift(path) if q["type"] != "Category"}
    assert parsed["several"]["type"] == "MC"
    assert [c["weight"] for c in parsed["several"]["choices"]] == [50, -50, 50, -50]
    assert parsed["tf-true"]["type"] == "TF" and parsed["tf-true"]["isTrue"] is True
    assert parsed["tf-false"]["type"] == "TF" and parsed["tf-false"]["isTrue"] is False
    number = parsed["number"]
    assert number["type"] == "Numerical"
    choice = number["choices"] if isinstance(number["choices"], dict) else number["choices"][0]
    text = choice.get("text", choice)
    assert text["number"] == pytest.approx(0.1438) and text["range"] == pytest.approx(0.001)


def test_a_key_of_several_options_exports_the_implied_set_with_key_implied(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, "w", "rule: correct\nkey: [1, 2]\nsymbols:\n  x: real",
                 "Marca:\n\n1. $x + x = 2 x$\n2. $x x = 2 x$\n3. $x - x = 0$")
    done = runner.invoke(main, ["export", "--key", "implied", str(path)])
    assert done.exit_code == 0, done.output
    node = _moodle(done.stdout)[0]
    assert [a.get("fraction") for a in node.findall("answer")] == ["50", "-100", "50"]
    assert "answer 1, 3 as the mathematics implies; the key says 1 and 2" in (node.findtext("name/text") or "")


def test_accepted_spellings_of_one_answer_export_as_a_short_answer(tmp_path: Path) -> None:
    path = _file(tmp_path, "short", "rule: equals\nkey: [1, 2]\ntarget: '\\frac{d}{dx} x^2'\nsymbols:\n  x: real",
                 "Calcula $\\frac{d}{dx} x^2$:\n\n1. $2x$\n2. $2 \\cdot x$")
    items, skipped = choose([_result(path)])
    assert not skipped
    node = _moodle(moodle_xml(items))[0]
    assert node.get("type") == "shortanswer"
    assert [(a.findtext("text"), a.get("fraction")) for a in node.findall("answer")] == [("2x", "100"),
                                                                                         ("2 \\cdot x", "100")]
    document = tmp_path / "short.gift"
    document.write_text(gift(items), encoding="utf-8")
    parsed = [q for q in parse_gift(document) if q["type"] != "Category"][0]
    assert parsed["type"] == "Short" and [c["text"]["text"] for c in parsed["choices"]] == ["2x", "2 \\cdot x"]
