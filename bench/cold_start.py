"""Measure `verify` on the whole document: cold and warm wall time (interpreter start included), seconds per claim.

Cold: a fresh, empty cache folder each run (the shipped LaTeX parse cache is still read). Warm: the same
command again on the cache the cold run filled.

Usage: python bench/cold_start.py [--runs N] [--jobs J]
Run it from an environment where the package is installed (`pip install .`); it is a script, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _verify_command() -> list[str]:
    """The installed console script (next to this interpreter, else on PATH), as a user would run it."""
    beside = Path(sys.executable).parent / "verify"
    found = str(beside) if beside.exists() else shutil.which("verify")
    return [found] if found else [sys.executable, "-m", "checker"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None, help="passed to verify -j (default: verify's own)")
    args = parser.parse_args()
    command = _verify_command() + (["-j", str(args.jobs)] if args.jobs else [])

    walls, warms, baselines = [], [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sympy"], check=True)
        baselines.append(time.perf_counter() - start)
        with tempfile.TemporaryDirectory() as cache_home:
            env = dict(os.environ, XDG_CACHE_HOME=cache_home)
            for times in (walls, warms):
                start = time.perf_counter()
                completed = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
                times.append(time.perf_counter() - start)
                if completed.returncode not in (0, 1):
                    sys.exit(f"verify failed ({completed.returncode}): {completed.stderr}")
    with tempfile.TemporaryDirectory() as cache_home:
        completed = subprocess.run(command + ["--format", "json"], capture_output=True, text=True, check=False,
                                   env=dict(os.environ, XDG_CACHE_HOME=cache_home))
        document = json.loads(completed.stdout)

    seconds = sorted(entry["seconds"] for q in document["questions"] for entry in q["options"] + q["support"]
                     if entry.get("kind") not in ("prose", "fact", "all-previous-correct", "none-previous-correct"))
    p95 = seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))]
    print(f"command: {' '.join(command)}")
    baseline = statistics.median(baselines)
    print(f"baseline `python -c 'import sympy'`: median {baseline:.2f} s; cold / baseline "
          f"{statistics.median(walls) / baseline:.1f}x, warm / baseline {statistics.median(warms) / baseline:.1f}x")
    print(f"cold wall time over {args.runs} runs: median {statistics.median(walls):.2f} s, "
          f"min {min(walls):.2f} s, max {max(walls):.2f} s")
    print(f"warm wall time (result cache): median {statistics.median(warms):.2f} s, min {min(warms):.2f} s")
    print(f"checked claims: {len(seconds)}; seconds per claim: median {statistics.median(seconds):.3f}, "
          f"p95 {p95:.3f}, max {seconds[-1]:.3f}")
    print(f"summary: {document['summary']['statuses']} {document['summary']['verdicts']}")


if __name__ == "__main__":
    main()
