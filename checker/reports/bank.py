"""``verify check BANK``: every question of a platform's bank against its mathematics, and the questions that
could not be read, by name and reason."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from checker.questions.banks import Checked, Unreadable
from checker.questions.question import QuestionResult, QuestionStatus


def text(bank: str, checked: Sequence[Checked], results: Sequence[QuestionResult],
         unreadable: Sequence[Unreadable]) -> str:
    lines = [f"{bank}: {len(checked) + len(unreadable)} questions, {len(checked)} read"]
    for item, result in zip(checked, results):
        q, said = result.question, item.rendered.question
        status = result.effective_status or result.status
        mark = "ok  " if status is QuestionStatus.AGREES else "FAIL"
        lines.append(f"  {mark} {said.label} as {q.id}: {result.status.value} — key {q.key_label}; "
                     f"{result.explanation}")
        if item.rendered.source:
            lines.append(f"       notation from {item.rendered.source}")
        elif item.rendered.proposed:
            lines.append("       proposed notation, used as it stands: " + "; ".join(item.rendered.proposed))
    for problem in unreadable:
        lines.append(f"  SKIP {problem}")
    counts = Counter(r.status.value for r in results)
    summary = ", ".join(f"{n} {s}" for s, n in counts.most_common()) or "none checked"
    failing = [r.question.id for r in results if (r.effective_status or r.status) is not QuestionStatus.AGREES]
    lines.append(f"{len(results)} checked: {summary}; {len(unreadable)} could not be read"
                 + (f"; keys not validated: {', '.join(failing)}" if failing else ""))
    return "\n".join(lines) + "\n"


def document(bank: str, checked: Sequence[Checked], results: Sequence[QuestionResult],
             unreadable: Sequence[Unreadable]) -> dict[str, Any]:
    return {
        "bank": bank,
        "questions": [{
            "position": item.rendered.question.position, "name": item.rendered.question.name,
            "type": item.rendered.question.kind, "id": result.question.id, "rule": result.question.rule.value,
            "key": list(result.question.answers), "implied": list(result.implied), "status": result.status.value,
            "status_if_asserted": None if result.status_if_asserted is None else result.status_if_asserted.value,
            "explanation": result.explanation, "notation": item.rendered.source or "proposed",
            "proposed": list(item.rendered.proposed),
            "options": [{"number": o.option.number, "text": o.option.text, "status": o.verdict.status.value}
                        for o in result.options],
        } for item, result in zip(checked, results)],
        "unreadable": [{"position": u.position, "name": u.name, "reason": u.reason} for u in unreadable],
    }


def exit_code(results: Sequence[QuestionResult], unreadable: Sequence[Unreadable]) -> int:
    """0 when every question was read and its key validated, else 1."""
    bad = any((r.effective_status or r.status) is not QuestionStatus.AGREES for r in results)
    return 1 if bad or unreadable else 0
