"""The command line under every input: one ``verify: error: …`` line and exit 2 for a usage or input problem,
never a traceback; complete JSON and JUnit documents whose exit code is the process's; Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import string
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.cli import main
from checker.engine import checking as engine
from checker.questions.loading import load_question

ROOT = Path(__file__).resolve().parent.parent
Q08 = ROOT / "derivations" / "questions" / "q08-bradley-terry.md"


def _one_error_line(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("verify: error: "), lines
    return str(lines[0])


@pytest.mark.parametrize(
    ("args", "says"),
    [(["--junit-xml", "/nonexistent/dir/x.xml", "q08"], "the folder /nonexistent/dir does not exist"),
     (["--html", "/nonexistent/dir/x.html", "q08"], "the folder /nonexistent/dir does not exist"),
     (["export", "--to", "gift", "q12", "-o", "/nonexistent/dir/x.gift"], "the folder /nonexistent/dir"),
     (["new", "ok-id", "-o", "/nonexistent/dir/x.md"], "the folder /nonexistent/dir does not exist"),
     (["import", "-o", "/proc/nope"], "/proc/nope"),
     (["--timeout", "inf", "q08"], "'inf' is not a finite number"),
     (["--timeout", "nan", "q08"], "'nan' is not a finite number"),
     (["--timeout", "1e300", "q08"], "out of range"),
     (["--timeout", "-1", "q08"], "out of range"),
     (["--timeout", "ten", "q08"], "'ten' is not a number"),
     (["-j", "0", "q08"], "out of range"),
     (["--memory", "1", "q08"], "out of range: give 64 MiB to 1,048,576 MiB"),
     (["--timeout", "0", "q08"], "out of range: give 0.1 s to 86,400 s"),
     (["-j", "99999999999999999999", "q08"], "out of range"),
     (["--memory", "1e9", "q08"], "is not an integer"),
     (["export", "--timeout", "inf"], "'inf' is not a finite number"),
     (["--shard", "3/2"], "--shard"),
     (["-k", "("], "not a valid pattern"),
     (["q"], "'q' matches 16 ids: q01-post-training-models, q02-post-training-types"),
     (["nothing-like-this"], "no question matches 'nothing-like-this'"),
     (["--no-such-option"], "No such option"),
     (["export", "--to", "pdf"], "'pdf' is not one of"),
     (["import", "/nonexistent/quiz.md"], "/nonexistent/quiz.md")],
    ids=["junit-missing-folder", "html-missing-folder", "export-missing-folder", "new-missing-folder",
         "import-unwritable", "timeout-inf", "timeout-nan", "timeout-huge", "timeout-negative", "timeout-text",
         "jobs-zero", "memory-too-small", "timeout-zero",
         "jobs-huge", "memory-float", "export-timeout-inf", "bad-shard", "bad-pattern",
         "ambiguous-prefix", "unknown-id", "unknown-option", "unknown-format", "import-missing-document"],
)
def test_a_bad_input_is_one_error_line_and_exit_2(runner, args: list[str], says: str) -> None:  # type: ignore[no-untyped-def]
    assert says in _one_error_line(runner.invoke(main, args))


def test_an_output_file_that_cannot_be_written_is_one_error_line(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        # refused before any work
        assert "permission denied" in _one_error_line(runner.invoke(main, ["--html", str(locked / "r.html"), "q08"]))
    # root may write in any folder, but not create files in /proc: the failure comes when writing, said the same way
    for option in ("--html", "--junit-xml"):
        assert "/proc/report.out" in _one_error_line(runner.invoke(main, [option, "/proc/report.out", "q08"]))
    exported = runner.invoke(main, ["export", "q12", "--to", "gift", "-o", "/proc/x.gift"])
    assert "/proc/x.gift" in _one_error_line(exported)


def test_a_unique_prefix_selects_its_question(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["q08-brad"])
    assert result.exit_code == 0 and "q08-bradley-terry" in result.stdout


def test_json_with_an_unreadable_file_and_a_huge_number_still_reports_every_other_question(
        runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "broken.md").write_text("---\nid: broken\n---\nno header keys\n", encoding="utf-8")
    (tmp_path / "huge.md").write_text(
        "---\nid: huge\nrule: correct\nkey: 1\nsymbols:\n  x: real\n---\nWhich?\n\n1. $x^2 + 1 > 0$\n"
        "2. $(10^{1000})^{30} = x$\n"
        "3. $99999999999999999999999999999999999999999 x = 99999999999999999999999999999999999999999 x + 1$\n"
        "4. $e^{20000} = x + 10^{8000}$\n", encoding="utf-8")
    (tmp_path / "q08.md").write_text(Q08.read_text(encoding="utf-8"), encoding="utf-8")
    junit = tmp_path / "report.xml"
    result = runner.invoke(main, ["--format", "json", "--junit-xml", str(junit), str(tmp_path)])
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["summary"]["exit_code"] == result.exit_code == 2
    assert sorted(q["id"] for q in document["questions"]) == ["huge", "q08-bradley-terry"]
    assert any("broken.md" in error for error in document["errors"])
    huge = next(q for q in document["questions"] if q["id"] == "huge")
    assert [o["verdict"] for o in huge["options"]] == ["proved", "refuted", "refuted", "refuted"]
    suites = ET.parse(junit).getroot()
    assert int(suites.get("errors") or 0) >= 1 and suites.findall(".//testcase")


def test_summary_exit_code_is_the_process_exit_status(runner) -> None:  # type: ignore[no-untyped-def]
    for args, code in ((["q08"], 0), (["q13", "--strict"], 1)):
        result = runner.invoke(main, ["--format", "json", *args])
        assert result.exit_code == code
        assert json.loads(result.stdout)["summary"]["exit_code"] == code


def test_json_numbers_every_reader_can_hold() -> None:
    from checker.reports.json import portable

    assert portable({"a": 2**53 - 1, "b": 2**53, "c": -(10**400), "d": float("inf"), "e": [float("nan"), 1.5]}) == \
        {"a": 2**53 - 1, "b": str(2**53), "c": str(-(10**400)), "d": "inf", "e": ["nan", 1.5]}


def test_an_interrupted_check_keeps_what_finished_and_ends_its_workers(scope) -> None:  # type: ignore[no-untyped-def]
    questions = [load_question(Q08)]
    claims = [o.claim for q in questions for o in q.options if o.claim is not None]

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    try:
        verdicts = engine.check_many(claims, jobs=1, progress=interrupt)
        assert engine.interrupted()
        assert verdicts[0].method != "interrupted" or verdicts[1].method != "interrupted"
        assert any(v.method == "interrupted" for v in verdicts)
        again = engine.check_many(claims[:1])
        assert again[0].method == "interrupted"  # nothing more runs once interrupted
    finally:
        engine.resume()
    assert engine.check_many(claims[:1])[0].method != "interrupted"
    import multiprocessing

    assert not multiprocessing.active_children()


def test_ctrl_c_prints_what_finished_and_one_error_line(tmp_path: Path) -> None:
    """Ctrl-C while claims are being checked: the signal is sent once the progress line shows that checking has
    begun (stderr is a pseudo-terminal, as a user's is), never after a fixed sleep, so the run is always
    interrupted mid-way whatever the machine's speed."""
    import pty
    import select

    verify = Path(sys.executable).parent / "verify"
    command = [str(verify)] if verify.exists() else [sys.executable, "-m", "checker"]
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    bank = tmp_path / "bank"
    bank.mkdir()
    for k in range(1, 601):  # 1200 claims: seconds of work after the first one is done
        header = f"---\nid: q{k}\nrule: correct\nkey: 1\nsymbols:\n  x: real\n  y: positive\n---\nQ.\n\n"
        options = f"1. $(x - {k})^{{2}} + y > 0$\n2. $\\frac{{x^{{2}} + {k}}}{{y}} > x$\n"
        (bank / f"q{k}.md").write_text(header + options)
    controller, terminal = pty.openpty()
    # a run started from a background job inherits SIGINT ignored; a user's terminal delivers it
    process = subprocess.Popen([*command, "--no-cache", "-j", "1", str(bank)], stdout=subprocess.PIPE,
                               stderr=terminal, text=True, env=env,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    os.close(terminal)
    seen = b""
    deadline = time.monotonic() + 120
    while b"checked " not in seen and time.monotonic() < deadline and process.poll() is None:
        ready, _, _ = select.select([controller], [], [], 0.5)
        if ready:
            seen += os.read(controller, 4096)
    assert b"checked " in seen, seen[-500:]
    process.send_signal(signal.SIGINT)
    out = process.communicate(timeout=60)[0]
    while True:
        try:
            ready, _, _ = select.select([controller], [], [], 0.2)
            chunk = os.read(controller, 4096) if ready else b""
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    os.close(controller)
    err = seen.decode("utf-8", "replace")
    assert process.returncode == 2, (out[-500:], err[-2000:])
    assert "Traceback" not in err and "Traceback" not in out
    # the progress line is rewritten in place (\r); the message after it starts a line of its own
    lines = [line.strip() for line in re.split(r"[\r\n]+", err) if line.strip()]
    lines = [line for line in lines if not re.fullmatch(r"checked \d+/\d+ claims", line)]
    assert len(lines) == 1 and lines[0].startswith("verify: error: interrupted"), (lines, err[-300:])
    if out:  # the run was checking when the signal came: the report of what finished is complete
        assert out.rstrip().splitlines()[-1].startswith("600 questions")


_OPTIONS = ["--timeout", "-j", "--memory", "--format", "--junit-xml", "--html", "-k", "--shard", "--explain",
            "--strict", "--suggest-key", "--no-cache", "--bogus"]
_VALUES = st.one_of(st.sampled_from(["0", "-1", "1", "2", "0.5", "1e309", "inf", "-inf", "nan", "1/2", "", "json",
                                     "text", "q08", "/nonexistent/x/y", ".", "1/0", "99999999999999999999"]),
                    st.text(alphabet=string.printable, max_size=12))


@st.composite
def _command_lines(draw, folder: Path) -> list[str]:  # type: ignore[no-untyped-def]
    args: list[str] = []
    command = draw(st.sampled_from(["", "", "check", "export", "new", "import", "--help", "--version"]))
    if command:
        args.append(command)
    for _ in range(draw(st.integers(0, 3))):
        option = draw(st.sampled_from(_OPTIONS + ["-o", "--to", "--key", "--force", "--overwrite"]))
        args.append(option)
        if option not in ("--explain", "--strict", "--suggest-key", "--no-cache", "--force", "--overwrite"):
            args.append(draw(_VALUES))
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["id", "file", "text", "missing"]))
        if kind == "id":
            args.append(draw(st.sampled_from(["q08", "8", "q0", "q", "d6", "q08-bradley-terry"])))
        elif kind == "file":
            path = folder / f"f{draw(st.integers(0, 5))}.md"
            header = draw(st.sampled_from(["", "---\nid: x\n---\n", "---\nid: g\nrule: correct\nkey: 1\n"
                                                                      "symbols:\n  a: real\n---\nQ?\n\n1. $a = a$\n"
                                                                      "2. $a = a + 1$\n"]))
            path.write_text(header + draw(st.text(max_size=40)), encoding="utf-8")
            args.append(str(path))
        elif kind == "text":
            args.append(draw(st.text(alphabet=string.ascii_letters + string.digits + "-_./", min_size=1, max_size=10)))
        else:
            args.append(str(folder / "missing" / "x.md"))
    return args


@settings(max_examples=int(os.environ.get("CLI_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_command_line_never_shows_a_traceback(runner, tmp_path: Path, monkeypatch, data) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # 'new' and 'import' write in the current folder
    args = data.draw(_command_lines(tmp_path))
    result = runner.invoke(main, args)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output, (args, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    if result.exit_code == 2 and "--help" not in args and "-h" not in args:
        assert any(line.startswith("verify: error: ") for line in result.stderr.splitlines()), (args, result.stderr)
