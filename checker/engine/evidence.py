"""What a proof strategy establishes: the method that decided and its steps, shown in the verdict."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Proof:
    method: str
    steps: tuple[str, ...]
    exact: bool = True
