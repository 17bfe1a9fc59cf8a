"""Validating a template's variants: each checked, the ones whose key the checker confirms kept, and a summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.questions.files import read_text, split
from checker.questions.question import Question
from checker.values.errors import CheckerError

from .draw import Draw
from .instantiate import Template, is_template


@dataclass(frozen=True)
class VariantResult:
    """One variant as checked."""

    draw: Draw
    result: Any  # QuestionResult


@dataclass(frozen=True)
class Summary:
    """What ``verify variants`` reports about a template's variants."""

    template: Template
    seed: int
    variants: tuple[VariantResult, ...]

    @property
    def statuses(self) -> Counter[str]:
        return Counter(v.result.status.value for v in self.variants)

    def problems(self) -> list[VariantResult]:
        """Variants whose key is not validated: it disagrees, several options or none qualify, or the claims do
        not decide it."""
        return [v for v in self.variants if v.result.failed()]

    def positions(self, which: str) -> Counter[int]:
        """Where the answer sits across variants: ``key`` (the author's) or ``implied`` (the mathematics',
        where exactly one option)."""
        if which == "key":
            return Counter(v.result.question.key for v in self.variants)
        return Counter(v.result.implied[0] for v in self.variants if len(v.result.implied) == 1)

    def equal_options(self) -> dict[tuple[int, ...], list[int]]:
        """Groups of options stating the same thing, with the seeds of the variants where they do."""
        found: dict[tuple[int, ...], list[int]] = {}
        for v in self.variants:
            for group in v.result.equal_groups:
                found.setdefault(tuple(group), []).append(v.draw.seed)
        return found

    def option_truth(self) -> dict[int, Counter[str]]:
        """Per option: in how many variants it is true, false, undecided (or a statement about the others)."""
        truth: dict[int, Counter[str]] = {}
        for v in self.variants:
            for option in v.result.options:
                truth.setdefault(option.option.number, Counter())[_truth(option.verdict.truth)] += 1
        return truth

    def seeds_where(self, number: int, label: str) -> list[int]:
        """The seeds of the variants where option ``number`` is ``label`` (true, false, undecided)."""
        return [v.draw.seed for v in self.variants if _truth(v.result.options[number - 1].verdict.truth) == label]

    @property
    def rejected(self) -> Counter[int]:
        total: Counter[int] = Counter()
        for v in self.variants:
            total.update(v.draw.rejected)
        return total

    @property
    def distinct(self) -> int:
        return len({tuple(sorted(v.draw.shown().items())) for v in self.variants})


def templates_among(paths: Iterable[str | Path]) -> list[Template]:
    """The templates among the question files under ``paths`` (a file that cannot be read is skipped: the
    caller reports it when it loads the files)."""
    from checker.questions.files import question_files

    found = []
    for path in question_files(paths):
        try:
            source = split(path, read_text(path))
            if is_template(source):
                found.append(Template(source))
        except CheckerError:
            continue
    return found


VARIANT_TRIES = 4
"""Seeds tried per variant asked for, before a selection settles for fewer validated variants."""


@dataclass(frozen=True)
class Selection:
    """Variants chosen for deployment: each with its result, and what was passed over on the way."""

    wanted: int
    chosen: tuple[tuple[Draw, Any], ...]
    last_seed: int
    not_validated: int
    repeated: int

    def summary(self) -> str:
        said = (f"seeds 1–{self.last_seed}; {self.not_validated} with the key not validated, {self.repeated} "
                "repeating a draw")
        if len(self.chosen) < self.wanted:
            return f"only {len(self.chosen)} of {self.wanted} variants validated ({said})"
        return f"{self.wanted} validated variants ({said})"


def validated_variants(template: Template, count: int,
                       check: Callable[[list[Question]], Sequence[Any]]) -> Selection:
    """``count`` distinct variants whose key the checker validates, from seed 1 on, in seed order; fewer when
    ``VARIANT_TRIES * count`` seeds do not yield them. ``check`` turns questions into their results (a run)."""
    chosen: list[tuple[Draw, Any]] = []
    seen: set[tuple[tuple[str, str], ...]] = set()
    seed, limit, last = 1, 1 + VARIANT_TRIES * count, 0
    not_validated = repeated = 0
    while len(chosen) < count and seed < limit:
        drawn = list(template.variants(min(limit - seed, 2 * (count - len(chosen))), seed))
        seed += len(drawn)
        for (draw, _), result in zip(drawn, check([q for _, q in drawn])):
            if len(chosen) == count:
                break
            last = draw.seed
            signature = tuple(sorted(draw.shown().items()))
            if result.failed():
                not_validated += 1
            elif signature in seen:
                repeated += 1
            else:
                seen.add(signature)
                chosen.append((draw, result))
    return Selection(count, tuple(chosen), last, not_validated, repeated)


def _truth(value: bool | None) -> str:
    return "true" if value is True else "false" if value is False else "undecided"
