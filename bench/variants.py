"""Benchmark `verify variants`: one variant, then 1,000 variants of a four-option template, in one run.

Reported: wall time of `python -c "import sympy"` (the baseline every figure is divided by), of one variant
(`-n 1`, cold caches), of N variants at -j 2 and -j 1 (cold caches), the time per variant and the ratio of N
variants to one. Variants of a template differ only in their numbers: the LaTeX parse cache is keyed by the
formula with its numbers as placeholders, so every variant after the first reuses the parse; a claim that
repeats another's (a draw seen before) is checked once.

Usage: python bench/variants.py [--count N] [--template FILE]
Run it where the package is installed (`pip install .`); it is a script, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "derivations" / "templates" / "q06-kl-figures-template.md"


def _timed(command: list[str], cache: Path) -> tuple[float, str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), VERIFY_REPLAY="0")
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return wall, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--template", type=Path, default=TEMPLATE)
    args = parser.parse_args()
    verify = [sys.executable, "-m", "checker", "variants", str(args.template), "--format", "json"]
    with tempfile.TemporaryDirectory() as scratch:
        sympy, _ = _timed([sys.executable, "-c", "import sympy"], Path(scratch) / "none")
        one, _ = _timed([*verify, "-n", "1", "-j", "1"], Path(scratch) / "one")
        many2, out = _timed([*verify, "-n", str(args.count), "-j", "2"], Path(scratch) / "two")
        many1, _ = _timed([*verify, "-n", str(args.count), "-j", "1"], Path(scratch) / "three")
    report = json.loads(out)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"template: {report['template']} ({len(report['variants'][0]['verdicts'])} options); "
          f"{report['count']} variants, {report['distinct']} distinct; statuses {report['statuses']}")
    print(f"import sympy: {sympy:.2f} s")
    print(f"one variant (-n 1, cold): {one:.2f} s = {one / sympy:.1f}x import sympy")
    print(f"{args.count} variants cold -j 2: {many2:.2f} s = {many2 / sympy:.1f}x import sympy; "
          f"{1000 * many2 / args.count:.1f} ms per variant; {many2 / one:.1f}x one variant")
    print(f"{args.count} variants cold -j 1: {many1:.2f} s = {many1 / sympy:.1f}x import sympy; "
          f"{many1 / one:.1f}x one variant")


if __name__ == "__main__":
    main()
