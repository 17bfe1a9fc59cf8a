"""``verify stats``: what a bank of checked questions looks like as a whole — statuses, rules, where the answer
sits, questions that are the same up to renaming, options that state the same thing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from checker.engine.cache import fingerprint
from checker.questions.question import QuestionResult

SHOWN = 10
"""Groups and questions listed in the text summary (the JSON lists all)."""
PREDICTABLE = 0.5
"""Share of a bank's questions answered by one position above which the bank is called predictable."""


@dataclass(frozen=True)
class BankStats:
    name: str
    results: tuple[QuestionResult, ...]

    @property
    def statuses(self) -> Counter[str]:
        return Counter(r.status.value for r in self.results)

    @property
    def rules(self) -> Counter[str]:
        return Counter(r.question.rule.value for r in self.results)

    def positions(self, which: str) -> Counter[int]:
        if which == "key":
            return Counter(r.question.key for r in self.results)
        return Counter(r.implied[0] for r in self.results if len(r.implied) == 1)

    def same_up_to_renaming(self) -> list[list[str]]:
        """Groups of questions whose rule and options are the same once their symbols are renamed."""
        groups: dict[Any, list[str]] = {}
        for result in self.results:
            groups.setdefault(shape(result.question), []).append(result.question.id)
        return sorted(ids for ids in groups.values() if len(ids) > 1)

    def equal_options(self) -> list[tuple[str, tuple[int, ...]]]:
        return [(r.question.id, g) for r in self.results for g in r.equal_groups]


def shape(question: Any) -> tuple[Any, ...]:
    """The question with its atoms renamed canonically (in order of appearance, options sorted by their
    form with every atom alike), so shuffled options and renamed symbols give the same shape."""
    plain: list[Any] = []
    metas: list[str] = []
    for option in question.options:
        claim = option.claim
        if option.meta is not None:
            metas.append(option.meta.value)
        elif claim is None or not claim.is_mathematical:
            plain.append(("text", " ".join(option.text.lower().split())))
        else:
            plain.append(claim)
    claims = [c for c in plain if not isinstance(c, tuple)]
    blank = sp.Symbol("·")
    # by form with every atom alike, ties by the text as written (a bank that repeats its symbols sorts alike)
    claims.sort(key=lambda c: (_print(c, {a: blank for a in _atoms(c)}), _print(c, {})))
    names: dict[sp.Basic, sp.Basic] = {}
    for claim in claims:
        for atom in _atoms(claim):
            if atom not in names:
                names[atom] = sp.Symbol(f"v{len(names)}", **atom.assumptions0)
    shapes = sorted(_print(c, names) for c in claims)
    texts = sorted(t[1] for t in plain if isinstance(t, tuple))
    return question.rule.value, tuple(shapes), tuple(texts), tuple(metas)


def _atoms(claim: Any) -> list[sp.Basic]:
    """The claim's symbols in order of appearance: relations first, then definitions and domains."""
    seen: dict[sp.Basic, None] = {}
    trees = [e for part in claim.parts for e in (part.lhs, part.rhs)]
    trees += [e for pair in claim.definitions for e in pair] + [atom for atom, _ in claim.domains]
    for tree in trees:
        for node in sp.preorder_traversal(tree):
            if isinstance(node, sp.Symbol):
                seen.setdefault(node, None)
    return list(seen)


def _print(claim: Any, names: dict[sp.Basic, sp.Basic]) -> str:
    parts = [f"{fingerprint(p.lhs.xreplace(names))} {p.relation.value} {fingerprint(p.rhs.xreplace(names))}"
             for p in claim.parts]
    definitions = sorted(f"{fingerprint(a.xreplace(names))}:={fingerprint(e.xreplace(names))}"
                         for a, e in claim.definitions)
    domains = sorted(f"{fingerprint(a.xreplace(names))}∈{d!r}" for a, d in claim.domains)
    return " ∧ ".join(parts) + " | " + "; ".join(definitions) + " | " + "; ".join(domains)


def predictable(bank: BankStats) -> list[str]:
    """A note when one position holds the key of most questions whose options keep their order; a platform
    shuffles the others' options (Moodle XML ``shuffleanswers``), so their written position tells nothing."""
    fixed = [r for r in bank.results if r.question.keeps_order]
    keys = Counter(r.question.key for r in fixed)
    if len(fixed) < 2 or not keys:
        return []
    common, times = keys.most_common(1)[0]
    if times <= PREDICTABLE * len(fixed):
        return []
    shuffled = len(bank.results) - len(fixed)
    aside = f"; the other {shuffled} are shuffled by the platform" if shuffled else ""
    return [f"  note: the key is option {common} in {times} of the {len(fixed)} questions whose options keep "
            f"their order{aside} — predictable"]


def _counts(counter: Counter[Any], total: int) -> str:
    """Each position's count as a share of all the bank's questions; those without one (an implied answer of
    none, a question with several keys) said as such, so the shares add up to the whole."""
    if not total:
        return "none"
    counted = sum(counter.values())
    shares = [f"{k}: {n} ({100 * n / total:.0f}%)" for k, n in sorted(counter.items())]
    if counted < total:
        shares.append(f"none: {total - counted} ({100 * (total - counted) / total:.0f}%)")
    return "  ".join(shares)


def text(banks: Sequence[BankStats]) -> str:
    lines: list[str] = []
    for bank in banks:
        total = len(bank.results)
        lines.append(f"{bank.name}: {total} questions")
        lines.append("  statuses: " + ", ".join(f"{n} {s}" for s, n in bank.statuses.most_common()))
        lines.append("  rules: " + ", ".join(f"{n} {s}" for s, n in bank.rules.most_common()))
        lines.append(f"  key's position:   {_counts(bank.positions('key'), total)}")
        lines.append(f"  implied answer:   {_counts(bank.positions('implied'), total)}")
        lines += predictable(bank)
        same = bank.same_up_to_renaming()
        for ids in same[:SHOWN]:
            listed = ", ".join(ids[:SHOWN]) + (f" … ({len(ids)} in all)" if len(ids) > SHOWN else "")
            lines.append(f"  same up to renaming: {listed}")
        if len(same) > SHOWN:
            lines.append(f"  … and {len(same) - SHOWN} more groups (--format json lists them all)")
        equal = bank.equal_options()
        for question_id, group in equal[:SHOWN]:
            lines.append(f"  {question_id}: options {' and '.join(map(str, group))} state the same thing")
        if len(equal) > SHOWN:
            lines.append(f"  … and {len(equal) - SHOWN} more questions with equal options (--format json)")
        if not same:
            lines.append("  no two questions are the same up to renaming")
    return "\n".join(lines) + "\n"


def document(banks: Sequence[BankStats]) -> dict[str, Any]:
    return {"banks": [{
        "name": bank.name, "questions": len(bank.results), "statuses": dict(bank.statuses), "rules": dict(bank.rules),
        "positions": {which: {str(k): n for k, n in sorted(bank.positions(which).items())}
                      for which in ("key", "implied")},
        "same_up_to_renaming": bank.same_up_to_renaming(),
        "equal_options": [{"question": q, "options": list(g)} for q, g in bank.equal_options()],
    } for bank in banks]}
