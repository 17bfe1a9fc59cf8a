"""Exports whose meaning a platform cannot change: options that speak about the others keep their place (Moodle
XML ``shuffleanswers`` false; GIFT, which cannot say so, leaves the question out and says why), and what students
read names options by their text, in the quiz's language from its gettext catalogue, with only the symbols the
question shows."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from lxml import etree

from checker import check_questions
from checker.cli import main
from checker.questions.loading import load_question
from checker.questions.positions import refers_to_others
from checker.reports import language as languages
from checker.reports.platforms import choose, fixed_order, gift, moodle_xml

from .gift import parse_gift

REPORTS = Path(languages.__file__).parent
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _questions(document: str) -> list[etree._Element]:
    root = etree.fromstring(document.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    return [q for q in root.findall("question") if q.get("type") == "multichoice"]


def _visible(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def _raw_latex_outside_math(text: str) -> list[str]:
    return re.findall(r"\\[A-Za-z]+", re.sub(r"\\\(.*?\\\)|\\\[.*?\\\]", " ", text, flags=re.S))


def test_moodle_xml_keeps_the_order_of_exactly_the_questions_whose_options_speak_about_the_others(
        bank_results) -> None:  # type: ignore[no-untyped-def]
    items, _ = choose(list(bank_results.values()), force=True)
    nodes = _questions(moodle_xml(items))
    fixed = {n.findtext("idnumber"): n.findtext("shuffleanswers") for n in nodes}
    assert sorted(i for i, s in fixed.items() if s == "false") == [
        "q01-post-training-models", "q02-post-training-types", "q04-rl-vs-rlhf", "q05-kl-penalty",
        "q07-instructgpt", "q08-bradley-terry", "q09-length-reward", "q10-ift-vs-pretraining",
        "q11-rejection-sampling"]
    assert sorted(i for i, s in fixed.items() if s == "true") == [
        "q03-return", "q06-kl-figures", "q12-reward-from-policy", "q13-dpo-logit", "q14-dpo-gradient"]


@pytest.mark.parametrize("text", [
    "Las tres opciones anteriores son correctas.", "Ninguna de las anteriores.", "All of the above",
    "None of the above.", "Both 1 and 2 are true", "La opción 2 es falsa", "a) y b)", "Toutes les réponses ci-dessus",
    "Keine der obigen Antworten", "Todas as anteriores", "Nessuna delle precedenti", "the three previous options"])
def test_options_that_speak_about_the_others_are_recognised(text: str) -> None:
    assert refers_to_others(text)


@pytest.mark.parametrize("text", [
    "the previous state is kept", "El modelo predice el siguiente token a partir del texto precedente",
    "a reward above zero", "$r_1$ y $r_2$ son reales", "$P = \\sigma(r_1 - r_2)$"])
def test_prose_about_the_mathematics_is_not_mistaken_for_an_option_about_options(text: str) -> None:
    assert not refers_to_others(text)


def _write(folder: Path, name: str, header: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"---\n{header}\n---\n{body}\n", encoding="utf-8")
    return path


def test_a_prose_option_that_names_others_by_number_keeps_the_order(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, "both.md", "id: both\nrule: correct\nkey: 3\nsymbols:\n  x: real\n"
                  "prose:\n  3: {holds: true, justification: 'both identities hold'}",
                  "Indica la opción correcta:\n\n1. $(x + 1)^2 = x^2 + 2 x + 1$\n2. $x + x = 2 x$\n"
                  "3. Las opciones 1 y 2 son correctas.")
    moodle = runner.invoke(main, ["export", "--force", str(path)])
    assert _questions(moodle.stdout)[0].findtext("shuffleanswers") == "false"
    left = runner.invoke(main, ["export", "--force", "--to", "gift", str(path)])
    assert left.exit_code == 1
    assert "left out of GIFT both: option 3 ('Las opciones 1 y 2 son correctas.')" in left.stderr
    assert "--to moodle-xml" in left.stderr and "::both::" not in left.stdout


def test_gift_export_leaves_out_every_position_dependent_question_and_names_it(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    done = runner.invoke(main, ["export", "--force", "--to", "gift"])
    assert done.exit_code == 1
    left = re.findall(r"left out of GIFT (\S+):", done.stderr)
    assert left == ["q01-post-training-models", "q02-post-training-types", "q04-rl-vs-rlhf", "q05-kl-penalty",
                    "q07-instructgpt", "q08-bradley-terry", "q09-length-reward", "q10-ift-vs-pretraining",
                    "q11-rejection-sampling"]
    path = tmp_path / "quiz.gift"
    path.write_text(done.stdout, encoding="utf-8")
    parsed = [q for q in parse_gift(path) if q["type"] == "MC"]
    assert len(parsed) == 5
    assert not any(refers_to_others(_visible(c["text"]["text"])) for q in parsed for c in q["choices"])


def test_gift_refuses_a_position_dependent_question_rather_than_writing_a_wrong_order(bank_results) -> None:  # type: ignore[no-untyped-def]
    items, _ = choose([bank_results["q08-bradley-terry"]])
    with pytest.raises(ValueError, match="q08-bradley-terry"):
        gift(items)
    assert fixed_order(items) == ([], [fixed_order(items)[1][0]])


def test_general_feedback_names_options_by_text_with_math_delimited(bank_results) -> None:  # type: ignore[no-untyped-def]
    items, _ = choose(list(bank_results.values()), force=True)
    for item, node in zip(items, _questions(moodle_xml(items, with_evidence=True))):
        general = _visible(node.findtext("generalfeedback/text") or "")
        assert not re.search(r"\b(?:Option|Opción|Key|Clave)\s+\d", general), general
        assert not _raw_latex_outside_math(general), (item.result.question.id, general)
        assert general.lstrip().startswith("La respuesta marcada como correcta es «"), general
        for option in item.result.question.options[:1]:
            words = re.sub(r"\$[^$]*\$", "", option.text).split()[:3]
            assert " ".join(words) in general, (words, general)


def test_student_feedback_shows_only_symbols_the_question_shows(tmp_path: Path, bank_results) -> None:  # type: ignore[no-untyped-def]
    # δ is part of the encoding only: the student sees P, never δ
    path = _write(tmp_path, "aux.md", "id: aux\nrule: correct\nkey: 1\nlanguage: es\nsymbols:\n  '\\delta': real\n"
                  "definitions:\n  P: '\\frac{1}{1 + e^{-\\delta}}'",
                  "Sea $P$ una probabilidad logística. Indica la opción correcta:\n\n1. $0 < P$\n2. $P = \\frac{1}{2}$")
    result = check_questions([load_question(path)])[0]
    items, _ = choose([result])
    answers = _questions(moodle_xml(items))[0].findall("answer")
    said = _visible(answers[1].findtext("feedback/text") or "")
    assert said == "La afirmación es falsa.", said
    # question 14: the counterexample's dataset weights and derivatives are the encoding's, not the text's
    items, _ = choose([bank_results["q14-dpo-gradient"]])
    for answer in _questions(moodle_xml(items))[0].findall("answer"):
        said = _visible(answer.findtext("feedback/text") or "")
        assert "mathcal{D}(1)" not in said and "partial" not in said, said
    # question 12: every symbol of the counterexample is in the text, so the point is shown
    items, _ = choose([bank_results["q12-reward-from-policy"]])
    said = _visible(_questions(moodle_xml(items))[0].findall("answer")[0].findtext("feedback/text") or "")
    assert r"\(Z(x) = 1\)" in said and not _raw_latex_outside_math(said)


FEEDBACK = {
    "es": ("La afirmación es verdadera.", "La afirmación es falsa: no se cumple, por ejemplo, con"),
    "en": ("The statement is true.", "The statement is false: it fails, for example, at"),
    "fr": ("L’affirmation est vraie.", "L’affirmation est fausse : elle ne tient pas, par exemple, pour"),
    "de": ("Die Aussage ist wahr.", "Die Aussage ist falsch: sie gilt zum Beispiel nicht für"),
    "pt": ("A afirmação é verdadeira.", "A afirmação é falsa: não se verifica, por exemplo, com"),
    "it": ("L’affermazione è vera.", "L’affermazione è falsa: non vale, per esempio, con"),
    "pt-BR": ("A afirmação é verdadeira.", "A afirmação é falsa: não se verifica, por exemplo, com"),
    "nl": ("The statement is true.", "The statement is false: it fails, for example, at"),
}


@pytest.mark.parametrize("lang", list(FEEDBACK))
def test_feedback_is_in_the_quiz_language(tmp_path: Path, lang: str) -> None:
    path = _write(tmp_path, "q.md", f"id: q\nrule: correct\nkey: 1\nlanguage: {lang}\nsymbols:\n  x: real",
                  "Stem.\n\n1. $x + x = 2 x$\n2. $x^2 = x$")
    items, _ = choose(check_questions([load_question(path)]))
    document = moodle_xml(items, with_evidence=True)
    node = _questions(document)[0]
    true, false = FEEDBACK[lang]
    answers = [_visible(a.findtext("feedback/text") or "") for a in node.findall("answer")]
    assert answers[0] == true and answers[1].startswith(false), answers
    assert r"\(x = " in answers[1]
    general = _visible(node.findtext("generalfeedback/text") or "")
    if lang not in ("en", "nl"):
        assert "The answer marked" not in general and "proved" not in general, general


def test_a_language_without_a_catalogue_is_said_on_standard_error(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, "q.md", "id: q\nrule: correct\nkey: 1\nlanguage: nl\nsymbols:\n  x: real",
                  "Stem.\n\n1. $x + x = 2 x$\n2. $x^2 = x$")
    done = runner.invoke(main, ["export", str(path)])
    assert done.exit_code == 0 and "no catalogue for language 'nl'; its feedback is in English" in done.stderr


def _extracted() -> set[str]:
    found = set()
    for path in REPORTS.glob("*.py"):
        for _, message, _, _ in extract_from_file("python", path, keywords={"_": None, "N_": None}):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_the_template_holds_every_message_the_code_marks() -> None:
    with (REPORTS / "locale" / "checker.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    assert template == _extracted()


@pytest.mark.parametrize("lang", languages.LANGUAGES)
def test_every_catalogue_translates_every_message_with_its_placeholders(lang: str) -> None:
    with (REPORTS / "locale" / lang / "LC_MESSAGES" / "checker.po").open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    messages = {m.id: m for m in catalogue if m.id}
    for msgid in _extracted():
        assert msgid in messages, (lang, msgid)
        entry = messages[msgid]
        assert entry.string and not entry.fuzzy, (lang, msgid)
        assert sorted(PLACEHOLDER.findall(entry.string)) == sorted(PLACEHOLDER.findall(msgid)), (lang, msgid)
    assert languages.translator(lang)("The statement is true.") == messages["The statement is true."].string
