"""Hostile and broken input: a clear error naming the place, never a traceback, a hang or executed text."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from checker.notation.latex import LatexError, Notation, parse
from checker.questions.files import QuestionFileError, question_files
from checker.questions.loading import load_question

HEADER = "id: h\nrule: correct\nkey: 1\nsymbols:\n  x: real\n"


def write(tmp_path: Path, header: str, body: str, name: str = "h.md") -> Path:
    path = tmp_path / name
    path.write_text(f"---\n{header}---\n{body}", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("x + " * 2000 + "x", "formula too long (8,001 characters; the limit is 4,000)"),
        ("(" * 200 + "x" + ")" * 200, "formula nested more than 40 levels deep at column 41"),
        ("10^{10^{10}}", "number too large: 10^10000000000"),
        ("2^{-10^{7}}", "number too large"),
        ("(10^{9})! = 1", "number too large: 1000000000! has more than 100,000 bits"),
        (r"\binom{10^{12}}{5 \cdot 10^{11}} > 0", "number too large: binomial(1000000000000, 500000000000)"),
        ("9000! > x", "number too large: 9000! has about 105,245 bits (the limit is 100,000)"),
        ("(10^{400})! = 1", "number too large: [a number of 401 digits]! has more than 100,000 bits"),
        (r"\binom{10^{400}}{10^{399}} = 1", "number too large: binomial([a number of 401 digits], [a number of 400"),
    ],
    ids=["megabyte-formula", "deep-nesting", "exponent-tower-of-integers", "tiny-number", "huge-factorial",
         "huge-binomial", "factorial-past-the-limit", "factorial-of-a-number-past-floats",
         "binomial-of-numbers-past-floats"],
)
def test_oversized_formulas_are_refused_quickly(formula: str, message: str) -> None:
    start = time.perf_counter()
    with pytest.raises(LatexError) as caught:
        parse(formula, Notation({"x": __import__("sympy").Symbol("x")}))
    assert message in str(caught.value)
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(("formula", "expected"), [
    ("8000! > 10^{27000}", "proved"), (r"\binom{60000}{3} = 35998200020000", "proved"),
    (r"\binom{10^{9}}{2} = 499999999500000000", "proved"), ("x! = x!", "proved"), ("(-3)! = 1", "refuted"),
    (r"\binom{10^{400}}{1} = 10^{400}", "proved"), (r"\binom{10^{400}}{10^{400} - 1} = 10^{400} + 1", "refuted"),
])
def test_factorials_and_binomials_within_the_limit_are_checked(tmp_path: Path, formula: str, expected: str) -> None:
    """The size limit is on the exact value: 8000! (about 93,000 bits) and C(10⁹, 2) are checked as written."""
    from checker import check

    path = write(tmp_path, HEADER, f"Stem\n\n1. ${formula}$\n2. $x = x$\n")
    claim = load_question(path).options[0].claim
    assert claim is not None and check(claim).status.value == expected


@pytest.mark.parametrize(("formula", "not_expected"), [
    (r"x^{10^{400}} \ge 0", "undecided"),
    (r"\frac{1}{x^{10^{400}} - 1} > -2", "proved"),
    (r"\frac{x^{10^{400}} - 1}{x - 1} > 0", "proved"),
    (r"\sum_{k=1}^{\infty} \frac{1}{k^{10^{400}}} > 1", "refuted"),
    (r"(x+1)^{2500} - (x+1)^{2500} = 0", "refuted"),
    ("(" * 15 + "x" + "+1)^{2}" * 15 + r" \ge 0", "undecided"),
    # nor differentiated (monotonicity) or squared (square roots)
    (r"\cos(x^{10^{400}}) \le 1 + x^{10^{400}}", "refuted"),
    (r"\sqrt{x^{10^{400}}} \le \frac{1 + x^{10^{400}}}{2}", "refuted"),
])
def test_a_polynomial_of_astronomical_degree_is_not_written_out(tmp_path: Path, formula: str,
                                                                not_expected: str) -> None:
    """SymPy stores polynomials densely: x^(10⁴⁰⁰) given to Poly, factor or a summation filled memory until the
    time limit. Such a formula is treated as no polynomial (one argument fewer), and answered in time."""
    from checker import check

    path = write(tmp_path, HEADER, f"Stem\n\n1. ${formula}$\n2. $x = x$\n")
    claim = load_question(path).options[0].claim
    assert claim is not None
    verdict = check(claim)
    assert "time limit" not in (verdict.reason or "") and verdict.status.value != not_expected, verdict.reason


@pytest.mark.parametrize("formula", [
    r"\pi \le y^{n} - e^{3} \cdot \max(\frac{d}{dx}\left[n\right], 2) - 0.5",
    r"\max(\max(\sqrt[3]{\sigma(x)}, 2), 2) < \sigma(\frac{\sqrt[3]{0}}{\ln(1)} + x)",
    r"e^{\frac{\max(x, \frac{1}{2}) \cdot \frac{d}{dx}\left[1\right]}{e^{n + e}}} < \sqrt[3]{3 \cdot 3}",
    r"\frac{\sin(e)}{\max(\ln(0), \sqrt[3]{\frac{1}{2}})} > 0",
    r"\max(\sin(1), \ln(\ln(\frac{d}{dx}\left[0\right]))) \le "
    r"\frac{d}{dx}\left[\frac{\sin(1)}{\max(\sin(0), \sin(\pi))}\right]",
    r"e^{\max(\ln(0 - \pi), 3 - n - (0.5)^{n})} = 1",
])
def test_formulas_sympy_cannot_evaluate_get_a_verdict_not_an_internal_error(tmp_path: Path, formula: str) -> None:
    """Found by fuzzing: SymPy refuses max of a complex or infinite value, a derivative whose variable a case split
    replaced, ordering 0/0 in a sum's printout. Each formula is still read and checked — a refutation replays
    independently — and none ends in an internal error."""
    from checker import Status, check

    from .replay import replays

    header = "id: h\nrule: correct\nkey: 1\nsymbols:\n  x: real\n  y: positive\n  n: non-negative integer\n" \
             "functions:\n  '\\sigma': logistic\n"
    claim = load_question(write(tmp_path, header, f"Stem\n\n1. ${formula}$\n2. $x = x$\n")).options[0].claim
    assert claim is not None
    verdict = check(claim)
    assert "internal error" not in (verdict.reason or "") and verdict.method != "error", verdict.reason
    if verdict.status is Status.REFUTED:
        assert replays(claim, verdict)


@pytest.mark.parametrize("formula", [r"e^{e^{e^{100}}} > x", r"\exp(\exp(100)) > x", r"2^{e^{100}} > x",
                                     r"\frac{1}{x - e^{e^{e^{100}}}} > 0", r"x + e^{e^{e^{100}}} = e^{e^{e^{100}}} + x",
                                     r"e^{-e^{100}} < x", r"e^{100000} > x"])
def test_an_exponential_of_a_huge_constant_is_refused_when_read(tmp_path: Path, formula: str) -> None:
    """e^{e^{100}} has about 10⁴³ bits: SymPy's own sign queries evaluate such a number in full (an OverflowError
    inside mpmath, or the time limit, on formulas as plain as x + T = T + x). It is refused when read, as
    10^{10^{10}} is: one error naming the file, the option and the number."""
    path = write(tmp_path, HEADER, f"Stem\n\n1. ${formula}$\n2. $x = x$\n")
    start = time.perf_counter()
    with pytest.raises(QuestionFileError, match=r"option 1: .*number too large: .* has more than 100,000 bits"):
        load_question(path)
    assert time.perf_counter() - start < 5


def test_an_exponential_below_the_limit_is_checked(tmp_path: Path) -> None:
    """e^{e^{10}} (about 31,800 bits) and 2^{e^{10}} are read and decided."""
    from checker import check_question

    path = write(tmp_path, HEADER, "Stem\n\n1. $e^{e^{10}} > x$\n2. $2^{e^{10}} > 1$\n")
    result = check_question(load_question(path), timeout=10)
    first = result.options[0].verdict  # false (x beyond it), past any point the search tries: undecided, in time
    assert first.status.value != "proved" and first.method not in ("error", "time limit"), first.reason
    assert result.options[1].verdict.status.value == "proved"


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    """A 'billion laughs' header is an error at the alias, not an exponential expansion."""
    laughs = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(8))
    path = write(tmp_path, HEADER + laughs, "Stem\n\n1. $x = x$\n")
    with pytest.raises(QuestionFileError, match="YAML aliases"):
        load_question(path)


def test_empty_and_oversized_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(QuestionFileError, match="empty.md:1: missing front matter"):
        load_question(empty)
    big = tmp_path / "big.md"
    big.write_text("---\n" + "x" * (2 << 20), encoding="utf-8")
    with pytest.raises(QuestionFileError, match="file too large"):
        load_question(big)


def test_unreadable_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(QuestionFileError, match="cannot read"):
        load_question(tmp_path / "missing.md")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symlink_loops_do_not_trap_the_folder_walk(tmp_path: Path) -> None:
    folder = tmp_path / "bank"
    (folder / "inner").mkdir(parents=True)
    write(folder / "inner", HEADER, "Stem\n\n1. $x = x$\n", name="a.md")
    os.symlink(folder, folder / "inner" / "loop")
    os.symlink(folder / "inner", folder / "again")
    start = time.perf_counter()
    found = list(question_files([folder]))
    assert found == [folder / "inner" / "a.md"]
    assert time.perf_counter() - start < 5


def test_every_field_is_data_never_code(tmp_path: Path) -> None:
    """Python payloads in each header field and in the body are rejected or kept as text; nothing runs."""
    marker = tmp_path / "ran"
    payload = f"__import__('os').system('touch {marker}')"
    fields = [
        f"id: x\nrule: correct\nkey: 1\nsymbols:\n  x: real\ndefinitions:\n  y: \"{payload}\"\n",
        f"id: x\nrule: correct\nkey: 1\nsymbols:\n  x: real\nsupport:\n  - {{claim: \"{payload}\"}}\n",
        f"id: x\nrule: correct\nkey: 1\ndistributions:\n  P: [\"{payload}\"]\n",
        f"id: x\nrule: correct\nkey: 1\nsymbols:\n  x: \"{payload}\"\n",
        f"id: x\nrule: correct\nkey: 1\nfunctions:\n  f: \"{payload}\"\n",
        f"id: x\nrule: \"{payload}\"\nkey: 1\n",
        f"id: \"{payload}\"\nrule: correct\nkey: 1\n",
        f"id: x\nrule: correct\nkey: 1\nerratum: {{status: \"{payload}\", note: n}}\n",
        "id: x\nrule: correct\nkey: 1\nsymbols:\n  x: !!python/name:os.system real\n",
    ]
    for header in fields:
        with pytest.raises(QuestionFileError):
            load_question(write(tmp_path, header, "Stem\n\n1. $x = x$\n"))
    text_only = (f"id: x\nrule: correct\nkey: 1\nsymbols:\n  x: real\nprose:\n"
                 f"  2: {{holds: true, justification: \"{payload}\"}}\nnotes: [\"{payload}\"]\n")
    question = load_question(write(tmp_path, text_only, f"{payload}\n\n1. $x = x$\n2. {payload}\n"))
    assert payload in question.stem and question.options[1].claim.justification == payload  # type: ignore[union-attr]
    assert not marker.exists()


def test_sympy_failing_inside_simplify_is_no_proof_not_an_error(tmp_path: Path) -> None:
    """SymPy's simplify raises KeyError on zoo for this KL over zero (found by fuzzing): the CAS-trusted last
    resort gives no proof, and the claim is undecided by the search, not an internal error."""
    from checker import check

    header = ("id: h\nrule: correct\nkey: 1\nsymbols:\n  '\\beta': beta\ndistributions:\n"
              "  '\\pi': ['\\pi(y_1)', '\\pi(y_2)', '\\pi(y_3)']\n  '\\mu': ['\\mu(y_1)', '\\mu(y_2)', '\\mu(y_3)']\n"
              "functions:\n  '\\mathbb{D}_{\\text{KL}}': kl\nsemantics: where-defined\n")
    formula = r"\frac{\mathbb{D}_{\text{KL}}(\pi \| \mu)}{0} = \max(\mathbb{D}_{\text{KL}}(\pi \| \mu), (\beta)^{2})"
    claim = load_question(write(tmp_path, header, f"Stem\n\n1. ${formula}$\n2. $\\beta = \\beta$\n")).options[0].claim
    assert claim is not None
    verdict = check(claim)
    assert verdict.method != "error" and "internal error" not in (verdict.reason or ""), verdict.reason
