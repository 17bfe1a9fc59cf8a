"""The HTML report (``verify --html``) and the student preview, as people see them: in headless Chromium.

The browser tests skip, saying why, only where no Chromium is installed (``bash .ci/run`` installs Debian's
``chromium``). They open the files from disk (no server: the pages must need nothing else) and read what
the page shows — ``innerText``, console messages, layout widths and screenshots.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from checker.cli import main
from checker.engine.audit import audit_claims
from checker.questions.chains import check_derivations
from checker.questions.loading import load_items, load_question
from checker.questions.question import check_questions
from checker.reports import html
from checker.reports.common import outcome
from checker.reports.platforms import choose, preview

from .browser import Browser, chromium

RAW = re.compile(r"\\[A-Za-z]+|\$|\\\(|\\\[")
"""LaTeX left unrendered: a command, a dollar, or a math delimiter in the visible text."""


def _page(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"), etree.HTMLParser())


@pytest.fixture(scope="module")
def chain_results():  # type: ignore[no-untyped-def]
    from derivations import chains

    return check_derivations(chains())


@pytest.fixture(scope="module")
def report(bank_results, chain_results, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    results = list(bank_results.values())
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(html.render(results, outcome(results, chains=chain_results), chains=chain_results),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium()
    if executable is None:
        pytest.skip("no Chromium installed (Debian: apt-get install chromium; bash .ci/run installs it)")
    with Browser(executable) as opened:
        yield opened


def test_the_report_holds_every_question_and_derivation_with_its_status(report: Path, bank_results,
                                                                         chain_results) -> None:  # type: ignore[no-untyped-def]
    tree = _page(report.read_text(encoding="utf-8"))
    questions = tree.findall(".//section[@class='card question']")
    derivations = tree.findall(".//section[@class='card derivation']")
    assert len(questions) == 14 and len(derivations) == len(chain_results) >= 8
    for section in questions:
        result = bank_results[section.get("id")]
        assert section.get("data-status") == result.status.value
        assert len(section.findall(".//ol[@class='options']/li")) == len(result.options)
    links = [a.get("href") for a in tree.findall(".//nav//a")]
    assert links == [f"#{s.get('id')}" for s in questions + derivations]
    assert not tree.findall(".//code[@class='tex']"), "a formula the converter could not render"
    # self-contained: no script, style, image or font from anywhere else
    assert not tree.xpath("//script[@src] | //link | //img | //iframe")
    assert len(tree.findall(".//math")) > 200


def test_a_refuted_option_shows_its_counterexample_as_a_table_and_a_plot(report: Path) -> None:
    tree = _page(report.read_text(encoding="utf-8"))
    option = tree.findall(".//section[@id='q12-reward-from-policy']//ol[@class='options']/li")[0]
    cells = [etree.tostring(td, method="text", encoding="unicode") for td in option.findall(".//table//td")]
    assert len(cells) == 8  # Z(x), r(x, y), β, π_ref(y|x): atom and value each
    plot = option.find(".//{http://www.w3.org/2000/svg}svg") or option.find(".//svg")
    assert plot is not None
    assert len(plot.findall(".//path") or plot.findall(".//{http://www.w3.org/2000/svg}path")) == 2


def test_a_broken_derivation_highlights_its_first_failing_step(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("---\nkind: derivation\nid: broken\ntitle: 'a wrong expansion'\nsymbols:\n  a: real\n"
                    "  b: real\n---\n$$\n\\begin{aligned}\n(a + b)^2 &= a^2 + 2ab + b^2 \\quad \\text{expand} \\\\\n"
                    "&= a^2 + b^2 \\quad \\text{wrong} \\\\\n&= b^2 + a^2\n\\end{aligned}\n$$\n", encoding="utf-8")
    chains = check_derivations(load_items(path))
    tree = _page(html.render([], outcome([], chains=chains), chains=chains))
    steps = tree.findall(".//ol[@class='steps']/li")
    assert [s.get("class") for s in steps] == ["", "failing", ""]
    assert "broken" == tree.find(".//section[@id='broken']").get("data-status")


def test_the_audit_is_shown_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "audit.md"
    path.write_text("---\nid: audit\nrule: correct\nkey: 1\nsymbols:\n  x: positive\n---\nWhich holds?\n\n"
                    "1. $\\sqrt{x^2} = x$\n2. $x = x + 1$\n", encoding="utf-8")
    results = check_questions([load_question(path)])
    claim = results[0].options[0].option.claim
    audits = dict(zip([id(claim)], audit_claims([claim], [results[0].options[0].verdict])))
    page = html.render(results, outcome(results), audits=audits)
    assert "needs x" in etree.tostring(_page(page), method="text", encoding="unicode")
    assert "needs x" not in etree.tostring(_page(html.render(results, outcome(results))), method="text",
                                           encoding="unicode")


def test_verify_html_writes_the_report_beside_the_normal_output(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "r.html"
    result = runner.invoke(main, ["q08", "--html", str(target)])
    assert result.exit_code == 0 and "q08-bradley-terry" in result.stdout
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def _blank(png: bytes) -> bool:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 16) or []
    commonest = max(count for count, _ in colours) if colours else 0
    return len(colours) < 8 or commonest > 0.985 * image.width * image.height


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_report_renders_every_formula_in_chromium(browser: Browser, report: Path, width: int) -> None:
    page = browser.open(report, width)
    text = page.visible_text()
    assert "Question 14" in text and "d4-dpo-gradient" in text
    assert not RAW.findall(text), RAW.findall(text)[:5]
    assert page.problems() == []
    # every formula has a size on the page: rendered by the browser's MathML, not left as source
    sizes = page.evaluate("Array.from(document.querySelectorAll('math')).map(m => m.getBoundingClientRect().width)")
    assert sizes and min(sizes) > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page is wider than the screen"
    assert not _blank(page.screenshot())


def test_the_status_filters_hide_and_show_questions(browser: Browser, report: Path) -> None:
    page = browser.open(report, 1280)
    shown = "Array.from(document.querySelectorAll('section.card')).filter(s => !s.hidden).map(s => s.id)"
    before = page.evaluate(shown)
    page.evaluate("document.querySelector('.filters input[value=\"agrees\"]').click()")
    after = page.evaluate(shown)
    agreeing = page.evaluate("Array.from(document.querySelectorAll('section[data-status=\"agrees\"]')).map(s => s.id)")
    assert agreeing and set(after) == set(before) - set(agreeing)
    page.evaluate("document.querySelector('.filters input[value=\"agrees\"]').click()")
    assert page.evaluate(shown) == before
    assert page.problems() == []


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_exported_questions_render_as_students_see_them(browser: Browser, bank_results, tmp_path: Path,
                                                        width: int) -> None:  # type: ignore[no-untyped-def]
    items, _ = choose(list(bank_results.values()), force=True)
    path = tmp_path / "preview.html"
    path.write_text(preview(items), encoding="utf-8")
    page = browser.open(path, width)
    text = page.visible_text()
    assert text.count("Pregunta ") == 14
    assert not RAW.findall(text), RAW.findall(text)[:5]
    assert "□" not in text and "\n- " not in text
    assert page.problems() == []
    assert page.evaluate("document.querySelectorAll('article table').length") == 1  # question 6's P and Q
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not _blank(page.screenshot())


def test_the_browser_checks_can_fail(browser: Browser, tmp_path: Path) -> None:
    """The harness sees what the tests above assert is absent: console errors, raw LaTeX, a blank page."""
    path = tmp_path / "bad.html"
    path.write_text("<!DOCTYPE html><html><body><p>$\\frac{1}{2}$</p><script>console.error('boom');"
                    "undefinedFunction();</script></body></html>", encoding="utf-8")
    page = browser.open(path, 800)
    assert RAW.findall(page.visible_text())
    problems = page.problems()
    assert any("boom" in p for p in problems) and any("exception" in p for p in problems)
    assert _blank(page.screenshot())


def test_authored_text_cannot_inject_markup_into_the_report(tmp_path: Path) -> None:
    """A formula's \\text{…} reaches MathML unescaped in the converter: such a formula is shown as its source."""
    path = tmp_path / "inject.md"
    path.write_text("---\nid: inject\nrule: correct\nkey: 1\nsymbols:\n  x: real\nprose:\n"
                    "  2: {holds: false, justification: 'no'}\n---\n<script>alert(1)</script> Which holds? "
                    "$\\text{<script>alert(2)</script>} x$\n\n1. $x = x$\n2. <img src=x onerror=alert(3)>\n",
                    encoding="utf-8")
    results = check_questions([load_question(path)])
    page = html.render(results, outcome(results))
    tree = _page(page)
    assert len(tree.findall(".//script")) == 1  # the report's own filter script, nothing authored
    assert not tree.findall(".//img")
    assert "alert(2)" in etree.tostring(tree.find(".//code[@class='tex']"), method="text", encoding="unicode")
