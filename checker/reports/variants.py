"""The report of ``verify variants``: what a template's variants show, as text or as one JSON document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from checker.questions.templates import Summary, VariantResult

SHOWN = 10
"""Variants listed by name under each problem (all of them are in the JSON)."""


def _params(v: VariantResult) -> str:
    return ", ".join(f"{k} = {value}" for k, value in v.draw.shown().items())


def _counts(counter: Any, total: int) -> str:
    return "  ".join(f"{k}: {n} ({100 * n / total:.0f}%)" for k, n in sorted(counter.items())) if total else "none"


def _seeds(seeds: Sequence[int]) -> str:
    shown = ", ".join(map(str, seeds[:SHOWN]))
    return shown + (f" … ({len(seeds)} in all)" if len(seeds) > SHOWN else "")


def text(summary: Summary) -> str:
    template = summary.template
    total = len(summary.variants)
    last = summary.seed + total - 1
    lines = [f"{template.id} ({template.path}): {total} variants, seeds {summary.seed}–{last} "
             f"({summary.distinct} distinct), {len(template.source.options)} options"]
    rejected = summary.rejected
    if template.conditions:
        detail = "; ".join(f"condition {i} '{template.conditions[i - 1]}': {n}" for i, n in sorted(rejected.items()))
        lines.append(f"  draws rejected by the conditions: {sum(rejected.values())}"
                     + (f" ({detail})" if detail else ""))
    lines.append("  statuses: " + ", ".join(f"{n} {s}" for s, n in summary.statuses.most_common()))
    lines.append(f"  key's position:      {_counts(summary.positions('key'), total)}")
    implied = summary.positions("implied")
    lines.append(f"  implied answer:      {_counts(implied, sum(implied.values()))}")
    shuffled = bool(summary.variants) and not summary.variants[0].result.question.keeps_order
    if shuffled:
        lines.append("  note: no option speaks about the others, so the exports let the platform shuffle them: "
                     "where the answer is written tells a student nothing")
    elif implied and total > 1:
        common, times = implied.most_common(1)[0]
        if times == sum(implied.values()):
            lines.append(f"  note: the answer is option {common} in every variant — predictable")
        elif times > sum(implied.values()) / 2:
            lines.append(f"  note: the answer is option {common} in {100 * times / sum(implied.values()):.0f}% of "
                         "the variants — a student who always picks it scores that much")
    problems = summary.problems()
    if problems:
        lines.append(f"  variants whose key is not validated ({len(problems)}):")
        for v in problems[:SHOWN]:
            lines.append(f"    seed {v.draw.seed} ({_params(v)}): {v.result.status.value} — {v.result.explanation}")
        if len(problems) > SHOWN:
            lines.append(f"    … and {len(problems) - SHOWN} more (--format json lists them all)")
    for group, seeds in sorted(summary.equal_options().items()):
        lines.append(f"  options {' and '.join(map(str, group))} state the same thing in {len(seeds)} variant(s): "
                     f"seeds {_seeds(seeds)}")
    for number, counts in sorted(summary.option_truth().items()):
        parts = ", ".join(f"{label} in {counts[label]}" for label in ("true", "false", "undecided") if counts[label])
        line = f"  option {number}: {parts}"
        if len([label for label in counts if counts[label]]) > 1:
            rare = min((label for label in counts if counts[label]), key=lambda label: counts[label])
            line += f" — {rare} at seeds {_seeds(summary.seeds_where(number, rare))}"
        lines.append(line)
    lines.append(f"{total} variants: {len(problems)} with the key not validated; exit {exit_code(summary)}")
    return "\n".join(lines) + "\n"


def exit_code(summary: Summary) -> int:
    return 1 if summary.problems() else 0


def document(summary: Summary) -> dict[str, Any]:
    template = summary.template
    return {
        "template": template.id,
        "file": str(template.path),
        "seed": summary.seed,
        "count": len(summary.variants),
        "distinct": summary.distinct,
        "conditions": list(template.conditions),
        "rejected": {str(i): n for i, n in sorted(summary.rejected.items())},
        "statuses": dict(summary.statuses),
        "positions": {"key": {str(k): n for k, n in sorted(summary.positions("key").items())},
                      "implied": {str(k): n for k, n in sorted(summary.positions("implied").items())}},
        "equal_options": [{"options": list(g), "seeds": s} for g, s in sorted(summary.equal_options().items())],
        "options": {str(n): dict(c) for n, c in sorted(summary.option_truth().items())},
        "variants": [{"seed": v.draw.seed, "id": v.result.question.id, "parameters": v.draw.shown(),
                      "status": v.result.status.value, "key": v.result.question.key,
                      "implied": list(v.result.implied), "validated": not v.result.failed(),
                      "explanation": v.result.explanation,
                      "verdicts": [o.verdict.status.value for o in v.result.options]}
                     for v in summary.variants],
        "exit_code": exit_code(summary),
    }
