"""The human report: one table per question and a summary line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from checker.questions.question import QuestionResult, QuestionStatus
from checker.values.claims import Claim
from checker.values.verdicts import Status, Verdict
from checker.values.written import tidy

from .common import Outcome, status_label

_VERDICT_COLOURS = {Status.PROVED: "green", Status.REFUTED: "red", Status.UNDECIDED: "yellow",
                    Status.ASSERTED: "cyan"}
_STATUS_COLOURS = {QuestionStatus.AGREES: "green", QuestionStatus.DISAGREES: "red",
                   QuestionStatus.AMBIGUOUS: "magenta", QuestionStatus.NONE_QUALIFIES: "red",
                   QuestionStatus.UNDETERMINED: "yellow"}


def _style(text: str, colour: str | None, enabled: bool, bold: bool = False) -> str:
    if not enabled or colour is None:
        return text
    import click

    return click.style(text, fg=colour, bold=bold)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _evidence(verdict: Verdict) -> str:
    example = verdict.counterexample
    if verdict.status is Status.REFUTED and example is not None:
        if example.instance:
            return example.instance
        where = f"relation {example.enclosure.part + 1}: " if example.enclosure.part else ""
        return f"{example}; {where}lhs ∈ {example.enclosure.lhs}, rhs ∈ {example.enclosure.rhs}"
    if verdict.status is Status.UNDECIDED:
        return verdict.reason
    if verdict.status is Status.PROVED:
        return verdict.method + ("" if verdict.exact else " — CAS-trusted")
    return verdict.summary


def render_question(result: QuestionResult, *, colour: bool = False, explain: bool = False) -> str:
    q = result.question
    place = " · ".join(p for p in (q.section, f"question {q.position}" if q.position else "") if p)
    lines = [_style(f"{q.id}", None, colour, bold=True) + (f"  [{place}]" if place else ""),
             f"  rule: {q.rule.description}" + _semantics(result)]
    lines.append(f"  {'#':>2}  {'verdict':<9}  {'time':>6}  evidence")
    for option in result.options:
        v = option.verdict
        same = f" [same as {', '.join(map(str, option.same_as))}]" if option.same_as else ""
        lines.append(f"  {option.option.number:>2}  "
                     + _style(f"{v.status.value:<9}", _VERDICT_COLOURS[v.status], colour)
                     + ("  cached  " if v.cached else f"  {v.seconds:>5.2f}s  ") + _short(_evidence(v), 150) + same)
        if explain:
            lines.extend(_details(option.option.claim, v, indent=8))
    implied = ", ".join(map(str, result.implied)) or "—"
    lines.append(f"  implied: {implied}   key: {q.key_label} (\"{q.key_text}\")   status: "
                 + _style(status_label(result), _STATUS_COLOURS[result.status], colour, bold=True))
    lines.append(f"  {result.explanation}")
    if q.erratum is not None:
        lines.append(f"  erratum ({q.erratum.status.value}): {q.erratum.note}")
    if explain:
        lines.extend(f"  note: {note}" for note in q.notes)
    if result.support:
        lines.append("  supporting claims:")
        for claim, v in result.support:
            lines.append("    " + _style(f"{v.status.value:<9}", _VERDICT_COLOURS[v.status], colour)
                         + f"  {_short(claim.text, 90)} — {_short(_evidence(v), 90)}")
            if explain:
                lines.extend(_details(claim, v, indent=8))
    return "\n".join(lines)


def _semantics(result: QuestionResult) -> str:
    """Which semantics the question's verdicts are under, when any of them is mathematical."""
    used = [o.verdict.semantics for o in result.options if o.verdict.semantics]
    used += [v.semantics for _, v in result.support if v.semantics]
    return f" · semantics: {' and '.join(dict.fromkeys(used))}" if used else ""


