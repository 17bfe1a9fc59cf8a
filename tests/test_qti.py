"""The QTI 2.1 export (Canvas, Blackboard): a content package read back by a real QTI 2.1 reader, Cito's converter
to QTI 3, with the Moodle export's guarantees — options that speak about the others keep their order, the correct
options and partial grades as the checker validated them, feedback by option in the quiz's language, math as
MathML, no auxiliary symbols."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from checker import check_questions
from checker.cli import main
from checker.questions.loading import load_question
from checker.reports import qti
from checker.reports.platforms import choose

from .qti import convert_qti

QTI3 = "{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}"
MATHML = "{http://www.w3.org/1998/Math/MathML}"


def _read(path: Path) -> etree._Element:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()


def _text(node: etree._Element) -> str:
    """What a reader sees of a content node, math left out (a formula's tail is text again)."""
    parts = [node.text or ""]
    for child in node:
        if not (isinstance(child.tag, str) and child.tag.startswith(MATHML)):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


@pytest.fixture(scope="module")
def package(bank_results, tmp_path_factory):  # type: ignore[no-untyped-def]
    items, _ = choose(list(bank_results.values()), force=True)
    folder = tmp_path_factory.mktemp("qti")
    path = folder / "quiz.zip"
    path.write_bytes(qti.package(items))
    return items, path, folder


def test_the_package_holds_a_manifest_a_test_and_every_item(package) -> None:  # type: ignore[no-untyped-def]
    items, path, _ = package
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        test = etree.fromstring(archive.read("assessment.xml"))
    assert names[:2] == ["imsmanifest.xml", "assessment.xml"] and len(names) == 16
    cp = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
    resources = manifest.findall(f"{cp}resources/{cp}resource")
    assert [r.get("type") for r in resources] == ["imsqti_test_xmlv2p1"] + ["imsqti_item_xmlv2p1"] * 14
    assert all(f"items/{r.get('identifier')[5:]}.xml" == r.get("href") for r in resources[1:])
    refs = test.findall(".//{http://www.imsglobal.org/xsd/imsqti_v2p1}assessmentItemRef")
    assert [r.get("identifier") for r in refs] == [i.result.question.id for i in items]


def test_a_qti_reader_reads_every_item_with_its_order_key_and_feedback(package) -> None:  # type: ignore[no-untyped-def]
    items, path, folder = package
    converted = convert_qti(path, folder)
    for item in items:
        q = item.result.question
        root = _read(converted / "items" / f"{q.id}.xml")
        assert root.tag == f"{QTI3}qti-assessment-item" and root.get("identifier") == q.id
        interaction = root.find(f".//{QTI3}qti-choice-interaction")
        assert interaction is not None
        # options that speak about the others keep their place; the others may be shuffled
        assert interaction.get("shuffle") == ("false" if q.keeps_order else "true"), q.id
        choices = interaction.findall(f"{QTI3}qti-simple-choice")
        assert [c.get("identifier") for c in choices] == [f"choice_{o.number}" for o in q.options]
        correct = [v.text for v in root.findall(f"{QTI3}qti-response-declaration/{QTI3}qti-correct-response/"
                                                f"{QTI3}qti-value")]
        assert correct == [f"choice_{n}" for n in item.correct]
        for choice, option in zip(choices, q.options):
            words = re.sub(r"\$[^$]*\$", " ", option.text).split()[:3]
            assert " ".join(words) in _text(choice), (q.id, words, _text(choice))
            assert "$" not in _text(choice) and "\\(" not in _text(choice)
        feedback = {f.get("identifier"): _text(f) for f in root.findall(f"{QTI3}qti-modal-feedback")}
        if item.validated:
            assert sorted(feedback) == sorted(c.get("identifier") for c in choices), q.id
            assert all(text.startswith("La afirmación es ") for text in feedback.values()), feedback
        else:
            assert feedback == {}  # a key not validated gets no feedback that would contradict its grading
        # question 14's counterexample symbols are the encoding's: its feedback shows none of them
        if q.id == "q14-dpo-gradient":
            assert all(text in ("La afirmación es falsa.", "La afirmación es verdadera.") for text in feedback.values())
        stem = root.find(f"{QTI3}qti-item-body")
        assert stem is not None and "$" not in _text(stem) and not re.search(r"\\[A-Za-z]", _text(stem)), q.id
    q03 = _read(converted / "items" / "q03-return.xml")
    assert q03.findall(f".//{MATHML}math"), "math is MathML"


def _file(folder: Path, name: str, header: str, body: str) -> Path:
    path = folder / f"{name}.md"
    path.write_text(f"---\nid: {name}\nlanguage: es\n{header}\n---\n{body}\n", encoding="utf-8")
    return path


def test_question_types_as_a_qti_reader_reads_them(tmp_path: Path) -> None:
    paths = [
        _file(tmp_path, "several", "rule: correct\nkey: [1, 3]\nsymbols:\n  x: real",
              "Marca las verdaderas:\n\n1. $x + x = 2 x$\n2. $x x = 2 x$\n3. $(x + 1)^2 = x^2 + 2 x + 1$"),
        _file(tmp_path, "tf-false", "rule: true-false\nkey: false\nsymbols:\n  x: real", "$x^2 \\geq x$"),
        _file(tmp_path, "number", "rule: numerical\nanswer: 0.693\ntolerance: 0.001\ntarget: '\\ln 2'",
              "¿Cuánto vale $\\ln 2$?"),
        _file(tmp_path, "short", "rule: equals\nkey: [1, 2]\ntarget: '\\frac{d}{dx} x^2'\nsymbols:\n  x: real",
              "Calcula $\\frac{d}{dx} x^2$:\n\n1. $2x$\n2. $2 \\cdot x$"),
    ]
    items, skipped = choose(check_questions([load_question(p) for p in paths]))
    assert not skipped
    path = tmp_path / "types.zip"
    path.write_bytes(qti.package(items))
    converted = convert_qti(path, tmp_path)
    several = _read(converted / "items" / "several.xml")
    declaration = several.find(f"{QTI3}qti-response-declaration")
    assert declaration is not None and declaration.get("cardinality") == "multiple"
    entries = {e.get("map-key"): float(e.get("mapped-value")) for e in declaration.iter(f"{QTI3}qti-map-entry")}
    assert entries == {"choice_1": 0.5, "choice_2": -1.0, "choice_3": 0.5}
    assert several.find(f".//{QTI3}qti-choice-interaction").get("max-choices") == "0"
    truth = _read(converted / "items" / "tf-false.xml")
    choices = truth.findall(f".//{QTI3}qti-simple-choice")
    assert [(c.get("identifier"), _text(c)) for c in choices] == [("true", "Verdadero"), ("false", "Falso")]
    assert [v.text for v in truth.iter(f"{QTI3}qti-value")][:1] == ["false"]
    said = {f.get("identifier"): _text(f) for f in truth.findall(f"{QTI3}qti-modal-feedback")}
    assert said["true"].startswith("La afirmación es falsa: no se cumple, por ejemplo, con")
    number = _read(converted / "items" / "number.xml")
    assert number.find(f".//{QTI3}qti-text-entry-interaction") is not None
    equal = number.find(f".//{QTI3}qti-equal")
    assert equal is not None and equal.get("tolerance-mode") == "absolute" and equal.get("tolerance") == "0.001 0.001"
    assert [v.text for v in number.iter(f"{QTI3}qti-value")][0] == "0.693"
    short = _read(converted / "items" / "short.xml")
    declaration = short.find(f"{QTI3}qti-response-declaration")
    assert declaration is not None and declaration.get("base-type") == "string"
    assert sorted(e.get("map-key") for e in declaration.iter(f"{QTI3}qti-map-entry")) == ["2 \\cdot x", "2x"]
    assert short.find(f".//{QTI3}qti-text-entry-interaction") is not None


def test_export_to_qti_needs_an_output_file_and_writes_a_zip(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = runner.invoke(main, ["export", "--to", "qti", "q12"])
    assert missing.exit_code == 2 and "-o" in missing.stderr
    out = tmp_path / "q.zip"
    done = runner.invoke(main, ["export", "--to", "qti", "q12", "q08", "-o", str(out)])
    assert done.exit_code == 0, done.output
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["assessment.xml", "imsmanifest.xml", "items/q08-bradley-terry.xml",
                                              "items/q12-reward-from-policy.xml"]
        q08 = etree.fromstring(archive.read("items/q08-bradley-terry.xml"))
    interaction = q08.find(".//{http://www.imsglobal.org/xsd/imsqti_v2p1}choiceInteraction")
    assert interaction is not None and interaction.get("shuffle") == "false"
    assert qti.identifier("1-a") == "q-1-a" and qti.identifier("q06-kl-figures") == "q06-kl-figures"
