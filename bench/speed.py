"""The speed figures in one run, each as a ratio to `python -c "import sympy"` measured in the same run.

- the document **cold** (`verify --no-cache -j 1`: nothing read from any cache, every claim proved or refuted in
  the run) and **warm** (`verify -j 1` again on the caches a first run filled: the run is replayed);
- **a new question file, cold**, the issue's title: each of the document's question and derivation files copied
  into a folder of its own and checked alone with `verify --no-cache -j 1 FILE` (what an instructor meets on
  checking the file just written); the median and the largest ratio over the files, and the slowest three;
- **audit** against plain: `verify --no-cache -j 1 --audit` over `verify --no-cache -j 1`;
- a **synthetic bank** of N questions (``bench/synthetic.py``'s generator) at `-j 1` against the naive checker
  (`simplify(lhs − rhs) == 0` per option, floats for comparisons), each a fresh process;
- an **equivalence-pair suite** generated here (random coefficients in fixed shapes: products expanded, sums
  of fractions over a common denominator, exp and log of sums and products, σ written two ways, double angles,
  log of exp, exact constants and their decimals; half of them perturbed into non-identities) against
  Math-Verify 0.9's ``verify()`` at one core, each a fresh process. Math-Verify grades answers with a numeric
  tolerance, so it takes a 7-digit decimal for the constant: counted wrong here, since the checker's claims are
  exact identities.

Every figure is the median of ``--runs`` rounds; rounds alternate the commands so machine noise falls on all
alike. `import sympy` is timed just before each command, and each ratio is the median of the round-by-round ratios
to that neighbouring baseline (and the "audit / plain", "x the naive checker" and "x Math-Verify" figures the
median of the ratios of the two runs of a round): on a shared machine whose speed drifts, one baseline per
round moved the cold ratio from 4.8x to 6.6x between two runs of the same code. Wrong verdicts are counted
against the generators' truth on both sides (for `verify`: a proof of a false statement or a refutation of a true
one; undecided is not wrong, and is counted apart).

Usage: python bench/speed.py [--runs 3] [--questions 200] [--pairs 400] [--seed 1]
Run it where the package is installed with its bench extra (`pip install '.[bench]'`: Math-Verify); a script,
not a test.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from cold_start import _machine, _verify_command  # noqa: E402  (bench/ is a folder of scripts, not a package)
from synthetic import generate, naive_baseline  # noqa: E402

Pair = tuple[str, str, bool]


def pairs(count: int, seed: int) -> list[Pair]:
    """Equivalence pairs (gold, candidate, truth) over real x and y, every side defined on all of ℝ²; a false
    pair differs from a true one by a change that cannot cancel (a coefficient, a constant, a factor)."""
    rng = random.Random(seed)

    def nonzero(low: int = -6, high: int = 6) -> int:
        return rng.choice([k for k in range(low, high + 1) if k != 0])

    def poly(terms: list[tuple[int, str]]) -> str:
        text = ""
        for coefficient, monomial in terms:
            if coefficient == 0:
                continue
            sign = "-" if coefficient < 0 else ("+" if text else "")
            size = abs(coefficient)
            text += f" {sign} " if text else sign
            text += (str(size) if size != 1 or not monomial else "") + monomial
        return text.strip() or "0"

    def product(false: bool) -> Pair:
        a, b, c, d = (nonzero() for _ in range(4))
        terms = [(a * c, "x^2"), (a * d + b * c + (1 if false else 0), "x y"), (b * d, "y^2")]
        return f"({poly([(a, 'x'), (b, 'y')])})({poly([(c, 'x'), (d, 'y')])})", poly(terms), not false

    def square(false: bool) -> Pair:
        a = nonzero()
        middle = 2 * a if not false else a
        return f"(x {'+' if a > 0 else '-'} {abs(a)})^2", poly([(1, "x^2"), (middle, "x"), (a * a, "")]), not false

    def fractions(false: bool) -> Pair:
        a, b = rng.randint(1, 9), rng.randint(1, 9)
        top = poly([(2, "x^2"), (a + b + (1 if false else 0), "")])
        return (rf"\frac{{1}}{{x^2 + {a}}} + \frac{{1}}{{x^2 + {b}}}",
                rf"\frac{{{top}}}{{(x^2 + {a})(x^2 + {b})}}", not false)

    def exponential(false: bool) -> Pair:
        a, b = nonzero(), nonzero()
        return f"e^{{{poly([(a, 'x'), (b, 'y')])}}}", f"e^{{{poly([(a, 'x')])}}} e^{{{poly([(b + false, 'y')])}}}", \
            not false

    def logarithm(false: bool) -> Pair:
        a, b = rng.randint(1, 9), rng.randint(1, 9)
        return (rf"\log((x^2 + {a})(y^2 + {b}))", rf"\log(x^2 + {a}) + \log(y^2 + {b + (1 if false else 0)})",
                not false)

    def logistic(false: bool) -> Pair:
        k = rng.randint(1, 5)
        top = "y" if false else "x"
        return (rf"\frac{{1}}{{1 + e^{{-{k}(x - y)}}}}", rf"\frac{{e^{{{k} {top}}}}}{{e^{{{k} x}} + e^{{{k} y}}}}",
                not false)

    def difference(false: bool) -> Pair:
        a = rng.randint(1, 9)
        numerator = "(x - y)^2" if false else "(x - y)(x + y)"
        return rf"\frac{{x^2 - y^2}}{{x^2 + y^2 + {a}}}", rf"\frac{{{numerator}}}{{x^2 + y^2 + {a}}}", not false

    def double_angle(false: bool) -> Pair:
        a = rng.randint(1, 4)
        inner = f"{2 * a} x" if false else f"{a} x"
        return rf"\sin({2 * a} x)", rf"2 \sin({a} x) \cos({inner})", not false

    def log_of_exp(false: bool) -> Pair:
        a, b = nonzero(), nonzero()
        return rf"\log(e^{{{poly([(a, 'x'), (b, '')])}}})", poly([(a, "x"), (b + (1 if false else 0), "")]), not false

    def constant(false: bool) -> Pair:
        """An exact constant against an exact rewriting of it, or against its decimal to 7 significant digits (a
        grader's tolerance accepts that; an identity it is not)."""
        k, m = rng.randint(2, 9), rng.choice([2, 3, 5, 6, 7])
        gold, exact, value = rng.choice([
            (rf"\log({k ** 2})", rf"2 \log({k})", math.log(k * k)),
            (rf"e^{{{k}}} e^{{{m}}}", rf"e^{{{k + m}}}", math.exp(k + m)),
            (rf"\sqrt{{{k * k * m}}}", rf"{k} \sqrt{{{m}}}", k * math.sqrt(m)),
            (rf"\frac{{{k}}}{{{m * k + 1}}}", rf"\frac{{{2 * k}}}{{{2 * (m * k + 1)}}}", k / (m * k + 1)),
        ])
        if not false:
            return gold, exact, True
        decimal = f"{value:.7g}"
        exact_decimal = gold.startswith(r"\frac") and Fraction(decimal) == Fraction(k, m * k + 1)
        return gold, decimal, exact_decimal  # a terminating fraction's decimal is the same number

    shapes: list[Callable[[bool], Pair]] = [product, square, fractions, exponential, logarithm, logistic, difference,
                                            double_angle, log_of_exp, constant]
    return [shapes[i % len(shapes)](rng.random() < 0.5) for i in range(count)]


def _ours(path: Path) -> list[str]:
    """`verify`'s engine on each pair: both sides read by the LaTeX adapter, the identity checked at one core."""
    from checker import Scope
    from checker.engine.checking import check_many
    from checker.notation.latex import Notation, parse

    suite = json.loads(path.read_text(encoding="utf-8"))
    s = Scope()
    notation = Notation({"x": s.real("x"), "y": s.real("y")})
    claims = [s.identity(parse(gold, notation), parse(candidate, notation), f"{gold} = {candidate}")
              for gold, candidate, _ in suite]
    return [v.status.value for v in check_many(claims, jobs=1)]


def _math_verify(path: Path) -> list[str]:
    from math_verify import parse, verify

    suite = json.loads(path.read_text(encoding="utf-8"))
    return ["proved" if verify(parse(f"${gold}$"), parse(f"${candidate}$")) else "refuted"
            for gold, candidate, _ in suite]


def _naive(folder: Path) -> dict[str, list[bool | None]]:
    return naive_baseline(folder)[1]


WORKERS: dict[str, Callable[[Path], object]] = {"ours": _ours, "math-verify": _math_verify, "naive": _naive}


def _timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False, env=env or dict(os.environ))
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return elapsed, completed.stdout


