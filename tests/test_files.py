"""Question files: what an instructor writes is what gets checked, and every mistake is named."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import sympy as sp

from checker import Kind, Meta, QuestionStatus, check_question
from checker.questions.files import QuestionFileError
from checker.questions.loading import load_question

GOOD_HEADER = """\
id: bt-demo
rule: incorrect-or-last
key: 4
symbols:
  r_1: real
  r_2: real
functions:
  '\\sigma': logistic
definitions:
  P: '\\frac{e^{r_1}}{e^{r_1} + e^{r_2}}'
"""
GOOD_BODY = """\
Sea $P$ la probabilidad Bradley-Terry. Indica la opción incorrecta o la última si las tres primeras son correctas:

1. $P = \\frac{1}{1 + e^{r_2 - r_1}}$
2. $P = \\sigma(r_1 - r_2)$
3. $P = \\sigma(r_2 - r_1)$
4. Las tres opciones anteriores son correctas.
"""


def write(tmp_path: Path, header: str = GOOD_HEADER, body: str = GOOD_BODY, name: str = "q.md") -> Path:
    path = tmp_path / name
    path.write_text(f"---\n{header}---\n{body}", encoding="utf-8")
    return path


def test_a_question_file_is_checked_from_its_own_text(tmp_path: Path) -> None:
    """The wrong option 3 is caught, so the key 4 is reported as disagreeing."""
    question = load_question(write(tmp_path))
    assert [o.kind for o in question.options] == ["identity", "identity", "identity", Meta.ALL_PREVIOUS.value]
    assert question.stem.startswith("Sea $P$")
    result = check_question(question)
    assert result.implied == (3,)
    assert result.status is QuestionStatus.DISAGREES
    assert result.options[2].verdict.counterexample is not None


def test_conjunction_of_comparisons_with_kl_and_exact_decimals(tmp_path: Path) -> None:
    header = """\
id: kl
rule: correct
key: 1
distributions:
  P: [9/25, 12/25, 4/25]
  Q: [1/3, 1/3, 1/3]
functions:
  '\\mathbb{D}_{\\text{KL}}': kl
"""
    body = """\
Indica la opción correcta:

1. $\\mathbb{D}_{\\text{KL}}(P \\| Q) < 0.9$ y $\\mathbb{D}_{\\text{KL}}(Q \\| P) < 0.9$
2. $\\mathbb{D}_{\\text{KL}}(P \\| Q) < 0.9$ and $\\mathbb{D}_{\\text{KL}}(Q \\| P) \\geq 0.9$
"""
    question = load_question(write(tmp_path, header, body))
    claim = question.options[1].claim
    assert claim is not None and claim.kind is Kind.COMPARISON
    assert [p.relation.value for p in claim.parts] == ["<", ">="]
    assert claim.parts[1].rhs == sp.Rational(9, 10)
    assert check_question(question).status is QuestionStatus.AGREES


def test_bare_expressions_are_compared_with_the_target_equation(tmp_path: Path) -> None:
    header = """\
id: logit
rule: equals
key: 1
symbols:
  r_1: real
  r_2: real
functions:
  '\\sigma': logistic
definitions:
  p: '\\frac{e^{r_1}}{e^{r_1} + e^{r_2}}'
