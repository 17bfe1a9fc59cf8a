"""The certified layer before and after it moved onto Arb: the same comparisons, in one run, as a ratio.

The cases are the external style the checker meets: identities between constants from textbooks (Machin-like
formulas, denesting, logarithm and binomial identities, series), each also shifted by 10^-k (k = 20, 40, 80,
200), and relations with variables evaluated at exact rational points. Each comparison climbs the precision
ladder (53, 113, 256, 1024, 4096 bits) until the two sides' enclosures separate or the ladder ends — what the
counterexample search and the constants proof do. The old layer (mpmath's ``iv`` and the hand-written monotone
rule) is read from the commit before the move (``git show``), so both run side by side on the same trees.

Printed: seconds for each layer (median of the runs), their ratio, and how many comparisons each got wrong — a
true identity "separated" (a wrong refutation) or a shifted one never separated.

Usage: python bench/certified.py [--runs N] [--old COMMIT]   (from a clone, with the package installed)
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLD_COMMIT = "05df06b"
"""The last commit whose checker/interval.py is the mpmath-iv layer."""
sys.path.insert(0, str(ROOT))


def _old_layer(commit: str):  # type: ignore[no-untyped-def]
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:checker/interval.py"], capture_output=True,
                            text=True, check=True).stdout
    # that commit's checker was flat: its imports name the modules' places today
    source = source.replace("from .functions ", "from checker.values.functions ").replace(
        "from .written ", "from checker.values.written ").replace("from .series ", "from checker.numeric.series ")
    path = Path(tempfile.mkdtemp()) / "interval_iv.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("checker._interval_iv", path,
                                                  submodule_search_locations=None)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    module.__package__ = "checker"
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _cases() -> list[tuple[object, dict, bool]]:  # type: ignore[type-arg]
    """(computable relation, point, whether it is true) for every comparison of the bench."""
    from checker.engine.points import prepared
    from checker.questions.loading import load_question
    from tests.test_constant_identities import SHIFTS, TRUE, _shifted

    folder = Path(tempfile.mkdtemp())
    formulas = [(f, True) for f in TRUE] + [(_shifted(f, k), False) for k in SHIFTS for f in TRUE]
    with_points = [
        (r"\frac{x^{2} - 1}{x - 1} = x + 1", {"x": [Fraction(n, 7) for n in range(1, 60) if n != 7]}, True),
        (r"\sqrt{x^{2}} = |x|", {"x": [Fraction(n, 3) for n in range(-40, 40)]}, True),
        (r"\arctan x + \arctan(1/x) = \pi/2", {"x": [Fraction(n, 5) for n in range(1, 80)]}, True),
        (r"\ln(1 + e^{x}) - x = \ln(1 + e^{-x})", {"x": [Fraction(n, 2) for n in range(-60, 60)]}, True),
        (r"\sqrt[3]{x} \cdot \sqrt[3]{x^{2}} = x", {"x": [Fraction(n, 4) for n in range(1, 80)]}, True),
    ]
    cases: list[tuple[object, dict, bool]] = []  # type: ignore[type-arg]
    for index, (formula, true) in enumerate(formulas):
        path = folder / f"c{index}.md"
        path.write_text(f"---\nid: c{index}\nrule: correct\nkey: 1\nfunctions:\n  '\\sigma': logistic\n---\nQ.\n\n"
                        f"1. ${formula}$\n2. $1 = 1$\n")
        cases.append((prepared(load_question(path).options[0].claim)[0], {}, true))
    for index, (formula, points, true) in enumerate(with_points):
        path = folder / f"p{index}.md"
        path.write_text(f"---\nid: p{index}\nrule: correct\nkey: 1\nsymbols:\n  x: positive\n---\nQ.\n\n"
                        f"1. ${formula}$\n2. $1 = 1$\n")
        relation = prepared(load_question(path).options[0].claim)[0]
        (atom,) = {a for side in (relation[0], relation[2]) for a in side.free_symbols}
        cases += [(relation, {atom: value}, true) for value in points["x"] if value > 0]
    return cases


LADDER = (53, 113, 256, 1024, 4096)


def _separated(layer, relation, point) -> bool:  # type: ignore[no-untyped-def]
    """Whether some rung of the ladder certifies that the two sides differ (one layer's own answer)."""
    lhs, _, rhs = relation
    for prec in LADDER:
        try:
            left, right = layer.evaluate(lhs, point, prec), layer.evaluate(rhs, point, prec)
        except (layer.Undefined, layer.Uncertain):
            continue
        (a, b), (c, d) = layer.endpoints(left), layer.endpoints(right)
        if b < c or d < a:
            return True
    return False


def _run(layer, cases) -> tuple[float, tuple[int, int]]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    answers = [(_separated(layer, relation, point), true) for relation, point, true in cases]
    seconds = time.perf_counter() - start
    return seconds, (sum(separated and true for separated, true in answers),
                     sum(not separated and not true for separated, true in answers))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--old", default=OLD_COMMIT)
    args = parser.parse_args()
    from checker.numeric import interval as new

    old = _old_layer(args.old)
    cases = _cases()
    timings: dict[str, list[float]] = {"old": [], "new": []}
    wrong = {}
    for _ in range(args.runs):  # alternate, so machine noise falls on both alike
        for name, layer in (("old", old), ("new", new)):
            seconds, errors = _run(layer, cases)
            timings[name].append(seconds)
            wrong[name] = errors
    t_old, t_new = statistics.median(timings["old"]), statistics.median(timings["new"])
    print(f"{len(cases)} certified comparisons (constant identities, their 10^-k shifts, relations at points), "
          f"each up the ladder {'/'.join(map(str, LADDER))} bits; medians of {args.runs} runs")
    for name, label in (("old", f"old layer (mpmath iv, {args.old})"), ("new", "new layer (Arb)")):
        refuted, missed = wrong[name]
        print(f"  {label:<32} {statistics.median(timings[name]):.3f} s; true relations separated (wrong "
              f"refutations): {refuted}; shifted ones never separated: {missed}")
    print(f"  new is {t_old / t_new:.1f}x the speed of the old")


if __name__ == "__main__":
    main()