def document_files() -> list[Path]:
    """The built-in document's question and derivation files, in the installed package."""
    import derivations

    root = Path(derivations.__file__).parent
    return sorted((root / "questions").glob("*.md")) + sorted((root / "chains").glob("*.md"))


def single_files(verify: list[str], scratch: Path, record: Callable[[str, list[str]], None]) -> list[str]:
    """Time each document file checked alone, as a new file in a folder of its own; returns the record names."""
    names = []
    for source in document_files():
        folder = scratch / "single" / source.stem
        folder.mkdir(parents=True, exist_ok=True)
        copy = folder / source.name
        copy.write_bytes(source.read_bytes())
        names.append(f"file:{source.stem}")
        record(names[-1], verify + ["--no-cache", str(copy)])
    return names


def _worker(name: str, path: Path) -> list[str]:
    return [sys.executable, __file__, "--worker", name, str(path)]


def _compiled() -> None:
    """Byte-compile the package's modules, as `pip install .` (the README's command) does on installing it.

    An editable install compiles a module only when it is first imported, and not at all where
    PYTHONDONTWRITEBYTECODE is set (as on the development machine): without this, every timed command would
    compile the checker's modules from source (about 0.08 s) while `import sympy` beside it reads SymPy's
    compiled ones, and the bench would time something no installed copy does.
    """
    import compileall

    import checker
    import derivations

    for package in (checker, derivations):
        compileall.compile_dir(str(Path(package.__file__).parent), quiet=1)


