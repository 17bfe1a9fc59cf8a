"""A check does the same work in every process: SymPy's assumption queries, which SymPy itself takes in a random
order, take their facts in one order once the checker is loaded (checker/values/ordered.py). Timings and
instruction counts of a run can then be repeated, and a run that met some order-dependent behaviour of SymPy
meets it again."""

from __future__ import annotations

import os
import subprocess
import sys

import sympy as sp

from checker.values import ordered

QUERIES = """
import hashlib
import sys
{load}
calls = []

def profile(frame, event, arg):
    if event == "call" and frame.f_code.co_name.startswith("_eval_is_"):
        calls.append(frame.f_code.co_qualname)

import sympy as sp
x, y = sp.symbols("x y", real=True)
p, q = sp.symbols("p q", positive=True)
n = sp.Symbol("n", integer=True)
f = sp.Function("f")
sys.setprofile(profile)
for e in (x * y + p, sp.exp(x) - q, sp.log(p * q) / (x**2 + 1), n**2 - p, sp.sqrt(p + x**2) * f(x), (p - q)**3):
    for fact in ("positive", "nonnegative", "zero", "finite", "integer", "rational", "extended_real"):
        getattr(e, "is_" + fact)
sys.setprofile(None)
print(len(calls), hashlib.sha256("\\n".join(calls).encode()).hexdigest()[:16])
"""


def _handlers_called(load: str, hash_seed: str) -> str:
    """The sequence of SymPy's assumption handlers a batch of queries calls, in a fresh process (summarised)."""
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)  # the hash seed decides how sets of fact names iterate
    script = QUERIES.format(load=load)
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    return completed.stdout.strip()


def test_assumption_queries_take_the_same_path_in_every_process() -> None:
    runs = {_handlers_called("import checker.values.written", str(seed)) for seed in range(2)}
    assert len(runs) == 1, runs


def test_without_the_checker_sympy_takes_a_different_path_from_process_to_process() -> None:
    # the control: the test above could not fail if SymPy's queries were already in a fixed order
    runs = {_handlers_called("", str(seed)) for seed in range(2)}
    assert len(runs) > 1, runs


def test_the_order_is_alphabetical_and_installed_in_this_process() -> None:
    facts = ["zero", "extended_positive", "finite", "commutative"]
    ordered.in_order(facts)
    assert facts == sorted(facts)
    assert ordered.installed()
    assert sp.Symbol("t", positive=True).is_nonnegative  # queries still answer


FACTORED = """
import hashlib
import sys
from sympy.core import random as sympy_random
import sympy as sp
{load}
sympy_random.rng.seed(int(sys.argv[1]))  # another state in every process, as the operating system gives
x, y, z = sp.symbols("x y z")
{reseed}
before = sympy_random.rng.getstate()
sp.factor(sp.expand((x**3 * y + z**2 - 7 * x + 1) * (x * y**2 - z + 3) * (x + y + z)))  # Wang's random points
print(*(hashlib.sha256(repr(state).encode()).hexdigest()[:16] for state in (before, sympy_random.rng.getstate())))
"""


def _random_states(seed: int, reseeded: bool) -> str:
    script = FACTORED.format(load="from checker.values import ordered" if reseeded else "",
                             reseed="ordered.reseed()" if reseeded else "")
    return subprocess.run([sys.executable, "-c", script, str(seed)], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONHASHSEED": "0"}).stdout


def test_sympys_random_choices_are_the_same_in_every_run_once_reseeded() -> None:
    """A multivariate factorisation draws evaluation points from SymPy's generator, seeded afresh by each process:
    the same induction step took a second in one run and over a minute in another. Reseeded before each claim, the
    draws are the same whatever the generator's state before."""
    reseeded = _random_states(1, reseeded=True)
    assert reseeded == _random_states(2, reseeded=True)
    before, after = reseeded.split()
    assert before != after  # the factorisation did draw from the generator
    assert _random_states(1, reseeded=False) != _random_states(2, reseeded=False)  # the trap: unseeded, it varies


def test_the_engine_reseeds_before_each_claim(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from checker.engine import checking
    from checker.values.claims import Claim, Kind

    calls = []
    monkeypatch.setattr(checking, "reseed", lambda: calls.append(True))
    checking.check_inline(Claim(Kind.PROSE, "prose", (), (), holds=True))
    assert calls == [True]
