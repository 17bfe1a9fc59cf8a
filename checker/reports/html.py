"""The browsable report: one self-contained HTML file (``verify --html FILE``).

Everything is inline — styles, a few lines of script for the status filters, math as MathML (rendered by
the browser itself), plots as SVG — so the file opens offline, from an e-mail or a CI artifact, and prints.
A pure function of the results, like every report; the plots call :func:`checker.profile.profile`, which
evaluates the refuted relation along a line (a picture; the verdict rests on the certified point).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from checker.engine.profile import profile
from checker.questions.question import QuestionResult
from checker.values.claims import Claim
from checker.values.verdicts import Status, Verdict, label

from . import markup
from .common import Outcome, status_label
from .feedback import spell
from .mathml import writer
from .plot import svg

STATUSES = ("agrees", "disagrees", "ambiguous", "none qualifies", "undetermined")
CHAIN_STATUSES = ("valid", "valid if the facts hold", "broken", "undecided")

STYLE = """
:root { --ok:#1b7a3d; --bad:#b3261e; --warn:#8a6100; --info:#0b6e8a; --muted:#5f6368; --line:#dadce0; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #202124;
       background: #f6f7f9; }
main { max-width: 960px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.5em; margin: .2em 0; } h2 { font-size: 1.2em; margin: 0 0 .3em; }
header.top { background: #fff; border-bottom: 1px solid var(--line); }
.summary { display: flex; flex-wrap: wrap; gap: 8px; margin: .6em 0; }
.count { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 6px 10px; }
.count b { font-size: 1.2em; }
.filters { display: flex; flex-wrap: wrap; gap: 10px; margin: .6em 0; font-size: .95em; }
.filters label { white-space: nowrap; }
nav.toc ol { columns: 2 260px; padding-left: 1.4em; margin: .4em 0; }
section.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px;
               margin: 14px 0; overflow-wrap: anywhere; }
.meta { color: var(--muted); font-size: .9em; }
.badges { display: flex; flex-wrap: wrap; gap: 6px; margin: .4em 0; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: .85em; border: 1px solid;
         white-space: nowrap; }
.badge.ok, .badge.proved, .badge.agrees, .badge.valid { color: var(--ok); border-color: var(--ok); }
.badge.bad, .badge.refuted, .badge.disagrees, .badge.broken, .badge.none-qualifies { color: var(--bad);
         border-color: var(--bad); }
.badge.undecided, .badge.undetermined, .badge.ambiguous { color: var(--warn); border-color: var(--warn); }
.badge.asserted, .badge.valid-if-the-facts-hold, .badge.plain { color: var(--info); border-color: var(--info); }
.stem { margin: .5em 0; }
.stem table, table.values { border-collapse: collapse; margin: .5em 0; }
.stem th, .stem td, table.values th, table.values td { border: 1px solid var(--line); padding: 3px 10px;
         text-align: center; }
ol.options { padding-left: 1.6em; }
ol.options > li { margin: .6em 0; padding: 6px 8px; border-left: 4px solid transparent; }
ol.options > li.key { border-left-color: var(--info); background: #f1f8fb; }
.evidence { font-size: .92em; color: #3c4043; margin-top: .3em; }
.evidence details summary { cursor: pointer; color: var(--muted); }
.steps li.failing { background: #fdecea; border-left: 4px solid var(--bad); }
ol.steps > li { margin: .5em 0; padding: 4px 8px; }
.why { color: var(--muted); font-size: .9em; }
.display, .display-math { display: block; overflow-x: auto; overflow-y: hidden; margin: .5em 0; max-width: 100%; }
.stem p, .stem li, .stem td, .statement, ol.steps > li > div:first-child, .evidence, .card h2
  { overflow-x: auto; overflow-y: hidden; }
ol.options { list-style: none; padding-left: 0; }
.number { font-weight: 600; margin-right: .4em; }
.statement { display: flex; gap: .2em; align-items: baseline; }
math { font-size: 1.1em; math-style: normal; }
math[display="block"] { overflow-x: auto; max-width: 100%; }
code.tex { background: #fdecea; }
svg.plot { max-width: 100%; height: auto; display: block; margin: .4em 0; }
.errors { color: var(--bad); }
@media (max-width: 600px) { main { padding: 8px; } section.card { padding: 10px; } body { font-size: 14px; } }
@media print { .filters, nav.toc { display: none; } section.card { break-inside: avoid; border-color: #999; }
               body { background: #fff; } details { display: block; } details > summary { display: none; } }
"""

SCRIPT = """
document.querySelectorAll('.filters input').forEach(function (box) {
  box.addEventListener('change', function () {
    var shown = {};
    document.querySelectorAll('.filters input').forEach(function (b) { shown[b.value] = b.checked; });
    document.querySelectorAll('section.card[data-status]').forEach(function (card) {
      card.hidden = !shown[card.getAttribute('data-status')];
    });
  });
});
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _badge(text: str, kind: str | None = None) -> str:
    return f'<span class="badge {_slug(kind or text)}">{_e(text)}</span>'


def _rich(text: str) -> str:
    """Prose that may hold ``$…$`` math, as HTML."""
    return markup.inline(text, writer)


def _atom(atom: sp.Basic, notation: Mapping[Any, str]) -> str:
    spelled = spell(atom, notation)
    return writer(spelled, False) if spelled is not None else _e(label(atom))


def _counterexample(claim: Claim | None, verdict: Verdict, notation: Mapping[Any, str]) -> str:
    example = verdict.counterexample
    if example is None:
        return ""
    if example.instance:
        return f"<div>fails on {_e(example.instance)}</div>"
    out = []
    if example.values:
        rows = "".join(f"<tr><td>{_atom(atom, notation)}</td><td>{writer(sp.latex(sp.Rational(value)), False)}</td>"
                       f"</tr>" for atom, value in example.values)
        out.append(f'<table class="values"><thead><tr><th>atom</th><th>value</th></tr></thead><tbody>{rows}'
                   "</tbody></table>")
    else:
        out.append("<div>no free atoms: the relation fails for the constants as written</div>")
    enclosure = example.enclosure
    where = f"relation {enclosure.part + 1}: " if enclosure.part else ""
    out.append(f"<div>{_e(where)}left side ∈ {_e(enclosure.lhs)}; right side ∈ {_e(enclosure.rhs)}</div>")
    if example.note:
        out.append(f"<div>{_e(example.note)}</div>")
    if claim is not None and example.values:
        drawn = _plot(claim, verdict, notation)
        if drawn:
            out.append(drawn)
    return "".join(out)


def _plot(claim: Claim, verdict: Verdict, notation: Mapping[Any, str]) -> str:
    assert verdict.counterexample is not None
    try:
        line = profile(claim, verdict.counterexample)
    except Exception:  # noqa: BLE001 - a picture that cannot be drawn is left out, never an error of the report
        return ""
    if line is None:
        return ""
    axis = label(line.atom) + (f" (and {label(line.partner)} the other way)" if line.partner is not None else "")
    return svg(line, axis)


def _verdict(claim: Claim | None, verdict: Verdict, notation: Mapping[Any, str]) -> str:
    parts = [_badge(verdict.status.value)]
    if verdict.status is Status.PROVED:
        body = f"{_e(verdict.method)}" + ("" if verdict.exact else " (CAS-trusted: rests on sympy.simplify)")
    elif verdict.status is Status.REFUTED:
        body = _e(verdict.method) + _counterexample(claim, verdict, notation)
    elif verdict.status is Status.UNDECIDED:
        body = _rich(verdict.reason or verdict.summary)
    else:
        body = _rich(verdict.summary)
    details = "".join(f"<li>{_e(step)}</li>" for step in verdict.steps)
    details += "".join(f"<li>cross-check: {_e(record)}</li>" for record in verdict.crosscheck)
    if verdict.semantics:
        details += f"<li>semantics: {_e(verdict.semantics)}</li>"
    more = f"<details><summary>certificate</summary><ul>{details}</ul></details>" if details else ""
    return f'{" ".join(parts)}<div class="evidence">{body}{more}</div>'


def _audit(audit: Any) -> str:
    if audit is None:
        return ""
    items = []
    for check in audit.assumptions:
        if check.necessary:
            items.append(f"needs {_e(check.assumption)}: with {_e(check.weakened)}, "
                         f"{_e(check.verdict.counterexample)}")
        elif check.necessary is False:
            items.append(f"does not need {_e(check.assumption)}")
        else:
            items.append(f"unknown whether it needs {_e(check.assumption)}")
    if audit.undefined:
        items.append(f"<strong>undefined on its domain</strong>: {_e(audit.undefined)}")
    return f'<div class="audit">audit: <ul>{"".join(f"<li>{i}</li>" for i in items)}</ul></div>' if items else ""


def question_card(result: QuestionResult, audits: Mapping[Any, Any]) -> str:
    q = result.question
    notation = dict(q.notation)
    status = result.status.value
    implied = ", ".join(map(str, result.implied)) or "none"
    head = (f'<section class="card question" id="{_e(q.id)}" data-status="{_e(status)}">'
            f"<h2>{_e(f'Question {q.position}' if q.position else q.id)}</h2>"
            f'<div class="meta">{_e(q.id)}{" · " + _e(q.section) if q.section else ""} · rule: '
            f"{_e(q.rule.description)}</div>"
            f'<div class="badges">{_badge(f"key {q.key_label}", "plain")}{_badge(f"implied {implied}", "plain")}'
            f"{_badge(status_label(result), status)}</div>")
    stem = f'<div class="stem">{markup.blocks(markup.clean(q.stem), writer)}</div>'
    options = []
    for option in result.options:
        claim = option.option.claim
        same = f" (same as option {', '.join(map(str, option.same_as))})" if option.same_as else ""
        audit = _audit(audits.get(id(claim))) if claim is not None else ""
        marked = "key" if option.option.number in q.answers else ""
        options.append(f'<li class="{marked}" value="{option.option.number}">'
                       f'<div class="statement"><span class="number">{option.option.number}.</span>'
                       f"<span>{_rich(option.option.text)}</span></div>{_verdict(claim, option.verdict, notation)}"
                       f"{_e(same)}{audit}</li>")
    body = [head, stem, f'<ol class="options">{"".join(options)}</ol>',
            f"<p><strong>{_e(status_label(result))}</strong>: {_rich(result.explanation)}</p>"]
    if q.erratum is not None:
        body.append(f"<p>erratum ({_e(q.erratum.status.value)}): {_rich(q.erratum.note)}</p>")
    if result.support:
        rows = "".join(f"<li>{_rich(claim.text)} {_verdict(claim, verdict, notation)}"
                       f"{_audit(audits.get(id(claim)))}</li>" for claim, verdict in result.support)
        body.append(f"<h3>Supporting claims</h3><ul>{rows}</ul>")
    if q.notes:
        body.append("<h3>Notes</h3><ul>" + "".join(f"<li>{_rich(note)}</li>" for note in q.notes) + "</ul>")
    body.append("</section>")
    return "".join(body)


def _step_math(derivation: Any, number: int) -> str:
    if len(derivation.latex) == len(derivation.steps):
        return writer(derivation.latex[number - 1], False)
    step = derivation.steps[number - 1]
    formula = f"{sp.latex(derivation.start)} " if number == 1 else ""
    symbol = {"=": "=", "<": "<", ">": ">", "<=": r"\le", ">=": r"\ge"}.get(step.relation.value, step.relation.value)
    return writer(f"{formula}{symbol} {sp.latex(step.expr)}", False)


def chain_card(result: Any, audits: Mapping[Any, Any]) -> str:
    d = result.derivation
    status = result.status.value
    steps = []
    for number, verdict in enumerate(result.verdicts, start=1):
        step = d.steps[number - 1]
        failing = result.first_failure == number and status == "broken"
        why = f'<div class="why">{_rich(step.justification)}</div>' if step.justification else ""
        steps.append(f'<li class="{"failing" if failing else ""}"><div>{_step_math(d, number)}</div>{why}'
                     f"{_verdict(None, verdict, {})}{_audit(audits.get((d.id, number)))}</li>")
    notes = "".join(f"<li>{_rich(note)}</li>" for note in d.notes)
    return (f'<section class="card derivation" id="{_e(d.id)}" data-status="{_e(status)}">'
            f"<h2>{_rich(d.title)}</h2><div class=\"meta\">{_e(d.id)} · derivation</div>"
            f'<div class="badges">{_badge(status)}</div><ol class="steps">{"".join(steps)}</ol>'
            f"<p><strong>{_e(status)}</strong>: {_rich(result.explanation)}</p>"
            + (f"<h3>Notes</h3><ul>{notes}</ul>" if notes else "") + "</section>")


def render(results: Sequence[QuestionResult], summary: Outcome, *, chains: Sequence[Any] = (),
           audits: Mapping[Any, Any] | None = None, errors: Sequence[str] = (), title: str = "Derivation check",
           versions: Mapping[str, str] | None = None) -> str:
    """The whole report as one HTML document."""
    audits = audits or {}
    counts = [f'<div class="count"><b>{summary.statuses.get(s, 0)}</b> {_e(s)}</div>' for s in STATUSES
              if summary.statuses.get(s)]
    chain_counts: dict[str, int] = {}
    for chain in chains:
        chain_counts[chain.status.value] = chain_counts.get(chain.status.value, 0) + 1
    counts += [f'<div class="count"><b>{n}</b> derivation{"s" if n != 1 else ""} {_e(s)}</div>'
               for s, n in chain_counts.items()]
    verdicts = ", ".join(f"{summary.verdicts.get(s.value, 0)} {s.value}" for s in Status)
    present = [s for s in STATUSES if summary.statuses.get(s)] + [s for s in CHAIN_STATUSES if s in chain_counts]
    filters = "".join(f'<label><input type="checkbox" value="{_e(s)}" checked> {_e(s)}</label>' for s in present)
    toc = "".join(f'<li><a href="#{_e(r.question.id)}">{_e(r.question.id)}</a> {_badge(r.status.value)}</li>'
                  for r in results)
    toc += "".join(f'<li><a href="#{_e(c.derivation.id)}">{_e(c.derivation.id)}</a> {_badge(c.status.value)}</li>'
                   for c in chains)
    outcome = "passes" if not summary.failing and not errors else "FAILS"
    failing = f" — failing: {_e(', '.join(summary.failing))}" if summary.failing else ""
    problems = "".join(f"<li>{_e(message)}</li>" for message in errors)
    version = " · ".join(f"{_e(k)} {_e(v)}" for k, v in (versions or {}).items())
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>",
             f'<header class="top"><main><h1>{_e(title)}</h1>',
             f'<div class="meta">{len(results)} questions · {len(chains)} derivations · claims: {_e(verdicts)}'
             f"{' · ' + version if version else ''}</div>",
             f'<div class="summary">{"".join(counts)}</div>',
             f"<p><strong>The run {outcome}</strong>{failing}</p>",
             f'<ul class="errors">{problems}</ul>' if problems else "",
             f'<div class="filters" role="group" aria-label="show by status">Show: {filters}</div>',
             f'<nav class="toc"><ol>{toc}</ol></nav></main></header><main>']
    parts += [question_card(r, audits) for r in results]
    parts += [chain_card(c, audits) for c in chains]
    parts += ["</main>", f"<script>{SCRIPT}</script>", "</body></html>"]
    return "\n".join(p for p in parts if p) + "\n"
