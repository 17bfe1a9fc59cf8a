"""Importing a quiz document into question files, and exporting checked questions to Moodle XML and GIFT."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from checker import check_questions
from checker.files import load_question, split
from checker.importer import ImportError_, import_document, read_document
from checker.reports.platforms import gift, gift_escape, latex_delimiters, moodle_xml

from .test_bank import SEED

SMALL_DOCUMENT = """\
# Quiz

## 1 Preferencias

Sea $P$ la probabilidad. Indica la opción correcta:

1. $P = 1$
2. $P = 2$

**Solución:** La 1

---

Otra pregunta conceptual. Indica la opción incorrecta o la última opción si las tres primeras son correctas:

1. Una.
2. Dos.
3. Tres.
4. Las tres opciones anteriores son correctas.

**Solución:** La 4; explicación
"""


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_import_splits_a_document_into_questions(tmp_path: Path) -> None:
    source = tmp_path / "quiz.md"
    source.write_text(SMALL_DOCUMENT, encoding="utf-8")
    first, second = read_document(source)
    assert (first.section, first.rule, first.key, first.options) == ("1 Preferencias", "correct", 1,
                                                                     ("$P = 1$", "$P = 2$"))
    assert second.rule == "incorrect-or-last" and second.key == 4 and second.key_text == "La 4; explicación"
    written = import_document(source, tmp_path / "out")
    assert [p.name for p in written] == ["q01-preferencias.md", "q02-preferencias.md"]


def test_import_refuses_to_overwrite_and_reports_a_document_without_solutions(tmp_path: Path) -> None:
    source = tmp_path / "quiz.md"
    source.write_text(SMALL_DOCUMENT, encoding="utf-8")
    import_document(source, tmp_path / "out")
    with pytest.raises(ImportError_, match="exists; pass --overwrite"):
        import_document(source, tmp_path / "out")
    empty = tmp_path / "empty.md"
    empty.write_text("# Nothing here\n", encoding="utf-8")
    with pytest.raises(ImportError_, match="no question found"):
        read_document(empty)


@pytest.mark.skipif(not SEED.exists(), reason="the seed document is not beside the checkout")
def test_importing_the_seed_gives_fourteen_files_matching_the_document(tmp_path: Path) -> None:
    written = import_document(SEED, tmp_path)
    assert len(written) == 14
    seed = _normalised(SEED.read_text(encoding="utf-8"))
    keys = [int(k) for k in re.findall(r"\*\*Solución:\*\* La (\d)", SEED.read_text(encoding="utf-8"))]
    for path, key in zip(written, keys):
        source = split(path, path.read_text(encoding="utf-8"))
        assert source.header["key"] == key
        assert _normalised(source.stem) in seed, path.name
        for _, text, _ in source.options:
            assert _normalised(text) in seed, (path.name, text)
    rules = [split(p, p.read_text(encoding="utf-8")).header["rule"] for p in written]
    iol = "incorrect-or-last"
    assert rules == [iol, iol, "equals", iol, iol, "correct", iol, iol, "correct-or-last", iol, iol,
                     "equals", "equals", "equals"]


@pytest.mark.skipif(not SEED.exists(), reason="the seed document is not beside the checkout")
def test_imported_files_need_notation_before_they_check(tmp_path: Path) -> None:
    """An imported prose question says what to declare rather than guessing a stance."""
    written = import_document(SEED, tmp_path)
    from checker.files import QuestionFileError

    with pytest.raises(QuestionFileError, match="option 1: no formula to check"):
        load_question(written[0])


NOTATION_DOCUMENT = """\
## 3 Modelo de recompensa

Sea $\\beta \\geq 0$ y $\\gamma \\in [0, 1]$ un factor de descuento; $\\pi_{\\text{ref}}$ es la referencia y
$P = \\frac{e^{r_1}}{e^{r_1} + e^{r_2}}$. Indica la opción correcta:

1. $P = \\sigma(r_1 - r_2)$
2. $P = \\sigma(r_2 - r_1) + \\gamma \\beta$
3. $\\mathcal{X} = \\{0, 1\\}$

**Solución:** La 1
"""


def _proposal_lines(text: str) -> dict[str, str]:
    """The proposed entries of an imported file's header: fragment → value."""
    entries = {}
    for line in text.splitlines():
        found = re.match(r"^#   '(.+?)': (.+?)    # ", line)
        if found:
            entries[found.group(1)] = found.group(2)
    return entries


def test_import_proposes_the_notation_each_file_uses(tmp_path: Path) -> None:
    """Every fragment the formulas use is proposed once, with the domain the text states; a name only mentioned
    in prose is not; a formula that stays unreadable is listed with the reason."""
    source = tmp_path / "quiz.md"
    source.write_text(NOTATION_DOCUMENT, encoding="utf-8")
    (path,) = import_document(source, tmp_path / "out")
    text = path.read_text(encoding="utf-8")
    assert _proposal_lines(text) == {"\\beta": "non-negative", "\\gamma": "discount factor", "P": "real",
                                     "r_1": "real", "r_2": "real", "\\sigma": "logistic"}
    assert "# the text says $\\beta \\geq 0$" in text and "# the text says $\\gamma \\in [0, 1]$" in text
    assert "\\pi_{\\text{ref}}" not in text.split("---")[1]
    assert "#   $\\mathcal{X} = \\{0, 1\\}$ — a comma outside" in text


