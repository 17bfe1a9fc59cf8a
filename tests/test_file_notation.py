"""The notation a question file declares — families, expectations, quantities that depend on a parameter,
undefined functions, formal readings of prose, the quiz's language — and how a file's mistakes are reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import QuestionStatus, Status, check_question
from checker.cli import main
from checker.questions.files import QuestionFileError
from checker.questions.loading import load_question


def question(tmp_path: Path, header: str, options: list[str], *, rule: str = "correct", key: int = 1,
             stem: str = "Stem.", name: str = "q.md", prefix: str = "") -> Path:
    lines = [f"{i}. {text}" for i, text in enumerate(options, start=1)]
    text = f"{prefix}---\nid: t\nrule: {rule}\nkey: {key}\n{header}---\n{stem}\n\n" + "\n".join(lines) + "\n"
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def verdicts(path: Path) -> list[Status | None]:
    result = check_question(load_question(path))
    return [o.verdict.status if o.verdict else None for o in result.options]


def test_an_indexed_family_with_a_finite_and_an_infinite_sum(tmp_path: Path) -> None:
    """r_{t+k+1} is one family; the infinite sum is read in episodes that end (rewards after r_{t+3} are 0)."""
    header = "symbols:\n  '\\gamma': discount factor\n  t: non-negative integer\nfamilies:\n  r: real\n"
    path = question(tmp_path, header, [
        r"$\sum_{k=0}^{2} \gamma^k r_{t+k+1} = r_{t+1} + \gamma r_{t+2} + \gamma^2 r_{t+3}$",
        r"$\sum_{k=0}^{2} \gamma^k r_{t+k+1} = r_{t+1} + \gamma r_{t+2} + \gamma r_{t+3}$",
        r"$\sum_{k=0}^{\infty} \gamma^k r_{t+k+1} \le \sum_{k=0}^{\infty} r_{t+k+1}$",
    ])
    assert verdicts(path) == [Status.PROVED, Status.REFUTED, Status.REFUTED]


def test_an_expectation_over_a_declared_distribution(tmp_path: Path) -> None:
    """E_{y∼π}[r(y)] is the weighted sum over the declared support; Var is E[(r − E r)²]."""
    header = ("symbols:\n  'r(y_1)': real\n  'r(y_2)': real\n"
              "distributions:\n  '\\pi': {support: [y_1, y_2], probabilities: [1/4, 3/4]}\n")
    path = question(tmp_path, header, [
        r"$\mathbb{E}_{y \sim \pi}[r(y)] = \frac{1}{4} r(y_1) + \frac{3}{4} r(y_2)$",
        r"$\mathbb{E}_{y \sim \pi}[r(y)] = \frac{1}{2} r(y_1) + \frac{1}{2} r(y_2)$",
        r"$\operatorname{Var}_{y \sim \pi}[r(y)] = \frac{3}{16} (r(y_1) - r(y_2))^2$",
        r"$\operatorname{Var}_{y \sim \pi}[r(y)] \ge 0$",
    ])
    assert verdicts(path) == [Status.PROVED, Status.REFUTED, Status.PROVED, Status.PROVED]


def test_an_outcome_whose_quantity_is_not_declared_is_named(tmp_path: Path) -> None:
    """E_{y∼π}[r(y)] needs r at every outcome; a missing r(y_2) is named with the outcome, not as 'r'."""
    header = ("symbols:\n  'r(y_1)': real\n"
              "distributions:\n  '\\pi': {support: [y_1, y_2], probabilities: [1/2, 1/2]}\n")
    path = question(tmp_path, header, [r"$\mathbb{E}_{y \sim \pi}[r(y)] = r(y_1)$", "$r(y_1) = 0$"])
    with pytest.raises(QuestionFileError) as caught:
        load_question(path)
    message = str(caught.value)
    assert "an expectation at y = y_{2}: undeclared identifier 'r' in $r(y_{2})$" in message
    assert "declare `r(y_{2})` under symbols" in message


def test_a_quantity_that_depends_on_a_parameter_and_its_gradient(tmp_path: Path) -> None:
    """π_θ(y) is a smooth function of θ: ∇_θ log π_θ = ∇_θ π_θ / π_θ, and the chain rule is applied exactly."""
    header = "symbols:\n  '\\theta': real\n  '\\pi_\\theta(y)': 'probability, function of \\theta'\n"
    path = question(tmp_path, header, [
        r"$\nabla_\theta \log \pi_\theta(y) = \frac{\nabla_\theta \pi_\theta(y)}{\pi_\theta(y)}$",
        r"$\nabla_\theta \log \pi_\theta(y) = \nabla_\theta \pi_\theta(y)$",
        r"$\frac{\partial}{\partial \theta} \pi_\theta(y)^2 = 2 \pi_\theta(y) \nabla_\theta \pi_\theta(y)$",
    ])
    assert verdicts(path) == [Status.PROVED, Status.REFUTED, Status.PROVED]


def test_an_undefined_function_with_primes(tmp_path: Path) -> None:
    header = "symbols:\n  x: real\nfunctions:\n  f: function\n  '\\sigma': logistic\n"
    path = question(tmp_path, header, [
        r"$\frac{d}{dx} f(x)^2 = 2 f(x) f'(x)$",
        r"$\frac{d}{dx} f(x)^2 = f(x) f'(x)$",
        r"$\frac{d}{dx} \sigma(f(x)) = \sigma'(f(x)) f'(x)$",
    ])
    assert verdicts(path) == [Status.PROVED, Status.REFUTED, Status.PROVED]


def test_a_formal_reading_of_a_prose_option_with_a_witness(tmp_path: Path) -> None:
    """A prose option is checked through the claim its header gives, shown with the witness."""
    header = ("symbols:\n  x: real\nformal:\n  1: {claim: 'x^2 + 1 > 0', note: 'the square plus one is positive'}\n"
              "  2: {claim: '\\frac{d}{dx} (x^3 - 3x) \\ge 0', witness: '3(x^2 - 1)',"
              " note: 'the function grows everywhere'}\n")
    path = question(tmp_path, header, ["El cuadrado más uno es positivo.", "La función crece siempre."])
    loaded = load_question(path)
    assert [o.claim is not None for o in loaded.options] == [True, True]
    assert verdicts(path) == [Status.PROVED, Status.REFUTED]


@pytest.mark.parametrize(("language", "number", "value"),
                         [("es", "0{,}5", "1/2"), ("es", "1{,}500", "3/2"), ("en", "1{,}500", "1500")])
def test_the_decimal_comma_follows_the_declared_language(tmp_path: Path, language: str, number: str,
                                                         value: str) -> None:
    """1{,}500 is one and a half in a Spanish quiz and fifteen hundred in an English one."""
    options = [f"${number} \\cdot 2 x = {value} \\cdot 2 x$", "$x = 2x$"]
    path = question(tmp_path, f"language: {language}\nsymbols:\n  x: real\n", options)
    assert verdicts(path) == [Status.PROVED, Status.REFUTED]


@pytest.mark.parametrize(("language", "number", "message"), [
    ("en", "0{,}5", "for a decimal comma write 1{,}5 and set 'language'"),
    ("es", "12{,}345{,}678", "a number has at most one decimal comma"),
    ("es", "0,5", "write a decimal comma in braces, 0{,}5"),
])
def test_a_comma_that_is_neither_reading_is_an_error(tmp_path: Path, language: str, number: str,
                                                    message: str) -> None:
    """0{,}5 in English is no thousands grouping (three digits follow one), so it is refused, not read as 5."""
    path = question(tmp_path, f"language: {language}\nsymbols:\n  x: real\n", [f"${number} x = x$", "$x = 2x$"])
    with pytest.raises(QuestionFileError, match=re.escape(message)):
        load_question(path)


def test_a_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    path = question(tmp_path, "symbols:\n  x: real\n", ["$x + x = 2x$", "$x = 2x$"], prefix="\ufeff")
    assert verdicts(path) == [Status.PROVED, Status.REFUTED]


def test_every_error_of_a_file_is_reported_with_its_place(tmp_path: Path) -> None:
    """Three broken options give three errors, each naming file, line, column, question and option."""
    path = question(tmp_path, "symbols:\n  x: real\n", [
        r"$x + q$",
        r"$x = x$",
        r"$\frac{d}{dz} x = 0$",
        r"$\int_0^1 x \, dx = \frac12$",
    ])
    with pytest.raises(QuestionFileError) as caught:
        load_question(path)
    messages = caught.value.messages()
    assert len(messages) == 3
    assert all(m.startswith(f"{path}:") for m in messages)
    assert "option 1" in messages[0] and "undeclared identifier 'q'" in messages[0]
    assert "option 3" in messages[1] and "derivative's variable 'z'" in messages[1]
    assert "option 4" in messages[2] and "\\int" in messages[2] and "integrals are not supported" in messages[2]
    # file:line:column — option 1 is on line 10 of the file, its q in column 9
    assert messages[0].startswith(f"{path}:10:9: question t: option 1:")


def test_header_problems_are_reported_with_the_options_problems(tmp_path: Path) -> None:
    """An unknown rule and a key out of range do not hide the broken options: one round of fixes."""
    path = tmp_path / "h.md"
    path.write_text("---\nid: h\nrule: correctest\nkey: 9\nsymbols:\n  x: real\n---\nQ?\n\n"
                    "1. $x + q$\n2. $x = x$\n", encoding="utf-8")
    with pytest.raises(QuestionFileError) as caught:
        load_question(path)
    messages = caught.value.messages()
    assert len(messages) == 3
    assert "unknown rule 'correctest'" in messages[0] and "key 9 is out of range" in messages[1]
    assert "option 1" in messages[2] and "undeclared identifier 'q'" in messages[2]


def test_the_command_line_lists_every_error_and_counts_them(tmp_path: Path) -> None:
    path = question(tmp_path, "symbols:\n  x: real\n", [r"$x + q$", r"$x = x$", r"$x \pm 1$"])
    result = CliRunner().invoke(main, [str(path)])
    assert result.exit_code != 0
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "undeclared identifier 'q'" in output and "\\pm" in output
    assert "2 errors" in output
    assert "Traceback" not in output


def test_a_hint_never_leads_to_a_misparse(tmp_path: Path) -> None:
    """With d declared (as the old hint suggested), d/dz is refused as ambiguous, never read as d/(d·z)."""
    header = "symbols:\n  z: real\n  d: real\nfunctions:\n  '\\sigma': logistic\n"
    path = question(tmp_path, header, [r"$\frac{d}{dz}\sigma(z) = \sigma(z)(1 - \sigma(z))$"])
    with pytest.raises(QuestionFileError) as caught:
        load_question(path)
    assert "ambiguous" in str(caught.value)


def test_an_option_list_pasted_twice_is_an_error(tmp_path: Path) -> None:
    """A first copy of the options would silently become part of the stem students read."""
    path = question(tmp_path, "symbols:\n  x: real\n", ["$x = x$", "$x = 2x$"],
                    stem="Stem.\n\n1. $x = x$\n2. $x = 2x$\n")
    with pytest.raises(QuestionFileError, match="option 1 appears twice"):
        load_question(path)


def test_the_document_as_files_keeps_its_statuses() -> None:
    """13 of the 14 questions are files; their statuses are those of the document's findings."""
    root = Path(__file__).resolve().parents[1] / "derivations" / "questions"
    files = sorted(root.glob("q*.md"))
    assert len(files) == 13
    statuses = {f.stem[:3]: check_question(load_question(f)).status.value for f in files}
    assert {q: s for q, s in statuses.items() if s != QuestionStatus.UNDETERMINED.value} == {
        "q03": "agrees", "q06": "disagrees", "q08": "agrees", "q09": "agrees", "q12": "agrees", "q13": "ambiguous",
        "q14": "agrees"}
