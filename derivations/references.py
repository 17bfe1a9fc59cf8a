"""Reference definitions the quiz relies on, each with its source, built from the library's public names."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import product

import sympy as sp

from checker import Reference, Scope

SUTTON_BARTO = "Sutton & Barto, Reinforcement Learning: An Introduction, 2nd ed. (2018), eq. 3.8"
BRADLEY_TERRY = ("Bradley & Terry (1952); exponential-score form as in Rafailov et al., "
                 "Direct Preference Optimization (2023), eq. 1")
DPO_PAPER = "Rafailov et al., Direct Preference Optimization (2023), eqs. 4-7"
GIBBS = "Cover & Thomas, Elements of Information Theory, 2nd ed. (2006), Thm. 2.6.3 (information inequality)"
LAMBERT_RS = "Lambert, Reinforcement Learning from Human Feedback (rlhfbook.com, 2025), ch. Rejection Sampling"


def discounted_return(gamma: sp.Expr, rewards: Sequence[sp.Expr]) -> sp.Expr:
    """G_t = sum_k gamma^k r_{t+k+1}, over the rewards of an episode that ends after them."""
    return sp.Add(*(gamma**k * r for k, r in enumerate(rewards)))


def bradley_terry(r1: sp.Expr, r2: sp.Expr) -> sp.Expr:
    """p(y1 > y2) = exp(r1) / (exp(r1) + exp(r2))."""
    return sp.exp(r1) / (sp.exp(r1) + sp.exp(r2))


def kl(p: Sequence[sp.Expr], q: Sequence[sp.Expr]) -> sp.Expr:
    """D_KL(P || Q) = sum_x P(x) log(P(x) / Q(x)) over a finite sample space (natural log)."""
    return sp.Add(*(pi * sp.log(pi / qi) for pi, qi in zip(p, q)))


def return_reference(gamma: sp.Expr, rewards: Sequence[sp.Expr]) -> Reference:
    return Reference("discounted return G_t", SUTTON_BARTO, discounted_return(gamma, rewards))


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


@dataclass(frozen=True)
class ResponseSpace:
    """A finite response space y1…yn with π_ref, rewards r, β, the partition function Z and the optimal policy
    π_r = π_ref·exp(r/β)/Z (Rafailov et al. 2023, eq. 4), plus its mean reward and reward variance."""

    beta: sp.Symbol
    ref: tuple[sp.Symbol, ...]
    r: tuple[sp.Symbol, ...]
    z: sp.Expr
    optimal: tuple[sp.Expr, ...]
    mean: sp.Expr
    variance: sp.Expr


def response_space(scope: Scope, size: int = 3) -> ResponseSpace:
    """Declare the symbols of a response space of ``size`` responses in ``scope``."""
    beta = scope.beta("β")
    ref = scope.distribution([f"π_ref(y{i})" for i in range(1, size + 1)])
    r = tuple(scope.real(f"r(y{i})") for i in range(1, size + 1))
    z = sp.Add(*(q * sp.exp(ri / beta) for q, ri in zip(ref, r)))
    optimal = tuple(q * sp.exp(ri / beta) / z for q, ri in zip(ref, r))
    mean = sp.Add(*(p * ri for p, ri in zip(optimal, r)))
    variance = sp.Add(*(p * (ri - mean) ** 2 for p, ri in zip(optimal, r)))
    return ResponseSpace(beta, ref, r, z, optimal, mean, variance)
