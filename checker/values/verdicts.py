"""Verdicts: what the checker concluded about a claim, always with the evidence behind it."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import sympy as sp


class Status(enum.Enum):
    """The four outcomes of checking a claim."""

    PROVED = "proved"
    REFUTED = "refuted"
    UNDECIDED = "undecided"
    ASSERTED = "asserted"


@dataclass(frozen=True, slots=True)
class Enclosure:
    """Certified intervals for both sides of one relation at one exact point."""

    part: int
    lhs: str
    rhs: str

    def __str__(self) -> str:
        return f"lhs ∈ {self.lhs}, rhs ∈ {self.rhs}"


@dataclass(frozen=True, slots=True)
class Counterexample:
    """Exact values for every free atom, inside the domain, at which a relation certifiably fails.

    ``note`` explains cases such as one side being undefined over the reals.
    """

    values: tuple[tuple[sp.Basic, sp.Rational], ...]
    enclosure: Enclosure
    relation: str
    note: str = ""
    instance: str = ""
    """For a finite check: the instance (printed) on which the statement fails."""
    undefined: bool = False
    """True for a *definedness* counterexample: a side is undefined where the semantics needs it defined."""

    def assignment(self) -> dict[str, str]:
        """Atom (as ``str()``) to exact value (as a string like ``-3/2``): the form the JSON report uses."""
        return {str(atom): str(value) for atom, value in self.values}

    def __str__(self) -> str:
        if self.instance:
            return self.instance
        point = ", ".join(f"{label(atom)} = {value}" for atom, value in self.values)
        return (point or "constants only") + (f" — {self.note}" if self.note else "")


def label(atom: sp.Basic) -> str:
    """A reader's name for an atom: d/dθ f(θ) rather than Derivative(f(θ), θ); a quantity declared as depending on
    θ by its own name (``π_θ(y_w | x)``, not ``π_θ(y_w | x)(θ)``); a family member as ``r_{t + 1}``."""
    if isinstance(atom, sp.Derivative):
        variables = "".join(f"d{v}" for v in atom.variables)
        return f"d/{variables} {label(atom.expr)}"
    if isinstance(atom, sp.core.function.AppliedUndef) and str(atom.func).endswith(")"):
        return str(atom.func)
    if isinstance(atom, sp.Indexed):
        return f"{atom.base}_{{{', '.join(map(str, atom.indices))}}}"
    return str(atom)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of checking one claim.

    - ``method`` names the strategy that decided (for a proof) or the search that refuted;
    - ``exact`` is False for a proof that rests on ``simplify()`` alone (CAS-trusted);
    - ``steps`` are the rewrite steps of a proof or the reasoning of an assertion;
    - ``crosscheck`` holds the interval enclosures at random points that a proof was tested against;
    - ``reason`` says why a claim is undecided.
    """

    status: Status
    method: str
    summary: str
    exact: bool = True
    steps: tuple[str, ...] = ()
    counterexample: Counterexample | None = None
    crosscheck: tuple[str, ...] = ()
    reason: str = ""
    holds: bool | None = None
    seconds: float = 0.0
    cached: bool = False
    """True when the verdict was read from the result cache rather than computed in this run."""
    semantics: str = ""
    """For a mathematical claim, the semantics it was judged under ("strict" or "where-defined")."""

    @property
    def truth(self) -> bool | None:
        """The truth value a question may rely on: certain for proved/refuted, stated for asserted."""
        if self.status is Status.PROVED:
            return True
        if self.status is Status.REFUTED:
            return False
        if self.status is Status.ASSERTED:
            return self.holds
        return None

    @property
    def certain(self) -> bool:
        return self.status in (Status.PROVED, Status.REFUTED)


def undecided(reason: str, method: str = "none") -> Verdict:
    return Verdict(Status.UNDECIDED, method, reason, reason=reason)
