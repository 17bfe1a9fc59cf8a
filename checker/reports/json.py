"""The machine-readable report: one JSON document from which every claim can be rebuilt and re-checked."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import sympy as sp

from checker.engine.conditions import conditions
from checker.questions.question import QuestionResult
from checker.values.claims import Claim
from checker.values.verdicts import Verdict

from .common import Outcome

SCHEMA = "rlhf-derivation-checker/1"


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _domain(domain: Any) -> dict[str, Any]:
    return {"kind": domain.name, "describe": domain.describe(),
            "lo": None if domain.lo is None else str(domain.lo),
            "hi": None if domain.hi is None else str(domain.hi),
            "lo_open": domain.lo_open, "hi_open": domain.hi_open, "integer": domain.integer,
            "group": list(domain.group)}


@lru_cache(maxsize=8192)
def _srepr(expr: sp.Basic) -> str:
    """``srepr``, remembered: the options of a question share their definitions and atoms."""
    return str(sp.srepr(expr))


@lru_cache(maxsize=4096)
def _conditions(expr: sp.Basic) -> tuple[str, ...]:
    return tuple(str(c) for c in conditions(expr))


def claim_json(claim: Claim) -> dict[str, Any]:
    data: dict[str, Any] = {"statement": claim.text, "kind": claim.kind.value}
    if claim.is_mathematical:
        data.update(_mathematics(claim))
    if claim.reference is not None:
        data["reference"] = {"name": claim.reference.name, "source": claim.reference.source}
    if claim.justification:
        data["justification"] = claim.justification
    return data


_MATHEMATICS: dict[tuple[object, ...], dict[str, Any]] = {}
"""What claim_json writes of a claim's mathematics, by content: a bank repeats its options."""


def _mathematics(claim: Claim) -> dict[str, Any]:
    key = claim.content()
    if key not in _MATHEMATICS:
        if len(_MATHEMATICS) > 8192:
            _MATHEMATICS.clear()
        data: dict[str, Any] = {}
        parts = [{"lhs": _srepr(p.lhs), "relation": p.relation.value, "rhs": _srepr(p.rhs)}
                 for p in claim.parts]
        data["parts"] = parts
        if len(parts) == 1:
            data.update(parts[0])
        else:
            data.update({"lhs": None, "relation": "and", "rhs": None})
        data["domains"] = {str(atom): dict(_domain(domain), srepr=_srepr(atom)) for atom, domain in claim.domains}
        data["definitions"] = [{"atom": _srepr(a), "expr": _srepr(e)} for a, e in claim.definitions]
        data["witness"] = None if claim.witness is None else _srepr(claim.witness)
        data["semantics"] = claim.semantics.value
        data["conditions"] = {"lhs": list(_conditions(claim.expand(claim.parts[0].lhs))),
                              "rhs": list(_conditions(claim.expand(claim.parts[0].rhs)))} \
            if len(claim.parts) == 1 else None
        _MATHEMATICS[key] = data
    return _MATHEMATICS[key]


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    data: dict[str, Any] = {"verdict": verdict.status.value, "method": verdict.method, "exact": verdict.exact,
                            "seconds": verdict.seconds, "cached": verdict.cached, "summary": verdict.summary,
                            "steps": list(verdict.steps)}
    if verdict.holds is not None:
        data["asserted_holds"] = verdict.holds
    if verdict.reason:
        data["reason"] = verdict.reason
    if verdict.crosscheck:
        data["crosscheck"] = list(verdict.crosscheck)
    example = verdict.counterexample
    if example is not None:
        if example.instance:
            data["counterexample"] = {"instance": example.instance}
        else:
            data["counterexample"] = example.assignment()
            data["counterexample_atoms"] = [[_srepr(a), str(v)] for a, v in example.values]
            data["enclosures"] = {"part": example.enclosure.part, "lhs": example.enclosure.lhs,
                                  "rhs": example.enclosure.rhs, "relation": example.relation,
                                  "note": example.note}
            data["counterexample_kind"] = "definedness" if example.undefined else "value"
    return data


def question_json(result: QuestionResult, audits: Any = None) -> dict[str, Any]:
    q = result.question
    options = []
    for option in result.options:
        entry: dict[str, Any] = {"number": option.option.number, "text": option.option.text,
                                 "kind": option.option.kind}
        if option.option.claim is not None:
            entry.update(claim_json(option.option.claim))
            entry["kind"] = option.option.kind
        entry.update(verdict_json(option.verdict))
        entry["same_as"] = list(option.same_as)
        if audits and option.option.claim is not None and id(option.option.claim) in audits:
            entry["audit"] = audit_json(audits[id(option.option.claim)])
        options.append(entry)
    return {
        "id": q.id, "file": q.origin[0] if q.origin else None, "line": q.origin[1] if q.origin else None,
        "section": q.section, "position": q.position, "rule": q.rule.value,
        "rule_text": q.rule.description, "stem": q.stem, "key": q.key, "keys": list(q.answers), "key_text": q.key_text,
        "implied": list(result.implied), "status": result.status.value,
        "status_if_asserted": None if result.status_if_asserted is None else result.status_if_asserted.value,
        "rests_on": list(result.rests_on), "explanation": result.explanation,
        "equal_options": [list(g) for g in result.equal_groups],
        "erratum": None if q.erratum is None else {"status": q.erratum.status.value, "note": q.erratum.note,
                                                   "applies": result.erratum_applies},
        "failed": result.failed(),
        "notes": list(q.notes),
        "options": options,
        "support": [dict(claim_json(c), **verdict_json(v),
                         **({"audit": audit_json(audits[id(c)])} if audits and id(c) in audits else {}))
                    for c, v in result.support],
    }