def test_accepted_proposals_make_the_file_checkable(tmp_path: Path) -> None:
    """Removing the '# ' from the proposed entries gives a file verify checks; here the author also turns the
    proposed symbol P into the definition the stem gives."""
    source = tmp_path / "quiz.md"
    source.write_text(NOTATION_DOCUMENT.replace("3. $\\mathcal{X} = \\{0, 1\\}$\n", ""), encoding="utf-8")
    (path,) = import_document(source, tmp_path / "out")
    accepted = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#   'P': "):
            continue
        if re.match(r"^# (symbols|functions):|^#   '", line):
            line = line[2:]
        accepted.append(line)
    text = "\n".join(accepted) + "\n"
    text = text.replace("\n---\n", "\ndefinitions:\n  P: '\\frac{e^{r_1}}{e^{r_1} + e^{r_2}}'\n---\n", 1)
    path.write_text(text, encoding="utf-8")
    result = check_questions([load_question(path)])[0]
    assert [o.verdict.status.value for o in result.options] == ["proved", "refuted"]


@pytest.mark.skipif(not SEED.exists(), reason="the seed document is not beside the checkout")
def test_the_seed_import_proposes_its_notation(tmp_path: Path) -> None:
    """The return question gets the family r and γ's stated domain; the DPO gradient its policies as
    quantities that depend on θ and the dataset as a distribution."""
    written = import_document(SEED, tmp_path)
    returns = written[2].read_text(encoding="utf-8")
    assert "# families:\n#   'r': real" in returns and "#   '\\gamma': discount factor" in returns
    path_text = written[13].read_text(encoding="utf-8")
    entries = _proposal_lines(path_text)
    assert entries["\\pi_\\theta(y_w | x)"] == "'probability, function of \\theta'"
    assert entries["\\pi_{\\text{ref}}(y_l | x)"] == "probability"
    assert entries["\\beta"] == "non-negative"
    assert entries["\\mathcal{D}"].startswith("{support:")


def _results():  # type: ignore[no-untyped-def]
    from derivations import QUESTIONS

    return check_questions([load_question(QUESTIONS / name) for name in
                            ("q08-bradley-terry.md", "q09-length-reward.md", "q06-kl-figures.md")])


def test_moodle_xml_round_trip() -> None:
    results = _results()
    root = ET.fromstring(moodle_xml(results))
    questions = [q for q in root.findall("question") if q.get("type") == "multichoice"]
    assert len(questions) == 3
    for result, node in zip(results, questions):
        q = result.question
        assert node.findtext("name/text") == q.id
        assert node.findtext("single") == "true"
        assert node.findtext("shuffleanswers") == ("false" if q.options[-1].meta else "true")
        answers = node.findall("answer")
        assert [a.get("fraction") for a in answers] == ["100" if o.number == q.key else "0" for o in q.options]
        for answer, option in zip(answers, q.options):
            text = html.unescape(re.sub(r"</?p>", "", answer.findtext("text") or ""))
            assert text == latex_delimiters(option.text.strip())
            assert "$" not in text
        feedback = html.unescape(answers[2].findtext("feedback/text") or "")
        assert feedback.startswith("<p>False: counterexample") or feedback.startswith("<p>True")


def _parse_gift(document: str) -> list[tuple[str, str, list[tuple[bool, str, str]]]]:
    """A small GIFT reader: title, question text and (correct, answer, feedback) triples, unescaped."""
    def unescape(text: str) -> str:
        return re.sub(r"\\(.)", r"\1", text)

    questions = []
    for block in re.findall(r"^::(.*?)::(.*?)\{\n(.*?)\n\}$", document, re.S | re.M):
        title, text, body = block
        answers = []
        for line in body.splitlines():
            mark, rest = line.strip()[0], line.strip()[1:]
            answer, feedback = re.split(r"(?<!\\)#", rest, maxsplit=1)
            answers.append((mark == "=", unescape(answer), unescape(feedback)))
        questions.append((unescape(title), unescape(text), answers))
    return questions


def test_gift_round_trip_with_latex_special_characters() -> None:
    results = _results()
    parsed = _parse_gift(gift(results))
    assert len(parsed) == 3
    for result, (title, text, answers) in zip(results, parsed):
        q = result.question
        assert title == q.id
        assert text.startswith("[html]")
        assert [correct for correct, _, _ in answers] == [o.number == q.key for o in q.options]
        for (_, answer, _), option in zip(answers, q.options):
            assert html.unescape(re.sub(r"</?p>", "", answer)) == latex_delimiters(option.text.strip())


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [(r"\frac{1}{2}", r"\\frac\{1\}\{2\}"), ("a = b", r"a \= b"), ("x ~ y", r"x \~ y"), ("#1", r"\#1"),
     ("ratio: 2", r"ratio\: 2")],
    ids=["braces-and-backslash", "equals", "tilde", "hash", "colon"],
)
def test_gift_escapes_its_control_characters(raw: str, escaped: str) -> None:
    assert gift_escape(raw) == escaped
