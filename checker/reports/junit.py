"""JUnit XML for CI dashboards: one test case per question and one per option or supporting claim."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from checker.questions.question import QuestionResult
from checker.values.printable import xml_safe
from checker.values.verdicts import Status, Verdict

from .common import Outcome, status_label


def _evidence(verdict: Verdict) -> str:
    lines = [f"{verdict.status.value}: {verdict.summary}"]
    lines += verdict.steps[:5]
    return "\n".join(lines)


def _where(origin: tuple[str, int] | tuple[()], line: int | None = None) -> dict[str, str]:
    """The ``file`` and ``line`` attributes of a test case, as pytest and ruff write them."""
    if not origin:
        return {}
    return {"file": origin[0], "line": str(line if line is not None else origin[1])}


def render(results: Sequence[QuestionResult], summary: Outcome, errors: Sequence[str] = (),
           chains: Sequence[Any] = ()) -> str:
    suite = ET.Element("testsuite", name="verify")
    tests = failures = error_count = 0
    for result in results:
        q = result.question
        case = ET.SubElement(suite, "testcase", classname=q.id, name="question",
                             time=f"{sum(v.seconds for v in result.verdicts):.4f}", **_where(q.origin))
        tests += 1
        if result.failed(summary.strict):
            failures += 1
            ET.SubElement(case, "failure", message=f"{status_label(result)}: {result.explanation}").text = (
                q.erratum.note if q.erratum else result.explanation)
        else:
            ET.SubElement(case, "system-out").text = f"{status_label(result)}: {result.explanation}"
        entries = [(f"option {o.option.number}", o.verdict) for o in result.options]
        entries += [(f"support: {claim.text}", verdict) for claim, verdict in result.support]
        for name, verdict in entries:
            case = ET.SubElement(suite, "testcase", classname=q.id, name=name, time=f"{verdict.seconds:.4f}",
                                 **_where(q.origin))
            tests += 1
            if verdict.status is Status.UNDECIDED:
                failures += 1
                ET.SubElement(case, "failure", message=f"undecided: {verdict.reason}").text = _evidence(verdict)
            else:
                ET.SubElement(case, "system-out").text = _evidence(verdict)
    for chain in chains:
        d = chain.derivation
        case = ET.SubElement(suite, "testcase", classname=d.id, name="derivation", **_where(d.origin))
        tests += 1
        if chain.failed():
            failures += 1
            ET.SubElement(case, "failure", message=f"{chain.status.value}: {chain.explanation}")
        for number, verdict in enumerate(chain.verdicts, start=1):
            step = ET.SubElement(suite, "testcase", classname=d.id, name=f"step {number}",
                                 time=f"{verdict.seconds:.4f}",
                                 **_where(d.origin, d.step_lines[number - 1] if d.step_lines else None))
            tests += 1
            if verdict.status in (Status.UNDECIDED, Status.REFUTED):
                failures += 1
                ET.SubElement(step, "failure", message=f"{verdict.status.value}: {verdict.summary}")
            else:
                ET.SubElement(step, "system-out").text = _evidence(verdict)
    for index, message in enumerate(errors, start=1):
        case = ET.SubElement(suite, "testcase", classname="input", name=f"file error {index}")
        ET.SubElement(case, "error", message=message.splitlines()[0]).text = message
        tests += 1
        error_count += 1
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(error_count))
    suites = ET.Element("testsuites", tests=str(tests), failures=str(failures), errors=str(error_count))
    suites.append(suite)
    ET.indent(suites)
    return xml_safe('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n")
