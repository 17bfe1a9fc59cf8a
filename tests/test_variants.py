"""Templates and `verify variants`, `verify export --variants`, `verify stats`: what an instructor relies on —
a seed reproduces a variant, a key wrong for some draws is found with those draws' parameters, options that
coincide for some draws are reported, impossible conditions and bad placeholders are one clear error."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from checker.cli import main
from checker.questions.loading import load_question
from checker.questions.templates import (
    Number,
    TemplateError,
    load_template,
    substitute_math,
    substitute_text,
    terminates,
)

from .gift import parse_gift

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "derivations" / "templates"
Q06 = TEMPLATES / "q06-kl-figures-template.md"
Q09 = TEMPLATES / "q09-length-reward-template.md"


def _write(folder: Path, name: str, header: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"---\n{header.strip()}\n---\n{body.strip()}\n", encoding="utf-8")
    return path


COINCIDING = """
id: coinciding
rule: correct
key: 1
parameters:
  a: {integer: [1, 3]}
  b: {integer: [1, 3]}
symbols:
  x: real
"""
COINCIDING_BODY = """
Indica la opción correcta:

1. $e^{@a x} e^{@b x} = e^{(@a + @b) x}$
2. $@a x = @b x$
3. $e^{@a x} = e^{@b x} + 1$
4. $x^2 \\geq 0$
"""


def test_the_same_seed_draws_the_same_variants_and_one_seed_reproduces_one_variant(runner) -> None:  # type: ignore[no-untyped-def]
    template = load_template(Q06)
    first = [(d.shown(), q.stem, [o.text for o in q.options]) for d, q in template.variants(6, 3)]
    again = [(d.shown(), q.stem, [o.text for o in q.options]) for d, q in load_template(Q06).variants(6, 3)]
    assert first == again
    assert len({str(params) for params, _, _ in first}) > 1  # different seeds, different draws
    many = json.loads(runner.invoke(main, ["variants", str(Q06), "-n", "8", "--format", "json"]).stdout)
    one = json.loads(runner.invoke(main, ["variants", str(Q06), "--seed", "5", "-n", "1", "--format", "json"]).stdout)
    fifth = next(v for v in many["variants"] if v["seed"] == 5)
    assert one["variants"][0]["parameters"] == fifth["parameters"]
    assert one["variants"][0]["id"] == "q06-kl-figures-template-s5"
    assert many["seed"] == 1 and [v["seed"] for v in many["variants"]] == list(range(1, 9))


def test_probability_parameters_are_exact_positive_and_sum_to_one() -> None:
    template = load_template(Q06)
    for draw, question in template.variants(30, 1):
        for name, denominator in (("P", 25), ("Q", 12)):
            entries = [n.value for n in draw.values[name]]  # type: ignore[union-attr]
            assert sum(entries) == 1 and all(e > 0 for e in entries) and len(entries) == 3
            assert all((e * denominator).denominator == 1 for e in entries)
        # the stem's table shows the drawn entries as text
        assert "\t".join(str(n.value) for n in draw.values["P"]) in question.stem  # type: ignore[union-attr]
        assert "@" not in question.stem + "".join(o.text for o in question.options)


def test_a_key_wrong_for_some_draws_is_found_with_their_parameters(runner) -> None:  # type: ignore[no-untyped-def]
    """Question 9's template keeps the key 4 for every scale c, but for c = 1 option 1 is the true one."""
    result = runner.invoke(main, ["variants", str(Q09), "-n", "30", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    wrong = [v for v in report["variants"] if not v["validated"]]
    assert wrong and all(v["parameters"] == {"c": "1"} and v["status"] == "disagrees" and v["implied"] == [1]
                         for v in wrong)
    assert all(v["parameters"]["c"] != "1" for v in report["variants"] if v["validated"])
    assert report["options"]["1"]["true"] == len(wrong)
    assert report["exit_code"] == 1
    text = runner.invoke(main, ["variants", str(Q09), "-n", "30"]).stdout
    assert "c = 1): disagrees" in text and "option 1: true in" in text


def test_a_key_rule_written_by_the_author_is_checked_against_the_mathematics(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    """The author's rule says option 1 when a ≥ 2 (wrong: 2^a > 3 only from a = 2 on, but the author wrote
    the comparison the other way round for a = 1)."""
    path = _write(tmp_path, "rule.md", """
id: author-rule
rule: correct
parameters:
  a: {integer: [0, 4]}
key:
  cases:
    - if: '@a \\geq 1'
      then: 1
    - else: 2
""", """
Indica la opción correcta:

1. $2^{@a} > 3$
2. $2^{@a} \\leq 3$
""")
    report = json.loads(runner.invoke(main, ["variants", str(path), "-n", "40", "--format", "json"]).stdout)
    wrong = {v["parameters"]["a"] for v in report["variants"] if not v["validated"]}
    assert wrong == {"1"}
    assert {v["parameters"]["a"] for v in report["variants"]} == {"0", "1", "2", "3", "4"}


def test_options_that_coincide_for_some_draws_are_reported(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, "coinciding.md", COINCIDING, COINCIDING_BODY)
    result = runner.invoke(main, ["variants", str(path), "-n", "25", "--format", "json"])
    report = json.loads(result.stdout)
    same = {v["seed"] for v in report["variants"] if v["parameters"]["a"] == v["parameters"]["b"]}
    assert same and len(same) < 25
    # a = b: option 2 holds and option 3 is 'e^{ax} = e^{ax} + 1' (false); options 1 and 4 always hold
    assert report["options"]["2"]["true"] == len(same)
    ambiguous = {v["seed"] for v in report["variants"] if v["status"] == "ambiguous"}
    assert ambiguous == {v["seed"] for v in report["variants"]}  # options 1 and 4 are both always true
    equal = {tuple(e["options"]): set(e["seeds"]) for e in report["equal_options"]}
    assert equal == {} or all(seeds <= {v["seed"] for v in report["variants"]} for seeds in equal.values())
    text = runner.invoke(main, ["variants", str(path), "-n", "25"]).stdout
    assert "option 2: true in" in text and "variants whose key is not validated (25)" in text


def test_options_equal_to_each_other_for_some_draws_are_listed_with_their_seeds(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, "equal.md", """
id: equal-options
rule: equals
key: 1
parameters:
  a: {integer: [1, 3]}
  b: {integer: [1, 3]}
symbols:
  x: positive
target: '\\log(x^{@a})'
""", """
¿Qué expresión es igual a $\\log(x^{@a})$?

1. $@a \\log x$
2. $@b \\log x$
3. $\\log(@a x)$
""")
    report = json.loads(runner.invoke(main, ["variants", str(path), "-n", "20", "--format", "json"]).stdout)
    coincide = {v["seed"] for v in report["variants"] if v["parameters"]["a"] == v["parameters"]["b"]}
    assert coincide
    # options 1 and 2 state the same thing exactly when a = b; option 3 joins option 1 when a = 1 (log(1·x))
    together = {s for e in report["equal_options"] if {1, 2} <= set(e["options"]) for s in e["seeds"]}
    assert together == coincide
    assert {s for e in report["equal_options"] if {1, 3} <= set(e["options"]) for s in e["seeds"]} == \
        {v["seed"] for v in report["variants"] if v["parameters"]["a"] == "1"}
    assert {v["seed"] for v in report["variants"] if v["status"] == "ambiguous"} == \
        {v["seed"] for v in report["variants"] if v["parameters"]["a"] == "1" or v["parameters"]["a"] ==
         v["parameters"]["b"]}


def test_conditions_filter_draws_and_an_impossible_one_is_one_clear_error(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    body = "Indica la opción correcta:\n\n1. $@a > 0$\n2. $@a < 0$\n"
    fine = _write(tmp_path, "fine.md", """
id: conditioned
rule: correct
key: 1
parameters:
  a: {integer: [-5, 5]}
conditions:
  - '@a \\neq 0'
  - '@a > -3'
""", body)
    template = load_template(fine)
    values = [d.values["a"].value for d, _ in template.variants(40, 1)]  # type: ignore[union-attr]
    assert set(values) <= {-2, -1, 1, 2, 3, 4, 5} and 0 not in values
    report = json.loads(runner.invoke(main, ["variants", str(fine), "-n", "40", "--format", "json"]).stdout)
    assert sum(report["rejected"].values()) > 0 and set(report["rejected"]) <= {"1", "2"}
    assert {v["validated"] for v in report["variants"] if int(v["parameters"]["a"]) < 0} == {False}
    impossible = _write(tmp_path, "never.md", """
id: never
rule: correct
key: 1
parameters:
  a: {integer: [1, 9]}
conditions:
  - '@a > 10'
""", body)
    result = runner.invoke(main, ["variants", str(impossible)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("verify: error:")
    assert "no draw met the conditions" in lines[0] and "'@a > 10'" in lines[0] and "never.md" in lines[0]


@pytest.mark.parametrize(("header", "body", "expected"), [
    ("parameters:\n  a: {integer: [1, 3]}", "1. $@b > 0$\n2. $@a > 0$", "@b is not a parameter (declared: @a)"),
    ("parameters:\n  a: {integer: [3, 1]}", "1. $@a > 0$\n2. $1 > 0$", "empty range"),
    ("parameters:\n  a: {integer: [1, 3], by: 2}", "1. $@a > 0$\n2. $1 > 0$", "unknown field(s) by"),
    ("parameters:\n  a: {decimal: [0, 1], step: 1/3}", "1. $@a > 0$\n2. $1 > 0$", "decimal step"),
    ("parameters:\n  a_1: {integer: [1, 3]}", "1. $1 > 0$\n2. $1 > 0$", "no '_'"),
    ("parameters:\n  P: {probabilities: 3, denominator: 2}", "1. $1 > 0$\n2. $1 > 0$", "at least 3"),
    ("parameters:\n  a: {integer: [1, 3]}\n  c: {value: '@d + 1'}", "1. $@c > 0$\n2. $1 > 0$",
     "@d is not a parameter declared above it"),
    ("parameters:\n  a: {integer: [0, 0]}\n  c: {value: '\\frac{1}{@a}'}", "1. $@c > 0$\n2. $1 > 0$",
     "no exact value"),
    ("parameters:\n  a: {integer: [2, 2]}\n  c: {value: '\\sqrt{@a}'}", "1. $@c > 0$\n2. $1 > 0$",
     "not a rational number"),
    ("parameters:\n  a: {integer: [1, 2]}\nconditions:\n  - 'x > @a'", "1. $@a > 0$\n2. $1 > 0$",
     "condition 1 'x > @a': undeclared identifier 'x'"),
    ("parameters:\n  a: {integer: [1, 2]}\nsymbols:\n  x: real\nconditions:\n  - 'x > @a'",
     "1. $@a > 0$\n2. $1 > 0$", "mentions x"),
    ("parameters: {}", "1. $1 > 0$\n2. $1 > 0$", "'parameters' must map"),
    ("parameters:\n  a: {integer: [1, 3], exclude: 2}", "1. $@a > 0$\n2. $1 > 0$", "exclude takes a list"),
    ("parameters:\n  a: {integer: [1, 3], exclude: [1, 2, 3]}", "1. $@a > 0$\n2. $1 > 0$", "every value"),
    ("parameters:\n  a: {integer: [1, .inf]}", "1. $@a > 0$\n2. $1 > 0$", "not an exact number"),
    ("parameters:\n  a: {choice: [true]}", "1. $@a > 0$\n2. $1 > 0$", "a choice is a number or a text"),
    ("parameters:\n  P: {probabilities: 2, denominator: 4}\n  P1: {integer: [1, 2]}", "1. $@P1 > 0$\n2. $1 > 0$",
     "clashes with entry 1"),
    ("parameters:\n  a: {integer: [1, 3]}\nkey:\n  cases:\n    - if: '@a > 5'\n      then: 1",
     "1. $@a > 0$\n2. $1 > 0$", "no case of the key holds"),
    ("parameters:\n  a: {integer: [1, 3]}\nsymbols:\n  'x_@z': real", "1. $@a > 0$\n2. $1 > 0$",
     "@z is not a parameter"),
    ("parameters:\n  a: {integer: [1, 3]}\nkey: '1/0'", "1. $@a > 0$\n2. $1 > 0$", "write an option number"),
    ("parameters:\n  P: {probabilities: 2, denominator: 4}", "1. $@P > 0$\n2. $1 > 0$",
     "option 1: @P is a list of 2 probabilities; inside a formula use its entries @P1 … @P2"),
    ("parameters:\n  a: {integer: [1, 3]}\nkey:\n  cases:\n    - if: '\\frac{1}{@a - @a} < 2'\n      then: 1"
     "\n    - else: 2", "1. $@a > 0$\n2. $1 > 0$", "cannot be decided"),
])
def test_template_mistakes_are_one_error_line_naming_the_file_and_the_problem(
        tmp_path: Path, runner, header: str, body: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    key = "" if "key:" in header else "key: 1\n"
    path = _write(tmp_path, "bad.md", f"id: bad\nrule: correct\n{key}{header}", "Indica:\n\n" + body)
    for args in (["variants", str(path)], [str(path)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        errors = [line for line in result.output.splitlines() if line.startswith("verify: error:")]
        assert len(errors) == 1 and expected in errors[0] and "bad.md" in errors[0], result.output


def test_an_unquoted_placeholder_in_the_header_is_a_yaml_error_that_says_to_quote_it(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, "unquoted.md", "id: u\nrule: correct\nkey: 1\nparameters:\n  a: {integer: [1, 3]}\n"
                  "symbols:\n  x: real\ndefinitions:\n  y: @a x", "Indica:\n\n1. $y > 0$\n2. $y < 0$")
    result = runner.invoke(main, ["variants", str(path)])
    assert result.exit_code == 2 and "quote" in result.output and "unquoted.md" in result.output


def test_values_are_written_as_latex_in_formulas_and_as_text_elsewhere() -> None:
    values = {"a": Number(Fraction(-2)), "b": Number(Fraction(3, 4)), "t": Number(Fraction(9, 100), True),
              "k": Number(Fraction(12))}
    assert substitute_math("x^@a + @a x + 2@k + x^@k - @b", values) == "x^{-2} + (-2) x + 2(12) + x^{12} - \\frac{3}{4}"
    assert substitute_text("umbral @t, peso @b: $@t < @b$", values) == "umbral 0.09, peso 3/4: $0.09 < \\frac{3}{4}$"


def test_an_escaped_at_sign_stays_and_placeholders_work_in_fragment_names(tmp_path: Path) -> None:
    path = _write(tmp_path, "mail.md", """
id: mail
rule: correct
key: 1
parameters:
  k: {integer: [2, 4]}
symbols:
  'x_@k': positive
""", "Dudas a profesor@@uni.es. Sea $x_@k > 0$:\n\n1. $x_@k^2 > 0$\n2. $x_@k < 0$")
    for draw, question in load_template(path).variants(5, 1):
        k = draw.values["k"].value  # type: ignore[union-attr]
        assert question.stem.startswith("Dudas a profesor@uni.es. Sea $x_" + str(k))
        assert question.options[0].claim is not None and question.options[1].claim is not None


def test_negative_and_fractional_values_read_back_as_the_numbers_drawn(tmp_path: Path) -> None:
    path = _write(tmp_path, "signs.md", """
id: signs
rule: correct
key: 1
parameters:
  a: {choice: [-3, -1/2, 2]}
  b: {value: '2 @a'}
symbols:
  x: positive
""", "Indica:\n\n1. $x^{@a} x^{@a} = x^{@b}$\n2. $@a x = @b x$")
    template = load_template(path)
    for draw, question in template.variants(12, 1):
        a = draw.values["a"].value  # type: ignore[union-attr]
        assert draw.values["b"].value == 2 * a  # type: ignore[union-attr]
        claim = question.options[0].claim
        assert claim is not None


def test_verify_checks_a_template_file_as_its_variant_of_seed_1(runner) -> None:  # type: ignore[no-untyped-def]
    question = load_question(Q09)
    assert question.id == "q09-length-reward-template-s1"
    result = runner.invoke(main, [str(Q09), "--format", "json"])
    assert json.loads(result.stdout)["questions"][0]["id"] == "q09-length-reward-template-s1"


def test_export_writes_only_validated_variants_one_category_per_template(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    moodle = tmp_path / "quiz.xml"
    q08 = str(ROOT / "derivations" / "questions" / "q08-bradley-terry.md")
    short = runner.invoke(main, ["export", "--variants", "6", str(Q09), "-o", str(moodle)])
    # c takes five values and c = 1 makes the key wrong: four distinct validated variants exist
    assert short.exit_code == 1 and "only 4 of 6 variants validated" in short.output
    result = runner.invoke(main, ["export", "--variants", "4", str(Q09), str(Q06), q08, "-o", str(moodle)])
    assert result.exit_code == 0, result.output
    quiz = etree.parse(str(moodle)).getroot()
    categories = [q.findtext("category/text") for q in quiz.findall("question[@type='category']")]
    assert categories == ["$course$/top/RLHF", "$course$/top/RLHF/q09-length-reward-template",
                          "$course$/top/RLHF/q06-kl-figures-template"]
    names = [q.findtext("name/text") for q in quiz.findall("question[@type='multichoice']")]
    assert names[0] == "q08-bradley-terry" and len(names) == 9
    q09 = [n for n in names if n and n.startswith("q09")]
    assert len(q09) == 4 and all(n.rsplit("-s", 1)[1].isdigit() for n in q09)
    # every q09 variant exported has c ≠ 1 (the draws where the key is wrong are left out)
    report = json.loads(runner.invoke(main, ["variants", str(Q09), "-n", "40", "--format", "json"]).stdout)
    scale = {f"q09-length-reward-template-s{v['seed']}": v["parameters"]["c"] for v in report["variants"]}
    assert all(scale[n] != "1" for n in q09)
    assert len({scale[n] for n in q09}) == 4  # distinct draws
    gift_file = tmp_path / "quiz.gift"
    runner.invoke(main, ["export", "--to", "gift", "--variants", "3", str(Q06), "-o", str(gift_file)])
    parsed = parse_gift(gift_file)
    assert [q["type"] for q in parsed] == ["Category", "MC", "MC", "MC"]
    assert parsed[0]["title"] == "$course$/top/RLHF/q06-kl-figures-template"
    assert [q["title"] for q in parsed[1:]] == [f"q06-kl-figures-template-s{s}" for s in (1, 2, 3)]
    assert all(sum(c["isCorrect"] for c in q["choices"]) == 1 for q in parsed[1:])


def test_stats_of_a_bank(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    bank = tmp_path / "bank"
    bank.mkdir()
    _write(bank, "a.md", "id: a\nrule: correct\nkey: 1\nsymbols:\n  x: real\n  y: real",
           "Indica:\n\n1. $(x + y)^2 = x^2 + 2 x y + y^2$\n2. $(x + y)^2 = x^2 + y^2$")
    # the same question with other letters and the options swapped
    _write(bank, "b.md", "id: b\nrule: correct\nkey: 2\nsymbols:\n  u: real\n  v: real",
           "Indica:\n\n1. $(u + v)^2 = u^2 + v^2$\n2. $(u + v)^2 = u^2 + 2 u v + v^2$")
    # different: a coefficient changes
    _write(bank, "c.md", "id: c\nrule: correct\nkey: 1\nsymbols:\n  x: real\n  y: real",
           "Indica:\n\n1. $(x + y)^2 = x^2 + 2 x y + y^2$\n2. $(x + y)^2 = x^2 + 3 y^2$")
    _write(bank, "d.md", "id: d\nrule: correct\nkey: 1\nsymbols:\n  x: positive",
           "Indica:\n\n1. $\\log(x^2) = 2 \\log x$\n2. $\\log(x^2) = \\log x + \\log x$\n3. $\\log(x^2) = x$")
    result = runner.invoke(main, ["stats", str(bank), "--format", "json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)["banks"][0]
    assert stats["questions"] == 4 and stats["positions"]["key"] == {"1": 3, "2": 1}
    assert stats["same_up_to_renaming"] == [["a", "b"]]
    assert stats["statuses"] == {"agrees": 3, "ambiguous": 1}
    assert {"question": "d", "options": [1, 2]} in stats["equal_options"]
    text = runner.invoke(main, ["stats", str(bank)]).stdout
    # key 1 in 3 of 4 questions, but no option speaks about the others: the platform shuffles them
    assert "same up to renaming: a, b" in text and "predictable" not in text
    quiz = runner.invoke(main, ["stats"]).stdout
    assert quiz.startswith("the built-in quiz: 14 questions")
    assert ("the key is option 4 in 9 of the 9 questions whose options keep their order; the other 5 are "
            "shuffled by the platform — predictable") in quiz


def test_template_error_is_a_checker_error() -> None:
    with pytest.raises(TemplateError, match="not a template"):
        load_template(ROOT / "derivations" / "questions" / "q09-length-reward.md")


NUMBERS = st.builds(lambda n, d, dec: Number(Fraction(n, d), dec and terminates(Fraction(n, d))),
                    st.integers(-40, 40), st.sampled_from([1, 1, 2, 3, 4, 5, 8, 10, 25]), st.booleans())


FORMS = [("@a + @b", lambda a, b: a + b), ("@a - @b", lambda a, b: a - b), ("-@a", lambda a, b: -a),
         ("@a @b", lambda a, b: a * b), ("2@a", lambda a, b: 2 * a), ("@a \\cdot @b", lambda a, b: a * b),
         ("@a^2", lambda a, b: a**2), ("\\frac{@a}{@b}", lambda a, b: a / b if b else None),
         ("@b^{3}", lambda a, b: b**3), ("(@a)(@b)", lambda a, b: a * b), ("|@a| - @b", lambda a, b: abs(a) - b),
         ("@a 2", lambda a, b: 2 * a), ("@a \\frac{1}{2}", lambda a, b: a / 2), ("2^{@a} @b", None),
         ("\\frac{@a + @b}{2}", lambda a, b: (a + b) / 2), ("@a^{2} @b", lambda a, b: a * a * b)]


@given(a=NUMBERS, b=NUMBERS, form=st.sampled_from([f for f in FORMS if f[1] is not None]))
@settings(max_examples=300, deadline=None)
def test_a_value_put_in_a_formula_reads_back_as_that_number(a: Number, b: Number, form) -> None:  # type: ignore[no-untyped-def]
    """Whatever the sign, fraction or decimal drawn, the LaTeX written for it means exactly that number."""
    from checker.notation.latex import Notation, parse
    from checker.numeric.interval import evaluate

    template, meaning = form
    expected = meaning(a.value, b.value)
    if expected is None:
        return
    latex = substitute_math(template, {"a": a, "b": b})
    assert evaluate(parse(latex, Notation()), {}) == expected, latex


_SPECS = (["{integer: [1, 3]}", "{integer: [-2, 2], exclude: [0]}", "{rational: ['1/2', 2], step: '1/2'}",
           "{decimal: [0.1, 0.3], step: 0.1}", "{choice: [1, -2, 1/3]}", "{probabilities: 2, denominator: 5}",
           "{value: '@a + 1'}", "'@a * 2'", "{decimal: [0, 1], step: 0.25}"],
          ["{integer: [3, 1]}", "{choice: []}", "{choice: ['\\pi', 'e']}", "{value: '\\frac{1}{@a}'}",
           "{integer: [1, 2], exclude: [1, 2]}", "[1, 2]", "{integer: x}", "{}", "{integer: [0, 10000000000000]}",
           "{value: '@z'}"])
_CONDITIONS = (["", "", "conditions: ['@a > 0']\n", "conditions: ['@a \\neq 1', '@a < 5']\n"],
               ["conditions: ['@a > 100']\n", "conditions: ['x > 1']\n", "conditions: '@a'\n", "conditions: [1]\n"])
_KEYS = (["key: 1\n", "key: 2\n", "key: {cases: [{if: '@a > 1', then: 1}, {else: 2}]}\n"],
         ["key: '@a'\n", "key: {cases: []}\n", "key: 'x'\n", "key: {cases: [{if: '@a > 100', then: 1}]}\n", ""])
_OPTIONS = (["$@a > 0$", "$x^{@a} = x^{@a}$", "$@a @a = @a^2$", "$x @a = @a x$", "$2@a = @a + @a$",
             "Ninguna de las opciones anteriores es correcta.", "$\\sqrt{x} @a \\geq 0$",
             "$@a \\frac{1}{2} = \\frac{@a}{2}$", "$\\frac{1}{@a} > 0$"],
            ["$@q > 0$", "texto @a sin fórmula", "$\\sqrt{@a} \\geq 0$"])


def _one(draw, pools):  # type: ignore[no-untyped-def]
    """Mostly a well-formed piece, now and then a broken one."""
    good, bad = pools
    return draw(st.sampled_from(good if draw(st.integers(0, 4)) else bad))


@st.composite
def _templates(draw):  # type: ignore[no-untyped-def]
    names = ["a", "b", "P"][:draw(st.integers(1, 3))]
    first = draw(st.sampled_from(_SPECS[0][:6]))  # a drawn value: the others may compute from it
    params = f"  a: {first}\n" + "".join(f"  {n}: {_one(draw, _SPECS)}\n" for n in names[1:])
    options = [_one(draw, _OPTIONS) for _ in range(draw(st.integers(2, 4)))]
    body = "\n".join(f"{i}. {o}" for i, o in enumerate(options, start=1))
    return (f"---\nid: fuzz\nrule: {draw(st.sampled_from(['correct', 'correct-or-last', 'equals']))}\n"
            f"{_one(draw, _KEYS)}parameters:\n{params}{_one(draw, _CONDITIONS)}"
            f"symbols:\n  x: positive\n---\nIndica la opción correcta (@a):\n\n{body}\n")


@given(text=_templates())
@settings(max_examples=int(__import__("os").environ.get("TEMPLATE_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_template_gives_a_report_or_one_error_line(tmp_path: Path, runner, text: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "fuzz.md"
    path.write_text(text, encoding="utf-8")
    for args in (["variants", str(path), "-n", "3", "-j", "1"], [str(path), "-j", "1"]):
        result = runner.invoke(main, args)
        assert result.exit_code in (0, 1, 2), (text, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (text, repr(result.exception))
        assert "Traceback" not in result.output and "internal error" not in result.output, (text, result.output)
        if result.exit_code == 2:
            errors = [line for line in result.stderr.splitlines() if line.startswith("verify: error: ")]
            assert errors and all("fuzz.md" in line for line in errors), (text, result.stderr)


def test_the_library_selects_validated_distinct_variants_as_the_export_does() -> None:
    """What `verify export --variants` does, from Python: seeds in order, skipping wrong keys and repeats."""
    from checker import check_questions
    from checker.questions.templates import validated_variants

    selection = validated_variants(load_template(Q09), 4, lambda questions: check_questions(questions, jobs=1))
    scales = [draw.shown()["c"] for draw, _ in selection.chosen]
    assert sorted(scales) == ["1/2", "2", "3", "5"] and all(not r.failed() for _, r in selection.chosen)
    assert [d.seed for d, _ in selection.chosen] == sorted(d.seed for d, _ in selection.chosen)
    assert selection.summary().startswith("4 validated variants")
    short = validated_variants(load_template(Q09), 5, lambda questions: check_questions(questions, jobs=1))
    assert len(short.chosen) == 4 and short.summary().startswith("only 4 of 5")
    assert short.not_validated >= 1 and short.repeated >= 1  # c = 1 drawn (key wrong), and repeats