target: 'p = \\sigma(\\option)'
"""
    body = "El logit es:\n\n1. $r_1 - r_2$\n2. $r_2 - r_1$\n"
    result = check_question(load_question(write(tmp_path, header, body)))
    assert [o.verdict.status.value for o in result.options] == ["proved", "refuted"]
    assert result.status is QuestionStatus.AGREES


def test_bare_expressions_match_a_target_expression(tmp_path: Path) -> None:
    header = "id: t\nrule: equals\nkey: 2\nsymbols:\n  x: real\ntarget: '(x + 1)^2'\n"
    body = "Which equals $(x+1)^2$?\n\n1. $x^2 + 1$\n2. $x^2 + 2 x + 1$\n"
    result = check_question(load_question(write(tmp_path, header, body)))
    assert result.options[1].option.claim.kind is Kind.MATCH  # type: ignore[union-attr]
    assert result.status is QuestionStatus.AGREES


@pytest.mark.parametrize(
    ("text", "meta"),
    [("Las tres opciones anteriores son correctas.", Meta.ALL_PREVIOUS),
     ("All of the above", Meta.ALL_PREVIOUS),
     ("Ninguna de las tres opciones anteriores es correcta.", Meta.NONE_PREVIOUS),
     ("None of the above.", Meta.NONE_PREVIOUS)],
    ids=["es-all", "en-all", "es-none", "en-none"],
)
def test_meta_options_are_recognised(tmp_path: Path, text: str, meta: Meta) -> None:
    rule = "incorrect-or-last" if meta is Meta.ALL_PREVIOUS else "correct-or-last"
    header = f"id: m\nrule: {rule}\nkey: 2\nsymbols:\n  x: real\n"
    body = f"Stem:\n\n1. $x = x$\n2. {text}\n"
    question = load_question(write(tmp_path, header, body))
    assert question.options[1].meta is meta


def test_prose_option_with_stance_and_justification(tmp_path: Path) -> None:
    header = ("id: p\nrule: incorrect-or-last\nkey: 2\nprose:\n"
              "  1: {holds: true, justification: 'Ouyang et al. (2022)'}\n")
    body = "Stem:\n\n1. SFT comes first.\n2. All of the above\n"
    result = check_question(load_question(write(tmp_path, header, body)))
    assert result.options[0].verdict.status.value == "asserted"
    assert result.status_if_asserted is QuestionStatus.AGREES


def test_a_numbered_list_in_the_stem_is_not_taken_for_options(tmp_path: Path) -> None:
    body = "Three models:\n\n1. SFT\n2. RM\n3. Policy\n\nThen:\n\n" + GOOD_BODY.split("\n\n", 1)[1]
    question = load_question(write(tmp_path, body=body))
    assert len(question.options) == 4 and "3. Policy" in question.stem


@pytest.mark.parametrize(
    ("header", "body", "expected"),
    [
        (GOOD_HEADER.replace("  r_2: real\n", ""), GOOD_BODY,
         ["definition of P", "undeclared identifier 'r_2' at column 29", "declare `r_2` under symbols"]),
        (GOOD_HEADER, GOOD_BODY.replace("e^{r_2 - r_1}", "e^{r_3 - r_1}"),
         ["option 1", "undeclared identifier 'r_3'", "declare `r_3` under symbols", "$P = \\frac{1}{1 + e^{r_3"]),
        (GOOD_HEADER.replace("functions:\n  '\\sigma': logistic\n", ""), GOOD_BODY,
         ["option 2", r"undeclared identifier '\sigma'", r"declare `'\sigma': logistic` under functions",
          "$P = \\sigma(r_1 - r_2)$"]),
        (GOOD_HEADER, GOOD_BODY.replace("3. $P = \\sigma(r_2 - r_1)$", "3. Otra cosa."),
         ["option 3", "no formula to check", "add it under 'prose'", "Otra cosa."]),
        (GOOD_HEADER, GOOD_BODY.replace("3. $P = \\sigma(r_2 - r_1)$", "3. Es $P = \\sigma(r_2 - r_1)$ siempre"),
         ["option 3", "mixes prose with formulas"]),
        (GOOD_HEADER, GOOD_BODY.replace("3. $P = \\sigma(r_2 - r_1)$", "3. $\\sigma(r_2 - r_1)$"),
         ["option 3", "a bare expression needs a 'target'"]),
        (GOOD_HEADER, GOOD_BODY.replace("3. $P = \\sigma(r_2 - r_1)$", "3. $P = \\sigma(r_2 - r_1)"),
         ["option 3", "the '$' at column 1 of the option opens a formula that is never closed"]),
        (GOOD_HEADER, GOOD_BODY.replace("3. $P = \\sigma(r_2 - r_1)$", "3. $P = 1$ y $P = \\sigma(r_2 - r_1)"),
         ["option 3", "the '$' at column 11 of the option opens a formula that is never closed"]),
        (GOOD_HEADER.replace("key: 4", "key: 7"), GOOD_BODY, ["key 7 is out of range: there are 4 options"]),
        (GOOD_HEADER, GOOD_BODY.replace("3. $P", "2. $P"), ["duplicate option number(s) [2]"]),
        (GOOD_HEADER, "Stem only.\n", ["no numbered options"]),
        (GOOD_HEADER.replace("rule: incorrect-or-last", "rule: pick-one"), GOOD_BODY, ["unknown rule 'pick-one'"]),
        (GOOD_HEADER + "colour: red\n", GOOD_BODY, ["unknown header key(s) colour"]),
        (GOOD_HEADER.replace("id: bt-demo\n", ""), GOOD_BODY, ["header needs 'id'"]),
        (GOOD_HEADER.replace("r_1: real", "r_1: complex"), GOOD_BODY, ["symbol 'r_1': unknown domain 'complex'"]),
        (GOOD_HEADER + "distributions:\n  D: [1/2, 1/3]\n", GOOD_BODY, ["distribution 'D' sums to 5/6, not 1"]),
        (GOOD_HEADER.replace("logistic", "softmax"), GOOD_BODY, ["unknown kind 'softmax'"]),
        (GOOD_HEADER + "erratum: {status: wrong}\n", GOOD_BODY, ["erratum needs 'status'"]),
        (GOOD_HEADER + "prose:\n  3: {holds: maybe}\n", GOOD_BODY,
         ["option 3", "prose entry needs 'holds: true/false'"]),
        (GOOD_HEADER.replace("rule: incorrect-or-last", "rule: correct-or-last"), GOOD_BODY,
         ["does not fit final option 'all-previous-correct'"]),
        ("id: x\nrule: [unclosed\n", GOOD_BODY, ["malformed front matter"]),
    ],
    ids=["undeclared-symbol-in-definition", "undeclared-symbol-in-option", "undeclared-function",
         "prose-without-justification", "prose-mixed-with-formula",
         "bare-expression-without-target", "unclosed-dollar", "unclosed-second-dollar", "key-out-of-range",
         "duplicate-options", "no-options", "unknown-rule",
         "unknown-header-key", "missing-id", "unknown-domain", "distribution-not-summing-to-one",
         "unknown-function-kind", "malformed-erratum", "malformed-prose-entry", "rule-does-not-fit-meta",
         "malformed-yaml"],
)
def test_file_errors_name_the_file_question_option_and_text(tmp_path: Path, header: str, body: str,
                                                           expected: list[str]) -> None:
    path = write(tmp_path, header, body)
    with pytest.raises(QuestionFileError) as caught:
        load_question(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    for fragment in expected:
        assert fragment in message


@pytest.mark.parametrize(
    ("formula", "section"),
    [
        (r"g'(x) = 0", "functions"),
        (r"\operatorname{relu}(x) \geq 0", "functions"),
        (r"\sigma(x) = 1 - \sigma(-x)", "functions"),
        (r"\mathbb{D}_{\text{KL}}(P \| Q) \geq 0", "functions"),
        (r"\operatorname{KL}(P \| Q) \geq 0", "functions"),
        (r"H(P) \leq \ln 2", "functions"),
        (r"r_{k+1} = r_{k+1}", "families"),
        (r"w + x = x + w", "symbols"),
    ],
    ids=["prime", "operatorname", "logistic", "kl", "kl-operatorname", "entropy", "family", "symbol"],
)
def test_a_hint_followed_as_written_makes_the_file_read(tmp_path: Path, formula: str, section: str) -> None:
    """The first declaration a hint suggests, pasted under the section it names, is one the reader accepts."""
    sections = {"symbols": ["x: real", "k: integer"], "distributions": ["P: [1/2, 1/2]", "Q: [1/4, 3/4]"]}

    def header() -> str:
        return "id: hint\nrule: correct\nkey: 1\n" + "".join(
            f"{name}:\n" + "".join(f"  {entry}\n" for entry in entries) for name, entries in sections.items())

    body = f"Q?\n\n1. ${formula}$\n2. $x = x$\n"
    with pytest.raises(QuestionFileError) as caught:
        load_question(write(tmp_path, header(), body))
    hint = re.search(r"hint: declare `([^`]*)` under (\w+)", str(caught.value))
    assert hint is not None and hint.group(2) == section, str(caught.value)
    declaration = hint.group(1) if ":" in hint.group(1) else f"'{hint.group(1)}': real"
    sections.setdefault(section, []).append(declaration)
    assert load_question(write(tmp_path, header(), body)).options[0].kind != "prose"


def test_a_covariance_is_refused_with_a_way_to_write_it(tmp_path: Path) -> None:
    body = "Q?\n\n1. $\\operatorname{Cov}(x, x) = 0$\n2. $x = x$\n"
    with pytest.raises(QuestionFileError, match=r"unsupported construct \\Cov .*hint: a covariance is not supported"):
        load_question(write(tmp_path, "id: c\nrule: correct\nkey: 2\nsymbols:\n  x: real\n", body))


def test_missing_and_unclosed_front_matter(tmp_path: Path) -> None:
    bare = tmp_path / "bare.md"
    bare.write_text("1. $x$\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match="missing front matter"):
        load_question(bare)
    unclosed = tmp_path / "unclosed.md"
    unclosed.write_text("---\nid: x\n1. $x$\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match="not closed"):
        load_question(unclosed)


def test_binary_and_non_utf8_files_are_rejected(tmp_path: Path) -> None:
    binary = tmp_path / "b.md"
    binary.write_bytes(b"---\x00\x01\x02")
    with pytest.raises(QuestionFileError, match="binary file"):
        load_question(binary)
    latin = tmp_path / "l.md"
    latin.write_bytes("---\nid: x\n---\nopción\n".encode("latin-1"))
    with pytest.raises(QuestionFileError, match="not UTF-8"):
        load_question(latin)


def test_authored_text_is_never_executed(tmp_path: Path) -> None:
    """A YAML tag or a Python expression in any field is data: it is rejected, and nothing runs."""
    marker = tmp_path / "pwned"
    payloads = [
        (f"id: x\nrule: !!python/object/apply:os.system ['touch {marker}']\nkey: 1\n", "Stem\n\n1. $x$\n"),
        ("id: x\nrule: correct\nkey: 1\nsymbols:\n  x: real\n",
         f"Stem\n\n1. $__import__('os').system('touch {marker}')$\n"),
        (f"id: x\nrule: correct\nkey: 1\ntarget: \"__import__('os').system('touch {marker}')\"\n"
         "symbols:\n  x: real\n", "Stem\n\n1. $x$\n"),
        (f"id: x\nrule: correct\nkey: 1\nsymbols:\n  \"__import__('os').system('touch {marker}')\": real\n",
         "Stem\n\n1. $x$\n"),
    ]
    for header, body in payloads:
        with pytest.raises(QuestionFileError):
            load_question(write(tmp_path, header, body))
    assert not marker.exists()


def test_document_bank_files_load_identically_without_the_shipped_cache() -> None:
    """The shipped parse cache is current: parsing every file afresh gives the same claims."""
    from checker.notation.latex import caches, use_caches
    from derivations import QUESTIONS

    saved = caches()
    paths = sorted(QUESTIONS.glob("*.md"))
    try:
        cached = [load_question(p) for p in paths]
        use_caches()
        fresh = [load_question(p) for p in paths]
    finally:
        use_caches(*saved)
    for a, b in zip(cached, fresh):
        assert [o.claim for o in a.options] == [o.claim for o in b.options], a.id
        assert a.support == b.support, a.id


def test_template_text_is_valid(tmp_path: Path) -> None:
    from checker.cli.authoring import TEMPLATE

    path = tmp_path / "t.md"
    path.write_text(TEMPLATE.format(id="t"), encoding="utf-8")
    question = load_question(path)
    assert len(question.options) == 4 and textwrap.dedent(question.stem).startswith("Sea $P$")


def test_symbolic_distribution_entries_sum_to_one(tmp_path: Path) -> None:
    """Entries named by fragments are positive and sum to 1, which the proof may use."""
    header = """\
id: dist
rule: correct
key: 1
distributions:
  '\\pi': ['\\pi(y_1)', '\\pi(y_2)']
---
"""
    path = tmp_path / "d.md"
    path.write_text("---\n" + header + "Stem\n\n1. $\\pi(y_1) + \\pi(y_2) = 1$\n2. $\\pi(y_1) = \\pi(y_2)$\n",
                    encoding="utf-8")
    result = check_question(load_question(path))
    assert [o.verdict.status.value for o in result.options] == ["proved", "refuted"]
    assert result.options[1].verdict.counterexample is not None