def _details(claim: Claim | None, verdict: Verdict, indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    if claim is not None:
        lines.append(f"{pad}claim: {claim.text}")
        for part in claim.parts:
            lines.append(f"{pad}  {tidy(part.lhs)} {part.relation.value} {tidy(part.rhs)}")
        for atom, definition in claim.definitions:
            lines.append(f"{pad}  where {atom} := {tidy(definition)}")
        for atom, domain in claim.domains:
            lines.append(f"{pad}  {atom}: {domain.describe()}")
        if claim.witness is not None:
            lines.append(f"{pad}  witness: lhs − rhs = {claim.witness}")
    lines.append(f"{pad}verdict: {verdict.status.value} by {verdict.method}"
                 + ("" if verdict.exact else " (CAS-trusted: rests on sympy.simplify)"))
    for step in verdict.steps:
        lines.append(f"{pad}  · {_short(step, 400)}")
    if verdict.counterexample is not None:
        example = verdict.counterexample
        lines.append(f"{pad}  counterexample: {example}")
        if not example.instance:
            lines.append(f"{pad}  certified enclosures: {example.enclosure}")
    for record in verdict.crosscheck:
        lines.append(f"{pad}  cross-check: {_short(record, 300)}")
    if verdict.reason:
        lines.append(f"{pad}  reason: {verdict.reason}")
    return lines


_CHAIN_COLOURS = {"valid": "green", "valid if the facts hold": "cyan", "broken": "red", "undecided": "yellow"}


def _written_step(derivation: Any, number: int) -> str:
    """A step's right-hand side as the author wrote it (``2.62``, not SymPy's ``131/50``), when the chain came
    from LaTeX; empty otherwise."""
    latex = getattr(derivation, "latex", ())
    if number > len(latex):
        return ""
    text = latex[number - 1]
    if number == 1:
        found = re.split(r"\\le(?:q)?\b|\\ge(?:q)?\b|=|<|>", text, maxsplit=1)
        text = found[1] if len(found) == 2 else text
    else:
        text = re.sub(r"^\s*(?:=|<|>|\\le(?:q)?|\\ge(?:q)?)", "", text)
    return text.strip()


def render_chain(result: Any, *, colour: bool = False, explain: bool = False) -> str:
    """One derivation: each step with its verdict, then whether the chain holds."""
    d = result.derivation
    lines = [_style(d.id, None, colour, bold=True) + f"  [derivation] {d.title}",
             f"  {'#':>2}  {'step':<44}  {'verdict':<9}  evidence"]
    for number, (step, verdict) in enumerate(zip(d.steps, result.verdicts), start=1):
        marker = "  ← first failure" if result.first_failure == number and result.status.value == "broken" else ""
        written = _written_step(d, number)
        label = _short(step.relation.value + " " + (step.justification or written or str(tidy(step.expr))), 44)
        lines.append(f"  {number:>2}  {label:<44}  "
                     + _style(f"{verdict.status.value:<9}", _VERDICT_COLOURS[verdict.status], colour)
                     + f"  {_short(_evidence(verdict), 110)}{marker}")
        if explain:
            lines.append(f"        {step.relation.value} {step.expr}")
            lines.extend(_details(None, verdict, indent=8))
    lines.append("  chain: " + _style(result.status.value, _CHAIN_COLOURS[result.status.value], colour, bold=True)
                 + f" — {result.explanation}")
    if explain:
        lines.extend(f"  note: {note}" for note in d.notes)
    return "\n".join(lines)


def audit_lines(label: str, audit: Any) -> list[str]:
    """What the assumption audit found for one claim, if anything worth saying."""
    lines = [f"    audit {label} needs {check.assumption}: with {check.weakened}, "
             f"{_short(str(check.verdict.counterexample), 110)}" for check in audit.assumptions if check.necessary]
    free = [check.assumption for check in audit.assumptions if check.necessary is False]
    unknown = [check.assumption for check in audit.assumptions if check.necessary is None]
    if free or unknown:
        parts = ([f"does not need {'; '.join(free)}"] if free else []) + \
                ([f"unknown for {'; '.join(unknown)}"] if unknown else [])
        lines.append(f"    audit {label} " + " — ".join(parts))
    if audit.undefined:
        lines.append(f"    audit {label}: UNDEFINED on its domain — {_short(audit.undefined, 160)}")
    return lines


def _audits(result: QuestionResult, audits: Any) -> list[str]:
    lines: list[str] = []
    for option in result.options:
        if option.option.claim is not None and id(option.option.claim) in audits:
            lines += audit_lines(f"option {option.option.number}", audits[id(option.option.claim)])
    for claim, _ in result.support:
        if id(claim) in audits:
            lines += audit_lines(f"'{_short(claim.text, 40)}'", audits[id(claim)])
    return lines


def render(results: Sequence[QuestionResult], summary: Outcome, *, colour: bool = False,
           explain: bool = False, errors: int = 0, chains: Sequence[Any] = (), audits: Any = None) -> str:
    audits = audits or {}
    blocks = []
    for result in results:
        block = render_question(result, colour=colour, explain=explain)
        extra = _audits(result, audits)
        blocks.append(block + ("\n" + "\n".join(extra) if extra else ""))
    for chain in chains:
        extra = [line for n in range(1, len(chain.verdicts) + 1) if (chain.derivation.id, n) in audits
                 for line in audit_lines(f"step {n}", audits[(chain.derivation.id, n)])]
        blocks.append(render_chain(chain, colour=colour, explain=explain) + ("\n" + "\n".join(extra) if extra else ""))
    line = summary_line(results, summary, chains, errors)
    blocks.append(_style(line, "red" if summary.failing or errors else "green", colour, bold=True))
    return "\n\n".join(blocks)


def summary_line(results: Sequence[QuestionResult], summary: Outcome, chains: Sequence[Any], errors: int) -> str:
    """The run's last line: questions by status, derivations that hold, claims by verdict, what fails."""
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(summary.statuses.items()))
    verdicts = ", ".join(f"{summary.verdicts[s.value]} {s.value}" for s in Status)
    parts = [f"{len(results)} questions" + (f": {statuses}" if statuses else "")] if results or not chains else []
    if chains:
        parts.append(f"{len(chains)} derivations: {sum(not c.failed() for c in chains)} hold")
    line = "; ".join(parts) + f"; claims: {verdicts}"
    if summary.failing:
        line += f"; FAILING: {', '.join(summary.failing)}"
    if errors:
        line += f"; {errors} error{'s' if errors > 1 else ''} in files that could not be read"
    if not summary.failing and not errors:
        line += "; OK"
    return line
