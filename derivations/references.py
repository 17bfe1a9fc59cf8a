"""Reference implementations of the selection rules question 11 is about, with their source."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import product

LAMBERT_RS = "Lambert, Reinforcement Learning from Human Feedback (rlhfbook.com, 2025), ch. Rejection Sampling"


# Rejection sampling: a reward matrix R with R[i][j] the reward of completion j to prompt i
# (the document writes R ∈ ℝ^{N×M} with M prompts and N completions, yet indexes r_ij by prompt
# first; the reference below follows the indexing).  Ties are broken towards the lower index.

Matrix = tuple[tuple[int, ...], ...]


def top_k_per_prompt(rewards: Matrix, k: int) -> frozenset[tuple[int, int]]:
    """For every prompt, the k completions with the highest reward."""
    chosen: set[tuple[int, int]] = set()
    for i, row in enumerate(rewards):
        order = sorted(range(len(row)), key=lambda j: (-row[j], j))
        chosen.update((i, j) for j in order[:k])
    return frozenset(chosen)


def best_of_n(rewards: Matrix) -> frozenset[tuple[int, int]]:
    """For every prompt, the single completion with the highest reward (first on ties)."""
    return frozenset((i, max(range(len(row)), key=lambda j: (row[j], -j))) for i, row in enumerate(rewards))


def top_k_overall(rewards: Matrix, k: int) -> frozenset[tuple[int, int]]:
    """The k prompt-completion pairs with the highest reward across the whole matrix."""
    cells = [(i, j) for i, row in enumerate(rewards) for j in range(len(row))]
    cells.sort(key=lambda c: (-rewards[c[0]][c[1]], c))
    return frozenset(cells[:k])


def small_matrices(max_prompts: int = 2, max_completions: int = 3,
                   values: Sequence[int] = (0, 1, 2)) -> Iterator[Matrix]:
    """Every reward matrix with at most the given shape and entries from ``values``."""
    for m in range(1, max_prompts + 1):
        for n in range(1, max_completions + 1):
            for flat in product(values, repeat=m * n):
                yield tuple(tuple(flat[i * n:(i + 1) * n]) for i in range(m))
