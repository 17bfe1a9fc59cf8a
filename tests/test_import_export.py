"""Importing a quiz document into question files; GIFT escaping (the exports themselves: test_export.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker import check_questions
from checker.notation.importer import ImportError_, import_document, read_document
from checker.questions.files import split
from checker.questions.loading import load_question
from checker.reports.platforms import gift_escape

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


def test_imported_files_need_notation_before_they_check(tmp_path: Path) -> None:
    """An imported prose question says what to declare rather than guessing a stance."""
    written = import_document(SEED, tmp_path)
    from checker.questions.files import QuestionFileError

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


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [(r"\frac{1}{2}", r"\\frac\{1\}\{2\}"), ("a = b", r"a \= b"), ("x ~ y", r"x \~ y"), ("#1", r"\#1"),
     ("ratio: 2", r"ratio\: 2")],
    ids=["braces-and-backslash", "equals", "tilde", "hash", "colon"],
)
def test_gift_escapes_its_control_characters(raw: str, escaped: str) -> None:
    assert gift_escape(raw) == escaped