def chain_json(result: Any, audits: Any = None) -> dict[str, Any]:
    d = result.derivation
    steps = []
    previous = d.start
    for number, (step, verdict) in enumerate(zip(d.steps, result.verdicts), start=1):
        entry = dict({"number": number, "relation": step.relation.value, "lhs": _srepr(previous),
                      "rhs": _srepr(step.expr), "justification": step.justification, "fact": step.fact},
                     **verdict_json(verdict))
        entry["line"] = d.step_lines[number - 1] if d.step_lines else (d.origin[1] if d.origin else None)
        if audits and (d.id, number) in audits:
            entry["audit"] = audit_json(audits[(d.id, number)])
        steps.append(entry)
        previous = step.expr
    return {"id": d.id, "file": d.origin[0] if d.origin else None, "line": d.origin[1] if d.origin else None,
            "title": d.title, "status": result.status.value, "first_failure": result.first_failure,
            "conclusion": d.conclusion.value, "explanation": result.explanation, "failed": result.failed(),
            "domains": {str(atom): dict(_domain(domain), srepr=_srepr(atom)) for atom, domain in d.domains},
            "definitions": [{"atom": _srepr(a), "expr": _srepr(e)} for a, e in d.definitions],
            "notes": list(d.notes), "steps": steps}


def audit_json(audit: Any) -> dict[str, Any]:
    return {"assumptions": [{"assumption": c.assumption, "weakened": c.weakened, "necessary": c.necessary,
                             **verdict_json(c.verdict)} for c in audit.assumptions],
            "undefined": audit.undefined or None}


def render(results: Sequence[QuestionResult], summary: Outcome, *, versions: dict[str, str],
           errors: Sequence[str] = (), chains: Sequence[Any] = (), audits: Any = None) -> str:
    return dumps(document(results, summary, versions=versions, errors=errors, chains=chains, audits=audits))


def dumps(report: dict[str, Any]) -> str:
    """The report as JSON text, with numbers every reader takes (see :func:`portable`)."""
    text = json.dumps(portable(report), ensure_ascii=False, indent=2, allow_nan=False)
    # a lone surrogate (an undecodable byte of a file name) as its JSON escape: still valid JSON, and UTF-8
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def as_cached(value: Any) -> Any:
    """The report as a rerun from the cache shows it: every verdict's ``"cached"`` is true."""
    if isinstance(value, dict):
        return {key: (True if key == "cached" else as_cached(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [as_cached(item) for item in value]
    return value


def document(results: Sequence[QuestionResult], summary: Outcome, *, versions: dict[str, str],
             errors: Sequence[str] = (), chains: Sequence[Any] = (), audits: Any = None) -> dict[str, Any]:
    """The report as a JSON-ready dictionary."""
    audits = audits or {}
    return {
        "schema": SCHEMA,
        "versions": versions,
        "errors": list(errors),
        "summary": {"questions": len(results), "statuses": summary.statuses, "verdicts": summary.verdicts,
                    "failing": list(summary.failing), "strict": summary.strict, "exit_code": summary.exit_code},
        "questions": [_guarded(question_json, r, r.question.id, audits) for r in results],
        "derivations": [_guarded(chain_json, c, c.derivation.id, audits) for c in chains],
    }


def _guarded(render: Any, result: Any, ident: str, audits: Any) -> dict[str, Any]:
    """One entry; should writing it fail, an entry that says so — the document keeps every other one."""
    try:
        return dict(render(result, audits))
    except Exception as error:  # noqa: BLE001 - one entry's failure must not lose the whole report
        return {"id": ident, "error": f"could not be written: {type(error).__name__}: {error}"}


SAFE_INTEGER = 2**53 - 1
"""The largest integer every JSON reader holds exactly (an IEEE double's mantissa)."""


def portable(value: Any) -> Any:
    """The document with numbers every JSON reader takes: an integer beyond ±(2^53 − 1), or a float that is not
    finite, becomes a string."""
    if isinstance(value, dict):
        return {key: portable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [portable(item) for item in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value if abs(value) <= SAFE_INTEGER else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)