def _wrong(verdicts: list[str], truths: list[bool]) -> tuple[int, int]:
    """(wrong verdicts, undecided) against the truth."""
    wrong = sum(1 for v, t in zip(verdicts, truths) if v in ("proved", "refuted") and (v == "proved") != t)
    return wrong, sum(1 for v in verdicts if v not in ("proved", "refuted"))


def main() -> None:  # noqa: C901 - one report, in the order the issue lists the figures
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--pairs", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--worker", nargs=2, metavar=("NAME", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        name, path = args.worker
        print(json.dumps(WORKERS[name](Path(path))))
        return
    try:
        import math_verify  # noqa: F401

        have_math_verify = True
    except ImportError:
        have_math_verify = False
    verify = _verify_command() + ["-j", "1"]
    _compiled()
    times: dict[str, list[float]] = {}
    ratios: dict[str, list[float]] = {}
    outputs: dict[str, str] = {}

    def record(name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        """Time a command, and `import sympy` just before it: each ratio is to a baseline taken next to it, so a
        machine whose speed drifts during the bench (a shared VM) shifts both alike."""
        baseline, _ = _timed([sys.executable, "-c", "import sympy"])
        elapsed, out = _timed(command, env)
        times.setdefault("baseline", []).append(baseline)
        times.setdefault(name, []).append(elapsed)
        ratios.setdefault(name, []).append(elapsed / baseline)
        outputs[name] = out

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "bank"
        folder.mkdir()
        truths = generate(args.questions, args.seed, folder)
        suite = pairs(args.pairs, args.seed)
        suite_file = Path(scratch) / "pairs.json"
        suite_file.write_text(json.dumps(suite), encoding="utf-8")
        singles: list[str] = []
        for _ in range(args.runs):
            singles = single_files(verify, Path(scratch), record)
            with tempfile.TemporaryDirectory() as cache_home:
                env = dict(os.environ, XDG_CACHE_HOME=cache_home)
                record("cold", verify + ["--no-cache"], env)
                record("audit", verify + ["--no-cache", "--audit"], env)
                _timed(verify, env)  # fills the caches
                record("warm", verify, env)
            record("bank", verify + ["--no-cache", "--format", "json", str(folder)])
            record("naive", _worker("naive", folder))
            record("pairs", _worker("ours", suite_file))
            if have_math_verify:
                record("math-verify", _worker("math-verify", suite_file))

    median = {name: statistics.median(values) for name, values in times.items()}
    baselines = times["baseline"]
    print(f"machine: {_machine()}")
    print(f"{args.runs} alternating rounds, medians; baseline `python -c 'import sympy'`, timed before each command: "
          f"{median['baseline']:.2f} s (min {min(baselines):.2f}, max {max(baselines):.2f})")

    def line(label: str, name: str) -> None:
        values = times[name]
        print(f"  {label:<58} {median[name]:6.2f} s = {statistics.median(ratios[name]):5.1f}x import sympy "
              f"(min {min(values):.2f}, max {max(values):.2f})")

    def versus(slow: str, fast: str) -> float:
        """How many times ``fast``'s speed ``slow``'s is, round by round (each round's two runs were close in time)."""
        return statistics.median(s / f for s, f in zip(times[slow], times[fast]))

    print("the document (14 questions, 9 derivations):")
    line("cold: verify --no-cache -j 1", "cold")
    line("warm: verify -j 1, the run replayed", "warm")
    line("audit: verify --no-cache -j 1 --audit", "audit")
    print(f"  audit / plain (both --no-cache -j 1): {versus('audit', 'cold'):.2f}x")
    per_file = sorted(((statistics.median(ratios[name]), statistics.median(times[name]), name.split(":", 1)[1])
                       for name in singles), reverse=True)
    print(f"a new question file, cold: each of the document's {len(per_file)} files alone, "
          "verify --no-cache -j 1 FILE:")
    print(f"  median {statistics.median(r for r, _, _ in per_file):.1f}x import sympy, largest {per_file[0][0]:.1f}x; "
          "slowest: " + ", ".join(f"{stem} {seconds:.2f} s = {ratio:.1f}x" for ratio, seconds, stem in per_file[:3]))

    document = json.loads(outputs["bank"])
    ours = {q["id"]: [o.get("verdict") for o in q["options"]] for q in document["questions"]}
    flat_truth = [t for qid in sorted(truths) for t in truths[qid]]
    flat_ours = [ours[qid][i] or "" for qid in sorted(truths) for i in range(len(truths[qid]))]
    naive = json.loads(outputs["naive"])
    flat_naive = ["proved" if naive[qid][i] else "refuted" for qid in sorted(truths) for i in range(len(truths[qid]))]
    ours_wrong, ours_open = _wrong(flat_ours, flat_truth)
    naive_wrong, _ = _wrong(flat_naive, flat_truth)
    print(f"synthetic bank: {args.questions} questions, {len(flat_truth)} options with a known truth:")
    line("verify --no-cache -j 1", "bank")
    line("naive simplify(lhs - rhs) == 0, sequential", "naive")
    print(f"  verify is {versus('naive', 'bank'):.1f}x the naive checker's speed; wrong verdicts: verify "
          f"{ours_wrong} (undecided {ours_open}), naive {naive_wrong}")

    print(f"equivalence pairs: {len(suite)} generated ({sum(t for _, _, t in suite)} equal, "
          f"{sum(not t for _, _, t in suite)} not), one core:")
    line("verify's engine (LaTeX read, identity checked)", "pairs")
    pair_truth = [t for _, _, t in suite]
    wrong, undecided = _wrong(json.loads(outputs["pairs"]), pair_truth)
    if have_math_verify:
        line("Math-Verify 0.9 verify()", "math-verify")
        mv_wrong, _ = _wrong(json.loads(outputs["math-verify"]), pair_truth)
        print(f"  throughput: verify {versus('math-verify', 'pairs'):.1f}x Math-Verify's; wrong verdicts: "
              f"verify {wrong} (undecided {undecided}), Math-Verify {mv_wrong}")
    else:
        print(f"  wrong verdicts: verify {wrong} (undecided {undecided}); Math-Verify not installed "
              "(pip install '.[bench]') — skipped")


if __name__ == "__main__":
    main()
