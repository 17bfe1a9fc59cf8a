"""The verify command through click's runner, and once as a real process."""

from __future__ import annotations

import json
import subprocess
import sys

import sympy as sp
from click.testing import CliRunner

from checker.cli import main


def test_verify_checks_the_whole_document_and_passes(runner: CliRunner) -> None:
    result = runner.invoke(main, [])
    assert result.exit_code == 0, result.output
    assert "14 questions:" in result.output and "OK" in result.output.splitlines()[-1]
    assert "disagrees (erratum recorded)" in result.output
    assert "\x1b[" not in result.output  # not a TTY: no colour


def test_selection_by_id_prefix_and_position(runner: CliRunner) -> None:
    result = runner.invoke(main, ["q06", "13"])
    assert result.exit_code == 0
    assert "q06-kl-figures" in result.output and "q13-dpo-logit" in result.output
    assert "q03-return" not in result.output
    assert "2 questions:" in result.output


def test_selection_by_pattern(runner: CliRunner) -> None:
    result = runner.invoke(main, ["-k", "dpo"])
    assert result.exit_code == 0
    assert "3 questions:" in result.output


def test_unknown_question_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["q99"])
    assert result.exit_code == 2
    assert "no question matches 'q99'" in result.output
    assert "Traceback" not in result.output


def test_bad_pattern_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["-k", "("])
    assert result.exit_code == 2
    assert "not a valid pattern" in result.output


def test_strict_fails_on_recorded_errata(runner: CliRunner) -> None:
    result = runner.invoke(main, ["q06", "--strict"])
    assert result.exit_code == 1
    assert "FAILING: q06-kl-figures" in result.output


def test_explain_shows_certificates(runner: CliRunner) -> None:
    result = runner.invoke(main, ["q12", "--explain"])
    assert result.exit_code == 0
    assert "certified enclosures: lhs ∈ {1}, rhs ∈ {-1}" in result.output
    assert "expand logs (positive arguments)" in result.output
    assert "cross-check:" in result.output
    assert "where π_r(y | x) := π_ref(y | x)*exp(r(x, y)/β)/Z(x)" in result.output


def test_json_document_carries_the_schema_fields(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--format", "json", "q09", "q06"])
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["summary"]["exit_code"] == 0
    q06, q09 = document["questions"]
    for key in ("id", "section", "position", "rule", "key", "implied", "status", "options"):
        assert key in q09
    assert q09["implied"] == [4] and q09["status"] == "agrees"
    option = q09["options"][1]
    for key in ("number", "text", "kind", "verdict", "method", "seconds", "lhs", "rhs", "relation", "domains"):
        assert key in option
    assert option["verdict"] == "refuted"
    assert option["counterexample"] == {"|y_1|": "0", "|y_2|": "1", "θ": "1"}
    assert option["domains"]["θ"]["kind"] == "real"
    assert option["domains"]["|y_1|"]["kind"] == "non-negative integer"
    assert sp.srepr(sp.sympify("1")) and option["enclosures"]["lhs"].startswith("[")
    assert q06["status"] == "disagrees" and q06["erratum"]["applies"] is True
    assert q06["options"][1]["relation"] == "and" and len(q06["options"][1]["parts"]) == 2


def test_no_color_and_tty_detection(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Colour appears only on a terminal, and never when NO_COLOR is set."""
    from checker.cli.running import _colour_enabled

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert _colour_enabled(Terminal())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not _colour_enabled(Terminal())


def test_verify_runs_as_a_real_process_from_any_directory(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The installed package carries the document: no checkout needed in the working directory."""
    completed = subprocess.run([sys.executable, "-m", "checker", "q08", "--format", "json"], cwd=tmp_path,
                               capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["questions"][0]["implied"] == [4]


def test_verify_files_and_folders_and_keep_going_past_a_bad_file(runner: CliRunner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A broken file is reported with exit 2, and the good ones are still checked."""
    from derivations import QUESTIONS

    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "good.md").write_text((QUESTIONS / "q08-bradley-terry.md").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    (folder / "bad.md").write_text("---\nid: bad\nrule: correct\nkey: 1\n---\nStem\n\n1. $q = 1$\n", encoding="utf-8")
    result = runner.invoke(main, [str(folder)])
    assert result.exit_code == 2
    assert "bad.md:8:5: question bad: option 1" in result.output and "undeclared identifier 'q'" in result.output
    assert "q08-bradley-terry" in result.output and "1 questions: 1 agrees" in result.output
    assert "1 error in files that could not be read" in result.output


def test_suggest_key_prints_the_implied_answers(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--suggest-key", "q06", "q09"])
    assert result.output.splitlines() == ["q06-kl-figures: implied 1; key 2; disagrees",
                                          "q09-length-reward: implied 4; key 4; agrees"]


def test_new_writes_a_template_that_catches_its_own_wrong_key(runner: CliRunner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "my-question.md"
    created = runner.invoke(main, ["new", "my-question", "-o", str(target)])
    assert created.exit_code == 0 and target.exists()
    checked = runner.invoke(main, [str(target)])
    assert checked.exit_code == 1
    assert "implied: 3   key: 4" in checked.output
    again = runner.invoke(main, ["new", "my-question", "-o", str(target)])
    assert again.exit_code == 2 and "exists" in again.output


def test_import_command_writes_question_files(runner: CliRunner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from .test_import_export import SMALL_DOCUMENT

    document = tmp_path / "quiz.md"
    document.write_text(SMALL_DOCUMENT, encoding="utf-8")
    result = runner.invoke(main, ["import", str(document), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "2 question files" in result.output
    missing = runner.invoke(main, ["import", str(tmp_path / "nope.md")])
    assert missing.exit_code == 2 and "cannot read" in missing.output


def test_export_skips_unvalidated_questions_unless_forced(runner: CliRunner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "quiz.xml"
    result = runner.invoke(main, ["export", "--to", "moodle-xml", "q06", "q08", "-o", str(out)])
    assert result.exit_code == 1
    assert "skipped q06-kl-figures: disagrees" in result.output
    assert out.read_text(encoding="utf-8").count('type="multichoice"') == 1
    forced = runner.invoke(main, ["export", "--to", "moodle-xml", "q06", "q08", "--force"])
    assert forced.exit_code == 0
    assert forced.stdout.count("<idnumber>q0") == 2
    # q08 ends with "all of the above": GIFT cannot keep it last, so it is left out even with --force
    gift = runner.invoke(main, ["export", "--to", "gift", "q06", "q08", "--force"])
    assert gift.exit_code == 1 and gift.stdout.count("::q0") == 1 and "left out of GIFT q08" in gift.stderr
