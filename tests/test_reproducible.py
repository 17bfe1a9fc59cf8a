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
